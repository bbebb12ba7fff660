"""Staff pages of the catalogue (/staff/catalogue/).

Each view reads: permission check → selector/service → render. Another agency's record is a
404, a readable record the user may not act on a 403 (``catalogue.permissions``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import permissions as agency_permissions
from gongkai.agencies.permissions import Perm
from gongkai.catalogue import permissions, richtext, selectors, services
from gongkai.catalogue.entry import entry_rows
from gongkai.catalogue.files import attachment_response
from gongkai.catalogue.forms import (
    AttachmentForm,
    CategoryForm,
    CategorySettingForm,
    ReasonForm,
    RecordFilterForm,
    RecordForm,
    RelationForm,
    VersionForm,
)
from gongkai.catalogue.models import (
    Attachment,
    Category,
    Record,
    RecordRelation,
    RecordStatus,
)
from gongkai.catalogue.timeliness import PUBLISH_WORKDAYS
from gongkai.catalogue.workflow import Action

PAGE_SIZE = 50


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and a member with VIEW (or a platform administrator); else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (
            getattr(user, "is_superuser", False) or agency_permissions.has_perm(user, Perm.VIEW)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _own_agency(request: HttpRequest) -> Any:
    membership_agency_id = agency_permissions.user_agency_id(request.user)
    if membership_agency_id is None:
        return None
    return (
        agency_permissions.agencies_readable_by(request.user)
        .filter(pk=membership_agency_id)
        .first()
    )


# --- dashboard and lists -------------------------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    current = timezone.localdate().year
    years = sorted({current, *selectors.record_years_for_user(user=request.user)}, reverse=True)
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if year not in years:
        year = current
    counts = selectors.dashboard_counts(user=request.user, year=year)
    late = selectors.late_records_for_user(user=request.user, year=year)
    return render(
        request,
        "catalogue/dashboard.html",
        {
            "counts": counts,
            "late": late,
            "limit": PUBLISH_WORKDAYS,
            "can_create": permissions.agency_for_new_records(request.user) is not None,
            "can_review": agency_permissions.has_perm(request.user, Perm.RECORD_REVIEW),
            "can_admin": permissions.agency_for_admin(request.user) is not None,
            "year": year,
            "years": years,
        },
    )


def _filters(request: HttpRequest) -> tuple[RecordFilterForm, selectors.StaffFilters]:
    own = _own_agency(request)
    readable = agency_permissions.agencies_readable_by(request.user).order_by("code")
    categories = selectors.category_choices_for_agency(agency=own) if own is not None else []
    form = RecordFilterForm(
        request.GET or None,
        categories=categories,
        years=selectors.record_years_for_user(user=request.user),
        agencies=readable,
    )
    filters = selectors.StaffFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.StaffFilters(
            status=d.get("status") or "",
            category=d.get("category"),
            year=d.get("year"),
            late=bool(d.get("late")),
            agency=d.get("agency"),
            q=(d.get("q") or "").strip(),
        )
    return form, filters


@staff_required
def record_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    records = selectors.record_list_for_staff(user=request.user, filters=filters)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/record_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": permissions.agency_for_new_records(request.user) is not None,
            "limit": PUBLISH_WORKDAYS,
        },
    )


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not agency_permissions.has_perm(request.user, Perm.RECORD_REVIEW):
        raise PermissionDenied
    records = list(selectors.review_queue_for_user(user=request.user)[:200])
    return render(request, "catalogue/review_queue.html", {"records": records})


# --- one record ----------------------------------------------------------------------------


def _record_form_context(
    record: Record | None, form: RecordForm, preview: dict[str, Any] | None
) -> dict[str, Any]:
    return {"record": record, "form": form, "preview": preview}


def _preview(form: RecordForm, agency: Any) -> dict[str, Any]:
    d = form.cleaned_data
    body = richtext.sanitize_html(d.get("body_html", ""))
    return {"data": d, "body": body, "publisher": d.get("publisher") or agency.name}


@staff_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    agency = permissions.agency_for_new_records(request.user)
    if agency is None:
        raise PermissionDenied
    categories = selectors.category_choices_for_agency(agency=agency)
    initial: dict[str, Any] = {"written_on": timezone.localdate(), "publisher": agency.name}
    code = request.GET.get("category")
    if code:
        chosen = selectors.category_get_for_agency(agency=agency, code=code)
        if chosen is not None:
            initial["category"] = chosen
    form = RecordForm(request.POST or None, categories=categories, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, agency)
        else:
            try:
                record = services.record_create(
                    actor=request.user, agency=agency, data=form.record_data()
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("草稿已保存。"))
                return redirect("catalogue:record_detail", pk=record.pk)
    return render(
        request,
        "catalogue/record_form.html",
        {**_record_form_context(None, form, preview), "agency": agency},
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@staff_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.record_get_readable_or_404(request.user, pk)
    user = request.user
    actions = {action.value: permissions.can_act(user, record, action) for action in Action}
    can_edit = permissions.can_edit_content(user, record)
    relation_form = None
    if can_edit:
        relation_form = RelationForm(initial={"version": record.version}, targets=_targets(record))
    return render(
        request,
        "catalogue/record_detail.html",
        {
            "record": record,
            "attachments": list(record.attachments.all()),
            "relations": selectors.relations_for_record(record=record, public=False),
            "timeline": selectors.record_timeline(record=record),
            "actions": actions,
            "can_edit": can_edit,
            "reason_form": ReasonForm(initial={"version": record.version}),
            "version_form": VersionForm(initial={"version": record.version}),
            "attachment_form": AttachmentForm(initial={"version": record.version})
            if can_edit
            else None,
            "relation_form": relation_form,
            "limit": PUBLISH_WORKDAYS,
        },
    )


#: The relation form offers the agency's latest records (a 解读 is written beside its policy).
RELATION_CHOICES = 300


def _targets(record: Record) -> Any:
    ids = list(
        Record.objects.filter(agency=record.agency)
        .exclude(pk=record.pk)
        .order_by("-id")
        .values_list("pk", flat=True)[:RELATION_CHOICES]
    )
    return Record.objects.filter(pk__in=ids).order_by("-id")


@staff_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.record_get_readable_or_404(request.user, pk)
    permissions.check_action(request.user, record, permissions.content_action_for(record))
    if not permissions.can_edit_content(request.user, record):
        messages.error(
            request,
            _("当前状态（%(status)s）下不能修改。") % {"status": record.get_status_display()},
        )
        return redirect("catalogue:record_detail", pk=record.pk)
    published = record.status == RecordStatus.PUBLISHED
    categories = selectors.category_choices_for_agency(agency=record.agency)
    if record.category_id not in {c.pk for c, _d in categories}:
        categories = [(record.category, 0), *categories]
    initial = {name: getattr(record, name) for name in services.EDITABLE_FIELDS}
    initial["version"] = record.version
    form = RecordForm(
        request.POST or None, categories=categories, published=published, initial=initial
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, record.agency)
        else:
            try:
                services.record_update(
                    actor=request.user,
                    record=record,
                    version=form.cleaned_data.get("version") or 0,
                    data=form.record_data(),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("已保存。") if not published else _("变更已保存并记录。")
                )
                return redirect("catalogue:record_detail", pk=record.pk)
    return render(
        request, "catalogue/record_form.html", _record_form_context(record, form, preview)
    )


_STEP_SERVICES: dict[str, Callable[..., Any]] = {
    Action.SUBMIT: services.record_submit,
    Action.APPROVE: services.record_approve,
    Action.RETURN: services.record_return,
    Action.WITHDRAW: services.record_withdraw,
    Action.REOPEN: services.record_reopen,
    Action.DELETE: services.record_delete,
}
_STEP_MESSAGES = {
    Action.SUBMIT: gettext_lazy("已提交保密审查。"),
    Action.APPROVE: gettext_lazy("审查通过，信息已发布。"),
    Action.RETURN: gettext_lazy("已退回修改。"),
    Action.WITHDRAW: gettext_lazy("信息已撤回，公开门户不再显示。"),
    Action.REOPEN: gettext_lazy("已转为草稿，可修改后重新提交审查。"),
    Action.DELETE: gettext_lazy("草稿已删除。"),
}


@staff_required
@require_POST
def record_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = permissions.record_get_readable_or_404(request.user, pk)
    try:
        step = Action(action)
    except ValueError as exc:
        raise PermissionDenied from exc
    if step not in _STEP_SERVICES:
        raise PermissionDenied
    permissions.check_action(request.user, record, step)
    form = (ReasonForm if step in (Action.RETURN, Action.WITHDRAW) else VersionForm)(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("请填写理由。") if "reason" in form.errors else _("请求无效，请刷新页面后重试。"),
        )
        return redirect("catalogue:record_detail", pk=record.pk)
    kwargs: dict[str, Any] = {
        "actor": request.user,
        "record": record,
        "version": form.cleaned_data["version"],
    }
    if step in (Action.RETURN, Action.WITHDRAW):
        kwargs["reason"] = form.cleaned_data["reason"]
    elif step in (Action.APPROVE, Action.REOPEN):
        kwargs["note"] = form.cleaned_data.get("note", "")
    try:
        _STEP_SERVICES[step](**kwargs)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("catalogue:record_detail", pk=record.pk)
    messages.success(request, str(_STEP_MESSAGES[step]))
    if step == Action.DELETE:
        return redirect("catalogue:record_list")
    return redirect("catalogue:record_detail", pk=record.pk)


# --- attachments and relations -------------------------------------------------------------


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.record_get_readable_or_404(request.user, pk)
    permissions.check_action(request.user, record, permissions.content_action_for(record))
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("catalogue:record_detail", pk=record.pk)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(
            actor=request.user,
            record=record,
            version=form.cleaned_data["version"],
            upload=upload,
            name=upload.name,
        )
    except ValidationError as exc:
        messages.error(
            request,
            _("附件“%(name)s”未上传：%(reason)s")
            % {"name": upload.name, "reason": _error_text(exc)},
        )
    else:
        messages.success(request, _("附件已上传。"))
    return redirect("catalogue:record_detail", pk=record.pk)


def _attachment_for(request: HttpRequest, pk: int) -> Attachment:
    attachment = agency_permissions.get_readable_or_404(
        request.user,
        Attachment.objects.select_related("record", "record__agency"),
        agency_field="record__agency",
        pk=pk,
    )
    return attachment


@staff_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    return attachment_response(_attachment_for(request, pk))


@staff_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_for(request, pk)
    record = attachment.record
    permissions.check_action(request.user, record, permissions.content_action_for(record))
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效，请刷新页面后重试。"))
    else:
        try:
            services.attachment_remove(
                actor=request.user, attachment=attachment, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("附件已删除。"))
    return redirect("catalogue:record_detail", pk=record.pk)


@staff_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.record_get_readable_or_404(request.user, pk)
    permissions.check_action(request.user, record, permissions.content_action_for(record))
    form = RelationForm(request.POST, targets=_targets(record))
    if not form.is_valid():
        messages.error(request, _("请选择关联信息和关联类型。"))
    else:
        try:
            services.relation_add(
                actor=request.user,
                record=record,
                version=form.cleaned_data["version"],
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("关联已添加。"))
    return redirect("catalogue:record_detail", pk=record.pk)


@staff_required
@require_POST
def relation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relation = agency_permissions.get_readable_or_404(
        request.user,
        RecordRelation.objects.select_related("source", "source__agency"),
        agency_field="source__agency",
        pk=pk,
    )
    record = relation.source
    permissions.check_action(request.user, record, permissions.content_action_for(record))
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.relation_remove(
                actor=request.user, relation=relation, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("关联已删除。"))
    return redirect("catalogue:record_detail", pk=record.pk)


# --- categories ----------------------------------------------------------------------------


@staff_required
def category_list(request: HttpRequest) -> HttpResponse:
    own = _own_agency(request)
    if own is None:
        raise PermissionDenied
    nodes = [n for root in selectors.category_tree_for_agency(agency=own) for n in root.walk()]
    can_admin = agency_permissions.can_change_agency_record(request.user, own, Perm.AGENCY_ADMIN)
    return render(
        request,
        "catalogue/category_list.html",
        {
            "agency": own,
            "items": [(n, entry_rows(n.category.entry)) for n in nodes],
            "can_admin": can_admin,
        },
    )


def _admin_agency(request: HttpRequest) -> Any:
    agency = permissions.agency_for_admin(request.user)
    if agency is None:
        raise PermissionDenied
    return agency


@staff_required
@require_http_methods(["GET", "POST"])
def category_create(request: HttpRequest) -> HttpResponse:
    agency = _admin_agency(request)
    choices = selectors.category_choices_for_agency(agency=agency)
    initial: dict[str, Any] = {}
    parent_code = request.GET.get("parent")
    if parent_code:
        parent = selectors.category_get_for_agency(agency=agency, code=parent_code)
        if parent is not None:
            initial["parent"] = parent
    form = CategoryForm(request.POST or None, categories=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.category_create(
                actor=request.user,
                agency=agency,
                parent=d["parent"],
                name=d["name"],
                code=d["code"],
                position=d["position"],
                description=d.get("description", ""),
                entry=form.entry(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("栏目已添加。"))
            return redirect("catalogue:category_list")
    return render(request, "catalogue/category_form.html", {"form": form, "category": None})


def _own_category(request: HttpRequest, pk: int) -> Category:
    category = agency_permissions.get_readable_or_404(
        request.user, Category.objects.filter(agency__isnull=False), pk=pk
    )
    if not agency_permissions.can_change_agency_record(
        request.user, category.agency_id or 0, Perm.AGENCY_ADMIN
    ):
        raise PermissionDenied
    return category


@staff_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = _own_category(request, pk)
    agency = category.agency
    choices = [
        (c, d)
        for c, d in selectors.category_choices_for_agency(agency=agency)
        if c.pk not in selectors.descendant_ids(category)
    ]
    initial = {
        "parent": category.parent,
        "name": category.name,
        "position": category.position,
        "description": category.description,
        **category.entry,
    }
    form = CategoryForm(request.POST or None, categories=choices, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.category_update(
                actor=request.user,
                category=category,
                data={
                    "parent": d["parent"],
                    "name": d["name"],
                    "position": d["position"],
                    "description": d.get("description", ""),
                    "entry": form.entry(),
                },
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("栏目已保存。"))
            return redirect("catalogue:category_list")
    return render(request, "catalogue/category_form.html", {"form": form, "category": category})


@staff_required
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = _own_category(request, pk)
    try:
        services.category_delete(actor=request.user, category=category)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("栏目已删除。"))
    return redirect("catalogue:category_list")


@staff_required
@require_http_methods(["GET", "POST"])
def category_setting(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _admin_agency(request)
    category = Category.objects.filter(pk=pk, agency__isnull=True).first()
    if category is None:
        from django.http import Http404

        raise Http404("no such standard category")
    current = category.settings.filter(agency=agency).first()
    form = CategorySettingForm(
        request.POST or None,
        initial={
            "applicable": "0" if current and not current.applicable else "1",
            "reason": current.reason if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_setting_set(
                actor=request.user,
                agency=agency,
                category=category,
                applicable=form.cleaned_data["applicable"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("设置已保存。"))
            return redirect("catalogue:category_list")
    return render(
        request,
        "catalogue/category_setting.html",
        {"form": form, "category": category, "agency": agency},
    )
