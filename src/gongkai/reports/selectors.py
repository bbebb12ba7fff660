"""Reading reports for a purpose: the workspace, the previous year's report, the public list,
deadlines and the county roll-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.annual.model import Report
from gongkai.reports.compute import Computed, compute
from gongkai.reports.drafting import draft_all
from gongkai.reports.models import AnnualReport, ReportVersion, TownDeadline, WorkLogEntry

#: 条例第四十九条: departments by 31 January, governments by 31 March; towns by the county's
#: date (TownDeadline), 31 January when it has set none (DOMAIN.md U15, ❓).
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
TOWN_DEFAULT_DEADLINE = (1, 31)


def deadline_for(
    agency: Agency, year: int, town_deadlines: dict[int, tuple[int, int]] | None = None
) -> date:
    """When ``agency``'s report for ``year`` must be published (in ``year + 1``)."""
    if agency.kind == AgencyKind.GOVERNMENT:
        month, day = GOVERNMENT_DEADLINE
    elif agency.kind in (AgencyKind.TOWNSHIP, AgencyKind.SUBDISTRICT):
        if town_deadlines is None:
            town_deadlines = town_deadline_map()
        month, day = town_deadlines.get(agency.parent_id or 0, TOWN_DEFAULT_DEADLINE)
    else:
        month, day = DEPARTMENT_DEADLINE
    return date(year + 1, month, day)


def town_deadline_map() -> dict[int, tuple[int, int]]:
    return {d.county_id: (d.month, d.day) for d in TownDeadline.objects.all()}


def work_log_for_year(*, agency_ids: list[int], year: int) -> QuerySet[WorkLogEntry]:
    return WorkLogEntry.objects.filter(agency_id__in=agency_ids, on__year=year).select_related(
        "agency"
    )


def previous_report(report: AnnualReport) -> Report | None:
    """Last year's published report of the same agency (the latest version), from the platform
    or imported."""
    version = (
        ReportVersion.objects.filter(
            report__agency_id=report.agency_id, report__year=report.year - 1
        )
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    previous = Report.from_json(version.data)
    previous.agency = previous.agency or report.agency.name
    previous.year = previous.year or report.year - 1
    return previous


@dataclass
class Workspace:
    report: AnnualReport
    computed: Computed
    fresh_drafts: dict[str, str]
    stale_parts: list[str]
    latest: ReportVersion | None
    data_moved: bool


def workspace(report: AnnualReport) -> Workspace:
    computed = compute(report)
    entries = list(work_log_for_year(agency_ids=[report.agency_id], year=report.year))
    fresh = draft_all(report, computed, entries)
    stale = [
        part
        for part, text in fresh.items()
        if part in report.drafted and report.drafted[part] != text
    ]
    latest = report.latest_version()
    moved = bool(latest and latest.fingerprint and latest.fingerprint != computed.fingerprint())
    return Workspace(report, computed, fresh, stale, latest, moved)


def published_reports(*, agency: Agency) -> list[ReportVersion]:
    """The agency's published annual reports, newest year first, each at its latest version:
    objects with ``.year``, ``.title``, ``.published_on`` and ``.get_absolute_url()`` (the
    portal's 公开年报 column)."""
    versions = (
        ReportVersion.objects.filter(report__agency=agency)
        .select_related("report__agency")
        .order_by("-report__year", "-number")
    )
    latest: dict[int, ReportVersion] = {}
    for version in versions:
        latest.setdefault(version.report.year, version)
    return list(latest.values())


def report_for_public(
    *, code: str, year: int
) -> tuple[AnnualReport, ReportVersion, list[ReportVersion]] | None:
    report = (
        AnnualReport.objects.filter(agency__code=code, year=year)
        .select_related("agency")
        .prefetch_related(Prefetch("versions", queryset=ReportVersion.objects.order_by("number")))
        .first()
    )
    if report is None:
        return None
    versions = list(report.versions.all())
    if not versions:
        return None
    return report, versions[-1], versions
