"""Demo applications (the ``gongkai demo`` hook): histories replayed through the services.

岢曲镇人民政府 (KQZ): the applications of 2024, closed with outcomes in several rows of
table 三 (予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理), some delivered and
archived, two carried into 2025; and current applications in every open stage (待确认, 已接收,
已登记, 办理中 with 补正 and 征求意见 waits, 待审核, 待答复), so the dashboard shows due,
overdue and awaiting items. The county and its departments get a few each. All marked
``is_demo``; names and numbers are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.annual.format import APPLICATION_BY_KEY
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.calendars.selectors import calendar_for_platform

TOWN, COUNTY = "KQZ", "NXX"
DEPARTMENTS = ("NXZRZYJ", "NXSCJGJ")

_PEOPLE = [
    ("王秀英", "410922198507156021"),
    ("李建国", "410922197203118515"),
    ("张伟", "410922199001010038"),
    ("刘芳", "41092219881123002X"),
    ("陈强", "410922196905052317"),
    ("赵敏", "410922199612120041"),
]
_ORGS = [
    ("commercial", "内乡县宏达建材有限公司", "91411325MA3X4Y5B68"),
    ("legal_services", "河南某某律师事务所", "31410000MD01234568"),
    ("public_interest", "内乡县乡村发展促进会", "51411325MJ12345675"),
    ("research", "南阳某农业科学研究所", "12411300MB09876544"),
    ("other_org", "岢曲镇某村股份经济合作社", "N2411325MF2345678U"),
]
_REQUESTS = [
    "2024年岢曲镇宅基地审批结果",
    "岢曲镇2023年度财政预算执行情况",
    "本镇2024年城乡低保对象名单",
    "岢曲镇人民政府关于某村道路硬化工程的招标文件",
    "2024年岢曲镇农村危房改造补助发放明细",
    "岢曲镇某村土地征收补偿安置方案",
    "岢曲镇2024年高标准农田建设项目验收报告",
    "本镇某村集体经济收支情况",
    "岢曲镇2024年防汛应急预案",
    "岢曲镇某企业环境保护检查记录",
]


def _data(i: int) -> dict[str, Any]:
    if i % 4 == 3:
        kind, name, code = _ORGS[(i // 4) % len(_ORGS)]
        return {
            "applicant_kind": "organisation",
            "applicant_type": kind,
            "applicant_name": name,
            "contact_person": "联系人" + "甲乙丙丁"[i % 4],
            "id_type": "uscc",
            "id_number": code,
            "phone": f"0377-6531{i:04d}",
            "address": "河南省南阳市内乡县",
            "description": _REQUESTS[i % len(_REQUESTS)],
            "form_wanted": "paper",
            "delivery_method": "post",
        }
    name, number = _PEOPLE[i % len(_PEOPLE)]
    return {
        "applicant_kind": "natural_person",
        "applicant_type": "natural_person",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": number,
        "phone": f"1390377{i:04d}",
        "email": f"applicant{i}@example.com",
        "description": _REQUESTS[i % len(_REQUESTS)],
        "form_wanted": "electronic",
        "delivery_method": "email",
    }


def _letter(app: Application, kind: str, title: str, day: date) -> None:
    with transaction.atomic():
        number = services.document_number_next(agency=app.agency, kind=kind, year=day.year)
        text = (
            f"{title}\n{number}\n{app.applicant_name}：\n"
            f"本机关于{app.received_on}收到您的申请。\n（演示文书）"
        )
        services.attach_document(
            application=app,
            kind=kind,
            file=ContentFile(text.encode(), name=f"{app.tracking_no}-{kind}.txt"),
            title=title,
            number=number,
            issued=True,
            issued_on=day,
            content_type="text/plain",
        )


def _workday(day: date, n: int) -> date:
    return calendar_for_platform().add_workdays(day, n).day


def _closed(
    agency: Any,
    users: dict[str, Any],
    i: int,
    received: date,
    outcome: str,
    *,
    deliver: bool = True,
    archive: bool = True,
    reply_after: int = 12,
) -> Application:
    reg, hdl, rev = users["registrar"], users["handler"], users["reviewer"]
    with services.as_of(received):
        app, _ = services.application_create(
            actor=reg,
            agency=agency,
            data=_data(i),
            channel=["in_person", "registered_post", "email"][i % 3],
            received_on=received,
            is_demo=True,
        )
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
    draft_day = _workday(received, reply_after - 2)
    with services.as_of(draft_day):
        app = services.application_submit_draft(
            actor=hdl,
            application=app,
            outcome=outcome,
            reply_text=f"经审查，您申请的“{app.description}”："
            f"{APPLICATION_BY_KEY[outcome].label}。（演示）",
        )
        app = services.application_approve(actor=rev, application=app)
    reply_day = _workday(received, reply_after)
    with services.as_of(reply_day):
        app = services.application_reply(actor=hdl, application=app)
        _letter(app, "reply", "政府信息公开申请答复书", reply_day)
    if deliver:
        with services.as_of(_workday(reply_day, 2)):
            app = services.application_deliver(
                actor=hdl,
                application=app,
                method=app.delivery_method,
                proof="邮件已送达" if app.delivery_method == "email" else f"挂号信 XA{i:09d}",
            )
            if archive:
                app = services.application_archive(actor=hdl, application=app)
    return app


def _town(agency: Any, users: dict[str, Any]) -> int:
    reg, hdl, rev = users["registrar"], users["handler"], users["reviewer"]
    outcomes = [
        "granted",
        "granted",
        "granted",
        "partly_granted",
        "granted",
        "refused_4",
        "unable_1",
        "granted",
        "not_processed_2",
        "partly_granted",
        "unable_2",
        "granted",
        "refused_6",
        "not_processed_1",
        "granted",
        "unable_1",
    ]
    count = 0
    for n, outcome in enumerate(outcomes):
        received = _workday(date(2024, 1, 8), n * 14)
        _closed(agency, users, n, received, outcome, archive=n % 5 != 0, deliver=n % 7 != 3)
        count += 1
    # 补正 never answered → 其他处理-1
    with services.as_of(date(2024, 5, 6)):
        app, _ = services.application_create(
            actor=reg,
            agency=agency,
            data=_data(40),
            channel="in_person",
            received_on=date(2024, 5, 6),
            is_demo=True,
        )
        app = services.application_request_supplement(
            actor=reg, application=app, reason="请写明所需信息的具体村组和年份"
        )
    with services.as_of(date(2024, 6, 17)):
        services.application_lapse_supplement(actor=reg, application=app)
    count += 1
    # 补正 answered, consultation with a third party, extension, then 部分公开
    with services.as_of(date(2024, 7, 1)):
        app, _ = services.application_create(
            actor=reg,
            agency=agency,
            data=_data(41),
            channel="registered_post",
            received_on=date(2024, 7, 1),
            is_demo=True,
        )
        app = services.application_request_supplement(
            actor=reg, application=app, reason="请补充身份证明"
        )
    with services.as_of(date(2024, 7, 8)):
        app = services.application_receive_supplement(actor=reg, application=app)
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
    with services.as_of(date(2024, 7, 15)):
        app = services.application_start_consultation(
            actor=hdl, application=app, kind="third_party", party="岢曲镇某建材有限公司"
        )
    with services.as_of(date(2024, 7, 29)):
        app = services.application_end_consultation(
            actor=hdl, application=app, answer="不同意公开报价明细"
        )
    with services.as_of(date(2024, 8, 5)):
        app = services.application_extend(
            actor=rev, application=app, workdays=15, reason="涉及第三方，需进一步核实"
        )
    with services.as_of(date(2024, 8, 20)):
        app = services.application_submit_draft(
            actor=hdl,
            application=app,
            outcome="",
            reply_text="现提供中标结果，报价明细涉及商业秘密不予公开。",
            items=[
                services.ItemOutcome("中标结果公告", "granted"),
                services.ItemOutcome(
                    "投标报价明细", "refused_4", "第三方不同意公开，涉及商业秘密（条例第十五条）"
                ),
            ],
        )
        app = services.application_approve(actor=rev, application=app)
        app = services.application_reply(actor=hdl, application=app)
        _letter(app, "reply", "政府信息公开申请答复书（部分公开）", date(2024, 8, 20))
    count += 1
    # carried into 2025: received late December 2024, answered in January 2025
    for j, received in enumerate((date(2024, 12, 23), date(2024, 12, 27))):
        _closed(agency, users, 50 + j, received, "granted", reply_after=10)
        count += 1
    # fee notice not paid → 其他处理-2
    with services.as_of(date(2024, 9, 2)):
        app, _ = services.application_create(
            actor=reg,
            agency=agency,
            data=_data(7),
            channel="in_person",
            received_on=date(2024, 9, 2),
            is_demo=True,
        )
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
        app = services.application_notify_fee(
            actor=hdl,
            application=app,
            method="per_application",
            amount=Decimal("100.00"),
            breakdown=[{"band": "11–30 件", "count": 1, "rate": "100"}],
        )
    with services.as_of(date(2024, 10, 28)):
        services.application_lapse_fee(actor=hdl, application=app)
    count += 1
    count += _current(agency, users)
    return count


def _current(agency: Any, users: dict[str, Any]) -> int:
    """Open applications around today, one or more in every open stage."""
    reg, hdl, rev = users["registrar"], users["handler"], users["reviewer"]
    today = timezone.localdate()
    cal = calendar_for_platform()

    def back(n: int) -> date:
        day = today
        while n > 0:
            day -= timedelta(days=1)
            if cal.is_workday(day):
                n -= 1
        return day

    count = 0
    # 待确认: filed online yesterday
    with services.as_of(back(1)):
        services.submit_online_application(agency=agency, data=_data(60))
    count += 1

    def create(i: int, received: date) -> Application:
        with services.as_of(received):
            app, _ = services.application_create(
                actor=reg,
                agency=agency,
                data=_data(i),
                channel="in_person",
                received_on=received,
                is_demo=True,
            )
        return app

    app = create(61, back(2))  # 已接收
    count += 1
    app = create(62, back(5))
    with services.as_of(back(4)):
        services.application_register(actor=reg, application=app)  # 已登记
    count += 1
    for i, age in ((63, 17), (64, 22), (65, 8)):  # 办理中: due soon, overdue, in time
        app = create(i, back(age))
        with services.as_of(back(age - 1)):
            app = services.application_register(actor=reg, application=app)
            app = services.application_assign(actor=reg, application=app, handler=hdl)
        count += 1
    app = create(66, back(4))  # waiting for 补正
    with services.as_of(back(3)):
        services.application_request_supplement(
            actor=reg, application=app, reason="请说明所需信息的时间范围"
        )
    count += 1
    app = create(67, back(10))  # consultation under way
    with services.as_of(back(9)):
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
    with services.as_of(back(3)):
        services.application_start_consultation(
            actor=hdl, application=app, kind="agency", party="内乡县自然资源局"
        )
    count += 1
    app = create(68, back(12))  # 待审核
    with services.as_of(back(11)):
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
    with services.as_of(back(1)):
        services.application_submit_draft(
            actor=hdl, application=app, outcome="granted", reply_text="经查，现予以公开。（演示）"
        )
    count += 1
    app = create(69, back(14))  # 待答复
    with services.as_of(back(13)):
        app = services.application_register(actor=reg, application=app)
        app = services.application_assign(actor=reg, application=app, handler=hdl)
    with services.as_of(back(2)):
        app = services.application_submit_draft(
            actor=hdl,
            application=app,
            outcome="unable_1",
            reply_text="经检索，本机关未制作或获取该信息。（演示）",
        )
        services.application_approve(actor=rev, application=app)
    count += 1
    return count


def _other(agency: Any, users: dict[str, Any] | None, seed: int) -> int:
    if users is None:
        return 0
    outcomes = ["granted", "unable_1", "partly_granted", "granted"]
    for n, outcome in enumerate(outcomes):
        _closed(agency, users, seed + n, _workday(date(2024, 3, 4), n * 30 + seed % 7), outcome)
    return len(outcomes)


def _staff_of(agency: Any) -> dict[str, Any] | None:
    """One account per application role in ``agency`` (created for the demo if missing)."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies import services as agency_services

    users: dict[str, Any] = {}
    for role in ("registrar", "handler", "reviewer"):
        user = (
            get_user_model()
            .objects.filter(membership__agency=agency, membership__roles__role=role)
            .order_by("pk")
            .first()
        )
        if user is None:
            from gongkai.demo import DEMO_PASSWORD

            user = agency_services.staff_user_create(
                actor=None,
                username=f"{agency.code.lower()}_{role}",
                password=DEMO_PASSWORD,
                agency=agency,
                roles=(role,),
            )
        users[role] = user
    return users


def build_applications_demo(data: Any) -> list[str]:
    """The ``DEMO_HOOKS`` entry: add the demo applications once."""
    town = data.agencies[TOWN]
    if Application.objects.filter(agency=town, is_demo=True).exists():
        return ["依申请公开演示数据已存在，未作改动。"]
    users = {
        "registrar": data.users["kqz_registrar"],
        "handler": data.users["kqz_handler"],
        "reviewer": data.users["kqz_reviewer"],
    }
    with transaction.atomic():
        count = _town(town, users)
        others = 0
        for seed, code in enumerate((COUNTY, *DEPARTMENTS), start=1):
            agency = data.agencies.get(code)
            if agency is not None:
                others += _other(agency, _staff_of(agency), seed * 100)
    return [f"依申请公开演示申请：岢曲镇人民政府 {count} 件，其他机关 {others} 件。"]
