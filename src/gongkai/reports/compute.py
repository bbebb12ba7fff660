"""A report's figures computed from the platform's data, as a ``gongkai.annual`` Report.

* Table 二: 规章 and 行政规范性文件 from the catalogue
  (``gongkai.catalogue.selectors.annual_active_figures``); 行政许可, 行政处罚, 行政强制 and
  行政事业性收费 as entered by staff (the platform cannot know them).
* Table 三: from the applications (``gongkai.applications.selectors``).
* Table 四: from the appeal cases (``gongkai.appeals.selectors``; counting window there).

Each computed cell has a drill-down: :func:`cell_queryset` returns the records behind it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.db.models import QuerySet

from gongkai.agencies.models import AgencyKind
from gongkai.annual.format import (
    APPLICANT_COLUMN_KEYS,
    APPLICATION_ROW_KEYS,
    N_APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUP_KEYS,
)
from gongkai.annual.model import Active, Report
from gongkai.appeals import selectors as appeals_selectors
from gongkai.catalogue.selectors import ActiveFigures, annual_active_figures
from gongkai.reports.models import AnnualReport

REVIEW_COLUMN_KEYS = tuple(key for key, _ in REVIEW_COLUMNS)
DOCUMENT_COLUMNS = ("issued", "abolished", "in_force")


def applications_selectors() -> ModuleType | None:
    """The applications app's report selectors, or None while they are not installed."""
    try:
        from gongkai.applications import selectors
    except ImportError:
        return None
    needed = ("annual_applications_table", "annual_applications_tables", "application_ids_for_cell")
    if not all(hasattr(selectors, name) for name in needed):
        return None
    return selectors


def empty_applications() -> dict[str, list[int | None]]:
    return {key: [0] * N_APPLICANT_COLUMNS for key in APPLICATION_ROW_KEYS}


def _as_cells(table: dict[str, list[int]]) -> dict[str, list[int | None]]:
    return {
        key: [int(v) for v in table.get(key, [0] * N_APPLICANT_COLUMNS)]
        for key in APPLICATION_ROW_KEYS
    }


@dataclass
class Computed:
    """The figures of a report as the platform's data give them now."""

    report: Report
    active: ActiveFigures | None
    applications_available: bool

    def fingerprint(self) -> str:
        data = self.report.to_json(findings=[])
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def compute(report: AnnualReport) -> Computed:
    agency = report.agency
    figures = annual_active_figures(agency=agency, year=report.year)
    active = Active(
        rules=list(figures.rules),
        normative_documents=list(figures.normative_documents),
        licensing=report.licensing,
        penalty=report.penalty,
        enforcement=report.enforcement,
        fees_wan_yuan=report.fees_wan_yuan,
    )
    selectors = applications_selectors()
    if selectors is not None:
        applications = _as_cells(
            selectors.annual_applications_table(agency_ids=[agency.pk], year=report.year)
        )
    else:
        applications = empty_applications()
    reviews_table = appeals_selectors.annual_reviews_table(agency_ids=[agency.pk], year=report.year)
    reviews: dict[str, list[int | None]] = {k: list(v) for k, v in reviews_table.items()}
    result = Report(
        agency=agency.name,
        year=report.year,
        active=active,
        applications=applications,
        reviews=reviews,
    )
    return Computed(result, figures, selectors is not None)


def aggregate(reports: Sequence[Report], *, agency: str, year: int) -> Report:
    """The sum of several agencies' reports (the county's aggregated tables). A cell blank in
    any report is blank in the sum."""

    def add(values: Sequence[Any]) -> Any:
        if any(v is None for v in values):
            return None
        return sum(values)

    def rows(get: Any, n: int) -> list[Any]:
        return [add([get(r)[i] for r in reports]) for i in range(n)]

    active = Active(
        rules=rows(lambda r: r.active.rules, 3),
        normative_documents=rows(lambda r: r.active.normative_documents, 3),
        licensing=add([r.active.licensing for r in reports]),
        penalty=add([r.active.penalty for r in reports]),
        enforcement=add([r.active.enforcement for r in reports]),
        fees_wan_yuan=add([r.active.fees_wan_yuan for r in reports]),
    )
    applications = {
        key: rows(lambda r, key=key: r.applications[key], N_APPLICANT_COLUMNS)
        for key in APPLICATION_ROW_KEYS
    }
    reviews = {key: rows(lambda r, key=key: r.reviews[key], 5) for key in REVIEW_GROUP_KEYS}
    return Report(
        agency=agency, year=year, active=active, applications=applications, reviews=reviews
    )


def check_level(kind: str) -> str:
    """The agency's level as ``gongkai.annual.checks`` knows it."""
    return {
        AgencyKind.GOVERNMENT: "county",
        AgencyKind.TOWNSHIP: "town",
        AgencyKind.SUBDISTRICT: "town",
        AgencyKind.DEPARTMENT: "department",
    }.get(kind, "other")


# --- drill-down ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    table: str  # active / applications / reviews
    row: str
    col: str


def valid_cell(cell: Cell) -> bool:
    if cell.table == "active":
        return cell.row in ("rules", "normative_documents") and cell.col in DOCUMENT_COLUMNS
    if cell.table == "applications":
        return cell.row in APPLICATION_ROW_KEYS and cell.col in APPLICANT_COLUMN_KEYS
    if cell.table == "reviews":
        return cell.row in REVIEW_GROUP_KEYS and cell.col in REVIEW_COLUMN_KEYS
    return False


def cell_queryset(
    *, agency_ids: Sequence[int], year: int, cell: Cell, agency: Any = None
) -> QuerySet[Any] | None:
    """The records behind one computed cell (catalogue records, applications or appeal cases);
    None when the source is not available."""
    if cell.table == "active":
        figures = annual_active_figures(agency=agency, year=year)
        ids = getattr(figures, f"{cell.row}_ids")[DOCUMENT_COLUMNS.index(cell.col)]
        return figures.records(ids)
    if cell.table == "applications":
        selectors = applications_selectors()
        if selectors is None:
            return None
        ids = selectors.application_ids_for_cell(
            agency_ids=list(agency_ids), year=year, row_key=cell.row, column_key=cell.col
        )
        from gongkai.applications.models import Application

        applications: QuerySet[Any] = Application.objects.filter(pk__in=ids).order_by(
            "received_on", "pk"
        )
        return applications
    return appeals_selectors.appeal_ids_for_cell(
        agency_ids=list(agency_ids), year=year, group_key=cell.row, column_key=cell.col
    )
