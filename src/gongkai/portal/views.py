"""The public site: views and templates only, no models (STYLE.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.agencies import selectors as agency_selectors
from gongkai.agencies.selectors import agency_tree


def home(request: HttpRequest) -> HttpResponse:
    nodes = agency_tree(agency_selectors.agency_list_public())
    return render(request, "portal/home.html", {"nodes": nodes})


def agency_guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南 of one agency (条例第十二条): public, no login."""
    agency = agency_selectors.agency_get_public(code=code)
    if agency is None:
        raise Http404("no such agency")
    return render(request, "portal/guide.html", {"agency": agency})
