"""``gongkai applications`` and ``gongkai remind``.

::

    gongkai applications stats --agency KQZ --year 2024 [--json]
        → table 三 of the annual report from the platform's applications: a ``gongkai.annual/1``
          document whose ``applications`` block is filled (the other blocks null), the same
          selector the report workspace uses; with the checks' findings of table 三
    gongkai applications recompute-due [--agency KQZ]
        → recompute the due date of every open application (after a calendar change)
    gongkai remind [--dry-run]
        → e-mail each handler today's digest of due and overdue applications (once a day)

Exit status: 0 success, 1 refused (unknown agency, database not ready), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from gongkai.cli import setup_django


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai applications", description="依申请公开的命令")
    sub = parser.add_subparsers(dest="command", required=True, metavar="<命令>")
    stats = sub.add_parser("stats", help="输出年度报告表三（收到和处理政府信息公开申请情况）")
    stats.add_argument("--agency", required=True, metavar="机构代码")
    stats.add_argument("--year", required=True, type=int, metavar="年份")
    stats.add_argument("--json", action="store_true", help="以 gongkai.annual/1 JSON 输出")
    stats.add_argument("--with-subordinates", action="store_true", help="包括下级机关（汇总）")
    recompute = sub.add_parser("recompute-due", help="重新计算办理中申请的答复期限")
    recompute.add_argument("--agency", metavar="机构代码")
    return parser


def applications_main(argv: Sequence[str]) -> int:
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

    agency = None
    if getattr(args, "agency", None):
        agency = Agency.objects.filter(code=args.agency).first()
        if agency is None:
            print(f"没有机构代码为 {args.agency} 的机关。", file=sys.stderr)
            return 1
    if args.command == "recompute-due":
        from gongkai.applications.services import application_due_recompute_all

        seen, changed = application_due_recompute_all(
            agency_ids=[agency.pk] if agency is not None else None
        )
        print(f"已重新计算 {seen} 件办理中申请的答复期限，其中 {changed} 件有变化。")
        return 0
    assert agency is not None
    document = stats_document(agency=agency, year=args.year, subordinates=args.with_subordinates)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    _print_table(document)
    return 0


def stats_document(*, agency: object, year: int, subordinates: bool = False) -> dict[str, object]:
    from gongkai.annual.checks import check
    from gongkai.annual.format import FORMAT_ID
    from gongkai.annual.model import Report
    from gongkai.applications.selectors import annual_applications_table

    ids = [agency.pk]  # type: ignore[attr-defined]
    if subordinates:
        ids += list(agency.descendants().values_list("pk", flat=True))  # type: ignore[attr-defined]
    table = annual_applications_table(agency_ids=ids, year=year)
    report = Report(agency=agency.name, year=year)  # type: ignore[attr-defined]
    report.applications = {k: list(v) for k, v in table.items()}
    findings = [f.to_json() for f in check(report) if f.where.startswith("三")]
    return {
        "format": FORMAT_ID,
        "agency": agency.name,  # type: ignore[attr-defined]
        "year": year,
        "active": None,
        "applications": table,
        "reviews": None,
        "findings": findings,
    }


def _print_table(document: dict[str, object]) -> None:
    from gongkai.annual.format import APPLICANT_COLUMN_LABELS, APPLICATION_ROWS

    table = document["applications"]
    assert isinstance(table, dict)
    print(f"{document['agency']} {document['year']}年 收到和处理政府信息公开申请情况")
    print("\t".join(["", *APPLICANT_COLUMN_LABELS]))
    for row in APPLICATION_ROWS:
        print("\t".join([f"{row.number}{row.label}", *(str(v) for v in table[row.key])]))
    for finding in document["findings"]:  # type: ignore[attr-defined]
        print(f"！{finding['message']}", file=sys.stderr)


def remind_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai remind", description="发送依申请公开答复期限提醒（每人每天一封）"
    )
    parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不发送")
    args = parser.parse_args(list(argv))
    setup_django()
    from gongkai.applications.reminders import send_reminders

    results = send_reminders(dry_run=args.dry_run)
    for digest, sent in results:
        state = "已发送" if sent else ("将发送" if args.dry_run else "未发送（今日已发送或无邮箱）")
        print(
            f"{digest.user.get_username()}：超期 {len(digest.overdue)} 件，"
            f"即将到期 {len(digest.due_soon)} 件 — {state}"
        )
    if not results:
        print("没有需要提醒的申请。")
    return 0
