"""The county roll-up: every subordinate agency's report status against its deadline, the
checks run on all at once, the aggregated tables (sum of selected agencies) and one XLSX.

Bulk reads: table 三 of every agency comes from one pass of the applications selector
(``annual_applications_tables``), table 四 from one query (``annual_reviews_tables``);
published reports are read from their frozen versions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.annual.format import (
    ACTIVE_DOCUMENT_COLUMNS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROWS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
)
from gongkai.annual.model import Active, Report
from gongkai.appeals.selectors import annual_reviews_tables
from gongkai.catalogue.models import Record, ReportKey
from gongkai.catalogue.selectors import annual_active_figures
from gongkai.core.audit import audit_record
from gongkai.reports import selectors
from gongkai.reports.checks import run_checks
from gongkai.reports.compute import (
    Cell,
    aggregate,
    applications_selectors,
    empty_applications,
)
from gongkai.reports.models import AnnualReport, ReportSource, ReportVersion


class Status:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    DRAFT_ERRORS = "draft_errors"
    DRAFT_WARNINGS = "draft_warnings"
    READY = "ready"
    PUBLISHED = "published"


STATUS_LABELS = {
    Status.NOT_STARTED: "未开始",
    Status.DRAFT: "草稿（未检查）",
    Status.DRAFT_ERRORS: "草稿（有错误）",
    Status.DRAFT_WARNINGS: "草稿（提示待确认）",
    Status.READY: "可发布",
    Status.PUBLISHED: "已发布",
}


@dataclass
class AgencyRow:
    agency: Agency
    deadline: date
    report: AnnualReport | None
    version: ReportVersion | None
    status: str
    late: bool
    figures: Report
    first_published_on: date | None = None

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        if self.late:
            label += "（逾期）" if self.status != Status.PUBLISHED else "（逾期发布）"
        return label


@dataclass
class RollUp:
    year: int
    rows: list[AgencyRow]
    total: Report
    applications_available: bool
    counts: dict[str, int] = field(default_factory=dict)


def _status(report: AnnualReport | None, version: ReportVersion | None) -> str:
    if version is not None:
        return Status.PUBLISHED
    if report is None:
        return Status.NOT_STARTED
    if report.checked_at is None:
        return Status.DRAFT
    if report.check_errors:
        return Status.DRAFT_ERRORS
    if report.check_open_warnings:
        return Status.DRAFT_WARNINGS
    return Status.READY


def _live_figures(
    agency: Agency,
    report: AnnualReport | None,
    year: int,
    applications: dict[str, list[int]] | None,
    reviews: dict[str, list[int]],
    with_catalogue: bool,
) -> Report:
    """An unpublished agency's tables 三 and 四 from the bulk selectors; table 二's entered
    figures from its draft and, with ``with_catalogue``, its catalogue counts."""
    apps = {k: list(v) for k, v in (applications or {}).items()} or empty_applications()
    for key, cells in empty_applications().items():
        apps.setdefault(key, cells)
    rules: list[int | None] = [0, 0, 0]
    documents: list[int | None] = [0, 0, 0]
    if with_catalogue:  # only agencies that hold 规章 or 行政规范性文件 at all (see caller)
        catalogue = annual_active_figures(agency=agency, year=year)
        rules, documents = list(catalogue.rules), list(catalogue.normative_documents)
    active = Active(
        rules=rules,
        normative_documents=documents,
        licensing=report.licensing if report else None,
        penalty=report.penalty if report else None,
        enforcement=report.enforcement if report else None,
        fees_wan_yuan=report.fees_wan_yuan if report else None,
    )
    return Report(
        agency=agency.name,
        year=year,
        active=active,
        applications=apps,  # type: ignore[arg-type]
        reviews={k: list(v) for k, v in reviews.items()},  # type: ignore[misc]
    )


def county_rollup(
    *, agencies: Sequence[Agency], year: int, today: date | None = None, with_catalogue: bool = True
) -> RollUp:
    """Status, deadline and tables of every agency in ``agencies`` for ``year``. Published
    reports give their frozen figures; drafts and agencies without a report their live ones
    (``with_catalogue=False`` leaves table 二's catalogue counts at 0: four queries fewer per
    agency)."""
    today = today or timezone.localdate()
    ids = [a.pk for a in agencies]
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(agency_id__in=ids, year=year).prefetch_related(
            Prefetch("versions", queryset=ReportVersion.objects.order_by("number"))
        )
    }
    app_selectors = applications_selectors()
    app_tables: dict[int, dict[str, list[int]]] = {}
    if app_selectors is not None:
        app_tables = app_selectors.annual_applications_tables(year=year, agency_ids=ids)
    review_tables = annual_reviews_tables(year=year, agency_ids=ids)
    # table 二's document counts are read per agency, and only for those holding such records
    with_documents = (
        set(
            Record.objects.filter(
                agency_id__in=ids,
                category__report_key__in=[ReportKey.RULES, ReportKey.NORMATIVE_DOCUMENTS],
            )
            .values_list("agency_id", flat=True)
            .distinct()
        )
        if with_catalogue
        else set()
    )
    town_deadlines = selectors.town_deadline_map()
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        versions = list(report.versions.all()) if report else []
        version = versions[-1] if versions else None
        deadline = selectors.deadline_for(agency, year, town_deadlines)
        first = versions[0].published_on if versions else None
        late = (first > deadline) if first else today > deadline
        if version is not None:
            figures = Report.from_json(version.data)
        else:
            figures = _live_figures(
                agency,
                report,
                year,
                app_tables.get(agency.pk),
                review_tables[agency.pk],
                agency.pk in with_documents,
            )
        rows.append(
            AgencyRow(
                agency, deadline, report, version, _status(report, version), late, figures, first
            )
        )
    total = (
        aggregate([r.figures for r in rows], agency=_("合计"), year=year)
        if rows
        else Report(year=year)
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    counts["late"] = sum(1 for r in rows if r.late)
    return RollUp(year, rows, total, app_selectors is not None, counts)


def check_all(*, actor: Any, reports: Sequence[AnnualReport]) -> int:
    """Run the checks of every draft in ``reports``, keeping the counts for the status."""
    checked = 0
    for report in reports:
        if report.source == ReportSource.IMPORTED:
            continue
        space = selectors.workspace(report)
        result = run_checks(
            report,
            space.computed,
            previous=selectors.previous_report(report),
            stale_parts=space.stale_parts,
        )
        with transaction.atomic():
            AnnualReport.objects.filter(pk=report.pk).update(
                checked_at=timezone.now(),
                check_errors=len(result.errors),
                check_open_warnings=len(result.open_warnings),
            )
            audit_record(
                actor=actor,
                action="report.check",
                obj=report,
                agency=report.agency,
                details={"errors": len(result.errors), "open_warnings": len(result.open_warnings)},
            )
        checked += 1
    return checked


# --- drill-down labels ---------------------------------------------------------------------


def cell_label(cell: Cell) -> str:
    if cell.table == "active":
        row = {"rules": "规章", "normative_documents": "行政规范性文件"}[cell.row]
        col = dict(zip(("issued", "abolished", "in_force"), ACTIVE_DOCUMENT_COLUMNS, strict=True))[
            cell.col
        ]
        return f"表二 {row} · {col}"
    if cell.table == "applications":
        from gongkai.annual.format import APPLICANT_COLUMNS, APPLICATION_BY_KEY

        row_obj = APPLICATION_BY_KEY[cell.row]
        return f"表三 {row_obj.number}{row_obj.label} · {dict(APPLICANT_COLUMNS)[cell.col]}"
    from gongkai.annual.format import REVIEW_COLUMNS

    group = next(g for g in REVIEW_GROUPS if g.key == cell.row)
    return f"表四 {group.label} · {dict(REVIEW_COLUMNS)[cell.col]}"


def cell_value(report: Report, cell: Cell) -> Any:
    if cell.table == "active":
        idx = ("issued", "abolished", "in_force").index(cell.col)
        return getattr(report.active, cell.row)[idx]
    if cell.table == "applications":
        from gongkai.annual.format import APPLICANT_COLUMN_KEYS

        return report.applications[cell.row][APPLICANT_COLUMN_KEYS.index(cell.col)]
    from gongkai.annual.format import REVIEW_COLUMNS

    keys = [k for k, _l in REVIEW_COLUMNS]
    return report.reviews[cell.row][keys.index(cell.col)]


# --- one XLSX ------------------------------------------------------------------------------


def _sheet_rows(report: Report) -> list[list[Any]]:
    rows: list[list[Any]] = [["二、主动公开政府信息情况"], ["信息内容", *ACTIVE_DOCUMENT_COLUMNS]]
    rows.append(["规章", *report.active.rules])
    rows.append(["行政规范性文件", *report.active.normative_documents])
    rows.append(["行政许可（本年处理决定数量）", report.active.licensing])
    rows.append(["行政处罚（本年处理决定数量）", report.active.penalty])
    rows.append(["行政强制（本年处理决定数量）", report.active.enforcement])
    fees = report.active.fees_wan_yuan
    rows.append(["行政事业性收费（万元）", float(fees) if fees is not None else None])
    rows += [[], ["三、收到和处理政府信息公开申请情况"], ["", *APPLICANT_COLUMN_LABELS]]
    for row in APPLICATION_ROWS:
        rows.append([f"{row.number}{row.label}", *report.applications[row.key]])
    rows += [[], ["四、政府信息公开行政复议、行政诉讼情况"], ["", *REVIEW_COLUMN_LABELS]]
    for group in REVIEW_GROUPS:
        label = group.label if group.parent is None else f"{group.parent}：{group.label}"
        rows.append([label, *report.reviews[group.key]])
    return rows


def rollup_xlsx(rollup: RollUp) -> bytes:
    """A summary sheet, the aggregated tables, then one sheet per agency."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(
        [
            "机关",
            "代码",
            "发布期限",
            "状态",
            "发布日期",
            "本年新收申请",
            "办结",
            "结转下年度",
            "复议诉讼总数",
        ]
    )
    for row in rollup.rows:
        apps = row.figures.applications
        reviews = sum((row.figures.reviews[g.key][-1] or 0) for g in REVIEW_GROUPS)
        summary.append(
            [
                row.agency.name,
                row.agency.code,
                row.deadline.isoformat(),
                row.status_label,
                row.version.published_on.isoformat() if row.version else "",
                apps["new"][-1],
                apps["total"][-1],
                apps["carried_out"][-1],
                reviews,
            ]
        )
    sheet = book.create_sheet("合计")
    for values in _sheet_rows(rollup.total):
        sheet.append(values)
    used: set[str] = {"汇总", "合计"}
    for row in rollup.rows:
        title = (row.agency.code or str(row.agency.pk))[:31]
        while title in used:
            title = title[:28] + "_" + str(len(used))
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([row.agency.name, f"{rollup.year}年", row.status_label])
        for values in _sheet_rows(row.figures):
            sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
