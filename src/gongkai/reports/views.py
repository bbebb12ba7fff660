"""Staff pages of annual reports (/staff/reports/).

Reading needs VIEW (own agency and the agencies below it: a county reads its towns'
reports); changing a report needs REPORT_EDIT (审核人, 管理员) in the report's own agency;
the 工作台账 needs REPORT_EDIT too. Another agency's report answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.annual.format import (
    ACTIVE_DOCUMENT_COLUMNS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    GROUP_BY_KEY,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
)
from gongkai.appeals.selectors import window_description
from gongkai.catalogue.files import content_disposition
from gongkai.reports import rollup, selectors, services
from gongkai.reports.charts import agency_charts
from gongkai.reports.checks import finding_key, run_checks
from gongkai.reports.compute import DOCUMENT_COLUMNS, Cell, cell_queryset, valid_cell
from gongkai.reports.documents import CONTENT_TYPES, PdfUnavailable, render_report, version_report
from gongkai.reports.forms import (
    PART_LABELS,
    AcknowledgeForm,
    CreateForm,
    DeadlineForm,
    FiguresForm,
    ImportForm,
    LogForm,
    NarrativeForm,
    PublishForm,
)
from gongkai.reports.models import AnnualReport, NarrativePart, ReportSource, WorkLogEntry

DOWNLOAD_FORMATS = ("docx", "pdf", "html", "xlsx", "json")


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (getattr(user, "is_superuser", False) or permissions.has_perm(user, Perm.VIEW)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year - 1
    return year if 2008 <= year <= 2100 else timezone.localdate().year - 1


def _own_editable_agency(request: HttpRequest) -> Agency | None:
    return permissions.agencies_changeable_by(request.user, Perm.REPORT_EDIT).first()


def _readable(request: HttpRequest, pk: int) -> AnnualReport:
    return permissions.get_readable_or_404(
        request.user, AnnualReport.objects.select_related("agency"), pk=pk
    )


def _changeable(request: HttpRequest, pk: int) -> AnnualReport:
    return permissions.get_changeable_or_404(
        request.user, AnnualReport.objects.select_related("agency"), Perm.REPORT_EDIT, pk=pk
    )


def _messages_from(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


# --- index ---------------------------------------------------------------------------------


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    own = _own_editable_agency(request)
    reports = (
        permissions.filter_readable(request.user, AnnualReport.objects.select_related("agency"))
        .prefetch_related("versions")
        .order_by("-year", "agency__code")
    )
    own_agency_id = permissions.user_agency_id(request.user)
    supervises = (
        own_agency_id is not None
        and permissions.agencies_readable_by(request.user).exclude(pk=own_agency_id).exists()
    )
    return render(
        request,
        "reports/index.html",
        {
            "year": year,
            "reports": reports[:200],
            "own": own,
            "own_report": AnnualReport.objects.filter(agency=own, year=year).first()
            if own
            else None,
            "own_deadline": selectors.deadline_for(own, year) if own else None,
            "create_form": CreateForm(initial={"year": year}),
            "supervises": supervises,
        },
    )


@staff_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    agency = _own_editable_agency(request)
    if agency is None:
        raise PermissionDenied
    form = CreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的年度。"))
        return redirect("reports:index")
    year = form.cleaned_data["year"]
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return redirect("reports:report_detail", pk=existing.pk)
    try:
        report = services.report_create(actor=request.user, agency=agency, year=year)
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect("reports:index")
    return redirect("reports:report_detail", pk=report.pk)


# --- the workspace -------------------------------------------------------------------------


def flagged_cells(findings: list[Any]) -> set[str]:
    """The drill-down keys of the cells the checks point at (``where`` = 表/row/column label)."""
    doc_cols = dict(zip(ACTIVE_DOCUMENT_COLUMNS, DOCUMENT_COLUMNS, strict=True))
    app_cols = {label: key for key, label in APPLICANT_COLUMNS}
    review_cols = {label: key for key, label in REVIEW_COLUMNS}
    keys: set[str] = set()
    for finding in findings:
        parts = finding.where.split("/")
        if len(parts) != 3:
            continue
        table, row, col = parts
        if table == "二" and col in doc_cols:
            keys.add(f"active/{row}/{doc_cols[col]}")
        elif table == "二":
            keys.add(f"entered/{row}")
        elif table == "三":
            cols = app_cols.values() if col == "*" else [app_cols.get(col, "")]
            rows = [r.key for r in APPLICATION_ROWS] if row == "*" else [row]
            keys |= {f"applications/{r}/{c}" for r in rows for c in cols if c}
        elif table == "四":
            keys.add(f"reviews/{row}/{review_cols.get(col, 'total')}")
    return keys


def _tables(report_obj: Any, flagged: set[str] | None = None) -> dict[str, Any]:
    """Rows of the three tables for the templates, each cell with its drill-down key and
    whether a check points at it."""
    flagged = flagged or set()
    active = report_obj.active
    documents = [
        {
            "label": label,
            "cells": [
                {
                    "value": v,
                    "cell": f"active/{key}/{col}",
                    "flagged": f"active/{key}/{col}" in flagged,
                }
                for v, col in zip(getattr(active, key), DOCUMENT_COLUMNS, strict=True)
            ],
        }
        for key, label in (("rules", "规章"), ("normative_documents", "行政规范性文件"))
    ]
    applications: list[dict[str, Any]] = []
    for row in APPLICATION_ROWS:
        if row.group and row.key.endswith("_1"):
            group = GROUP_BY_KEY[row.group]
            applications.append({"label": f"{group.number}{group.label}", "heading": True})
        applications.append(
            {
                "key": row.key,
                "label": f"{row.number}{row.label}",
                "group": row.group,
                "cells": [
                    {
                        "value": v,
                        "cell": f"applications/{row.key}/{col}",
                        "flagged": f"applications/{row.key}/{col}" in flagged,
                    }
                    for v, (col, _label) in zip(
                        report_obj.applications[row.key], APPLICANT_COLUMNS, strict=True
                    )
                ],
            }
        )
    reviews = [
        {
            "label": group.label if group.parent is None else f"{group.parent}：{group.label}",
            "cells": [
                {
                    "value": v,
                    "cell": f"reviews/{group.key}/{col}",
                    "flagged": f"reviews/{group.key}/{col}" in flagged,
                }
                for v, (col, _label) in zip(
                    report_obj.reviews[group.key], REVIEW_COLUMNS, strict=True
                )
            ],
        }
        for group in REVIEW_GROUPS
    ]
    return {
        "documents": documents,
        "document_columns": ACTIVE_DOCUMENT_COLUMNS,
        "applications": applications,
        "applicant_columns": [label for _key, label in APPLICANT_COLUMNS],
        "reviews": reviews,
        "review_columns": [label for _key, label in REVIEW_COLUMNS],
        "entered_flagged": {k.split("/", 1)[1] for k in flagged if k.startswith("entered/")},
    }


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _readable(request, pk)
    can_edit = permissions.can_change_agency_record(request.user, report.agency, Perm.REPORT_EDIT)
    versions = list(report.versions.order_by("number"))
    if report.source == ReportSource.IMPORTED:
        latest = versions[-1] if versions else None
        figures = version_report(latest.data) if latest else None
        return render(
            request,
            "reports/imported.html",
            {"report": report, "version": latest, "tables": _tables(figures) if figures else None},
        )
    space = selectors.workspace(report)
    result = run_checks(
        report,
        space.computed,
        previous=selectors.previous_report(report),
        stale_parts=space.stale_parts,
    )
    parts = [
        {
            "key": part,
            "label": PART_LABELS[part],
            "text": report.narrative.get(part, ""),
            "stale": part in space.stale_parts,
            "fresh": space.fresh_drafts.get(part, ""),
        }
        for part in PART_LABELS
    ]
    findings = [
        {
            "finding": f,
            "key": finding_key(f),
            "acknowledged": result.acknowledged.get(finding_key(f)),
        }
        for f in result.findings
    ]
    figures_form = FiguresForm(
        initial={name: getattr(report, name) for name in FiguresForm.base_fields}
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "space": space,
            "tables": _tables(space.computed.report, flagged_cells(result.findings)),
            "result": result,
            "findings": findings,
            "parts": parts,
            "can_edit": can_edit,
            "figures_form": figures_form,
            "publish_form": PublishForm(),
            "versions": versions,
            "deadline": selectors.deadline_for(report.agency, report.year),
            "formats": DOWNLOAD_FORMATS,
            "cells_prefix": reverse("reports:report_detail", args=[report.pk]) + "cells/",
            "window": window_description(),
            "charts": agency_charts(
                agency_ids=[report.agency_id], year=report.year, figures=space.computed.report
            ),
        },
    )


@staff_required
@require_POST
def figures_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _changeable(request, pk)
    form = FiguresForm(request.POST)
    if form.is_valid():
        try:
            services.figures_update(actor=request.user, report=report, figures=form.figures())
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("数字已保存。"))
    else:
        messages.error(request, _("请填写非负的数字。"))
    return redirect("reports:report_detail", pk=report.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _changeable(request, pk)
    form = NarrativeForm(request.POST or None, initial=dict(report.narrative))
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_update(actor=request.user, report=report, parts=form.cleaned_data)
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("正文已保存。"))
            return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/narrative_form.html", {"report": report, "form": form})


@staff_required
@require_POST
def redraft(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    report = _changeable(request, pk)
    if part not in NarrativePart.values:
        raise Http404("unknown part")
    services.narrative_redraft(actor=request.user, report=report, part=part)
    messages.success(request, _("已按最新数据重新起草。"))
    return redirect("reports:report_detail", pk=report.pk)


@staff_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _changeable(request, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.warning_acknowledge(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("提示已确认。"))
    else:
        messages.error(request, _("请填写确认说明。"))
    return redirect("reports:report_detail", pk=report.pk)


@staff_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _changeable(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        version = services.report_publish(
            actor=request.user, report=report, change_note=form.cleaned_data.get("change_note", "")
        )
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(
            request,
            _("已发布（第%(n)s版），发布日期 %(d)s。")
            % {"n": version.number, "d": version.published_on},
        )
    return redirect("reports:report_detail", pk=report.pk)


@staff_required
def cell_records(request: HttpRequest, pk: int, table: str, row: str, col: str) -> HttpResponse:
    report = _readable(request, pk)
    cell = Cell(table, row, col)
    if not valid_cell(cell):
        raise Http404("unknown cell")
    qs = cell_queryset(
        agency_ids=[report.agency_id], year=report.year, cell=cell, agency=report.agency
    )
    if qs is not None and cell.table == "applications":
        # applications hold applicants' personal data: only those who work on them read them
        qs = permissions.filter_applications_readable(request.user, qs)
    items = list(qs[:500]) if qs is not None else None
    return render(
        request,
        "reports/cell.html",
        {"report": report, "cell": cell, "items": items, "label": rollup.cell_label(cell)},
    )


def _file_response(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        )
    return response


@staff_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as it stands (the computed figures and the edited text), or a published
    version with ``?version=N``."""
    report = _readable(request, pk)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("unknown format")
    number = request.GET.get("version")
    if number or report.source == ReportSource.IMPORTED:
        versions = report.versions.all()
        version = (
            versions.filter(number=int(number)).first()
            if number and number.isdigit()
            else versions.order_by("-number").first()
        )
        if version is None:
            raise Http404("no such version")
        figures, narrative = version_report(version.data), dict(version.narrative)
    else:
        from gongkai.reports.checks import narrative_sections

        figures = selectors.workspace(report).computed.report
        narrative = narrative_sections(report.narrative)
    try:
        data = render_report(figures, narrative, fmt)
    except PdfUnavailable as exc:
        raise Http404("PDF writer not installed") from exc
    return _file_response(data, fmt, report.title)


