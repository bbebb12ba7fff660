"""The public site: views and templates only, no models (STYLE.md).

Every page here is public and shows published records only (the catalogue's public selectors,
the search selector). Pages read from a replica when one is configured (gongkai.core.dbrouter).
"""

from __future__ import annotations

from html import escape
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from gongkai.agencies import selectors as agency_selectors
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agency_tree
from gongkai.catalogue import search as catalogue_search
from gongkai.catalogue import selectors as catalogue_selectors
from gongkai.catalogue.files import attachment_response
from gongkai.catalogue.search.segment import snippet
from gongkai.portal import selectors
from gongkai.portal.forms import RecordFilterForm, SearchForm
from gongkai.portal.pagecache import cached_page

PAGE_SIZE = 20
#: Deep pages are not useful to anyone and cost the engine: beyond this, narrow the query.
MAX_PAGE = 500
FONT_SIZES = ("normal", "large", "larger")


def _agency(code: str) -> Agency:
    agency = agency_selectors.agency_get_public(code=code)
    if agency is None:
        raise Http404("no such agency")
    return agency


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(1, number), MAX_PAGE)


def _querystring(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


def _pages(request: HttpRequest, number: int, count: int) -> dict[str, Any]:
    last = min(MAX_PAGE, max(1, -(-count // PAGE_SIZE)))
    return {
        "number": number,
        "last": last,
        "previous": _querystring(request, page=number - 1) if number > 1 else "",
        "next": _querystring(request, page=number + 1) if number < last else "",
        "count": count,
    }


@require_GET
@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    nodes = agency_tree(agency_selectors.agency_list_public())
    return render(
        request,
        "portal/home.html",
        {"nodes": nodes, "latest": selectors.latest_records(limit=10)},
    )


@require_GET
@cached_page()
def agency_home(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's 政府信息公开 landing page (for the county as for a town)."""
    agency = _agency(code)
    return render(
        request,
        "portal/agency_home.html",
        {
            "agency": agency,
            "children": selectors.agency_children(agency),
            "latest": selectors.latest_records(agency=agency, limit=8),
        },
    )


@require_GET
def agency_guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南 of one agency (条例第十二条): public, no login."""
    agency = _agency(code)
    blocks = selectors.guide_blocks(agency.guide or "")
    return render(
        request,
        "portal/guide.html",
        {"agency": agency, "blocks": blocks, "toc": [b for b in blocks if b.kind == "h2"]},
    )


def _column_list(
    request: HttpRequest, agency: Agency, code: str, template: str, *, validity: bool = False
) -> HttpResponse:
    category = selectors.category_for(agency, code)
    if category is None:
        raise Http404("no such column")
    wanted = request.GET.get("validity", "") if validity else ""
    if wanted not in {"", "valid", "amended", "abolished"}:
        wanted = ""
    qs = catalogue_selectors.record_list_public(
        agency=agency, category=category, validity=wanted or None
    ).only(*selectors.LIST_FIELDS)
    number = _page_number(request)
    page = Paginator(qs, PAGE_SIZE).get_page(number)
    return render(
        request,
        template,
        {
            "agency": agency,
            "category": category,
            "records": page.object_list,
            "pages": _pages(request, page.number, page.paginator.count),
            "validity": wanted,
        },
    )


@require_GET
def agency_rules(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开制度 (条例第十七条 and the agency's own rules)."""
    return _column_list(request, _agency(code), selectors.RULES_CODE, "portal/rules.html")


@require_GET
def agency_policies(request: HttpRequest, code: str) -> HttpResponse:
    """政策文件 with their 有效性 (条例第二十条第（一）项)."""
    return _column_list(
        request, _agency(code), selectors.POLICIES_CODE, "portal/policies.html", validity=True
    )


@require_GET
def agency_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """法定主动公开内容: the category tree with counts, and the 未涉及领域事项说明."""
    agency = _agency(code)
    own_columns = {selectors.RULES_CODE, selectors.REPORTS_CODE}
    roots = [
        n
        for n in catalogue_selectors.category_tree_for_agency(agency=agency)
        if n.code not in own_columns
    ]
    not_applicable = [n for root in roots for n in root.walk() if not n.applicable]
    return render(
        request,
        "portal/catalogue.html",
        {"agency": agency, "roots": roots, "not_applicable": not_applicable},
    )


@require_GET
def agency_reports(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开年报 (条例第四十九条、第五十条)."""
    agency = _agency(code)
    return render(
        request,
        "portal/reports.html",
        {"agency": agency, "reports": selectors.annual_reports(agency=agency)},
    )


@require_GET
def agency_apply(request: HttpRequest, code: str) -> HttpResponse:
    """依申请公开: how to apply (条例第二十七条至第三十一条), the form and the tracking page."""
    agency = _agency(code)
    return render(
        request,
        "portal/apply.html",
        {"agency": agency, "apply_url": f"/apply/{agency.code}/", "track_url": "/track/"},
    )


#: The id of the message under the filters when the typed 发布机关 names several agencies or
#: none (the field is described by it).
AGENCY_NOTICE_ID = "agency-notice"
FilterForm = TypeVar("FilterForm", bound=RecordFilterForm)


def _filter_form(
    request: HttpRequest, form_class: type[FilterForm]
) -> tuple[FilterForm, dict[str, Any]]:
    """The filters of the list and search pages, with the 发布机关 looked up.

    Up to PORTAL_AGENCY_SELECT_MAX agencies it is a drop-down; above, a text field for a name,
    part of one, or a code. Either way ``?agency=`` is looked up (selectors.agency_lookup): an
    agency found is shown by the field (its name typed, its code selected) and filters the
    page; several or none filter nothing, and the page says so (the several as links).
    """
    agencies = selectors.agency_choices()
    typed = len(agencies) > settings.PORTAL_AGENCY_SELECT_MAX
    lookup = selectors.agency_lookup(request.GET.get("agency", ""))
    data = request.GET.copy() if request.GET else None
    if data is not None and "agency" in data:
        if lookup.agency is not None:
            data["agency"] = lookup.agency.name if typed else lookup.agency.code
        elif not typed:
            data["agency"] = ""  # the drop-down shows 全部机关, as the results are
    unresolved = lookup.ambiguous or lookup.not_found
    form = form_class(
        data,
        agencies=None if typed else agencies,
        years=selectors.published_years(),
        categories=selectors.category_choices(lookup.agency),
        agency_notice=AGENCY_NOTICE_ID if unresolved and typed else "",
        agency_not_found=lookup.not_found,
    )
    matches = [
        {"name": name, "query": _querystring(request, agency=code, page=None)}
        for code, name in lookup.matches
    ]
    return form, {
        "agency_lookup": lookup,
        "agency_matches": matches,
        "agency_notice_id": AGENCY_NOTICE_ID,
    }


@require_GET
@cached_page(uses_index=True)
def record_list(request: HttpRequest) -> HttpResponse:
    """All published records with filters (机关, 栏目, 年份, 有效性) and pages."""
    form, agency_filter = _filter_form(request, RecordFilterForm)
    agency = agency_filter["agency_lookup"].agency
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "agency_code": agency.code if agency is not None else None,
            "category": data["category"] or None,
            "year": data["year"],
            "validity": data["validity"] or None,
        }
    number = _page_number(request)
    # the index lists published records newest first with an exact count, fast at any size
    result = catalogue_search.search_records(
        "", sort="date", offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **filters
    )
    records = selectors.records_by_ids(result.ids)
    return render(
        request,
        "portal/record_list.html",
        {
            "form": form,
            "records": records,
            "pages": _pages(request, number, result.count),
            "agency": agency,
            **agency_filter,
        },
    )


@require_GET
@cached_page()
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.record_page(pk)
    if page is None:
        raise Http404("no such record")
    return render(
        request,
        "portal/record_detail.html",
        {
            "record": page.record,
            "agency": page.record.agency,
            "attachments": page.attachments,
            "related": page.related,
        },
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = catalogue_selectors.attachment_get_public(pk=attachment_pk)
    if attachment is None or attachment.record_id != pk:
        raise Http404("no such attachment")
    return attachment_response(attachment)


def _marked(parts: list[tuple[str, bool]]) -> SafeString:
    """A snippet's parts as HTML, the matches in ``<mark>`` (one string, not a template loop
    over every part of twenty results)."""
    return mark_safe(  # every part is escaped
        "".join(f"<mark>{escape(part)}</mark>" if match else escape(part) for part, match in parts)
    )


@require_GET
@cached_page(uses_index=True)
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q= — full-text search with filters, highlighted snippets and exact counts."""
    form, agency_filter = _filter_form(request, SearchForm)
    agency = agency_filter["agency_lookup"].agency
    context: dict[str, Any] = {"form": form, "agency": agency, "searched": False, **agency_filter}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        number = _page_number(request)
        result = catalogue_search.search_records(
            data["q"],
            agency_code=agency.code if agency is not None else None,
            category=data["category"] or None,
            year=data["year"],
            sort=data["sort"] or "relevance",
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        records = selectors.records_by_ids(
            result.ids, fields=(*selectors.LIST_FIELDS, "summary", "body_text")
        )
        hits = [
            {
                "record": r,
                "title": _marked(snippet(r.title, result.terms, length=300)),
                "snippet": _marked(snippet(r.body_text or r.summary, result.terms)),
            }
            for r in records
        ]
        context.update(
            searched=True,
            q=data["q"],
            hits=hits,
            pages=_pages(request, number, result.count),
        )
    return render(request, "portal/search.html", context)


@require_GET
def font_size(request: HttpRequest) -> HttpResponse:
    """The font-size switch (适老化): a cookie, then back to the page; works without JS."""
    size = request.GET.get("size", "normal")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if size in FONT_SIZES and size != "normal":
        response.set_cookie(
            "fontsize", size, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie("fontsize")
    return response
