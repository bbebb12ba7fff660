"""Staff pages of applications (/staff/applications/).

Each view reads: permission check (``gongkai.agencies.permissions``) → selector/service →
render. Another agency's application is a 404 like a missing one; a readable application the
user may not act on is a 403. Every view of an applicant's personal data (the detail page) is
written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import permissions as agency_permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.applications import selectors, services
from gongkai.applications.forms import ActionForm, FilterForm, PublishForm, RegistrationForm
from gongkai.applications.models import Application, Stage
from gongkai.applications.workflow import TRANSITIONS, Action
from gongkai.core.audit import audit_record

PAGE_SIZE = 50


def applications_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and staff who work on applications (or supervise those who do); else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        agency_id = agency_permissions.user_agency_id(user)
        allowed = getattr(user, "is_superuser", False) or (
            agency_id is not None and agency_permissions.can_read_applications(user, agency_id)
        )
        if not allowed:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _get_readable(request: HttpRequest, pk: int) -> Application:
    qs = agency_permissions.filter_applications_readable(
        request.user, Application.objects.select_related("agency", "handler")
    )
    try:
        return qs.get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404("not found") from exc


def _agency_ids(request: HttpRequest) -> list[int]:
    if getattr(request.user, "is_superuser", False):
        return list(Agency.objects.values_list("pk", flat=True))
    return sorted(
        agency_permissions.agencies_readable_by(request.user).values_list("pk", flat=True)
    )


def _audit_list_view(request: HttpRequest, apps: list[Application]) -> None:
    """Applicants' names are personal data: a page listing applications is in the audit trail
    with the 受理编号 it showed (one row per page view; nothing when the page lists none)."""
    if not apps:
        return
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="application.view_list",
            object_type="applications.application",
            details={
                "path": request.path[:200],
                "tracking_nos": sorted({a.tracking_no for a in apps})[:100],
            },
        )


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


# --- dashboard and list --------------------------------------------------------------------


@applications_staff
def dashboard(request: HttpRequest) -> HttpResponse:
    ids = _agency_ids(request)
    soon = selectors.due_soon_limit()
    counts = selectors.dashboard_counts(agency_ids=ids, user_id=request.user.pk, soon=soon)
    lists = selectors.dashboard_lists(agency_ids=ids, soon=soon)
    _audit_list_view(request, [a for rows in lists.values() for a in rows])
    return render(
        request,
        "applications/dashboard.html",
        {
            "counts": counts,
            "lists": lists,
            "can_register": agency_permissions.has_perm(request.user, Perm.APPLICATION_REGISTER),
            "today": timezone.localdate(),
        },
    )


@applications_staff
def application_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = selectors.StaffFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.StaffFilters(
            stage=d.get("stage") or "",
            waiting=d.get("waiting") or "",
            due=d.get("due") or "",
            mine=bool(d.get("mine")),
            year=d.get("year"),
            q=(d.get("q") or "").strip(),
        )
    qs = selectors.applications_for_user(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _audit_list_view(request, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": agency_permissions.has_perm(request.user, Perm.APPLICATION_REGISTER),
            "today": timezone.localdate(),
        },
    )


EXPORT_COLUMNS = (
    ("受理编号", "tracking_no"),
    ("受理机关", "agency"),
    ("申请人", "applicant_name"),
    ("申请人类别", "applicant_type"),
    ("证件类型", "id_type"),
    ("证件号码", "id_number"),
    ("申请渠道", "channel"),
    ("收到申请之日", "received_on"),
    ("阶段", "stage"),
    ("答复期限", "due_on"),
    ("办结日期", "closed_on"),
    ("办理结果", "outcome"),
    ("所需信息", "description"),
)


@applications_staff
def application_export(request: HttpRequest) -> HttpResponse:
    """CSV of the filtered list; ID numbers masked unless the user may see them in full."""
    import csv

    form = FilterForm(request.GET or None)
    filters = selectors.StaffFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.StaffFilters(
            stage=d.get("stage") or "",
            waiting=d.get("waiting") or "",
            due=d.get("due") or "",
            mine=bool(d.get("mine")),
            year=d.get("year"),
            q=(d.get("q") or "").strip(),
        )
    apps = list(
        selectors.applications_for_user(user=request.user, filters=filters).defer(None)[:10_000]
    )
    full = {
        agency_id: agency_permissions.can_see_full_id_number(request.user, agency_id)
        for agency_id in {a.agency_id for a in apps}
    }
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([label for label, _field in EXPORT_COLUMNS])
    for app in apps:
        values = {
            "tracking_no": app.tracking_no,
            "agency": app.agency.name,
            "applicant_name": app.applicant_name,
            "applicant_type": app.get_applicant_type_display(),
            "id_type": app.get_id_type_display(),
            "id_number": app.id_number if full[app.agency_id] else app.id_number_masked,
            "channel": app.get_channel_display(),
            "received_on": app.received_on or "",
            "stage": app.get_stage_display(),
            "due_on": app.due_on or "",
            "closed_on": app.closed_on or "",
            "outcome": app.outcome_label,
            "description": app.description,
        }
        writer.writerow([_csv_safe(str(values[field])) for _label, field in EXPORT_COLUMNS])
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="application.export",
            object_type="applications.application",
            details={"count": len(apps), "query": request.GET.urlencode()[:500]},
        )
    return response


def _csv_safe(value: str) -> str:
    """No formulas in spreadsheets (a cell starting with = + - @ is text)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@applications_staff
