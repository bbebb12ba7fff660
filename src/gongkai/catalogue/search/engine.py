"""The embedded search engine: a tantivy index of published records on local disk.

Layout under ``GONGKAI_SEARCH_DIR`` (default ``GONGKAI_VAR_DIR/search``)::

    CURRENT            the name of the index directory in use (written atomically)
    records-<stamp>/   a tantivy index
    write.lock         one writer at a time (web workers and task workers alike)

A full rebuild writes a new directory and then switches ``CURRENT``, so searches go on
meanwhile. Every process keeps its own open index and reloads it when ``meta.json`` of the
current directory changes (another process committed) or ``CURRENT`` names another one.

The text fields are pre-segmented (:mod:`.segment`) and read with tantivy's whitespace
tokenizer: ``title`` (words of the title, for ranking), ``words`` (title, 文号, 关键词,
内容概述, body and attachment text; BM25 over term frequencies) and ``chars`` (the set of
CJK characters, for one-character queries). Filters are exact terms: ``agency`` (code),
``category`` (the record's category code and those of its ancestors), ``year``; ``month``
(yyyymm) serves the newest-first order, ``live`` (the same term in every document) tells
whether the index holds deleted documents.

A search counts its matches exactly and ranks only as many as it needs (see
:meth:`Engine.search`): a word in nearly every record must not cost a score for each.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from gongkai.catalogue.search.segment import QueryTerm, index_chars, index_tokens, query_terms

logger = logging.getLogger(__name__)

#: Bumped when the fields change; an index of another version is replaced by an empty one
#: (and `gongkai reindex --check` reports every record missing).
SCHEMA_VERSION = 3
#: Relative weight of a query word found in the title.
TITLE_BOOST = 3.0
#: tantivy's BM25 parameter k1: no term scores more than idf × (1 + k1) in one field.
BM25_K1 = 1.2
#: With ``any_word``, words in more than this share of the records (and in more than
#: ANY_WORD_COMMON_MIN of them) are left out, unless every word is.
ANY_WORD_COMMON_SHARE = 0.1
ANY_WORD_COMMON_MIN = 1000
#: Above this many matches, relevance ranks the records with the words in their title first
#: and newest-first looks at the newest months first (below, scoring every match is cheap).
NARROW_ABOVE = 20_000
WRITER_HEAP = 64_000_000
#: Longest wait for another process's writer (an update is a few milliseconds).
LOCK_TIMEOUT = 120.0


def build_schema() -> Any:
    b = tantivy.SchemaBuilder()
    b.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    b.add_unsigned_field("version", fast=True)
    b.add_unsigned_field("date_key", fast=True)  # yyyymmdd * 10^10 + id: newest first, stable
    b.add_unsigned_field("year", indexed=True, fast=True)
    b.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("chars", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("agency", tokenizer_name="raw", index_option="basic")
    b.add_text_field("category", tokenizer_name="raw", index_option="basic")
    b.add_text_field("index_no", tokenizer_name="raw", index_option="basic")
    b.add_text_field("validity", tokenizer_name="raw", index_option="basic")
    b.add_text_field("month", tokenizer_name="raw", index_option="basic")
    b.add_text_field("live", tokenizer_name="raw", index_option="basic")
    return b.build()


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds of one published record (built by :mod:`.documents`)."""

    id: int
    version: int
    title: str
    text: str  # 文号, 关键词, 内容概述, body and attachment text
    agency: str
    categories: tuple[str, ...]
    published_on: int  # yyyymmdd
    index_no: str
    validity: str = ""


@dataclass(frozen=True)
class Hits:
    count: int
    ids: list[int]
    terms: list[str]


#: The term every document has in the field ``live``.
LIVE = "1"


def date_key(published_on: int, record_id: int) -> int:
    return published_on * 10_000_000_000 + record_id


#: A segmented document: the words of the title, the words of everything, the characters, each
#: joined by spaces (strings travel between processes far cheaper than lists of tokens).
Segmented = tuple[str, str, str]


