"""What the public pages read, beyond the catalogue's own public selectors.

Only published records ever leave here. Everything is read for anonymous visitors: no
permission checks are needed, and none of these functions takes a user.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import AGENCY_CODE_RE, Agency
from gongkai.catalogue.models import Attachment, Category, Record, RecordStatus

#: Category codes of the portal's own first-level columns (DOMAIN.md §6.5).
RULES_CODE = "gkzd"  # 政府信息公开制度
REPORTS_CODE = "ndbg"  # 政府信息公开年报
POLICIES_CODE = "zcwj"  # 政策文件


# --- a record's page ---------------------------------------------------------------------------
# A record's page needs the record, its agency, its category and its attachments. The agencies and
# categories are few and change rarely: each process keeps those it has read, for as long as the
# public content's generation (portal.pagecache) stays the same, which every change to an agency
# or a category raises. Joining them in the record's query cost more than reading the record.

_known_lock = threading.Lock()
_known: dict[str, Any] = {"generation": None}


def forget() -> None:
    """Drop what this process keeps (tests: a rolled-back database takes its generations back)."""
    global _known
    with _known_lock:
        _known = {"generation": None}
    _copies.clear()


def _memo() -> dict[str, Any]:
    """This process's agencies, categories and years read under the current generation."""
    from gongkai.core import generations
    from gongkai.portal.pagecache import GENERATION

    global _known
    generation = generations.current(GENERATION)
    with _known_lock:
        if _known["generation"] != generation:
            # a new dict, not the old one emptied: another thread may still be reading that
            _known = {"generation": generation, "agency": {}, "category": {}, "code": {}}
            _known["years"] = None
        return _known


def _agencies_and_categories(
    agency_ids: set[int], category_ids: set[int]
) -> tuple[dict[int, Agency], dict[int, Category]]:
    memo = _memo()
    agencies: dict[int, Agency] = memo["agency"]
    categories: dict[int, Category] = memo["category"]
    missing = agency_ids - agencies.keys()
    if missing:
        # the 指南 is long and on no list or record page (read on demand if a template asks)
        agencies.update(Agency.objects.defer("guide").in_bulk(missing))
    missing = category_ids - categories.keys()
    if missing:
        categories.update(Category.objects.in_bulk(missing))
    return agencies, categories


def _record_page_sql() -> str:
    """The record with two EXISTS columns (plain SQL, the same on SQLite and PostgreSQL: the
    ORM took longer to build this query than the database to answer it, on the busiest page)."""
    from django.db import connections, router

    from gongkai.catalogue.models import RecordRelation

    q = connections[router.db_for_read(Record)].ops.quote_name
    record, attachment, relation = (
        q(m._meta.db_table) for m in (Record, Attachment, RecordRelation)
    )
    pk = q(Record._meta.pk.column)
    of_record = q(Attachment._meta.get_field("record").column)
    source = q(RecordRelation._meta.get_field("source").column)
    target = q(RecordRelation._meta.get_field("target").column)
    status = q(Record._meta.get_field("status").column)
    return (
        f"SELECT r.*, "
        f"EXISTS (SELECT 1 FROM {attachment} a WHERE a.{of_record} = r.{pk}) AS has_attachments, "
        f"EXISTS (SELECT 1 FROM {relation} x WHERE x.{source} = r.{pk} OR x.{target} = r.{pk}) "
        f"AS has_relations FROM {record} r WHERE r.{pk} = %s AND r.{status} = %s"
    )


@dataclass(frozen=True)
class RecordPage:
    record: Record
    attachments: list[Attachment]
    related: list[Any]  # catalogue.selectors.RelatedItem


def record_page(pk: int) -> RecordPage | None:
    """A published record with its agency and category, its attachments (without their
    extracted text) and its related records, or None. One query for a record with neither
    attachments nor relations (whether it has any is asked in the same query), one more for
    each kind it has."""
    from gongkai.catalogue.selectors import relations_for_record

    found = list(Record.objects.raw(_record_page_sql(), [pk, RecordStatus.PUBLISHED]))
    if not found:
        return None
    record = found[0]
    agencies, categories = _agencies_and_categories({record.agency_id}, {record.category_id})
    record.agency, record.category = agencies[record.agency_id], categories[record.category_id]
    attachments = (
        list(Attachment.objects.filter(record_id=record.pk).defer("text"))
        if getattr(record, "has_attachments", True)
        else []
    )
    related = (
        relations_for_record(record=record, public=True)
        if getattr(record, "has_relations", True)
        else []
    )
    return RecordPage(record=record, attachments=attachments, related=related)


