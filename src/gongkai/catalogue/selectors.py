"""Reading the catalogue for a purpose (STYLE.md: selectors).

Public selectors return published records only; staff selectors take the user and go through
``gongkai.agencies.permissions``. List selectors return querysets with what the page shows
already joined (no N+1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm, UserLike
from gongkai.catalogue.models import (
    AgencyCategorySetting,
    Attachment,
    Category,
    Record,
    RecordEvent,
    RecordStatus,
    ReportKey,
    Validity,
)
from gongkai.catalogue.timeliness import PUBLISH_WORKDAYS

# --- categories ----------------------------------------------------------------------------


def _categories_for(agency: Agency) -> list[Category]:
    """The standard categories that apply to the agency's kind, plus its own."""
    rows = list(
        Category.objects.filter(Q(agency__isnull=True) | Q(agency=agency)).order_by(
            "position", "id"
        )
    )
    usable = [c for c in rows if not c.agency_kinds or agency.kind in c.agency_kinds]
    ids = {c.pk for c in usable}
    # a category whose parent does not apply is dropped with it
    result: list[Category] = []
    by_id = {c.pk: c for c in usable}
    for c in usable:
        node: Category | None = c
        ok = True
        while node is not None and node.parent_id is not None:
            if node.parent_id not in ids:
                ok = False
                break
            node = by_id.get(node.parent_id)
        if ok:
            result.append(c)
    return result


