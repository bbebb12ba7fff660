"""Public pages of 依申请公开: the online form (``/apply/<code>/``) and the status page
(``/track/``). No login; nothing about any application is shown without its 受理编号 and
query code.

Both live under primary-only prefixes (``gongkai.core.dbrouter``): a confirmation must see
what was just written.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies import selectors as agency_selectors

from . import public_limits as limits
from .public_forms import ApplyForm, TrackForm

logger = logging.getLogger(__name__)

#: Session keys: the confirmation shown once, and the application the visitor proved to hold.
DONE_KEY = "applications_public_done"
TRACK_KEY = "applications_public_track"
#: How long a successful look-up lets the visitor see the status and download documents.
TRACK_SECONDS = 30 * 60
SUGGESTION_LIMIT = 5
SUGGEST_MIN_CHARS = 2


def _agency_or_404(code: str) -> Any:
    agency = agency_selectors.agency_get_public(code=code)
    if agency is None:
        raise Http404("no such agency")
    return agency


def _too_many(request: HttpRequest, message: str) -> HttpResponse:
    response = render(
        request,
        "applications/public/too_many.html",
        {"message": message},
        status=429,
    )
    response["Retry-After"] = "900"
    return response


# --- deflection: published records matching the description ---------------------------------


def matching_records(q: str, *, agency_code: str | None) -> tuple[int, list[dict[str, Any]]]:
    """(count, up to 5 records) of published records matching ``q``: the agency's own first,
    then the whole platform's. No suggestions while the search engine is not installed."""
    q = (q or "").strip()[:200]
    if len(q) < SUGGEST_MIN_CHARS:
        return 0, []
    try:
        from gongkai.catalogue.search import search_records
    except ImportError:
        return 0, []
    # a description is not a query: records with any of its words, the best first
    page = search_records(q, agency_code=agency_code, limit=SUGGESTION_LIMIT, any_word=True)
    if page.count == 0 and agency_code is not None:
        page = search_records(q, limit=SUGGESTION_LIMIT, any_word=True)
    ids = list(page.ids)[:SUGGESTION_LIMIT]
    if not ids:
        return page.count, []
    from gongkai.catalogue.models import Record, RecordStatus

    by_id = (
        Record.objects.filter(pk__in=ids, status=RecordStatus.PUBLISHED)
        .select_related("agency")
        .in_bulk()
    )
    found = []
    for pk in ids:
        record = by_id.get(pk)
        if record is None:
            continue
        try:
            url = reverse("portal:record_detail", args=[pk])
        except NoReverseMatch:
            url = ""
        found.append(
            {
                "title": record.title,
                "document_no": record.document_no,
                "agency": record.agency.name,
                "published_on": record.published_on.isoformat() if record.published_on else "",
                "url": url,
            }
        )
    return page.count, found


@require_GET
def apply_suggest(request: HttpRequest, code: str) -> HttpResponse:
    """JSON for the form's script: records matching what the applicant is typing."""
    agency = _agency_or_404(code)
    if not limits.check_and_hit("suggest_ip", limits.client_ip(request)):
        return JsonResponse({"error": _("查询过于频繁，请稍后再试。")}, status=429)
    count, records = matching_records(request.GET.get("q", ""), agency_code=agency.code)
    return JsonResponse({"count": count, "results": records})


