"""``gongkai report``: annual reports from the platform's data.

::

    gongkai report build --agency KQZ --year 2024 -o report.docx   (.pdf .html .json .xlsx .txt)
        → the report computed from the platform's data now, with the narrative as edited in
          the workspace (drafted from the data when no report has been started);
          --published: the latest published version instead (figures as frozen).

``gongkai extract report.docx`` reads the file back with every figure.
Exit status: 0 written, 1 refused (unknown agency, nothing published, no PDF writer), 2 bad
arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gongkai.cli import setup_django

SUFFIXES = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".xlsx": "xlsx",
    ".txt": "txt",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai report", description="由平台数据编制政府信息公开工作年度报告"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="<命令>")
    build = sub.add_parser("build", help="输出由平台数据计算的年度报告（格式由文件后缀决定）")
    build.add_argument("--agency", required=True, metavar="机构代码")
    build.add_argument("--year", required=True, type=int, metavar="年份")
    build.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="文件",
        help="后缀：.docx .pdf .html .json .xlsx .txt",
    )
    build.add_argument(
        "--published", action="store_true", help="输出最新的已发布版本（冻结的数据）"
    )
    return parser


def report_main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    fmt = SUFFIXES.get(Path(args.output).suffix.lower())
    if fmt is None:
        print(f"无法识别的文件后缀：{args.output}（可用：{'、'.join(SUFFIXES)}）", file=sys.stderr)
        return 2
    setup_django()
    from django.db import DatabaseError

    try:
        return _build(args, fmt)
    except DatabaseError as exc:
        print(f"无法读写数据库：{exc}。请先运行 gongkai migrate。", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace, fmt: str) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.reports import selectors
    from gongkai.reports.checks import narrative_sections
    from gongkai.reports.documents import PdfUnavailable, render_report, version_report
    from gongkai.reports.drafting import draft_all
    from gongkai.reports.models import AnnualReport

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        print(f"未找到机构代码为 {args.agency} 的机关。", file=sys.stderr)
        return 1
    report = AnnualReport.objects.filter(agency=agency, year=args.year).first()
    if args.published or (report is not None and report.source == "imported"):
        version = report.latest_version() if report else None
        if version is None:
            print(f"{agency.name}{args.year}年度报告尚未发布。", file=sys.stderr)
            return 1
        figures, narrative = version_report(version.data), dict(version.narrative)
    else:
        unsaved = report or AnnualReport(agency=agency, year=args.year)
        space = selectors.workspace(unsaved) if report else None
        if space is None:
            from gongkai.reports.compute import compute

            computed = compute(unsaved)
            entries = list(selectors.work_log_for_year(agency_ids=[agency.pk], year=args.year))
            parts = draft_all(unsaved, computed, entries)
        else:
            computed, parts = space.computed, dict(unsaved.narrative)
        figures, narrative = computed.report, narrative_sections(parts)
    try:
        data = render_report(figures, narrative, fmt)
    except PdfUnavailable:
        print("PDF 输出组件尚未安装。", file=sys.stderr)
        return 1
    Path(args.output).write_bytes(data)
    print(f"已写入 {args.output}（{agency.name}{args.year}年度，{fmt.upper()}）。")
    return 0