def requests_by_several(request: HttpRequest) -> HttpResponse:
    """条例第四十四条: information asked for by several applicants."""
    groups = selectors.requests_asked_by_several(agency_ids=_agency_ids(request))
    _audit_list_view(request, [a for g in groups for a in g["applications"]])
    return render(request, "applications/several.html", {"groups": groups})


# --- registration --------------------------------------------------------------------------


@applications_staff
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    agency_id = agency_permissions.user_agency_id(request.user)
    if agency_id is None or not agency_permissions.has_perm(
        request.user, Perm.APPLICATION_REGISTER
    ):
        raise PermissionDenied
    agency = Agency.objects.get(pk=agency_id)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            app, _code = services.application_create(
                actor=request.user,
                agency=agency,
                data=d,
                channel=d["channel"],
                received_on=d.get("received_on"),
                note=d.get("note", ""),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("申请已录入，受理编号 %(no)s。") % {"no": app.tracking_no},
            )
            return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/form.html", {"form": form, "agency": agency})


# --- one application -----------------------------------------------------------------------


#: The fields each step's form shows (the service checks them).
ACTION_FIELDS: dict[Action, tuple[str, ...]] = {
    Action.CONFIRM: ("day", "note"),
    Action.DISCARD: ("reason",),
    Action.REGISTER: ("note",),
    Action.ASSIGN: ("handler", "note"),
    Action.REQUEST_SUPPLEMENT: ("day", "supplement_due_on", "reason"),
    Action.RECEIVE_SUPPLEMENT: ("day", "note"),
    Action.LAPSE_SUPPLEMENT: ("day", "note"),
    Action.START_CONSULTATION: ("kind", "party", "day"),
    Action.END_CONSULTATION: ("day", "answer"),
    Action.EXTEND: ("workdays", "day", "reason"),
    Action.NOTIFY_FEE: ("fee_method", "amount", "day"),
    Action.RECORD_PAYMENT: ("amount", "day"),
    Action.LAPSE_FEE: ("day",),
    Action.SUBMIT_DRAFT: (
        "outcome",
        "reply_text",
        "item1_description",
        "item1_outcome",
        "item2_description",
        "item2_outcome",
        "item3_description",
        "item3_outcome",
    ),
    Action.APPROVE: ("note",),
    Action.SEND_BACK: ("reason",),
    Action.REPLY: ("day", "note"),
    Action.DELIVER: ("method", "day", "proof"),
    Action.ARCHIVE: ("note",),
}


