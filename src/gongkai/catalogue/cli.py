"""``gongkai catalogue``: maintenance of the catalogue.

::

    gongkai catalogue sync-categories          → load data/categories.toml into the standard tree
    gongkai catalogue recompute-timeliness [--agency KQZ]
                                               → recompute the working days to publication
                                                 (after a holiday schedule was corrected)
    gongkai catalogue figures --agency KQZ --year 2023 [--json]
                                               → the annual report's figures of the catalogue

Exit status: 0 success, 1 refused (unknown agency, database not ready), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from gongkai.cli import setup_django


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai catalogue", description="主动公开目录的维护命令")
    sub = parser.add_subparsers(dest="command", required=True, metavar="<命令>")
    sub.add_parser("sync-categories", help="按 data/categories.toml 同步标准栏目（只增改，不删除）")
    recompute = sub.add_parser("recompute-timeliness", help="重新计算发布用时（节假日安排更正后）")
    recompute.add_argument("--agency", metavar="机构代码", help="只重算该机关的信息")
    figures = sub.add_parser("figures", help="输出年度报告所需的主动公开数据")
    figures.add_argument("--agency", required=True, metavar="机构代码")
    figures.add_argument("--year", required=True, type=int, metavar="年份")
    figures.add_argument("--json", action="store_true", help="以 JSON 输出")
    return parser


def catalogue_main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    setup_django()
    from django.db import DatabaseError

    try:
        return _run(args)
    except DatabaseError as exc:
        print(f"无法读写数据库：{exc}。请先运行 gongkai migrate。", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.catalogue import selectors, services
    from gongkai.catalogue.categories import standard_categories_sync

    if args.command == "sync-categories":
        print(f"标准栏目已同步：新增或修改 {standard_categories_sync()} 个栏目。")
        return 0
    agency = None
    if getattr(args, "agency", None):
        agency = Agency.objects.filter(code=args.agency).first()
        if agency is None:
            print(f"没有机构代码为 {args.agency} 的机关。", file=sys.stderr)
            return 1
    if args.command == "recompute-timeliness":
        changed = services.record_timeliness_recompute(agency=agency)
        print(f"已重新计算发布用时：{changed} 条信息的工作日数有变化。")
        return 0
    assert agency is not None
    figures = selectors.annual_active_figures(agency=agency, year=args.year)
    if args.json:
        print(
            json.dumps(
                {
                    "agency": agency.name,
                    "year": args.year,
                    "total": figures.total,
                    "by_category": figures.by_category,
                    "rules": list(figures.rules),
                    "normative_documents": list(figures.normative_documents),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"{agency.name} {args.year}年主动公开政府信息 {figures.total} 条，其中：")
    for name, count in figures.by_category.items():
        print(f"  {name} {count} 条")
    for label, (issued, abolished, in_force) in (
        ("规章", figures.rules),
        ("行政规范性文件", figures.normative_documents),
    ):
        print(f"{label}：本年制发 {issued} 件，本年废止 {abolished} 件，现行有效 {in_force} 件")
    return 0