def descendant_ids(category: Category, categories: Iterable[Category] | None = None) -> list[int]:
    """``category`` and every category below it (one query unless ``categories`` is given)."""
    pairs = (
        [(c.pk, c.parent_id) for c in categories]
        if categories is not None
        else list(Category.objects.values_list("pk", "parent_id"))
    )
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in pairs:
        if parent is not None:
            children[parent].append(pk)
    result = [category.pk]
    stack = [category.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            result.append(child)
            stack.append(child)
    return result


@dataclass
class CategoryNode:
    """A category of an agency's tree, with counts of published records."""

    category: Category
    depth: int
    children: list[CategoryNode] = field(default_factory=list)
    own_count: int = 0  # published records in this category itself
    count: int = 0  # … including every sub-category
    applicable: bool = True
    reason: str = ""  # why it does not apply (未涉及领域事项说明)

    @property
    def name(self) -> str:
        return self.category.name

    @property
    def code(self) -> str:
        return self.category.code

    def walk(self) -> list[CategoryNode]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def category_tree_for_agency(*, agency: Agency) -> list[CategoryNode]:
    """The agency's category tree (standard + own), nested, with published counts.

    Categories the agency marked 不适用 are included with ``applicable=False`` and their
    reason (the portal lists them as 未涉及领域事项说明); their sub-tree is kept as is.
    Three queries.
    """
    categories = _categories_for(agency)
    counts = dict(
        Record.objects.filter(agency=agency, status=RecordStatus.PUBLISHED)
        .values_list("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    settings_by_category = {
        s.category_id: s
        for s in AgencyCategorySetting.objects.filter(agency=agency, applicable=False)
    }
    nodes: dict[int, CategoryNode] = {}
    roots: list[CategoryNode] = []
    # create every node, then link them (the query order is not the tree order)
    for c in categories:
        setting = settings_by_category.get(c.pk)
        nodes[c.pk] = CategoryNode(
            category=c,
            depth=0,
            own_count=counts.get(c.pk, 0),
            applicable=setting is None,
            reason=setting.reason if setting else "",
        )
    for c in categories:
        node = nodes[c.pk]
        if c.parent_id is None:
            roots.append(node)
        else:
            nodes[c.parent_id].children.append(node)

    def finish(node: CategoryNode, depth: int) -> int:
        node.depth = depth
        node.children.sort(key=lambda n: (n.category.position, n.category.pk))
        node.count = node.own_count + sum(finish(child, depth + 1) for child in node.children)
        return node.count

    roots.sort(key=lambda n: (n.category.position, n.category.pk))
    for root in roots:
        finish(root, 0)
    return roots


def category_choices_for_agency(*, agency: Agency) -> list[tuple[Category, int]]:
    """Categories a record of ``agency`` may be filed in, in tree order, with their depth."""
    nodes = category_tree_for_agency(agency=agency)
    result: list[tuple[Category, int]] = []

    def visit(node: CategoryNode) -> None:
        if not node.applicable:
            return
        result.append((node.category, node.depth))
        for child in node.children:
            visit(child)

    for root in nodes:
        visit(root)
    return result


def category_get_for_agency(*, agency: Agency, code: str) -> Category | None:
    """The category ``code`` as ``agency`` sees it (its own first, then the standard one)."""
    return (
        Category.objects.filter(code=code)
        .filter(Q(agency=agency) | Q(agency__isnull=True))
        .order_by("agency_id")
        .first()
    )


# --- public --------------------------------------------------------------------------------


def record_list_public(
    *,
    agency: Agency | None = None,
    category: Category | None = None,
    year: int | None = None,
    validity: str | None = None,
) -> QuerySet[Record]:
    """Published records, newest first; ``category`` includes its sub-categories."""
    qs = Record.objects.filter(status=RecordStatus.PUBLISHED).select_related("agency", "category")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if category is not None:
        qs = qs.filter(category_id__in=descendant_ids(category))
    if year is not None:
        qs = qs.filter(published_on__year=year)
    if validity:
        qs = qs.filter(validity=validity)
    return qs.order_by("-published_on", "-id")


def attachment_get_public(*, pk: int) -> Attachment | None:
    return (
        Attachment.objects.filter(pk=pk, record__status=RecordStatus.PUBLISHED)
        .select_related("record", "record__agency")
        .first()
    )


@dataclass(frozen=True)
class RelatedItem:
    label: str  # e.g. 政策解读, 解读的文件
    record: Record
    relation_id: int
    outgoing: bool  # the relation belongs to the record asked about (it may remove it)


def relations_for_record(*, record: Record, public: bool = True) -> list[RelatedItem]:
    """Related records both ways: a policy lists its 解读 and a 解读 its policy.

    ``public``: only published related records (the portal); staff see all. One light query
    when the record has no relation (most records: every public record page asks), else two.
    """
    from gongkai.catalogue.models import RecordRelation, RelationKind

    found = RecordRelation.objects.filter(Q(source_id=record.pk) | Q(target_id=record.pk))
    if not found.values_list("pk").order_by()[:1]:
        return []
    rows = found.select_related("source", "target")
    labels = {
        (RelationKind.INTERPRETATION, True): "政策解读",
        (RelationKind.INTERPRETATION, False): "解读的文件",
        (RelationKind.REVISION, True): "修订后的文件",
        (RelationKind.REVISION, False): "修订前的文件",
        (RelationKind.RELATED, True): "相关信息",
        (RelationKind.RELATED, False): "相关信息",
    }
    result: list[RelatedItem] = []
    for row in rows.order_by("kind", "id"):
        outgoing = row.source_id == record.pk
        other = row.target if outgoing else row.source
        if public and other.status != RecordStatus.PUBLISHED:
            continue
        result.append(
            RelatedItem(
                label=labels[(RelationKind(row.kind), outgoing)],
                record=other,
                relation_id=row.pk,
                outgoing=outgoing,
            )
        )
    return result


# --- the annual report (table 二 and the 总体情况 counts) ----------------------------------


def _year_end(year: int) -> datetime:
    """The first instant after 31 December of ``year`` in the platform's time zone."""
    return datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _public_at_year_end(year: int) -> Q:
    """Published and not withdrawn before the year ended."""
    return Q(status=RecordStatus.PUBLISHED) | Q(
        status=RecordStatus.WITHDRAWN, withdrawn_at__gte=_year_end(year)
    )


@dataclass(frozen=True)
class ActiveFigures:
    """The catalogue's figures for one agency and year (the annual report, table 二 and 一).

    ``by_category``: category name → records published in the year (an agency's own
    sub-categories counted under their standard category; categories of the same name
    added together), in tree order. ``rules`` / ``normative_documents``: (本年制发, 本年废止,
    现行有效 at 31 December). The ``*_ids`` fields hold the records behind each figure.
    """

    agency_id: int
    year: int
    by_category: dict[str, int]
    total: int
    rules: tuple[int, int, int]
    normative_documents: tuple[int, int, int]
    by_category_ids: dict[str, list[int]]
    total_ids: list[int]
    rules_ids: tuple[list[int], list[int], list[int]]
    normative_documents_ids: tuple[list[int], list[int], list[int]]

    def records(self, ids: list[int]) -> QuerySet[Record]:
        """The records behind a figure, for drill-down."""
        return (
            Record.objects.filter(pk__in=ids)
            .select_related("category")
            .order_by("published_on", "id")
        )


def annual_active_figures(*, agency: Agency, year: int) -> ActiveFigures:
    """Counts for ``agency`` in ``year``. Records count when published in the year and not
    withdrawn before the year ended (a later withdrawal does not change a past year).
    Four queries.
    """
    categories = {c.pk: c for c in Category.objects.all()}
    order = {c.pk: i for i, c in enumerate(sorted(categories.values(), key=_tree_key(categories)))}

    def standard_of(pk: int) -> Category:
        c = categories[pk]
        while c.agency_id is not None and c.parent_id is not None:
            c = categories[c.parent_id]
        return c

    public = Record.objects.filter(agency=agency).filter(_public_at_year_end(year))
    published = list(
        public.filter(published_on__year=year)
        .order_by("published_on", "id")
        .values_list("pk", "category_id")
    )
    grouped: dict[str, list[int]] = {}
    rank: dict[str, int] = {}
    for pk, category_id in published:
        standard = standard_of(category_id)
        grouped.setdefault(standard.name, []).append(pk)
        rank[standard.name] = min(rank.get(standard.name, 1 << 30), order[standard.pk])
    names = sorted(grouped, key=lambda n: rank[n])
    by_category_ids = {name: grouped[name] for name in names}

    def documents(key: str) -> tuple[list[int], list[int], list[int]]:
        ids = [pk for pk, c in categories.items() if c.report_key == key]
        rows = list(
            public.filter(category_id__in=ids)
            .order_by("written_on", "id")
            .values_list("pk", "written_on", "validity", "abolished_on")
        )
        end = date(year, 12, 31)
        issued = [pk for pk, written, _v, _a in rows if written.year == year]
        abolished = [
            pk
            for pk, _w, validity, abolished_on in rows
            if validity == Validity.ABOLISHED and abolished_on and abolished_on.year == year
        ]
        in_force = [
            pk
            for pk, written, validity, abolished_on in rows
            if written <= end
            and not (validity == Validity.ABOLISHED and abolished_on and abolished_on <= end)
        ]
        return issued, abolished, in_force

    rules_ids = documents(ReportKey.RULES)
    normative_ids = documents(ReportKey.NORMATIVE_DOCUMENTS)
    total_ids = [pk for pk, _c in published]
    return ActiveFigures(
        agency_id=agency.pk,
        year=year,
        by_category={name: len(ids) for name, ids in by_category_ids.items()},
        total=len(total_ids),
        rules=(len(rules_ids[0]), len(rules_ids[1]), len(rules_ids[2])),
        normative_documents=(len(normative_ids[0]), len(normative_ids[1]), len(normative_ids[2])),
        by_category_ids=by_category_ids,
        total_ids=total_ids,
        rules_ids=rules_ids,
        normative_documents_ids=normative_ids,
    )


def _tree_key(categories: dict[int, Category]) -> Any:
    def key(c: Category) -> tuple[tuple[int, int], ...]:
        path: list[tuple[int, int]] = []
        node: Category | None = c
        while node is not None:
            path.append((node.position, node.pk))
            node = categories.get(node.parent_id) if node.parent_id is not None else None
        return tuple(reversed(path))

    return key


# --- staff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffFilters:
    status: str = ""
    category: Category | None = None
    year: int | None = None
    late: bool = False
    agency: Agency | None = None
    q: str = ""


def record_list_for_staff(
    *, user: UserLike, filters: StaffFilters | None = None
) -> QuerySet[Record]:
    """Records the user may read (own agency and those below), filtered, newest first."""
    f = filters or StaffFilters()
    qs = permissions.filter_readable(user, Record.objects.select_related("agency", "category"))
    if f.agency is not None:
        qs = qs.filter(agency=f.agency)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category is not None:
        qs = qs.filter(category_id__in=descendant_ids(f.category))
    if f.year is not None:
        qs = qs.filter(
            Q(published_on__year=f.year) | Q(published_on__isnull=True, written_on__year=f.year)
        )
    if f.late:
        qs = qs.filter(publish_workdays__gt=PUBLISH_WORKDAYS)
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q) | Q(document_no__icontains=f.q) | Q(index_no__icontains=f.q)
        )
    return qs.order_by("-updated_at", "-id")


