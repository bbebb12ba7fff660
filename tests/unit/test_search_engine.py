"""The search engine's shortcuts give what scoring and sorting every match gives.

With many matches the engine counts without scores, ranks title tiers first (bounded by BM25
maxima), uses WAND for one word and looks at the newest months first. Here every search runs
with those shortcuts forced on, and is compared with the definition: every match scored by
BM25 over all the words plus the title words weighted, or every match sorted by date.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import tantivy

from gongkai.catalogue.search import engine as engine_module
from gongkai.catalogue.search.engine import TITLE_BOOST, Engine, SearchDocument, segment

COMMON = ["工作", "会议", "镇政府"]
TOPICS = ["低保", "补贴", "拆迁", "森林防火", "征兵", "宣传", "公示", "培训"]
PLACES = ["岢曲镇", "城关镇", "金华村", "杨庄村"]


def _corpus(size: int) -> list[SearchDocument]:
    rng = random.Random(7)
    docs = []
    for n in range(1, size + 1):
        title = rng.choice(PLACES) + "".join(rng.sample(TOPICS + COMMON, rng.randint(1, 3)))
        body = "。".join(
            rng.choice(PLACES) + "".join(rng.sample(TOPICS, rng.randint(0, 3))) + "工作"
            for _ in range(rng.randint(1, 12))
        )
        year = rng.choice([2021, 2022, 2023, 2024])
        docs.append(
            SearchDocument(
                id=n,
                version=1,
                title=title,
                text=body + ("会议" if rng.random() < 0.9 else ""),
                agency=rng.choice(["A", "B"]),
                categories=(rng.choice(["gzdt", "tzgg"]), "root"),
                published_on=year * 10_000 + rng.randint(1, 12) * 100 + rng.randint(1, 28),
                index_no=f"X-{n}",
            )
        )
    return docs


@pytest.fixture(scope="module")
def index(tmp_path_factory: Any) -> Engine:
    engine = Engine(Path(tmp_path_factory.mktemp("engine")))
    docs = _corpus(600)
    engine.rebuild([[(d, segment(d)) for d in docs]], threads=1)
    engine.update([], remove=[5, 6, 7])  # deleted documents: counts may not use frequencies
    return engine


def _scores(engine: Engine, words: list[str], filters: list[Any]) -> dict[int, float]:
    """Every match of the definition's query, with its score."""
    s, q, occur = engine.schema, tantivy.Query, tantivy.Occur
    clauses = [(occur.Must, q.term_query(s, "words", w)) for w in words]
    clauses += [
        (occur.Should, q.boost_query(q.term_query(s, "title", w), TITLE_BOOST)) for w in words
    ]
    clauses += [(occur.Must, q.const_score_query(f, 0.0)) for f in filters]
    searcher = engine._open().searcher()
    hits = searcher.search(q.boolean_query(clauses), 1000, count=False).hits
    ids = searcher.fast_field_values("id", [a for _s, a in hits])
    return {int(i): score for i, (score, _a) in zip(ids, hits, strict=True)}


QUERIES = ["工作", "会议", "低保", "工作 会议", "低保 公示", "宣传 培训 工作", "镇政府 补贴"]


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("agency", [None, "A"])
@pytest.mark.parametrize("offset", [0, 13])
def test_shortcuts_rank_and_count_like_scoring_every_match(
    index: Engine, monkeypatch: Any, q: str, agency: str | None, offset: int
) -> None:
    monkeypatch.setattr(engine_module, "NARROW_ABOVE", 0)
    fast = index.search(q, agency=agency, offset=offset, limit=10)
    filters = [tantivy.Query.term_query(index.schema, "agency", agency)] if agency else []
    scores = _scores(index, q.split(), filters)
    assert fast.count == len(scores)
    expected = sorted(scores.values(), reverse=True)[offset : offset + 10]
    # the same scores in the same order (records of equal score may trade places)
    assert [scores[i] for i in fast.ids] == pytest.approx(expected, rel=1e-5)
    monkeypatch.setattr(engine_module, "NARROW_ABOVE", 10**9)
    plain = index.search(q, agency=agency, offset=offset, limit=10)
    assert plain.count == fast.count
    assert [scores[i] for i in plain.ids] == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("q", ["", "工作", "低保 公示"])
@pytest.mark.parametrize("year", [None, 2023])
@pytest.mark.parametrize("offset", [0, 40, 300])
def test_newest_months_first_gives_the_newest_records(
    index: Engine, monkeypatch: Any, q: str, year: int | None, offset: int
) -> None:
    monkeypatch.setattr(engine_module, "NARROW_ABOVE", 0)
    fast = index.search(q, year=year, sort="date", offset=offset, limit=20)
    monkeypatch.setattr(engine_module, "NARROW_ABOVE", 10**9)
    plain = index.search(q, year=year, sort="date", offset=offset, limit=20)
    assert (fast.count, fast.ids) == (plain.count, plain.ids)
    assert 5 not in fast.ids


def test_a_rebuild_removes_indexes_of_other_schema_versions(tmp_path: Path) -> None:
    engine = Engine(tmp_path)
    old = tmp_path / "records-v1-123"
    old.mkdir()
    (tmp_path / "CURRENT").write_text("records-v1-123\n", encoding="utf-8")
    docs = _corpus(3)
    assert engine.rebuild([[(d, segment(d)) for d in docs]], threads=1) == 3
    assert not old.exists()
    assert engine.search("工作").count == 3


def test_any_word_leaves_out_words_in_most_records(index: Engine, monkeypatch: Any) -> None:
    monkeypatch.setattr(engine_module, "ANY_WORD_COMMON_MIN", 0)
    alone = index.search("征兵")
    either = index.search("工作 征兵", any_word=True)  # 工作 is in every record
    assert (either.count, either.ids, either.terms) == (alone.count, alone.ids, ["征兵"])
    with_agency = index.search("工作 征兵", any_word=True, agency="A")
    assert with_agency.count == index.search("征兵", agency="A").count
    assert index.search("工作 会议", any_word=True).terms == ["会议"]  # the rarer one is kept
    monkeypatch.setattr(engine_module, "ANY_WORD_COMMON_MIN", 10**9)
    assert index.search("工作 征兵", any_word=True).count == index.search("工作").count
