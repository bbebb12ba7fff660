"""The read-only JSON API: one class per operation (STYLE.md).

Published records only; no login, no cookies needed. Errors are JSON too:
``{"error": "<message in Chinese>", "field": "<parameter>"}`` with status 400, and with status 414
(``field`` empty) for an address longer than ``GONGKAI_MAX_URL_LENGTH``
(:class:`gongkai.core.middleware.UrlLengthMiddleware`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_GET

from gongkai.agencies import selectors as agency_selectors
from gongkai.api.schema import PAGE_SIZE, openapi_schema
from gongkai.catalogue import search
from gongkai.catalogue.models import Record, RecordStatus
from gongkai.portal import selectors as portal_selectors

MAX_PAGE = 500


class BadParameter(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


#: The columns of a result, read as plain values (no model instances: lists stay fast).
ROW_FIELDS = (
    "pk",
    "status",
    "index_no",
    "title",
    "agency__code",
    "category__code",
    "document_no",
    "written_on",
    "published_on",
)


def _rows_by_ids(ids: list[int]) -> list[dict[str, Any]]:
    """Published records in the order of ``ids`` (by primary key; see records_by_ids)."""
    rows = Record.objects.filter(pk__in=ids).order_by().values(*ROW_FIELDS)
    by_id = {row["pk"]: row for row in rows if row["status"] == RecordStatus.PUBLISHED}
    return [by_id[pk] for pk in ids if pk in by_id]


def record_json(request: HttpRequest, row: dict[str, Any], url_pattern: str) -> dict[str, Any]:
    published_on = row["published_on"]
    return {
        "index_no": row["index_no"],
        "title": row["title"],
        "agency": row["agency__code"],
        "category": row["category__code"],
        "document_no": row["document_no"],
        "written_on": row["written_on"].isoformat(),
        "published_on": published_on.isoformat() if published_on else None,
        "url": url_pattern.replace("/0/", f"/{row['pk']}/"),
    }


@method_decorator(require_GET, name="dispatch")
class RecordList(View):
    """``GET /api/v1/records``: published records, filtered, searched, ranked, paged."""

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            params = self.parse(request)
        except BadParameter as exc:
            return _json({"error": exc.message, "field": exc.field}, status=400)
        page, offset = params["page"], (params["page"] - 1) * PAGE_SIZE
        # with or without words: the index ranks (or orders by date) and counts exactly;
        # the rows come from the database, published ones only
        result = search.search_records(
            params["q"],
            agency_code=params["agency"].code if params["agency"] else None,
            category=params["category"].code if params["category"] else None,
            year=params["year"],
            sort=params["sort"] if params["q"] else "date",
            offset=offset,
            limit=PAGE_SIZE,
        )
        count, rows = result.count, _rows_by_ids(result.ids)
        url_pattern = request.build_absolute_uri(reverse("portal:record_detail", args=[0]))
        next_url = None
        if offset + PAGE_SIZE < count and page < MAX_PAGE:
            query = request.GET.copy()
            query["page"] = str(page + 1)
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return _json(
            {
                "count": count,
                "next": next_url,
                "results": [record_json(request, row, url_pattern) for row in rows],
            }
        )

    @staticmethod
    def parse(request: HttpRequest) -> dict[str, Any]:
        get = request.GET
        agency = None
        if get.get("agency"):
            agency = agency_selectors.agency_get_public(code=get["agency"].strip())
            if agency is None:
                raise BadParameter("agency", "没有这个机关代码。")
        category = None
        if get.get("category"):
            category = portal_selectors.category_for(agency, get["category"].strip())
            if category is None:
                raise BadParameter("category", "没有这个栏目代码。")
        year = None
        if get.get("year"):
            try:
                year = int(get["year"])
            except ValueError:
                raise BadParameter("year", "年份应为四位数字。") from None
            if not 1900 <= year <= 2999:
                raise BadParameter("year", "年份应为四位数字。")
        sort = get.get("sort") or "relevance"
        if sort not in search.SORTS:
            raise BadParameter("sort", "排序只能是 relevance 或 date。")
        try:
            page = int(get.get("page") or 1)
        except ValueError:
            raise BadParameter("page", "页码应为正整数。") from None
        if not 1 <= page <= MAX_PAGE:
            raise BadParameter("page", f"页码应在 1 到 {MAX_PAGE} 之间。")
        q = (get.get("q") or "").strip()
        if len(q) > 100:
            raise BadParameter("q", "检索词不能超过100个字符。")
        return {
            "agency": agency,
            "category": category,
            "year": year,
            "sort": sort,
            "page": page,
            "q": q,
        }


@method_decorator(require_GET, name="dispatch")
class OpenApi(View):
    """``GET /api/v1/openapi.json``: the OpenAPI 3 description of this API."""

    def get(self, request: HttpRequest) -> JsonResponse:
        schema = openapi_schema(server=request.build_absolute_uri("/api/v1"))
        return _json(schema)