def review_queue_for_user(*, user: UserLike) -> QuerySet[Record]:
    """Records waiting for 保密审查 in the agencies where the user reviews (oldest first)."""
    agencies = permissions.agencies_changeable_by(user, Perm.RECORD_REVIEW)
    return (
        Record.objects.filter(status=RecordStatus.REVIEW, agency__in=agencies)
        .select_related("agency", "category")
        .order_by("updated_at", "id")
    )


@dataclass(frozen=True)
class DashboardCounts:
    drafts: int
    in_review: int
    published_this_year: int
    late_this_year: int
    withdrawn: int
    year: int


def dashboard_counts(
    *, user: UserLike, agency: Agency | None = None, year: int | None = None
) -> DashboardCounts:
    """Counts over the records the user may read (one query)."""
    year = year or timezone.localdate().year
    qs = permissions.filter_readable(user, Record.objects.all())
    if agency is not None:
        qs = qs.filter(agency=agency)
    figures = qs.aggregate(
        drafts=Count("id", filter=Q(status=RecordStatus.DRAFT)),
        in_review=Count("id", filter=Q(status=RecordStatus.REVIEW)),
        withdrawn=Count("id", filter=Q(status=RecordStatus.WITHDRAWN)),
        published=Count("id", filter=Q(status=RecordStatus.PUBLISHED, published_on__year=year)),
        late=Count(
            "id",
            filter=Q(
                status=RecordStatus.PUBLISHED,
                published_on__year=year,
                publish_workdays__gt=PUBLISH_WORKDAYS,
            ),
        ),
    )
    return DashboardCounts(
        drafts=figures["drafts"],
        in_review=figures["in_review"],
        published_this_year=figures["published"],
        late_this_year=figures["late"],
        withdrawn=figures["withdrawn"],
        year=year,
    )