# --- import, 工作台账, deadlines -----------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest) -> HttpResponse:
    agency = _own_editable_agency(request)
    if agency is None:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(20 * 1024 * 1024 + 1)
        if len(data) > 20 * 1024 * 1024:
            form.add_error("file", _("文件过大。"))
        else:
            try:
                report = services.report_import(
                    actor=request.user,
                    agency=agency,
                    data=data,
                    name=upload.name or "report",
                    published_on=form.cleaned_data["published_on"],
                )
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                messages.success(request, _("已导入 %(year)s 年度报告。") % {"year": report.year})
                return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/import.html", {"form": form, "agency": agency})


@staff_required
@require_http_methods(["GET", "POST"])
def work_log(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    own = _own_editable_agency(request)
    form = LogForm(request.POST or None)
    if request.method == "POST":
        if own is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.log_add(actor=request.user, agency=own, **form.cleaned_data)
            except ValidationError as exc:
                _messages_from(request, exc)
            else:
                messages.success(request, _("已记录。"))
                return redirect(f"{request.path}?year={form.cleaned_data['on'].year}")
    readable_ids = list(permissions.agencies_readable_by(request.user).values_list("pk", flat=True))
    entries = selectors.work_log_for_year(agency_ids=readable_ids, year=year).order_by(
        "agency__code", "on", "id"
    )
    return render(
        request,
        "reports/work_log.html",
        {"year": year, "entries": entries, "form": form if own else None, "own": own},
    )


@staff_required
@require_POST
def work_log_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = permissions.get_changeable_or_404(
        request.user, WorkLogEntry.objects.select_related("agency"), Perm.REPORT_EDIT, pk=pk
    )
    year = entry.on.year
    services.log_delete(actor=request.user, entry=entry)
    messages.success(request, _("已删除。"))
    return redirect(f"{reverse('reports:work_log')}?year={year}")


@staff_required
@require_POST
def town_deadline(request: HttpRequest) -> HttpResponse:
    county = permissions.agencies_changeable_by(request.user, Perm.AGENCY_ADMIN).first()
    if county is None:
        raise PermissionDenied
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.town_deadline_set(actor=request.user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("乡镇年报发布期限已保存。"))
    return redirect("reports:rollup")