def to_tantivy(doc: SearchDocument, tokens: Segmented) -> Any:
    title_words, all_words, chars = tokens
    d = tantivy.Document()
    d.add_unsigned("id", doc.id)
    d.add_unsigned("version", doc.version)
    d.add_unsigned("date_key", date_key(doc.published_on, doc.id))
    d.add_unsigned("year", doc.published_on // 10_000)
    d.add_text("month", str(doc.published_on // 100))
    d.add_text("live", LIVE)
    d.add_text("title", title_words)
    d.add_text("words", all_words)
    d.add_text("chars", chars)
    d.add_text("agency", doc.agency)
    for code in doc.categories:
        d.add_text("category", code)
    if doc.index_no:
        d.add_text("index_no", doc.index_no)
    if doc.validity:
        d.add_text("validity", doc.validity)
    return d


def segment(doc: SearchDocument) -> Segmented:
    """The tokens of a document (the slow part of indexing; run in worker processes)."""
    title = " ".join(index_tokens(doc.title))
    text = " ".join(index_tokens(doc.text))
    return (title, f"{title} {text}", " ".join(index_chars(doc.title + doc.text)))


class Engine:
    """The index under ``root``; one instance per process and directory (see :func:`engine`)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._index: Any = None
        self._name = ""
        self._meta_stamp: tuple[int, int] | None = None

    # --- files ---------------------------------------------------------------------------

    def _current_name(self) -> str:
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def _set_current(self, name: str) -> None:
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(tmp, self.root / "CURRENT")

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a+") as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError("search index is locked by another writer") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _new_index(self) -> tuple[str, Any]:
        name = f"records-v{SCHEMA_VERSION}-{time.time_ns()}"
        path = self.root / name
        path.mkdir(parents=True)
        return name, tantivy.Index(self.schema, path=str(path), reuse=False)

    def _open(self) -> Any:
        """The current index, (re)opened or reloaded when another process changed it."""
        name = self._current_name()
        if not self._usable(name):
            with self.write_lock():
                name = self._current_name()
                if not self._usable(name):
                    if name:
                        logger.warning(
                            "search index %s has another schema: starting an empty one; "
                            "run `gongkai reindex`",
                            name,
                        )
                    name, _index = self._new_index()
                    self._set_current(name)
        meta = self.root / name / "meta.json"
        stat = meta.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._index is None or self._name != name:
                self._index = tantivy.Index.open(str(self.root / name))
                self._index.config_reader("Manual", 0)
                self._name, self._meta_stamp = name, stamp
            elif self._meta_stamp != stamp:
                self._index.reload()
                self._meta_stamp = stamp
            return self._index

    def _usable(self, name: str) -> bool:
        return (
            name.startswith(f"records-v{SCHEMA_VERSION}-")
            and (self.root / name / "meta.json").exists()
        )

    def exists(self) -> bool:
        return self._usable(self._current_name())

    # --- writing -------------------------------------------------------------------------

    def update(self, add: Iterable[SearchDocument], remove: Iterable[int]) -> None:
        """Replace the given documents and remove the given ids, in one commit."""
        add = list(add)
        index = self._open()
        with self.write_lock():
            writer = index.writer(WRITER_HEAP, 1)
            try:
                for record_id in {*remove, *(d.id for d in add)}:
                    writer.delete_documents_by_query(
                        tantivy.Query.term_query(self.schema, "id", record_id)
                    )
                for doc in add:
                    writer.add_document(to_tantivy(doc, segment(doc)))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
        self._open()

    def rebuild(
        self,
        batches: Iterable[list[tuple[SearchDocument, Segmented]]],
        *,
        threads: int = 2,
    ) -> int:
        """Write a new index from segmented documents, then make it current. Returns the count.

        The old directory is removed after the switch (processes that still have it open keep
        reading their files until they notice ``CURRENT`` changed).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        name, index = self._new_index()
        count = 0
        writer = index.writer(max(WRITER_HEAP, 128_000_000 * threads), threads)
        try:
            for batch in batches:
                for doc, tokens in batch:
                    writer.add_document(to_tantivy(doc, tokens))
                count += len(batch)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(self.root / name, ignore_errors=True)
            raise
        with self.write_lock():
            old = self._current_name()
            self._set_current(name)
        if old and old != name:
            shutil.rmtree(self.root / old, ignore_errors=True)
        # indexes of an older schema version can never be used again (a rebuild after an
        # upgrade would otherwise leave the whole old index on disk)
        for other in self.root.glob("records-v*-*"):
            version = other.name.split("-")[1][1:]
            if version.isdigit() and int(version) < SCHEMA_VERSION:
                shutil.rmtree(other, ignore_errors=True)
        self._open()
        return count

    def clear(self) -> None:
        """Remove every index (tests, ``reindex`` of an empty catalogue)."""
        with self.write_lock():
            for child in self.root.glob("records-*"):
                shutil.rmtree(child, ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                (self.root / "CURRENT").unlink()
        with self._lock:
            self._index, self._name = None, ""

    # --- reading -------------------------------------------------------------------------

    def _term_clauses(self, term: QueryTerm, searcher: Any) -> list[tuple[str, str]]:
        """(field, text) of what a record must contain for one query word: the word, or a
        character for a one-character query."""
        if term.is_char:
            return [("chars", term.text)]
        if searcher.doc_freq("words", term.text) == 0:
            # A word the records' segmentation never produced (cut differently in context):
            # every one of its characters must be present.
            chars = index_chars(term.text)
            if chars and len(chars) == len(term.text):
                return [("chars", c) for c in chars]
        return [("words", term.text)]

    def search(
        self,
        q: str,
        *,
        agency: str | None = None,
        category: str | None = None,
        year: int | None = None,
        validity: str | None = None,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        any_word: bool = False,
    ) -> Hits:
        """Records matching every word of ``q`` (with ``any_word``, one of them at least) and
        the filters: the exact count, and the ids ranked by relevance (BM25 over all the
        text, title words weighted) or newest first.

        The count and the ranking are separate passes, each as cheap as it can be exact:

        * count — a single word with no filter and no deleted document is the word's document
          frequency; otherwise the matches are counted without scores;
        * relevance — a query word in the title weighs :data:`TITLE_BOOST` times more, so with
          many matches the best ones have query words in their titles. The records with the
          title word that fewest titles have are ranked first, then those with any query word
          in the title; such a tier is the answer when its last record on the page scores
          above what any record outside it can reach (the sum of the BM25 maxima of the words
          it may lack, :func:`_bm25_max`). Otherwise, or with few matches, every match is
          scored. One word without filters is a disjunction of its two fields, ranked with
          tantivy's block-max WAND;
        * newest first — the newest months that should hold the page are searched first, and
          more of them if they do not.
        """
        index = self._open()
        searcher = index.searcher()
        s = self.schema
        query = tantivy.Query
        terms = query_terms(q)
        must: list[tuple[str, str]] = []  # (field, text) every match contains
        stripped = q.strip()
        if stripped and searcher.doc_freq("index_no", stripped) > 0:  # a 索引号 typed in full
            must.append(("index_no", stripped))
            terms = []
        elif stripped and not terms:  # punctuation only
            return Hits(0, [], [])
        for term in terms:
            for clause in self._term_clauses(term, searcher):
                if clause not in must:
                    must.append(clause)
        filters: list[Any] = []
        if agency:
            filters.append(query.term_query(s, "agency", agency))
        if category:
            filters.append(query.term_query(s, "category", category))
        if year is not None:
            filters.append(query.term_query(s, "year", year))
        if validity:
            filters.append(query.term_query(s, "validity", validity))
        if any_word and len(terms) > 1:
            return self._any(searcher, terms, filters, sort, offset, limit)
        count = self._count(searcher, must, filters)
        if count == 0 or offset >= count or limit <= 0:
            return Hits(count, [], [t.text for t in terms])
        if sort == "date" or not terms:
            addresses = self._newest(searcher, must, filters, count, offset, limit, year)
        else:
            titles = [t.text for t in terms if searcher.doc_freq("title", t.text) > 0]
            addresses = self._best(searcher, must, filters, titles, count, offset, limit)
        ids = [int(v) for v in searcher.fast_field_values("id", addresses)] if addresses else []
        return Hits(count, ids, [t.text for t in terms])

    def _any(
        self,
        searcher: Any,
        terms: list[QueryTerm],
        filters: list[Any],
        sort: str,
        offset: int,
        limit: int,
    ) -> Hits:
        """Records with at least one of the words (a description typed into a form, not a
        query: every word required would find nothing)."""
        occur, query = tantivy.Occur, tantivy.Query
        total = max(1, int(searcher.num_docs))

        def frequency(group: list[tuple[str, str]]) -> int:
            return min(int(searcher.doc_freq(field, text)) for field, text in group)

        groups = [(t, self._term_clauses(t, searcher)) for t in terms]
        # a word in a large share of many records says nothing about a description (的, 工作,
        # 情况), and a disjunction with it would walk most of the index
        telling = [
            (t, g)
            for t, g in groups
            if frequency(g) <= max(ANY_WORD_COMMON_MIN, ANY_WORD_COMMON_SHARE * total)
        ] or [min(groups, key=lambda tg: frequency(tg[1]))]
        base = [(occur.Must, query.const_score_query(f, 0.0)) for f in filters]
        either = []
        for _term, group in telling:
            clauses = [(occur.Must, self._term(field, text)) for field, text in group]
            # with filters, each word meets them first (a few records: cheap)
            either.append((occur.Should, query.boolean_query([*clauses, *base])))
        matching = query.boolean_query(either)
        result = searcher.aggregate(matching, {"n": {"value_count": {"field": "year"}}})
        count = int(result["n"]["value"] or 0)
        words = [t.text for t, _g in telling]
        if count == 0 or offset >= count or limit <= 0:
            return Hits(count, [], words)
        if sort == "date":
            hits = searcher.search(
                matching,
                limit,
                count=False,
                order_by_field="date_key",
                offset=offset,
                order=tantivy.Order.Desc,
            ).hits
        else:
            titles = [
                (occur.Should, self._title(t.text))
                for t, _g in telling
                if searcher.doc_freq("title", t.text) > 0
            ]
            ranked = query.boolean_query([(occur.Must, matching), *titles])
            hits = searcher.search(ranked, limit, count=False, offset=offset).hits
        addresses = [address for _key, address in hits]
        ids = [int(v) for v in searcher.fast_field_values("id", addresses)] if addresses else []
        return Hits(count, ids, words)

    # --- the passes of a search ------------------------------------------------------------

    def _term(self, field: str, text: str) -> Any:
        option = "freq" if field == "words" else "basic"
        return tantivy.Query.term_query(self.schema, field, text, index_option=option)

    def _title(self, text: str) -> Any:
        return tantivy.Query.boost_query(
            tantivy.Query.term_query(self.schema, "title", text), TITLE_BOOST
        )

    def _query(
        self,
        must: list[tuple[str, str]],
        filters: list[Any],
        *extra: tuple[Any, Any],
    ) -> Any:
        """The words (scored), the filters (not scored) and ``extra`` clauses, in one query."""
        occur = tantivy.Occur
        clauses = [(occur.Must, self._term(field, text)) for field, text in must]
        clauses += [(occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        clauses += list(extra)
        if not clauses:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query(clauses)

    def _count(self, searcher: Any, must: list[tuple[str, str]], filters: list[Any]) -> int:
        if not filters and len(must) <= 1 and _without_deletes(searcher):
            if not must:
                return int(searcher.num_docs)
            return int(searcher.doc_freq(*must[0]))
        # counting needs no scores: tantivy walks the matches without reading frequencies
        result = searcher.aggregate(
            self._query(must, filters), {"n": {"value_count": {"field": "year"}}}
        )
        return int(result["n"]["value"] or 0)

    def _best(
        self,
        searcher: Any,
        must: list[tuple[str, str]],
        filters: list[Any],
        titles: list[str],
        count: int,
        offset: int,
        limit: int,
    ) -> list[Any]:
        """The addresses of the page, by relevance (see :meth:`search`)."""
        occur = tantivy.Occur
        should = [(occur.Should, self._title(t)) for t in titles]

        def top(q: Any) -> list[tuple[float, Any]]:
            return list(searcher.search(q, limit, count=False, offset=offset).hits)

        if count > NARROW_ABOVE and titles:
            if len(must) == 1 and not filters and must[0][0] in ("words", "chars"):
                # title words are among a record's words (and characters): the disjunction
                # matches what the conjunction does, and WAND skips blocks that cannot rank
                field, text = must[0]
                union = tantivy.Query.boolean_query(
                    [(occur.Should, self._term(field, text)), *should]
                )
                return [address for _score, address in top(union)]
            total = int(searcher.doc_freq("live", LIVE))  # tantivy's N: deleted ones too
            outside = sum(_bm25_max(searcher, total, field, text) for field, text in must)
            titled = sorted(titles, key=lambda t: searcher.doc_freq("title", t))
            rarest = titled[0]
            tiers = [
                (
                    self._query(
                        must,
                        filters,
                        (occur.Must, self._title(rarest)),
                        *(c for t, c in zip(titles, should, strict=True) if t != rarest),
                    ),
                    outside
                    + sum(TITLE_BOOST * _bm25_max(searcher, total, "title", t) for t in titled[1:]),
                )
            ]
            if len(titled) > 1:
                tiers.append(
                    (
                        self._query(
                            must,
                            filters,
                            (occur.Must, tantivy.Query.boolean_query(should)),
                        ),
                        outside,
                    )
                )
            for tier, bound in tiers:
                hits = top(tier)
                # float32 scores: a margin far above their rounding
                if len(hits) == limit and hits[-1][0] > bound * 1.0001:
                    return [address for _score, address in hits]
        return [address for _score, address in top(self._query(must, filters, *should))]

    def _newest(
        self,
        searcher: Any,
        must: list[tuple[str, str]],
        filters: list[Any],
        count: int,
        offset: int,
        limit: int,
        year: int | None,
    ) -> list[Any]:
        """The addresses of the page, newest first (see :meth:`search`)."""
        query = self._query(must, filters)

        def newest(q: Any) -> list[Any]:
            result = searcher.search(
                q,
                limit,
                count=False,
                order_by_field="date_key",
                offset=offset,
                order=tantivy.Order.Desc,
            )
            return [address for _key, address in result.hits]

        if count <= NARROW_ABOVE:
            return newest(query)
        months = sorted(
            searcher.terms_with_prefix("month", str(year) if year is not None else ""),
            reverse=True,
        )
        # the newest months that should hold 4 pages' worth of matches, then 8 times more
        share = count / max(1, int(searcher.num_docs))
        wanted = 4 * (offset + limit) / share
        taken, held = 0, 0
        while taken < len(months):
            while taken < len(months) and held < wanted:
                held += int(months[taken][1])
                taken += 1
            if taken >= len(months):
                break
            window = tantivy.Query.term_set_query(
                self.schema, "month", [month for month, _n in months[:taken]]
            )
            found = newest(
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, query), (tantivy.Occur.Must, window)]
                )
            )
            if len(found) == limit:  # the page lies in these months: every other is older
                return found
            wanted *= 8
        return newest(query)

    # --- consistency ---------------------------------------------------------------------

    def versions(self) -> dict[int, int]:
        """Every indexed record id with its version (the consistency check)."""
        index = self._open()
        searcher = index.searcher()
        total = searcher.num_docs
        if total == 0:
            return {}
        result = searcher.search(tantivy.Query.all_query(), total, count=False)
        addresses = [address for _score, address in result.hits]
        ids = searcher.fast_field_values("id", addresses)
        versions = searcher.fast_field_values("version", addresses)
        return {int(i): int(v) for i, v in zip(ids, versions, strict=True)}

    def num_docs(self) -> int:
        return int(self._open().searcher().num_docs)

    def state(self) -> str:
        """Changes with every commit to the index and every switch to a rebuilt one (the name
        of the current index and its ``meta.json``): pages built from search results are
        cached under it (``portal.pagecache``). Empty when there is no index yet."""
        name = self._current_name()
        try:
            stat = (self.root / name / "meta.json").stat()
        except (FileNotFoundError, NotADirectoryError):
            return ""
        return f"{name}:{stat.st_mtime_ns}:{stat.st_size}"


def _without_deletes(searcher: Any) -> bool:
    """Whether no document of the index is deleted (document frequencies count those too)."""
    return bool(searcher.doc_freq("live", LIVE) == searcher.num_docs)


def _bm25_max(searcher: Any, total: int, field: str, text: str) -> float:
    """More than a record can score for ``text`` in ``field``: tantivy's BM25 is
    idf × (1 + k1) × tf / (tf + k1 × length norm) < idf × (1 + k1), with
    idf = ln(1 + (N − n + 0.5) / (n + 0.5)) over every document, deleted ones included."""
    n = int(searcher.doc_freq(field, text))
    return math.log(1 + (total - n + 0.5) / (n + 0.5)) * (1 + BM25_K1)


_engines: dict[Path, Engine] = {}
_engines_lock = threading.Lock()


def engine(root: Path) -> Engine:
    with _engines_lock:
        found = _engines.get(Path(root))
        if found is None:
            found = _engines[Path(root)] = Engine(Path(root))
        return found
