"""From the database to :class:`~.engine.SearchDocument`: what of a record is searchable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from gongkai.catalogue.models import Attachment, Category, Record, RecordStatus
from gongkai.catalogue.search.engine import SearchDocument

_FIELDS = (
    "pk",
    "version",
    "title",
    "document_no",
    "keywords",
    "summary",
    "body_text",
    "agency__code",
    "category_id",
    "published_on",
    "index_no",
    "validity",
)


def category_paths() -> dict[int, tuple[str, ...]]:
    """Category id → its code and the codes of its ancestors (a filter by a column finds the
    records of its sub-columns)."""
    rows = {
        pk: (code, parent)
        for pk, code, parent in Category.objects.values_list("pk", "code", "parent_id")
    }
    paths: dict[int, tuple[str, ...]] = {}
    for pk in rows:
        codes: list[str] = []
        node: int | None = pk
        while node is not None and node in rows and len(codes) < 20:
            code, parent = rows[node]
            codes.append(code)
            node = parent
        paths[pk] = tuple(dict.fromkeys(codes))
    return paths


def _attachment_texts(ids: Sequence[int]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Attachment.objects.filter(record_id__in=ids)
        .exclude(text="")
        .order_by("position", "id")
        .values_list("record_id", "text")
    )
    for record_id, text in rows:
        texts[record_id].append(text)
    return texts


def _attachment_texts_between(low: int, high: int) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Attachment.objects.filter(record_id__gt=low, record_id__lte=high)
        .exclude(text="")
        .order_by("position", "id")
        .values_list("record_id", "text")
    )
    for record_id, text in rows:
        texts[record_id].append(text)
    return texts


def _documents(
    rows: Sequence[tuple[Any, ...]],
    texts: dict[int, list[str]],
    paths: dict[int, tuple[str, ...]],
) -> list[SearchDocument]:
    docs: list[SearchDocument] = []
    for (
        pk,
        version,
        title,
        document_no,
        keywords,
        summary,
        body_text,
        agency_code,
        category_id,
        published_on,
        index_no,
        validity,
    ) in rows:
        text = "\n".join(
            part for part in (document_no, keywords, summary, body_text, *texts.get(pk, [])) if part
        )
        docs.append(
            SearchDocument(
                id=pk,
                version=version,
                title=title,
                text=text,
                agency=agency_code,
                categories=paths.get(category_id, ()),
                published_on=published_on.year * 10_000
                + published_on.month * 100
                + published_on.day,
                index_no=index_no,
                validity=validity,
            )
        )
    return docs


def documents_for(
    ids: Sequence[int], paths: dict[int, tuple[str, ...]] | None = None
) -> list[SearchDocument]:
    """Search documents of the records ``ids`` that are published (others are left out)."""
    if not ids:
        return []
    paths = paths if paths is not None else category_paths()
    # by primary key only (a status condition may lead the planner to the status index and a
    # scan of every published record); the status is checked here
    rows = [
        row[:-1]
        for row in Record.objects.filter(pk__in=ids).order_by("pk").values_list(*_FIELDS, "status")
        if row[-1] == RecordStatus.PUBLISHED
    ]
    return _documents(rows, _attachment_texts([row[0] for row in rows]), paths)


def documents_between(
    low: int, high: int, paths: dict[int, tuple[str, ...]]
) -> list[SearchDocument]:
    """Search documents of the published records with ``low < pk <= high`` (a walk of the
    primary key: no list of ids to send, and the rows of a range are read in one query)."""
    rows = [
        row[:-1]
        for row in Record.objects.filter(pk__gt=low, pk__lte=high)
        .order_by("pk")
        .values_list(*_FIELDS, "status")
        if row[-1] == RecordStatus.PUBLISHED
    ]
    if not rows:
        return []
    return _documents(rows, _attachment_texts_between(low, high), paths)


def id_ranges(size: int = 2000) -> Iterator[tuple[int, int]]:
    """``(low, high]`` ranges of record ids covering every record, ``size`` ids wide (fewer
    records where ids are missing); records added later are not covered."""
    # two lookups (SQLite reads the whole table for MIN and MAX in one query)
    first = Record.objects.order_by("pk").values_list("pk", flat=True).first()
    last = Record.objects.order_by("-pk").values_list("pk", flat=True).first()
    if first is None or last is None:
        return
    for low in range(first - 1, last, size):
        yield low, min(low + size, last)


def published_versions() -> dict[int, int]:
    return dict(Record.objects.filter(status=RecordStatus.PUBLISHED).values_list("pk", "version"))