def published_years() -> list[int]:
    """From the newest to the oldest year with a published record (two index lookups: one
    query with both MIN and MAX makes SQLite walk every published record; then kept in this
    process until the public content changes)."""
    memo = _memo()
    if memo["years"] is None:
        memo["years"] = _published_years()
    return list(memo["years"])


def _published_years() -> list[int]:
    published = Record.objects.filter(status=RecordStatus.PUBLISHED).order_by()
    first = published.order_by("published_on").values_list("published_on", flat=True).first()
    if first is None:
        return []
    last = published.order_by("-published_on").values_list("published_on", flat=True).first()
    newest = max(last.year if last else first.year, timezone.localdate().year)
    return list(range(newest, first.year - 1, -1))


def latest_records(*, agency: Agency | None = None, limit: int = 10) -> list[Record]:
    qs = (
        Record.objects.filter(status=RecordStatus.PUBLISHED)
        .select_related("agency", "category")
        .only(*LIST_FIELDS)
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list(qs.order_by("-published_on", "-id")[:limit])


#: What a list of records shows (no bodies, no 指南 of the agency): lists stay light.
LIST_FIELDS = (
    "pk",
    "index_no",
    "title",
    "document_no",
    "written_on",
    "published_on",
    "validity",
    "is_demo",
    "status",
    "agency__code",
    "agency__name",
    "category__code",
    "category__name",
)


def records_by_ids(ids: list[int], *, fields: tuple[str, ...] = LIST_FIELDS) -> list[Record]:
    """Published records in the order of ``ids`` (a record withdrawn meanwhile is left out),
    with only ``fields`` loaded."""
    # by primary key only: with the status in the WHERE clause SQLite may pick the status
    # index and scan every published record. The agencies and categories come from this
    # process's memo (a join and twenty more model objects cost more than reading them).
    if not ids:
        return []
    from django.db import connections, router

    # plain SQL (the same on SQLite and PostgreSQL): the ORM took longer to build this query
    # than the database to answer it; the fields not read are deferred as with only()
    q = connections[router.db_for_read(Record)].ops.quote_name
    names = {"pk", *(f for f in fields if "__" not in f), "status", "agency", "category"}
    columns = sorted(
        {Record._meta.pk.column if n == "pk" else Record._meta.get_field(n).column for n in names}
    )
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT {', '.join(q(c) for c in columns)} FROM {q(Record._meta.db_table)} "
        f"WHERE {q(Record._meta.pk.column)} IN ({marks})"
    )
    found = Record.objects.raw(sql, [int(i) for i in ids])
    by_id = {r.pk: r for r in found if r.status == RecordStatus.PUBLISHED}
    agencies, categories = _agencies_and_categories(
        {r.agency_id for r in by_id.values()}, {r.category_id for r in by_id.values()}
    )
    for record in by_id.values():
        record.agency, record.category = agencies[record.agency_id], categories[record.category_id]
    return [by_id[pk] for pk in ids if pk in by_id]


def category_for(agency: Agency | None, code: str) -> Category | None:
    if not code:
        return None
    qs = Category.objects.filter(code=code)
    if agency is not None:
        from django.db.models import Q

        qs = qs.filter(Q(agency=agency) | Q(agency__isnull=True)).order_by("agency_id")
    else:
        qs = qs.filter(agency__isnull=True)
    return qs.first()


@dataclass(frozen=True)
class AnnualReportItem:
    year: int | None
    title: str
    published_on: date | None
    url: str


def annual_reports(*, agency: Agency) -> list[AnnualReportItem]:
    """The agency's 政府信息公开年报 column (条例第四十九条、第五十条).

    The reports app's ``published_reports`` when it is installed; otherwise (and besides)
    the catalogue's records of the 年报 category.
    """
    items: list[AnnualReportItem] = []
    try:
        from gongkai.reports.selectors import published_reports  # type: ignore[attr-defined]

        for report in published_reports(agency=agency):
            items.append(
                AnnualReportItem(
                    year=getattr(report, "year", None),
                    title=str(report.title),
                    published_on=getattr(report, "published_on", None),
                    url=report.get_absolute_url(),
                )
            )
    except (ImportError, AttributeError):
        items = []
    if items:
        return items
    category = category_for(agency, REPORTS_CODE)
    if category is None:
        return []
    from gongkai.catalogue.selectors import record_list_public

    for record in record_list_public(agency=agency, category=category):
        year_match = re.search(r"(20\d\d)", record.title)
        items.append(
            AnnualReportItem(
                year=int(year_match.group(1)) if year_match else None,
                title=record.title,
                published_on=record.published_on,
                url=reverse("portal:record_detail", args=[record.pk]),
            )
        )
    return items