# --- the form ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """条例第二十九条: the application, online. Submitted applications wait in 待确认 until the
    office confirms receipt (第三十一条第（四）项)."""
    agency = _agency_or_404(code)
    context: dict[str, Any] = {"agency": agency}
    if request.method == "GET":
        form = ApplyForm()
    elif request.POST.get("action") == "lookup":
        # “先查一查” without a script: show matching records, keep what was typed, check nothing
        initial = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)}
        initial.pop("website", None)
        form = ApplyForm(initial=initial)
        count, records = matching_records(request.POST.get("description", ""), agency_code=code)
        context.update(looked_up=True, suggestion_count=count, suggestions=records)
    else:
        ip = limits.client_ip(request)
        if not limits.check_and_hit("apply_ip", ip):  # every attempt counts
            return _too_many(
                request, _("该网络地址提交申请过于频繁，请一小时后再试，或者拨打本机关电话咨询。")
            )
        form = ApplyForm(request.POST, request.FILES)
        if form.is_spam:
            form.is_valid()
            form.add_error(None, _("提交未成功，请刷新页面后重新填写。"))
        elif form.is_valid():
            response = _submit(request, agency, form, ip)
            if response is not None:
                return response
        form.link_errors()
    return render(request, "applications/public/apply.html", {**context, "form": form})


def _submit(request: HttpRequest, agency: Any, form: ApplyForm, ip: str) -> HttpResponse | None:
    from gongkai.applications import services

    data = form.application_data()
    applicant = services.applicant_digest(data["id_number"], data["applicant_name"])
    if limits.exceeded("apply_applicant", applicant):
        return _too_many(
            request, _("同一申请人提交申请过于频繁，请稍后再试，或者拨打本机关电话咨询。")
        )
    try:
        application, query_code = services.submit_online_application(
            agency=agency,
            data=data,
            files={"id_proof": form.cleaned_data["id_proof"]},
            ip=ip,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None
    limits.hit("apply_applicant", applicant)
    _issue_receipt(application)
    request.session[DONE_KEY] = {
        "tracking_no": application.tracking_no,
        "query_code": query_code,
        "agency_code": agency.code,
    }
    request.session[TRACK_KEY] = {"id": application.pk, "at": time.time()}
    return HttpResponseRedirect(reverse("applications_public:apply_done", args=[agency.code]))


def _issue_receipt(application: Any) -> None:
    """The 登记回执, issued at once so the applicant finds it on the status page.

    The application is already saved: a failure here must not cost the applicant the query
    code shown next, so it is logged with its traceback (and the office can issue the receipt
    from the application's page) instead of ending the request."""
    from .letters_issue import issue_receipt

    try:
        issue_receipt(application=application)
    except Exception:
        logger.exception("receipt for %s not issued", application.tracking_no)


@never_cache
@require_GET
def apply_done(request: HttpRequest, code: str) -> HttpResponse:
    """The 受理编号 and the query code, shown once (only the code's hash is stored)."""
    agency = _agency_or_404(code)
    done = request.session.pop(DONE_KEY, None)
    if not done or done.get("agency_code") != agency.code:
        return HttpResponseRedirect(reverse("applications_public:apply", args=[agency.code]))
    response = render(
        request,
        "applications/public/apply_done.html",
        {"agency": agency, "tracking_no": done["tracking_no"], "query_code": done["query_code"]},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- the status page ------------------------------------------------------------------------


def _tracked(request: HttpRequest) -> Any:
    """The application this visitor looked up in the last 30 minutes, or None."""
    from gongkai.applications.models import Application

    found = request.session.get(TRACK_KEY)
    if not found or time.time() - float(found.get("at", 0)) > TRACK_SECONDS:
        request.session.pop(TRACK_KEY, None)
        return None
    return Application.objects.select_related("agency").filter(pk=found["id"]).first()


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look-up by 受理编号 and query code. Failed attempts are counted per address and per
    number; the comparison of the code is constant-time and an unknown number costs the same
    work as a wrong code (``selectors.application_for_tracking``)."""
    from gongkai.applications import selectors

    form = TrackForm(request.POST or None)
    if request.method == "POST":
        ip = limits.client_ip(request)
        number = (request.POST.get("tracking_no") or "").strip().upper()
        if limits.exceeded("track_ip", ip) or (number and limits.exceeded("track_number", number)):
            return _too_many(request, _("查询失败次数过多，请稍后再试。"))
        if form.is_valid():
            application = selectors.application_for_tracking(
                tracking_no=form.cleaned_data["tracking_no"],
                query_code=form.cleaned_data["query_code"],
            )
            if application is not None:
                request.session.cycle_key()
                request.session[TRACK_KEY] = {"id": application.pk, "at": time.time()}
                return HttpResponseRedirect(reverse("applications_public:track_status"))
            limits.hit("track_ip", ip)
            limits.hit("track_number", number)
            form.add_error(None, _("受理编号或查询码不正确，请核对后重新输入。"))
    return render(request, "applications/public/track.html", {"form": form})


@never_cache
@require_GET
def track_status(request: HttpRequest) -> HttpResponse:
    from gongkai.applications import selectors

    application = _tracked(request)
    if application is None:
        return HttpResponseRedirect(reverse("applications_public:track"))
    response = render(
        request,
        "applications/public/track_status.html",
        {"status": selectors.public_status(application)},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def track_document(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued document of the looked-up application, as a download."""
    from gongkai.applications import selectors

    application = _tracked(request)
    if application is None:
        raise Http404("no tracked application")
    document = selectors.issued_documents(application).filter(pk=pk).first()
    if document is None:
        raise Http404("no such document")
    name = document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    """结束查询: forget the looked-up application (a shared computer)."""
    request.session.pop(TRACK_KEY, None)
    return HttpResponseRedirect(reverse("applications_public:track"))
