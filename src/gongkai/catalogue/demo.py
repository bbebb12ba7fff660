# ruff: noqa: E501  (demo text: one sentence per line)
"""Demo content of the catalogue (a ``DEMO_HOOKS`` builder; idempotent).

* 岢曲镇人民政府 (KQZ): the 165 records its 2023 annual report counts (单位概况 1, 机构设置 1,
  单位职责 1, 工作动态 162), with generated titles and bodies; its 2023 annual report (the
  seed report, ``data/seed/``) in the 年报 column with a DOCX made by ``gongkai.annual``;
  a few documents of later years with PDF/DOCX/XLSX attachments and a 解读; one draft and one
  record waiting for review, so that the workflow can be tried at once;
* the county and its two departments: policy documents (行政规范性文件 with their 解读, an
  abolished one and its replacement), a plan, a penalty decision, news.

Everything is marked ``is_demo`` and says so in its body. Records are stored as migrated
(published before the platform) with their original dates, through the services.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from importlib import resources
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.catalogue import services
from gongkai.catalogue.models import Category, Record, RelationKind, TextStatus
from gongkai.catalogue.sample_files import docx_bytes, pdf_bytes, xlsx_bytes
from gongkai.catalogue.services import RecordData

DEMO_NOTE = "（演示数据：本条信息由程序生成，不是真实的政府信息。）"
TOWN, COUNTY, RESOURCES, MARKET = "KQZ", "NXX", "NXZRZYJ", "NXSCJGJ"

VILLAGES = (
    "岢曲村",
    "前河村",
    "后坪村",
    "石门村",
    "柳树湾村",
    "南岗村",
    "黄土岭村",
    "杨庄村",
    "马山口村",
    "东沟村",
)
THEMES = (
    "安全生产", "森林防火", "秸秆禁烧", "防汛抗旱", "农村人居环境整治", "乡村振兴", "城乡居民医保征缴",
    "养老保险参保", "消防安全", "食品安全", "燃气安全", "禁毒宣传", "法治宣传", "防范电信网络诈骗",
    "征兵", "退役军人服务", "春耕生产", "夏粮收购", "高标准农田建设", "河长制", "林长制", "文明村镇创建",
    "信访稳定", "基层党建", "双拥共建", "耕地保护", "低保动态管理", "特困供养", "防止返贫动态监测",
    "网格化管理", "校园周边安全", "道路交通安全",
)  # fmt: skip
FORMS = (
    "岢曲镇召开{t}工作会议",
    "岢曲镇开展{t}专项行动",
    "岢曲镇部署{t}工作",
    "岢曲镇{t}工作推进会召开",
    "{v}开展{t}宣传活动",
    "岢曲镇领导督导{v}{t}工作",
)
PARAGRAPHS = (
    "{day}，{place}召开会议，传达学习上级关于{t}工作的部署要求，安排近期重点任务。",
    "会议要求，各村、各站所要提高思想认识，压实工作责任，确保{t}各项措施落到实处。",
    "活动期间，工作人员深入田间地头和农户家中，发放宣传资料，解答群众关心的问题。",
    "下一步，镇政府将持续跟踪督导，及时发现和解决{t}工作中的困难和问题。",
)


def build_catalogue_demo(data: Any) -> list[str]:
    """The ``DEMO_HOOKS`` entry: add the demo records once."""
    agencies = data.agencies
    town = agencies[TOWN]
    if Record.objects.filter(agency=town, is_demo=True).exists():
        return ["主动公开演示信息已存在，未作改动。"]
    users = data.users
    with transaction.atomic():
        count = _town_2023(town)
        count += _town_annual_report(town)
        count += _town_later(town, users)
        count += _county(agencies[COUNTY])
        count += _departments(agencies[RESOURCES], agencies[MARKET])
    _extract_now()
    return [f"主动公开演示信息：{count} 条（其中岢曲镇人民政府2023年165条）。"]


def _cat(code: str) -> Category:
    return Category.objects.get(code=code, agency__isnull=True)


def _migrate(
    agency: Any, code: str, title: str, written_on: date, published_on: date, body: str, **kw: Any
) -> Record:
    return services.record_migrate_published(
        actor=None,
        agency=agency,
        data=RecordData(
            category=_cat(code), title=title, written_on=written_on, body_html=body, **kw
        ),
        published_on=published_on,
        is_demo=True,
        note="演示数据",
    )


def _attach(record: Record, name: str, content: bytes) -> None:
    record.refresh_from_db(fields=["version"])
    services.attachment_add(
        actor=None,
        record=record,
        version=record.version,
        upload=SimpleUploadedFile(name, content),
        name=name,
    )


def _relate(policy: Record, other: Record, kind: str) -> None:
    policy.refresh_from_db(fields=["version"])
    services.relation_add(
        actor=None, record=policy, version=policy.version, target=other, kind=kind
    )


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in [*lines, DEMO_NOTE])


def _workdays_2023() -> list[date]:
    from gongkai.calendars.selectors import calendar_for_platform

    calendar = calendar_for_platform()
    day, days = date(2023, 1, 3), []
    while day <= date(2023, 12, 27):
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _town_2023(town: Any) -> int:
    from gongkai.calendars.selectors import calendar_for_platform

    calendar = calendar_for_platform()
    rng = random.Random(2023)
    fixed = [
        (
            "dwgk",
            "岢曲镇人民政府单位概况",
            [
                "岢曲镇位于内乡县西北部，辖10个行政村，总面积约120平方公里，户籍人口约2.6万人。",
                "镇人民政府驻岢曲村，办公地址：岢曲镇人民路。办公时间：工作日上午8:00—12:00，下午14:30—17:30。",
            ],
        ),
        (
            "jgsz",
            "岢曲镇人民政府机构设置",
            [
                "镇人民政府设党政综合办公室、党建工作办公室、经济发展办公室、社会事务办公室、平安建设办公室、自然资源和生态环境办公室，以及便民服务中心、综合行政执法大队。"
            ],
        ),
        (
            "dwzz",
            "岢曲镇人民政府主要职责",
            [
                "执行本级人民代表大会的决议和上级国家行政机关的决定和命令，发布决定和命令。",
                "执行本行政区域内的经济和社会发展计划、预算，管理本行政区域内的经济、教育、科学、文化、卫生、体育等事业和财政、民政、公安、司法行政等行政工作。",
            ],
        ),
    ]
    for i, (code, title, lines) in enumerate(fixed):
        day = date(2023, 1, 4 + i)
        _migrate(town, code, title, day, day, _paragraphs(lines), publisher=town.name)
    titles: list[str] = []
    combos = [(f, t, v) for f in FORMS for t in THEMES for v in VILLAGES]
    rng.shuffle(combos)
    seen: set[str] = set()
    for form, theme, village in combos:
        title = form.format(t=theme, v=village)
        if title not in seen:
            seen.add(title)
            titles.append(title)
        if len(titles) == 162:
            break
    workdays = _workdays_2023()
    step = len(workdays) / 162
    late = {17, 64, 121}  # three published after the 20 working days of 条例第二十六条
    for i, title in enumerate(titles):
        written = workdays[int(i * step)]
        delay = 24 + i % 5 if i in late else rng.choice((0, 1, 1, 2, 3))
        published = calendar.add_workdays(written, delay).day if delay else written
        if published.year != 2023:
            published = date(2023, 12, 29)
        theme = next((t for t in THEMES if t in title), "")
        place = next((v for v in VILLAGES if v in title), "镇政府")
        day = f"{written.month}月{written.day}日"
        lines = [p.format(day=day, place=place, t=theme) for p in rng.sample(PARAGRAPHS, 3)]
        lines.sort(key=lambda p: not p.startswith(day))
        _migrate(
            town,
            "gzdt",
            title,
            written,
            published,
            _paragraphs(lines),
            publisher=town.name,
            keywords=theme,
        )
    return 165


def _seed_report() -> Any:
    from gongkai.annual.readers import read_text

    text = (
        resources.files("gongkai.catalogue")
        .joinpath("data/seed/kqz-2023-annual-report.txt")
        .read_text(encoding="utf-8")
    )
    return read_text(text)


def _town_annual_report(town: Any) -> int:
    from gongkai.annual.render import narrative_from_sections
    from gongkai.annual.writers import render

    report = _seed_report()
    narrative = dict(narrative_from_sections(report))
    for key in ("active", "applications", "reviews"):  # the tables are drawn from the figures
        narrative[key] = ""
    body = render(report, "html", narrative=narrative, full_page=False).decode("utf-8")
    body = re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.S)  # the record's title says it
    record = _migrate(
        town,
        "ndbg",
        "岢曲镇人民政府2023年政府信息公开工作年度报告",
        date(2024, 1, 22),
        date(2024, 1, 26),
        body + f"<p>{DEMO_NOTE}</p>",
        publisher=town.name,
        subject="综合政务\\政务公开",
    )
    _attach(
        record,
        "岢曲镇人民政府2023年政府信息公开工作年度报告.docx",
        render(report, "docx", narrative=narrative),
    )
    return 1


def _town_later(town: Any, users: dict[str, Any]) -> int:
    plan = _migrate(
        town,
        "qtwj",
        "岢曲镇2024年秸秆禁烧和综合利用工作实施方案",
        date(2024, 3, 1),
        date(2024, 3, 5),
        _paragraphs(
            [
                "为切实做好2024年秸秆禁烧和综合利用工作，改善空气质量，结合我镇实际，制定本方案。",
                "一、工作目标：全镇范围内不发生大面积秸秆焚烧现象，秸秆综合利用率达到95%以上。",
                "二、工作措施：实行镇、村、组三级网格化管理，落实包村包片责任；加大秸秆还田和离田利用设备投入。",
                "三、保障措施：镇政府将秸秆禁烧工作纳入年度目标考核，对工作不力的村予以通报。",
            ]
        ),
        document_no="岢政〔2024〕3号",
        publisher=town.name,
        validity="valid",
        subject="城乡建设、环境保护\\环境监测、保护与治理",
    )
    _attach(
        plan,
        "岢曲镇2024年秸秆禁烧和综合利用工作实施方案.pdf",
        pdf_bytes(
            "岢曲镇2024年秸秆禁烧和综合利用工作实施方案",
            [
                "为切实做好2024年秸秆禁烧和综合利用工作，改善空气质量，保障人民群众身体健康，结合我镇实际，制定本方案。",
                "一、工作目标。全镇范围内不发生大面积秸秆焚烧现象，秸秆综合利用率达到95%以上。",
                "二、工作措施。实行镇、村、组三级网格化管理，落实包村包片责任；加大秸秆还田和离田利用设备投入。",
                "三、保障措施。镇政府将秸秆禁烧工作纳入年度目标考核。",
                DEMO_NOTE,
            ],
            author=town.name,
            document_no="岢政〔2024〕3号",
            signed=town.name,
            signed_on=date(2024, 3, 1),
        ),
    )
    rules = _migrate(
        town,
        "qtwj",
        "岢曲镇村规民约示范文本",
        date(2025, 4, 10),
        date(2025, 4, 15),
        _paragraphs(
            [
                "为推进乡村治理体系建设，引导各村修订完善村规民约，镇政府制定村规民约示范文本，供各村参照。"
            ]
        ),
        document_no="岢政〔2025〕6号",
        publisher=town.name,
        validity="valid",
    )
    _attach(
        rules,
        "岢曲镇村规民约示范文本.docx",
        docx_bytes(
            "岢曲镇村规民约示范文本",
            [
                "第一条 为加强村民自治，维护社会秩序，建设文明乡风，根据有关法律法规，制定本村规民约。",
                "第二条 村民应当遵守法律法规，爱护公共设施，保护生态环境。",
                "第三条 提倡移风易俗，红白喜事从简办理。",
                DEMO_NOTE,
            ],
            author=town.name,
        ),
    )
    reading = _migrate(
        town,
        "zcjd",
        "《岢曲镇村规民约示范文本》政策解读",
        date(2025, 4, 10),
        date(2025, 4, 15),
        _paragraphs(
            [
                "一、制定背景：为落实乡村治理有关要求，镇政府在广泛征求意见的基础上制定了示范文本。",
                "二、主要内容：示范文本共十条，涵盖社会治安、村风民俗、邻里关系、环境卫生等方面。",
                "三、适用范围：各村可结合实际增删条款，经村民会议讨论通过后实施。",
            ]
        ),
        publisher=town.name,
    )
    _relate(rules, reading, RelationKind.INTERPRETATION)
    budget = _migrate(
        town,
        "jc-czyjs-ys",
        "岢曲镇人民政府2024年部门预算公开",
        date(2024, 2, 20),
        date(2024, 3, 8),
        _paragraphs(
            ["根据《中华人民共和国预算法》，现将岢曲镇人民政府2024年部门预算予以公开，详见附件。"]
        ),
        publisher=town.name,
    )
    _attach(
        budget,
        "岢曲镇人民政府2024年部门预算表.xlsx",
        xlsx_bytes(
            [
                ["项目", "预算数（万元）"],
                ["一般公共预算财政拨款收入", 1268.5],
                ["其中：基本支出", 842.3],
                ["项目支出", 426.2],
                ["“三公”经费", 12.6],
                ["（演示数据）", None],
            ],
            sheet="收支总表",
        ),
    )
    # the workflow can be tried at once: a draft and a record waiting for review
    publisher = users.get("kqz_publisher")
    today = timezone.localdate()
    draft = services.record_create(
        actor=publisher,
        agency=town,
        data=RecordData(
            category=_cat("gzdt"),
            title="岢曲镇开展冬季森林防火宣传活动",
            written_on=today - timedelta(days=2),
            body_html=_paragraphs(
                ["镇政府组织干部深入各村开展森林防火宣传，发放宣传资料一千余份。"]
            ),
        ),
        is_demo=True,
    )
    pending = services.record_create(
        actor=publisher,
        agency=town,
        data=RecordData(
            category=_cat("jc-shjz-db"),
            title=f"岢曲镇{today.year}年{today.month}月城乡低保对象公示",
            written_on=today - timedelta(days=1),
            body_html=_paragraphs(
                ["经村级评议、镇政府审核，拟将下列家庭纳入城乡低保，现予公示。公示期7天。"]
            ),
        ),
        is_demo=True,
    )
    services.record_submit(actor=publisher, record=pending, version=pending.version)
    del draft
    return 7


def _county(county: Any) -> int:
    old = _migrate(
        county,
        "gfxwj",
        "内乡县农村宅基地管理办法",
        date(2019, 6, 10),
        date(2019, 6, 14),
        _paragraphs(
            [
                "第一条 为加强农村宅基地管理，节约集约利用土地，根据《中华人民共和国土地管理法》等规定，制定本办法。"
            ]
        ),
        document_no="内政〔2019〕12号",
        publisher=county.name,
        validity="abolished",
        abolished_on=date(2024, 5, 1),
    )
    new = _migrate(
        county,
        "gfxwj",
        "内乡县农村宅基地和村民住宅建设管理办法",
        date(2024, 4, 15),
        date(2024, 4, 19),
        _paragraphs(
            [
                "第一条 为规范农村宅基地和村民住宅建设管理，保障农村村民合法权益，制定本办法。",
                "第二条 农村村民一户只能拥有一处宅基地，面积不得超过省规定的标准。",
                "第三十条 本办法自2024年5月1日起施行，《内乡县农村宅基地管理办法》（内政〔2019〕12号）同时废止。",
            ]
        ),
        document_no="内政〔2024〕9号",
        publisher=county.name,
        validity="valid",
        subject="国土资源、能源\\土地",
    )
    _attach(
        new,
        "内乡县农村宅基地和村民住宅建设管理办法.pdf",
        pdf_bytes(
            "内乡县农村宅基地和村民住宅建设管理办法",
            [
                "第一条 为规范农村宅基地和村民住宅建设管理，保障农村村民合法权益，根据《中华人民共和国土地管理法》等法律法规，结合本县实际，制定本办法。",
                "第二条 农村村民一户只能拥有一处宅基地，面积不得超过省规定的标准。",
                "第三条 宅基地申请由户主向所在村民小组提出，经村民委员会审查、乡镇人民政府审核批准。",
                "第三十条 本办法自2024年5月1日起施行。",
                DEMO_NOTE,
            ],
            author=county.name,
            document_no="内政〔2024〕9号",
            signed=county.name,
            signed_on=date(2024, 4, 15),
        ),
    )
    _relate(old, new, RelationKind.REVISION)
    reading = _migrate(
        county,
        "zcjd",
        "《内乡县农村宅基地和村民住宅建设管理办法》政策解读",
        date(2024, 4, 15),
        date(2024, 4, 19),
        _paragraphs(
            [
                "一、出台背景：原办法施行以来，农村宅基地管理面临新情况，需要与修改后的土地管理法相衔接。",
                "二、主要变化：明确一户一宅和面积标准，简化审批流程，由乡镇人民政府审核批准。",
                "三、施行时间：自2024年5月1日起施行。",
            ]
        ),
        publisher=county.name,
    )
    _relate(new, reading, RelationKind.INTERPRETATION)
    relief = _migrate(
        county,
        "gfxwj",
        "内乡县城乡居民最低生活保障实施办法",
        date(2023, 8, 20),
        date(2023, 8, 25),
        _paragraphs(
            [
                "第一条 为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》，制定本办法。",
                "第二条 最低生活保障标准由县人民政府确定并向社会公布。",
            ]
        ),
        document_no="内政〔2023〕21号",
        publisher=county.name,
        validity="valid",
        subject="民政、扶贫、救灾\\社会救助",
    )
    _attach(
        relief,
        "内乡县城乡居民最低生活保障实施办法.docx",
        docx_bytes(
            "内乡县城乡居民最低生活保障实施办法",
            [
                "第一条 为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》，制定本办法。",
                "第二条 最低生活保障标准由县人民政府确定并向社会公布。",
                DEMO_NOTE,
            ],
            author=county.name,
            table=[["类别", "月保障标准（元）"], ["城市低保", "680"], ["农村低保", "450"]],
        ),
    )
    news = _migrate(
        county,
        "gzdt",
        "内乡县召开2024年政务公开工作推进会",
        date(2024, 4, 2),
        date(2024, 4, 3),
        _paragraphs(
            [
                "4月2日，县政府办公室召开全县政务公开工作推进会，各乡镇、县直各部门政务公开分管负责同志参加会议。"
            ]
        ),
        publisher=county.name,
    )
    del news
    return 5


def _departments(resources_bureau: Any, market: Any) -> int:
    supply = _migrate(
        resources_bureau,
        "ghjh",
        "内乡县2024年度国有建设用地供应计划",
        date(2024, 3, 20),
        date(2024, 3, 28),
        _paragraphs(
            [
                "根据国土空间规划和年度土地利用计划，编制2024年度国有建设用地供应计划，全县计划供应国有建设用地86.5公顷。"
            ]
        ),
        document_no="内自然资〔2024〕15号",
        publisher=resources_bureau.name,
    )
    _attach(
        supply,
        "内乡县2024年度国有建设用地供应计划.pdf",
        pdf_bytes(
            "内乡县2024年度国有建设用地供应计划",
            [
                "一、供应总量：2024年度全县计划供应国有建设用地86.5公顷。",
                "二、供应结构：工矿仓储用地32.1公顷，住宅用地28.4公顷，公共管理与公共服务用地26.0公顷。",
                DEMO_NOTE,
            ],
            author=resources_bureau.name,
            document_no="内自然资〔2024〕15号",
            signed=resources_bureau.name,
            signed_on=date(2024, 3, 20),
        ),
    )
    _migrate(
        market,
        "xzcf",
        "内乡县市场监督管理局行政处罚决定书（内市监罚〔2024〕18号）",
        date(2024, 6, 12),
        date(2024, 6, 18),
        _paragraphs(
            [
                "当事人：内乡县某食品经营部（演示）。",
                "违法事实：经营超过保质期的食品。",
                "处罚依据：《中华人民共和国食品安全法》第一百二十四条。",
                "处罚内容：没收违法所得，并处罚款。",
            ]
        ),
        document_no="内市监罚〔2024〕18号",
        publisher=market.name,
    )
    _migrate(
        market,
        "gzdt",
        "县市场监管局开展节日市场食品安全检查",
        date(2024, 9, 10),
        date(2024, 9, 11),
        _paragraphs(
            ["中秋、国庆节日前夕，县市场监管局组织执法人员对全县商超、农贸市场开展食品安全检查。"]
        ),
        publisher=market.name,
    )
    return 3


def _extract_now() -> None:
    """Read the attachments' text now (the demo should be searchable without a worker)."""
    from gongkai.catalogue.models import Attachment
    from gongkai.catalogue.tasks import attachment_extract_text

    for pk in Attachment.objects.filter(
        record__is_demo=True, text_status=TextStatus.PENDING
    ).values_list("pk", flat=True):
        attachment_extract_text.call(pk)
