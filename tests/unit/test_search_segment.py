"""Segmentation of records and queries for the search index, and snippets."""

from __future__ import annotations

from gongkai.catalogue.search.segment import index_chars, index_tokens, query_terms, snippet


def test_search_mode_finds_two_character_words_inside_longer_ones() -> None:
    tokens = index_tokens("低保户领取农业补贴")
    assert "低保" in tokens and "低保户" in tokens and "补贴" in tokens


def test_punctuation_dropped_full_width_folded() -> None:
    assert index_tokens("，。！") == []
    assert "2024" in index_tokens("２０２４年")
    assert query_terms("ＡＢＣ") == query_terms("abc")


def test_query_terms_unique_in_order() -> None:
    assert [t.text for t in query_terms("低保 低保 补贴")] == ["低保", "补贴"]
    assert [t.is_char for t in query_terms("镇")] == [True]
    assert query_terms("   ") == []


def test_chars_are_distinct_cjk() -> None:
    assert index_chars("镇镇a1村") == ["村", "镇"]


def test_snippet_marks_matches_around_the_first() -> None:
    text = "前言" * 100 + "发放低保补贴" + "结尾" * 100
    parts = snippet(text, ["低保", "补贴"], length=40)
    assert parts[0] == ("…", False) and parts[-1] == ("…", False)
    assert ("低保", True) in parts and ("补贴", True) in parts
    assert snippet("", ["x"]) == []
    assert snippet("没有匹配", ["低保"]) == [("没有匹配", False)]
