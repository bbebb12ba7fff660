"""Atom feeds (per agency, and per agency and category) and the sitemap."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.agencies import selectors as agency_selectors
from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors as catalogue_selectors
from gongkai.catalogue.models import Category, Record, RecordStatus
from gongkai.portal import selectors

FEED_ITEMS = 50
#: The sitemap protocol allows 50,000 URLs per file; beyond that /sitemap.xml is an index.
SITEMAP_URLS = 50_000


def _noon(day: Any) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


class AgencyFeed(Feed):  # type: ignore[type-arg]
    """``/feeds/<code>/`` and ``/feeds/<code>/<category code>/``: the newest published records."""

    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, code: str, category: str = ""
    ) -> tuple[Agency, Category | None]:
        agency = agency_selectors.agency_get_public(code=code)
        if agency is None:
            raise Http404("no such agency")
        column = None
        if category:
            column = selectors.category_for(agency, category)
            if column is None:
                raise Http404("no such category")
        return agency, column

    def title(self, obj: tuple[Agency, Category | None]) -> str:
        agency, column = obj
        return f"{agency.name} · {column.name if column else '政府信息公开'}"

    def subtitle(self, obj: tuple[Agency, Category | None]) -> str:
        return f"{obj[0].name}主动公开的政府信息（最新{FEED_ITEMS}条）"

    def link(self, obj: tuple[Agency, Category | None]) -> str:
        agency, column = obj
        url = reverse("portal:record_list") + f"?agency={agency.code}"
        return url + (f"&category={column.code}" if column else "")

    def items(self, obj: tuple[Agency, Category | None]) -> list[Record]:
        agency, column = obj
        return list(
            catalogue_selectors.record_list_public(agency=agency, category=column)[:FEED_ITEMS]
        )

    def item_title(self, item: Record) -> str:
        return item.title

    def item_description(self, item: Record) -> str:
        text = item.summary or item.body_text
        return text[:300] + ("…" if len(text) > 300 else "")

    def item_link(self, item: Record) -> str:
        return reverse("portal:record_detail", args=[item.pk])

    def item_guid(self, item: Record) -> str:
        return item.index_no

    item_guid_is_permalink = False

    def item_pubdate(self, item: Record) -> datetime:
        return _noon(item.published_on)

    def item_updateddate(self, item: Record) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Record) -> str:
        return item.publisher or item.agency.name

    def item_categories(self, item: Record) -> list[str]:
        return [item.category.name]


def _urlset(request: HttpRequest, entries: list[tuple[str, Any]]) -> HttpResponse:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for path, lastmod in entries:
        loc = escape(request.build_absolute_uri(path))
        mod = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{loc}</loc>{mod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the portal's pages and every published record; an index of numbered
    parts (``?part=N``) when there are more than 50,000 records."""
    published = Record.objects.filter(status=RecordStatus.PUBLISHED)
    total = published.count()
    parts = max(1, -(-total // SITEMAP_URLS))
    part = request.GET.get("part")
    if part is None and parts > 1:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        lines.append('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
        for number in range(0, parts + 1):
            loc = escape(request.build_absolute_uri(f"{reverse('portal:sitemap')}?part={number}"))
            lines.append(f"<sitemap><loc>{loc}</loc></sitemap>")
        lines.append("</sitemapindex>")
        return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")
    try:
        number = int(part) if part is not None else None
    except ValueError as exc:
        raise Http404("no such part") from exc
    entries: list[tuple[str, Any]] = []
    if number is None or number == 0:
        entries.append((reverse("portal:home"), None))
        entries.append((reverse("portal:record_list"), None))
        for agency in agency_selectors.agency_list_public():
            for name in (
                "agency_home",
                "agency_guide",
                "agency_rules",
                "agency_catalogue",
                "agency_policies",
                "agency_reports",
                "agency_apply",
            ):
                entries.append((reverse(f"portal:{name}", args=[agency.code]), None))
    if number is None or number >= 1:
        page = (number or 1) - 1
        if number is not None and page >= parts:
            raise Http404("no such part")
        rows = published.order_by("pk").values_list("pk", "updated_at")[
            page * SITEMAP_URLS : (page + 1) * SITEMAP_URLS
        ]
        entries.extend(
            (reverse("portal:record_detail", args=[pk]), updated) for pk, updated in rows
        )
    return _urlset(request, entries)