@dataclass(frozen=True)
class GuideBlock:
    kind: str  # "h2", "h3" or "p"
    text: str
    anchor: str = ""


_H2 = re.compile(r"^[一二三四五六七八九十]+、")
_H3 = re.compile(r"^（[一二三四五六七八九十]+）")


def guide_blocks(text: str) -> list[GuideBlock]:
    """The 指南 as headings and paragraphs: 「一、…」 lines are sections, 「（一）…」 lines
    sub-sections when short (a long one is a paragraph that starts with its number)."""
    blocks: list[GuideBlock] = []
    sections = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _H2.match(line) and len(line) <= 40:
            sections += 1
            blocks.append(GuideBlock("h2", line, f"section-{sections}"))
        elif _H3.match(line):
            head, sep, rest = line.partition("。")
            if len(head) <= 30 and sep:
                blocks.append(GuideBlock("h3", head))
                if rest.strip():
                    blocks.append(GuideBlock("p", rest.strip()))
            elif len(line) <= 30:
                blocks.append(GuideBlock("h3", line))
            else:
                blocks.append(GuideBlock("p", line))
        else:
            blocks.append(GuideBlock("p", line))
    return blocks


# --- the choices of the filter forms, cached ------------------------------------------------
#
# Every list and search page offers the agencies (a county has hundreds, a platform thousands)
# and the category tree in its filters. They change rarely: they are built once and kept in
# Django's cache (Redis when REDIS_URL is set, shared by every process) under a generation that
# a change of an agency, a category or an agency's category setting renews (the receivers are
# connected in apps.py). Without a shared cache each process keeps its own copy, renewed by
# changes made in that process and after CHOICES_TIMEOUT seconds at the latest.

CHOICES_TIMEOUT = 300
_GENERATION_KEY = "portal:choices:generation"


def _generation() -> int:
    found = cache.get(_GENERATION_KEY)
    if found is None:
        found = time.time_ns()
        if not cache.add(_GENERATION_KEY, found, None):
            found = cache.get(_GENERATION_KEY, found)
    return int(found)


def choices_changed(**_kwargs: Any) -> None:
    """Signal receiver: agencies or categories changed, the cached choices are out of date."""
    cache.set(_GENERATION_KEY, time.time_ns(), None)


#: The few lists every list and search page reads (all agencies, the standard categories, those of
#: each agency kind): each process also keeps them unpickled, for the current generation only.
_copies: dict[str, Any] = {}


def _cached(name: str, build: Callable[[], Any], *, in_process: bool = False) -> Any:
    key = f"portal:choices:{_generation()}:{name}"
    if in_process and key in _copies:
        return _copies[key]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CHOICES_TIMEOUT)
    if in_process:
        prefix = key[: -len(name)]
        for old in [k for k in _copies if not k.startswith(prefix)]:
            _copies.pop(old, None)
        _copies[key] = found
    return found


def agency_choices() -> list[tuple[str, str]]:
    """(code, name) of every public agency, for the filter forms (two columns only)."""
    from gongkai.agencies import selectors as agency_selectors

    def build() -> list[tuple[str, str]]:
        return list(agency_selectors.agency_list_public().values_list("code", "name"))

    return list(_cached("agencies", build, in_process=True))


def _labelled(pairs: list[tuple[Category, int]]) -> list[tuple[str, str]]:
    """(code, name indented by depth), each code once."""
    seen: set[str] = set()
    choices: list[tuple[str, str]] = []
    for category, depth in pairs:
        if category.code not in seen:
            seen.add(category.code)
            choices.append((category.code, "\u3000" * depth + category.name))
    return choices


