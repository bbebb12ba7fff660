"""Staff pages of appeal cases (/staff/appeals/).

Reading needs VIEW (own agency and those below it); registering and changing a case needs
APPEAL_EDIT in the case's own agency. Another agency's case answers 404, a readable case the
user may not change 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.appeals import selectors, services
from gongkai.appeals.forms import CaseFilterForm, CaseForm, DocumentForm, StageForm
from gongkai.appeals.models import AppealCase, AppealDocument
from gongkai.catalogue.files import content_disposition


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (getattr(user, "is_superuser", False) or permissions.has_perm(user, Perm.VIEW)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own_agency_for_edit(request: HttpRequest) -> Agency | None:
    return permissions.agencies_changeable_by(request.user, Perm.APPEAL_EDIT).first()


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    kind, pending, year = "", False, None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        pending = form.cleaned_data["pending"]
        year = form.cleaned_data["year"]
    qs = selectors.case_list_for_staff(user=request.user, kind=kind, pending=pending, year=year)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/case_list.html",
        {"form": form, "page": page, "can_create": _own_agency_for_edit(request) is not None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    agency = _own_agency_for_edit(request)
    if agency is None:
        raise PermissionDenied
    reconsiderations = list(selectors.reconsiderations_for_agency(agency_id=agency.pk))
    form = CaseForm(request.POST or None, reconsiderations=reconsiderations)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, agency=agency, data=form.case_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("案件已登记。"))
            return redirect("appeals:case_detail", pk=case.pk)
    return render(request, "appeals/case_form.html", {"form": form, "case": None})


def _readable(request: HttpRequest, pk: int) -> AppealCase:
    return permissions.get_readable_or_404(
        request.user,
        AppealCase.objects.select_related("agency", "reconsideration", "application"),
        pk=pk,
    )


def _changeable(request: HttpRequest, pk: int) -> AppealCase:
    return permissions.get_changeable_or_404(
        request.user, AppealCase.objects.select_related("agency"), Perm.APPEAL_EDIT, pk=pk
    )


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable(request, pk)
    can_edit = permissions.can_change_agency_record(request.user, case.agency, Perm.APPEAL_EDIT)
    return render(
        request,
        "appeals/case_detail.html",
        {
            "case": case,
            "stages": case.stages.all(),
            "documents": case.documents.all(),
            "litigations": case.litigations.all(),
            "can_edit": can_edit,
            "can_read_application": case.application_id is not None
            and permissions.can_read_applications(request.user, case.agency),
            "stage_form": StageForm(),
            "document_form": DocumentForm(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    reconsiderations = [
        c
        for c in selectors.reconsiderations_for_agency(agency_id=case.agency_id)
        if c.pk != case.pk
    ]
    form = CaseForm(
        request.POST or None,
        initial=CaseForm.initial_for(case),
        reconsiderations=reconsiderations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, data=form.case_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("案件已保存。"))
            return redirect("appeals:case_detail", pk=case.pk)
    return render(request, "appeals/case_form.html", {"form": form, "case": case})


@staff_required
@require_POST
def stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.stage_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("阶段已记录。"))
    else:
        messages.error(request, _("请填写阶段和日期。"))
    return redirect("appeals:case_detail", pk=case.pk)


@staff_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                case=case,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("文书已上传。"))
    else:
        messages.error(request, _("请填写文书名称并选择文件。"))
    return redirect("appeals:case_detail", pk=case.pk)


@staff_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = permissions.get_readable_or_404(
        request.user, AppealDocument.objects.all(), agency_field="case__agency", pk=pk
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("document file missing") from exc
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
