"""The audit trail for an agency's 管理员: /staff/audit/ (filter, pages) and its CSV export.

Who reads which rows is decided in ``permissions`` (``can_view_audit_trail``,
``filter_audit_readable``); an export is itself recorded in the trail.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.agencies import permissions, selectors
from gongkai.agencies.forms import AuditFilterForm
from gongkai.core.audit import action_label, audit_record

PER_PAGE = 50


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    if not permissions.can_view_audit_trail(request.user):
        raise PermissionDenied
    form = AuditFilterForm(
        request.GET or None,
        agencies=selectors.agency_list_for_user(request.user),
        actions=selectors.audit_action_choices_for_user(user=request.user),
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    rows = selectors.audit_event_list_for_user(user=request.user, **filters)
    return form, rows


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agencies/audit_list.html",
        {
            "form": form,
            "page": page,
            "events": [
                (event, action_label(event.action), _details_text(event.details))
                for event in page.object_list
            ],
            "query": query.urlencode(),
        },
    )


def _details_text(details: Any) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True) if details else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that Excel opens the UTF-8 file with the right encoding
    yield writer.writerow(
        [
            _("时间"),
            _("操作人账号"),
            _("操作"),
            _("操作代码"),
            _("对象类型"),
            _("对象编号"),
            _("行政机关"),
            _("来源地址"),
            _("请求编号"),
            _("详情"),
        ]
    )
    zone = timezone.get_current_timezone()
    for event in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                event.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_label,
                action_label(event.action),
                event.action,
                event.object_type,
                event.object_id,
                event.agency.name if event.agency else "",
                event.ip or "",
                event.request_id,
                _details_text(event.details),
            ]
        )


@login_required
@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, rows = _filtered(request)
    with transaction.atomic():
        membership = selectors.membership_for_user(request.user)
        audit_record(
            actor=request.user,
            action="audit.export",
            object_type="core.auditevent",
            agency=membership.agency if membership else None,
            details={"filters": request.GET.dict()},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
