"""Full-text search over published records: the selector, the index updates, the rebuild.

* :func:`search_records` — ranked ids of published records for a query, with the exact count
  (the portal, the API and the application form's suggestions use it). The database stays the
  source of truth: callers load the records by id (and only published ones).
* :func:`record_changed` — the one entry point the catalogue's services call, after their
  transaction commits, whenever a record is published, changed while published, or withdrawn.
  It enqueues :data:`~gongkai.catalogue.search.tasks.search_update_record` (django-tasks: the
  database backend and ``gongkai db_worker`` in production, inline with the immediate backend).
* :func:`reindex` (``gongkai reindex``) and :func:`check` (``gongkai reindex --check``).

The engine behind these functions is chosen by the setting ``GONGKAI_SEARCH_ENGINE`` (a dotted
path to a factory taking the index directory); the default is the embedded tantivy index of
:mod:`.engine`. Another engine (OpenSearch, Elasticsearch, Quickwit) provides the same methods:
``search``, ``update``, ``rebuild``, ``versions``, ``num_docs``, ``clear``.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SORTS = ("relevance", "date")
#: Records per database query when (re)indexing (SQLite allows 32,766 variables per query).
CHUNK = 500


@dataclass(frozen=True)
class SearchPage:
    """One page of results: the exact number of matches and the ids on this page, ranked."""

    count: int
    ids: list[int]
    terms: list[str] = field(default_factory=list)  # the query's words, for highlighting


def search_dir() -> Path:
    return Path(getattr(settings, "GONGKAI_SEARCH_DIR", Path(settings.VAR_DIR) / "search"))


def backend() -> Any:
    factory: Callable[[Path], Any] = import_string(
        getattr(settings, "GONGKAI_SEARCH_ENGINE", "gongkai.catalogue.search.engine.engine")
    )
    return factory(search_dir())


def search_records(
    q: str,
    *,
    agency_code: str | None = None,
    category: str | None = None,
    year: int | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    validity: str | None = None,
    any_word: bool = False,
) -> SearchPage:
    """Published records matching every word of ``q`` (all of them when ``q`` is empty; with
    ``any_word``, those matching at least one word: suggestions for a typed description).

    ``category`` is a category code and includes its sub-categories; ``sort`` is
    ``relevance`` (BM25, title words weighted) or ``date`` (newest 发布日期 first);
    ``validity`` (现行有效 ``valid``, ``amended``, ``abolished``) filters policy documents.
    With an empty ``q`` this is the list of published records, newest first.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    hits = backend().search(
        q or "",
        agency=agency_code or None,
        category=category or None,
        year=year,
        validity=validity or None,
        sort=sort,
        offset=max(0, offset),
        limit=max(0, min(limit, 1000)),
        any_word=any_word,
    )
    return SearchPage(count=hits.count, ids=hits.ids, terms=hits.terms)


def index_state() -> str:
    """A string that changes whenever the index's contents may have (see ``Engine.state``);
    empty for an engine that cannot tell, which callers must treat as "always changed"."""
    state = getattr(backend(), "state", None)
    return str(state()) if state is not None else ""


def record_changed(record_id: int) -> None:
    """Bring the search index up to date for one record (published → indexed, else removed)."""
    from gongkai.catalogue.search.tasks import search_update_record

    search_update_record.enqueue(record_id)


def index_records(ids: list[int]) -> None:
    """Update the index for ``ids`` now: published ones (re)indexed, the others removed."""
    from gongkai.catalogue.search.documents import documents_for

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        backend().update(documents_for(chunk), remove=chunk)


#: Category paths for the worker processes of a rebuild (set before they are forked).
_paths: dict[int, tuple[str, ...]] = {}


def _segmented_between(bounds: tuple[int, int]) -> list[tuple[Any, Any]]:
    """In a worker process: the published records of an id range, read and segmented.

    The documents go back without their text: the index needs only the segmented words.
    """
    import dataclasses

    from gongkai.catalogue.search.documents import documents_between
    from gongkai.catalogue.search.engine import segment

    return [
        (dataclasses.replace(doc, title="", text=""), segment(doc))
        for doc in documents_between(*bounds, _paths)
    ]


def reindex(*, jobs: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database; returns the number of records indexed.

    ``jobs`` > 1 reads and segments the records in that many processes (each takes a range of
    ids at a time), while this one feeds the index writer. Searches go on against the old
    index until the new one is complete. Records changed while the rebuild ran are indexed
    again afterwards.
    """
    from django.db import connections
    from django.utils import timezone

    from gongkai.catalogue.models import Record
    from gongkai.catalogue.search.documents import category_paths, id_ranges

    global _paths
    _paths = category_paths()
    started_at = timezone.now()

    def batches() -> Iterator[list[tuple[Any, Any]]]:
        if jobs <= 1:
            for bounds in id_ranges():
                batch = _segmented_between(bounds)
                if progress:
                    progress(len(batch))
                yield batch
            return
        import multiprocessing

        ranges = list(id_ranges())
        connections.close_all()  # each worker opens its own connection
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # in id order, at most two ranges per worker ahead of the writer (memory)
            pending: collections.deque[Any] = collections.deque()
            for bounds in ranges:
                pending.append(pool.apply_async(_segmented_between, (bounds,)))
                while len(pending) > 2 * jobs:
                    batch = pending.popleft().get()
                    if progress:
                        progress(len(batch))
                    yield batch
            while pending:
                batch = pending.popleft().get()
                if progress:
                    progress(len(batch))
                yield batch

    count = int(backend().rebuild(batches(), threads=max(1, min(jobs, 4))))
    changed = list(Record.objects.filter(updated_at__gt=started_at).values_list("pk", flat=True))
    for start in range(0, len(changed), CHUNK):
        index_records(changed[start : start + CHUNK])
    return count


@dataclass(frozen=True)
class Consistency:
    """The index against the database: what is missing, what should not be there, what is old."""

    published: int
    indexed: int
    missing: list[int]  # published, not in the index
    extra: list[int]  # in the index, not published (withdrawn, deleted)
    stale: list[int]  # indexed at another version than the database's

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check() -> Consistency:
    from gongkai.catalogue.search.documents import published_versions

    db = published_versions()
    indexed = backend().versions()
    return Consistency(
        published=len(db),
        indexed=len(indexed),
        missing=sorted(set(db) - set(indexed)),
        extra=sorted(set(indexed) - set(db)),
        stale=sorted(pk for pk, v in indexed.items() if pk in db and db[pk] != v),
    )


def repair(result: Consistency) -> int:
    """Index what :func:`check` found wrong; returns the number of records touched."""
    ids = [*result.missing, *result.extra, *result.stale]
    for start in range(0, len(ids), CHUNK):
        index_records(ids[start : start + CHUNK])
    return len(ids)


def demo_reindex(data: Any) -> list[str]:
    """``DEMO_HOOKS`` entry: the demo's records searchable at once, without a worker."""
    count = reindex()
    return [f"全文检索索引已重建：{count} 条已发布信息。"]