def _action_forms(app: Application, actions: list[Action]) -> list[dict[str, Any]]:
    out = []
    for action in actions:
        initial: dict[str, Any] = {"version": app.version}
        if action == Action.SUBMIT_DRAFT:
            initial.update(outcome=app.outcome, reply_text=app.reply_text)
        form = ActionForm(initial=initial, auto_id=f"id_{action.value}_%s")
        out.append(
            {
                "action": action.value,
                "label": action.label,
                "version": form["version"],
                "fields": [
                    form[name] for name in ACTION_FIELDS.get(action, ()) if name != "handler"
                ],
                "handler": "handler" in ACTION_FIELDS.get(action, ()),
            }
        )
    return out


def _can(user: Any, app: Application, action: Action) -> bool:
    row = TRANSITIONS.get((Stage(app.stage), action))
    return row is not None and agency_permissions.can_change_agency_record(
        user, app.agency_id, row.perm
    )


@applications_staff
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _get_readable(request, pk)
    full_id = agency_permissions.can_see_full_id_number(request.user, app.agency_id)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="application.view_personal",
            obj=app,
            agency=app.agency,
            details={"tracking_no": app.tracking_no, "full_id_number": full_id},
        )
    actions = [a for a in Action if _can(request.user, app, a) and a != Action.ATTACH]
    handlers = []
    if Action.ASSIGN in actions:
        handlers = list(
            get_user_model()
            .objects.filter(
                membership__agency_id=app.agency_id,
                membership__roles__role="handler",
                is_active=True,
            )
            .order_by("username")
        )
    publish_categories: list[Any] = []
    can_publish = (
        app.closed_on is not None
        and app.outcome in ("granted", "partly_granted")
        and agency_permissions.can_change_agency_record(
            request.user, app.agency_id, Perm.RECORD_EDIT
        )
    )
    if can_publish:
        from gongkai.catalogue.selectors import category_choices_for_agency

        publish_categories = [c for c, _d in category_choices_for_agency(agency=app.agency)]
    return render(
        request,
        "applications/detail.html",
        {
            "app": app,
            "id_number": app.id_number if full_id else app.id_number_masked,
            "full_id": full_id,
            "timeline": list(selectors.timeline(app)),
            "documents": list(app.documents.all()),
            "items": list(app.items.all()),
            "consultations": list(app.consultations.all()),
            "fees": list(app.fees.all()),
            "action_forms": _action_forms(app, actions),
            "handlers": handlers,
            "duplicates": selectors.duplicate_candidates(app),
            "volume": selectors.applicant_volume(app),
            "supplement_window": selectors.supplement_window_closing(app),
            "today": timezone.localdate(),
            "publish_categories": publish_categories,
            "can_publish": can_publish,
        },
    )


