"""``gongkai demo [--if-empty]``: demo agencies, staff accounts and (later) records.

The data: 内乡县人民政府 with 岢曲镇人民政府 and two county departments under it; one staff
account per role at 岢曲镇人民政府, a supervisor at 内乡县人民政府, and a superuser ``admin``.
Every account uses :data:`DEMO_PASSWORD`; :func:`build_demo` returns the account table (the
README and the tests read it from there). Running it twice changes nothing.

Hook for later features: :data:`DEMO_HOOKS` lists "module:function" builders called with the
:class:`DemoData` after the agencies and accounts exist; each must be idempotent and return
lines to print. The catalogue adds 岢曲镇人民政府's 2023 records there (the seed report counts
165 items: 单位概况 1, 机构设置 1, 单位职责 1, 工作动态 162).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.cli import setup_django

#: The documented password of every demo account (printed by the command, listed in the README).
DEMO_PASSWORD = "gongkai-demo-2024"

#: Later features add "module:function" entries; function(data: DemoData) -> list[str].
DEMO_HOOKS: list[str] = [
    "gongkai.catalogue.demo:build_catalogue_demo",
    "gongkai.applications.demo:build_applications_demo",
    # last: computes and publishes reports from the other demo data
    "gongkai.reports.demo:build_reports_demo",
    # after every builder that publishes records: the demo searchable without a worker
    "gongkai.catalogue.search:demo_reindex",
]

COUNTY = "NXX"
TOWN = "KQZ"
NATURAL_RESOURCES = "NXZRZYJ"
MARKET_REGULATION = "NXSCJGJ"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    agency: str  # agency name ("" for the platform administrator)
    roles: tuple[str, ...]  # role labels in Chinese
    description: str


@dataclass
class DemoData:
    agencies: dict[str, Any] = field(default_factory=dict)  # code → Agency
    users: dict[str, Any] = field(default_factory=dict)  # username → User
    accounts: list[DemoAccount] = field(default_factory=list)
    created: bool = False


def _guide(name: str, office: str, address: str, hours: str, phone: str, fax: str) -> str:
    """A 政府信息公开指南 with the contents 条例第十二条 requires (DOMAIN.md §6.1)."""
    return f"""为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。本指南每年更新，需要获取本机关政府信息的公民、法人或者其他组织，请阅读本指南。

一、主动公开
（一）公开范围。本机关按照《条例》第十九条、第二十条和第二十一条的规定主动公开政府信息，主要包括机构职能、规范性文件、规划计划、财政预算决算、行政许可和行政处罚、重大建设项目、社会救助等信息。
（二）分类与编排体系。主动公开的政府信息按“政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报”分栏目编排；法定主动公开内容按主题分类，每条信息标注索引号、名称、发布机构、成文日期和发布日期。
（三）公开方式。通过本平台、{name}门户网站、政务新媒体、公告栏等途径公开，并在政务服务大厅设置政府信息查阅点。
（四）公开时限。属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开（《条例》第二十六条）。

二、依申请公开
（一）受理机构：{name}{office}。
（二）申请方式。申请人可以通过本平台在线申请，也可以当面提交、邮寄或者传真书面申请。采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。申请应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和途径（《条例》第二十九条）。提倡一事一申请。
（三）收到申请的时间。当面提交的，以提交之日为收到申请之日；邮寄需签收的，以签收之日为准；平常信函等无需签收的，以双方确认之日为准；通过互联网渠道或者传真提交的，以双方确认之日为准（《条例》第三十一条）。
（四）补正。申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知申请人作出补正（《条例》第三十条）。
（五）答复时限。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内（《条例》第三十三条）。
（六）收费。依申请提供政府信息不收取费用；申请公开政府信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费（《条例》第四十二条）。

三、监督和救济
公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。

四、政府信息公开工作机构
名称：{name}{office}
办公地址：{address}
办公时间：{hours}
联系电话：{phone}
传真：{fax}
网站：本平台（政府信息公开栏目）

