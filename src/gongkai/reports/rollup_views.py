"""The county roll-up (/staff/reports/county/): for a member whose agency has agencies below
it (the county's 政务公开办), every agency it reads — its own and those below."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.catalogue.files import content_disposition
from gongkai.reports import rollup as rollup_core
from gongkai.reports import stats
from gongkai.reports.charts import agency_charts, bar_chart
from gongkai.reports.compute import Cell, valid_cell
from gongkai.reports.documents import CONTENT_TYPES
from gongkai.reports.models import AnnualReport
from gongkai.reports.views import _tables, _year, staff_required


def _agencies(request: HttpRequest) -> list[Agency]:
    """The agencies of the roll-up: own and below (a platform administrator: all). 403 for a
    member whose agency has none below it."""
    agencies = list(permissions.agencies_readable_by(request.user).order_by("kind", "code"))
    own = permissions.user_agency_id(request.user)
    if own is not None and not any(a.pk != own for a in agencies):
        raise PermissionDenied
    selected = request.GET.getlist("agency")
    if selected:
        chosen = {s for s in selected if s.isdigit()}
        agencies = [a for a in agencies if str(a.pk) in chosen]
    return agencies


@staff_required
def rollup(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    agencies = _agencies(request)
    data = rollup_core.county_rollup(agencies=agencies, year=year)
    ids = [a.pk for a in agencies]
    on_time = stats.on_time(agency_ids=ids, year=year)
    charts = agency_charts(agency_ids=ids, year=year, figures=data.total)
    charts["on_time_by_agency"] = (
        bar_chart(
            f"{year}年各机关按期答复率",
            [(row.agency.name, rate) for row, rate in _on_time_rows(data, on_time)],
            unit="%",
        )
        if on_time
        else None
    )
    charts["status"] = bar_chart(
        f"{year}年度报告状态（个）",
        [(label, data.counts.get(key, 0)) for key, label in rollup_core.STATUS_LABELS.items()],
    )
    query = "&".join(f"agency={a.pk}" for a in agencies) if request.GET.getlist("agency") else ""
    own = permissions.user_agency_id(request.user)
    can_set_deadline = own is not None and permissions.can_change_agency_record(
        request.user, own, permissions.Perm.AGENCY_ADMIN
    )
    return render(
        request,
        "reports/rollup.html",
        {
            "year": year,
            "data": data,
            "tables": _tables(data.total),
            "charts": charts,
            "all_agencies": list(
                permissions.agencies_readable_by(request.user).order_by("kind", "code")
            ),
            "selected": {a.pk for a in agencies} if request.GET.getlist("agency") else set(),
            "query": query,
            "can_set_deadline": can_set_deadline,
            "cells_prefix": reverse("reports:rollup") + "cells/",
            "cell_query": f"?year={year}" + (f"&{query}" if query else ""),
        },
    )


def _on_time_rows(
    data: rollup_core.RollUp, on_time: dict[int, tuple[int, int]] | None
) -> list[tuple[Any, float]]:
    rows = []
    for row in data.rows:
        closed, timely = (on_time or {}).get(row.agency.pk, (0, 0))
        if closed:
            rows.append((row, round(100 * timely / closed, 1)))
    return rows


@staff_required
@require_POST
def rollup_check(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    agencies = _agencies(request)
    reports = list(
        AnnualReport.objects.filter(agency__in=agencies, year=year)
        .select_related("agency")
        .exclude(versions__isnull=False)
    )
    n = rollup_core.check_all(actor=request.user, reports=reports)
    messages.success(request, _("已检查 %(n)s 份草稿。") % {"n": n})
    return redirect(f"{reverse('reports:rollup')}?year={year}")


@staff_required
def rollup_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = rollup_core.county_rollup(agencies=_agencies(request), year=year)
    response = HttpResponse(rollup_core.rollup_xlsx(data), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition(
        f"{year}年度政府信息公开工作年度报告汇总.xlsx"
    )
    return response


@staff_required
def rollup_cell(request: HttpRequest, table: str, row: str, col: str) -> HttpResponse:
    """One cell of the aggregated tables, agency by agency, each a click from its report."""
    cell = Cell(table, row, col)
    if not valid_cell(cell):
        raise Http404("unknown cell")
    year = _year(request)
    data = rollup_core.county_rollup(agencies=_agencies(request), year=year)
    rows = [{"row": r, "value": rollup_core.cell_value(r.figures, cell)} for r in data.rows]
    return render(
        request,
        "reports/rollup_cell.html",
        {
            "year": year,
            "cell": cell,
            "label": rollup_core.cell_label(cell),
            "rows": rows,
            "total": rollup_core.cell_value(data.total, cell),
        },
    )