def _run(action: Action, user: Any, app: Application, d: dict[str, Any]) -> Application:
    common = {"actor": user, "application": app, "version": d.get("version")}
    day = d.get("day")
    if action == Action.CONFIRM:
        return services.application_confirm(**common, received_on=day, note=d.get("note", ""))
    if action == Action.DISCARD:
        return services.application_discard(**common, reason=d.get("reason", ""))
    if action == Action.REGISTER:
        return services.application_register(**common, note=d.get("note", ""))
    if action == Action.ASSIGN:
        handler = get_user_model().objects.filter(pk=d.get("handler") or 0).first()
        if handler is None:
            raise ValidationError({"handler": [_("请选择承办人。")]})
        return services.application_assign(**common, handler=handler, note=d.get("note", ""))
    if action == Action.REQUEST_SUPPLEMENT:
        return services.application_request_supplement(
            **common,
            reason=d.get("reason", ""),
            day=day,
            supplement_due_on=d.get("supplement_due_on"),
        )
    if action == Action.RECEIVE_SUPPLEMENT:
        return services.application_receive_supplement(**common, day=day, note=d.get("note", ""))
    if action == Action.LAPSE_SUPPLEMENT:
        return services.application_lapse_supplement(**common, day=day, note=d.get("note", ""))
    if action == Action.START_CONSULTATION:
        return services.application_start_consultation(
            **common, kind=d.get("kind") or "", party=d.get("party") or "", day=day
        )
    if action == Action.END_CONSULTATION:
        return services.application_end_consultation(**common, day=day, answer=d.get("answer", ""))
    if action == Action.EXTEND:
        return services.application_extend(
            **common, workdays=d.get("workdays") or 0, reason=d.get("reason", ""), day=day
        )
    if action == Action.NOTIFY_FEE:
        from decimal import Decimal

        return services.application_notify_fee(
            **common,
            method=d.get("fee_method") or "",
            amount=d.get("amount") or Decimal(0),
            day=day,
        )
    if action == Action.RECORD_PAYMENT:
        return services.application_record_payment(**common, day=day, amount=d.get("amount"))
    if action == Action.LAPSE_FEE:
        return services.application_lapse_fee(**common, day=day)
    if action == Action.SUBMIT_DRAFT:
        items = []
        for n in (1, 2, 3):
            text = (d.get(f"item{n}_description") or "").strip()
            if text:
                if not d.get(f"item{n}_outcome"):
                    raise ValidationError({"outcome": [_("请为每个事项选择办理结果。")]})
                items.append(services.ItemOutcome(text, d[f"item{n}_outcome"]))
        return services.application_submit_draft(
            **common,
            reply_text=d.get("reply_text", ""),
            outcome=d.get("outcome") or "",
            items=items or None,
        )
    if action == Action.APPROVE:
        return services.application_approve(**common, note=d.get("note", ""))
    if action == Action.SEND_BACK:
        return services.application_send_back(**common, reason=d.get("reason", ""))
    if action == Action.REPLY:
        return services.application_reply(**common, day=day, note=d.get("note", ""))
    if action == Action.DELIVER:
        return services.application_deliver(
            **common, method=d.get("method") or "", day=day, proof=d.get("proof", "")
        )
    if action == Action.ARCHIVE:
        return services.application_archive(**common, note=d.get("note", ""))
    raise Http404("unknown action")


@applications_staff
@require_POST
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = _get_readable(request, pk)
    try:
        step = Action(action)
    except ValueError as exc:
        raise Http404("unknown action") from exc
    row = TRANSITIONS.get((Stage(app.stage), step))
    if row is not None and not agency_permissions.can_change_agency_record(
        request.user, app.agency_id, row.perm
    ):
        raise PermissionDenied
    if row is None and not any(
        agency_permissions.can_change_agency_record(request.user, app.agency_id, r.perm)
        for (_s, a), r in TRANSITIONS.items()
        if a == step
    ):
        raise PermissionDenied
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容有误：%(e)s") % {"e": form.errors.as_text()})
        return redirect("applications:detail", pk=app.pk)
    try:
        _run(step, request.user, app, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已完成：%(a)s。") % {"a": step.label})
    return redirect("applications:detail", pk=app.pk)


@applications_staff
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    app = _get_readable(request, pk)
    document = app.documents.filter(pk=doc_pk).first()
    if document is None:
        raise Http404("not found")
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=document.content_type or "application/octet-stream",
    )


@applications_staff
@require_POST
def application_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """条例第四十四条: the reply's information to the catalogue, in one step."""
    app = _get_readable(request, pk)
    if not agency_permissions.can_change_agency_record(
        request.user, app.agency_id, Perm.RECORD_EDIT
    ):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择栏目并填写标题。"))
        return redirect("applications:detail", pk=app.pk)
    from gongkai.catalogue.models import Category

    category = Category.objects.filter(pk=form.cleaned_data["category"]).first()
    if category is None:
        messages.error(request, _("请选择栏目。"))
        return redirect("applications:detail", pk=app.pk)
    try:
        record = services.application_publish_to_catalogue(
            actor=request.user,
            application=app,
            category=category,
            title=form.cleaned_data["title"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("applications:detail", pk=app.pk)
    messages.success(request, _("已生成主动公开信息并提交保密审查。"))
    return redirect("catalogue:record_detail", pk=record.pk)