（本指南为演示数据。）"""  # noqa: E501


_HOURS = "工作日上午8:00—12:00，下午14:30—17:30（法定节假日除外）"

AGENCIES: list[dict[str, Any]] = [
    {
        "code": COUNTY,
        "name": "内乡县人民政府",
        "kind": "government",
        "parent": None,
        "office_name": "办公室",
        "address": "河南省南阳市内乡县城关镇县衙路（演示地址）",
        "postcode": "474350",
        "phone": "0377-65320001",
        "supervision_phone": "0377-65320002",
        "fax": "0377-65320003",
        "email": "gongkai@nxx.gov.example",
    },
    {
        "code": TOWN,
        "name": "岢曲镇人民政府",
        "kind": "township",
        "parent": COUNTY,
        "office_name": "党政综合办公室",
        "address": "河南省南阳市内乡县岢曲镇人民路（演示地址）",
        "postcode": "474363",
        "phone": "0377-65420001",
        "supervision_phone": "0377-65420002",
        "fax": "0377-65420003",
        "email": "kqz@nxx.gov.example",
    },
    {
        "code": NATURAL_RESOURCES,
        "name": "内乡县自然资源局",
        "kind": "department",
        "parent": COUNTY,
        "office_name": "办公室",
        "address": "河南省南阳市内乡县菊潭大街（演示地址）",
        "postcode": "474350",
        "phone": "0377-65330001",
        "supervision_phone": "0377-65330002",
        "fax": "0377-65330003",
        "email": "zrzyj@nxx.gov.example",
    },
    {
        "code": MARKET_REGULATION,
        "name": "内乡县市场监督管理局",
        "kind": "department",
        "parent": COUNTY,
        "office_name": "办公室",
        "address": "河南省南阳市内乡县范蠡大街（演示地址）",
        "postcode": "474350",
        "phone": "0377-65340001",
        "supervision_phone": "0377-65340002",
        "fax": "0377-65340003",
        "email": "scjgj@nxx.gov.example",
    },
]

#: (username, full name, agency code, roles, description)
STAFF: list[tuple[str, str, str, tuple[str, ...], str]] = [
    ("kqz_registrar", "李登记", TOWN, ("registrar",), "登记政府信息公开申请"),
    ("kqz_handler", "王承办", TOWN, ("handler",), "办理申请、编辑主动公开信息"),
    ("kqz_reviewer", "张审核", TOWN, ("reviewer",), "审核答复、批准延期、公开前审查"),
    ("kqz_publisher", "赵发布", TOWN, ("publisher",), "发布主动公开信息"),
    ("kqz_admin", "陈管理", TOWN, ("admin",), "维护本机关联系信息、指南和工作人员"),
    ("nxx_supervisor", "刘督查", COUNTY, ("reviewer",), "县政府办：查看下级机关（只读）"),
]
ADMIN_USERNAME = "admin"


def demo_accounts() -> list[DemoAccount]:
    """The account table (no database needed)."""
    from gongkai.agencies.models import Role

    names = {a["code"]: a["name"] for a in AGENCIES}
    accounts = [
        DemoAccount(
            username=username,
            password=DEMO_PASSWORD,
            agency=names[code],
            roles=tuple(str(Role(r).label) for r in roles),
            description=description,
        )
        for username, _full, code, roles, description in STAFF
    ]
    accounts.append(
        DemoAccount(
            username=ADMIN_USERNAME,
            password=DEMO_PASSWORD,
            agency="",
            roles=("平台管理员",),
            description="管理后台 /admin/（超级用户）",
        )
    )
    return accounts


def build_demo() -> DemoData:
    """Create (or complete) the demo data. Idempotent: existing rows are left as they are."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gongkai.agencies import services
    from gongkai.agencies.models import Agency, Membership

    user_model = get_user_model()
    data = DemoData(accounts=demo_accounts())
    with transaction.atomic():
        for spec in AGENCIES:
            existing = Agency.objects.filter(code=spec["code"]).first()
            if existing is None:
                contact = {
                    k: v for k, v in spec.items() if k not in {"code", "name", "kind", "parent"}
                }
                contact["office_hours"] = _HOURS
                contact["guide"] = _guide(
                    spec["name"],
                    spec["office_name"],
                    spec["address"],
                    _HOURS,
                    spec["phone"],
                    spec["fax"],
                )
                existing = services.agency_create(
                    actor=None,
                    name=spec["name"],
                    code=spec["code"],
                    kind=spec["kind"],
                    parent=data.agencies[spec["parent"]] if spec["parent"] else None,
                    **contact,
                )
                data.created = True
            data.agencies[spec["code"]] = existing

        for username, full_name, code, roles, _description in STAFF:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = services.staff_user_create(
                    actor=None,
                    username=username,
                    password=DEMO_PASSWORD,
                    agency=data.agencies[code],
                    roles=roles,
                    full_name=full_name,
                )
                data.created = True
            elif not Membership.objects.filter(user=user).exists():
                services.membership_grant(
                    actor=None, user=user, agency=data.agencies[code], roles=roles
                )
            data.users[username] = user

        admin = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            admin = user_model.objects.create_superuser(
                username=ADMIN_USERNAME, password=DEMO_PASSWORD, email=""
            )
            data.created = True
        data.users[ADMIN_USERNAME] = admin
    return data


def run_hooks(data: DemoData) -> list[str]:
    lines: list[str] = []
    for target in DEMO_HOOKS:
        module_name, func_name = target.split(":")
        func: Callable[[DemoData], list[str]] = getattr(
            importlib.import_module(module_name), func_name
        )
        lines.extend(func(data))
    return lines


def format_accounts(accounts: Sequence[DemoAccount]) -> str:
    rows = [("账号", "密码", "所属机关", "角色", "说明")]
    rows += [
        (a.username, a.password, a.agency or "—", "、".join(a.roles), a.description)
        for a in accounts
    ]
    return "\n".join(" | ".join(row) for row in rows)


def demo_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai demo", description="创建演示数据：行政机关、工作人员账号和平台管理员。"
    )
    parser.add_argument(
        "--if-empty", action="store_true", help="已有行政机关时不做任何操作（供 make run 使用）"
    )
    args = parser.parse_args(list(argv))
    setup_django()

    from django.conf import settings
    from django.db import DatabaseError

    if settings.PRODUCTION:
        # The demo accounts' password is published (README): never on a production site.
        print(
            "生产环境（GONGKAI_ENV=production）不创建演示数据：演示账号的密码是公开的。"
            "请用 gongkai createsuperuser 创建管理员账号。"
        )
        return 1

    from gongkai.agencies.models import Agency

    try:
        if args.if_empty and Agency.objects.exists():
            print("已有行政机关数据，未创建演示数据。")
            return 0
        data = build_demo()
        extra = run_hooks(data)
    except DatabaseError as exc:
        print(f"无法写入数据库：{exc}。请先运行 gongkai migrate。")
        return 1
    print("演示数据已创建。" if data.created else "演示数据已存在，未作改动。")
    for line in extra:
        print(line)
    print()
    print("演示账号（工作人员登录：/staff/login/，管理后台：/admin/）：")
    print(format_accounts(data.accounts))
    return 0