def late_records_for_user(
    *, user: UserLike, year: int | None = None, limit: int = 20
) -> list[Record]:
    """Records published after the 20 working days of 条例第二十六条, latest first."""
    qs = permissions.filter_readable(
        user,
        Record.objects.filter(
            status=RecordStatus.PUBLISHED, publish_workdays__gt=PUBLISH_WORKDAYS
        ).select_related("agency", "category"),
    )
    if year is not None:
        qs = qs.filter(published_on__year=year)
    return list(qs.order_by("-published_on", "-id")[:limit])


def record_timeline(*, record: Record) -> list[RecordEvent]:
    """The record's events, oldest first; each with ``changed_labels`` (the fields an edit or
    a change touched, by their Chinese names)."""
    events = list(record.events.select_related("actor").order_by("created_at", "id"))
    for event in events:
        changes = event.details.get("changes") if isinstance(event.details, dict) else None
        event.changed_labels = [  # type: ignore[attr-defined]
            str(Record._meta.get_field(name).verbose_name) for name in (changes or {})
        ]
    return events


def record_years_for_user(*, user: UserLike) -> list[int]:
    qs = permissions.filter_readable(user, Record.objects.filter(published_on__isnull=False))
    return sorted({d.year for d in qs.dates("published_on", "year")}, reverse=True)