def category_choices(agency: Agency | None) -> list[tuple[str, str]]:
    """(code, name indented by depth) of the categories in tree order: the standard ones, or
    those a record of ``agency`` may be filed in (its own sub-categories included)."""
    if agency is None:
        return list(_cached("categories:", _standard_categories, in_process=True))
    from gongkai.catalogue.selectors import category_choices_for_agency

    def for_agency() -> list[tuple[str, str]]:
        return _labelled(category_choices_for_agency(agency=agency))

    # most agencies add no category and mark none 不适用: their choices are those of every such
    # agency of their kind, built once (a county has thousands of agencies)
    if agency.pk in _cached("categories:own-trees", _own_trees, in_process=True):
        return list(_cached(f"categories:{agency.pk}", for_agency))
    return list(_cached(f"categories:kind:{agency.kind}", for_agency, in_process=True))


def _own_trees() -> set[int]:
    """Agencies that add categories or mark some 不适用 (a few: the rest have their kind's)."""
    from gongkai.catalogue.models import AgencyCategorySetting

    return set(
        Category.objects.filter(agency__isnull=False).values_list("agency_id", flat=True)
    ) | set(
        AgencyCategorySetting.objects.filter(applicable=False).values_list("agency_id", flat=True)
    )


def _standard_categories() -> list[tuple[str, str]]:
    rows = list(
        Category.objects.filter(agency__isnull=True)
        .order_by("position", "id")
        .only("pk", "parent_id", "code", "name")
    )
    by_parent: dict[int | None, list[Category]] = {}
    for c in rows:
        by_parent.setdefault(c.parent_id, []).append(c)
    pairs: list[tuple[Category, int]] = []

    def visit(parent: int | None, depth: int) -> None:
        for c in by_parent.get(parent, []):
            pairs.append((c, depth))
            visit(c.pk, depth + 1)

    visit(None, 0)
    return _labelled(pairs)


def agency_by_code(code: str) -> Agency | None:
    if not code:
        return None
    from gongkai.agencies import selectors as agency_selectors

    known: dict[str, Agency] = _memo()["code"]
    agency = known.get(code)
    if agency is None:
        agency = agency_selectors.agency_get_public(code=code)
        if agency is not None:
            known[code] = agency
    return agency


#: How many agencies the 发布机关 filter offers when the text names several.
AGENCY_MATCHES_SHOWN = 20
#: Longer text names no agency (the longest name the model allows): no look-up at all.
AGENCY_TEXT_MAX = Agency._meta.get_field("name").max_length or 200
_CODE = re.compile(AGENCY_CODE_RE)


@dataclass(frozen=True)
class AgencyLookup:
    """What the 发布机关 filter's text names: one agency, several (the first
    AGENCY_MATCHES_SHOWN of ``count`` as (code, name)), or none."""

    text: str
    agency: Agency | None = None
    matches: tuple[tuple[str, str], ...] = ()
    count: int = 0

    @property
    def ambiguous(self) -> bool:
        return self.agency is None and bool(self.matches)

    @property
    def not_found(self) -> bool:
        return bool(self.text) and self.agency is None and not self.matches


def agency_lookup(text: str) -> AgencyLookup:
    """The public agency a visitor means by ``text``: the agency with that code; else the one
    with that name (or that code in other letter case); else the one whose name contains the
    text. One indexed query by code, the rest from the cached choices (agency_choices), and
    one more to load an agency found there."""
    text = text.strip()
    if not text:
        return AgencyLookup(text="")
    if len(text) > AGENCY_TEXT_MAX or "\x00" in text:  # PostgreSQL cannot compare NUL
        return AgencyLookup(text=text)
    agency = agency_by_code(text) if _CODE.match(text) else None
    if agency is not None:
        return AgencyLookup(text=text, agency=agency)
    needle = text.casefold()
    choices = agency_choices()
    found = next((code for code, name in choices if name == text), None) or next(
        (code for code, _name in choices if code.casefold() == needle), None
    )
    if found is not None:
        return AgencyLookup(text=text, agency=agency_by_code(found))
    # names that start with the text first, then the shorter names (a county's government
    # before the offices under it)
    matches = sorted(
        ((code, name) for code, name in choices if needle in name.casefold()),
        key=lambda m: (not m[1].casefold().startswith(needle), len(m[1]), m[0]),
    )
    if len(matches) == 1:
        return AgencyLookup(text=text, agency=agency_by_code(matches[0][0]))
    return AgencyLookup(
        text=text, matches=tuple(matches[:AGENCY_MATCHES_SHOWN]), count=len(matches)
    )


def agency_children(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(parent=agency).order_by("name")


def absolute(request: Any, path: str) -> str:
    return str(request.build_absolute_uri(path))
