"""The recogniser's parts: the digit splitter, the vocabulary, the narrative helpers."""

from __future__ import annotations

import time
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.format import APPLICATION_ROWS, OUTCOME_ROW_KEYS
from gongkai.annual.readers import glued
from gongkai.annual.readers.errors import NotAReport, OldFormatReport, UnreadableReport
from gongkai.annual.readers.narrative import agency_of, find_title
from gongkai.annual.readers.tables import find_hits
from gongkai.annual.readers.vocabulary import (
    SPELLINGS,
    Folded,
    fold,
    fold_char,
    is_page_marker,
    leading_number,
    parse_number,
)

# ---------------------------------------------------------------------------
# glued.py
# ---------------------------------------------------------------------------


def test_split_with_total_pingtan_rows() -> None:
    assert glued.split_with_total("21710000218", 7) == [(217, 1, 0, 0, 0, 0, 218)]
    assert glued.split_with_total("640020470", 7) == [(64, 0, 0, 2, 0, 4, 70)]
    assert glued.split_with_total("0000000", 7) == [(0,) * 7]


def test_split_respects_printed_separators() -> None:
    # '500000 5': the space is a cell boundary
    assert glued.split_with_total("5000005", 7, frozenset({6})) == [(5, 0, 0, 0, 0, 0, 5)]
    # a separator that no split can honour leaves nothing
    assert glued.split_with_total("1001", 3, frozenset({1})) == []


def test_split_groups_table_four() -> None:
    assert glued.split_groups("10203120001200000", 3, 5) == [
        (1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)
    ]


def test_free_split_is_ambiguous_without_arithmetic() -> None:
    options = glued.split_free("693665", 3)
    assert (69, 3, 665) in options and len(options) > 1
    assert glued.split_free("000", 3) == [(0, 0, 0)]
    assert glued.agree(options) == [None, None, None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3000), min_size=6, max_size=6))
def test_the_true_split_is_always_a_candidate(parts: list[int]) -> None:
    cells = (*parts, sum(parts))
    digits = "".join(str(c) for c in cells)
    try:
        options = glued.split_with_total(digits, 7)
    except glued.TooManySplits:  # undetermined: the reader leaves the row empty
        return
    assert cells in options
    assert all(sum(o[:6]) == o[6] for o in options)


def test_solver_uses_column_sums() -> None:
    # two readings of one row; only one keeps 一 + 二 = （七） + 四 in every column
    candidates: dict[str, list[glued.Cells]] = {
        "new": [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)],
        "carried_in": [(0,) * 7],
        "total": [(11, 0, 0, 0, 0, 0, 11)],
        "carried_out": [(0,) * 7],
    }
    outcomes = [k for k in OUTCOME_ROW_KEYS]
    for key in outcomes:
        candidates[key] = [(0,) * 7]
    candidates["granted"] = [(11, 0, 0, 0, 0, 0, 11)]
    used, complete = glued.solve_applications(candidates, outcome_keys=outcomes, width=7)
    assert complete
    assert used["new"] == [(11, 0, 0, 0, 0, 0, 11)]


def test_long_runs_stay_fast() -> None:
    started = time.process_time()
    for run in ("9" * 40, "1234567891" * 4, "1" * 60):
        try:
            glued.split_with_total(run, 7)
            glued.split_groups(run, 3, 5)
        except glued.TooManySplits:
            pass
    assert time.process_time() - started < 5


# ---------------------------------------------------------------------------
# vocabulary.py
# ---------------------------------------------------------------------------


def test_fold_unifies_brackets_spaces_quotes_and_numbering() -> None:
    assert fold("（三） 不予公开") == fold("(三)不予公开") == "(三)不予公开"
    assert fold("危及“三安全一稳定”") == fold('危及"三安全一稳定"') == "危及三安全一稳定"
    assert fold("第二十条 第（一）项") == "第二十条第(一)项"
    assert fold("1、其他") == fold("1，其他") == "1,其他"
    assert fold("１２３") == "123"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_is_the_fold_of_each_character(text: str) -> None:
    if all(len(unicodedata.normalize("NFKC", c)) == 1 for c in text):
        assert fold(text) == "".join(fold_char(c) for c in text)
    folded = Folded.of(text)
    assert folded.text == fold(text)
    for pos in range(len(folded.text)):
        assert 0 <= folded.start_in_original(pos) < max(len(text), 1)


def test_folded_positions_map_back() -> None:
    original = "规章\t0 \t 1\n（三） 不予公开"
    folded = Folded.of(original)
    at = folded.text.find("不予公开")
    assert original[folded.start_in_original(at) :] == "不予公开"
    assert original[: folded.end_in_original(at + len("不予公开"))].endswith("不予公开")
    expanded = Folded.of("㈠ 予以公开")  # NFKC expands ㈠ to (一)
    at = expanded.text.find("予以公开")
    assert expanded.original[expanded.start_in_original(at) :] == "予以公开"


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("12", Decimal(12)),
        ("1,234", Decimal(1234)),
        ("3,985,758", Decimal(3985758)),
        ("24252.311082", Decimal("24252.311082")),
        ("１２", Decimal(12)),
        ("12,34", None),
        ("1.2.3", None),
        ("", None),
        ("十二", None),
    ],
)
def test_parse_number(token: str, value: Decimal | None) -> None:
    assert parse_number(token) == value


def test_leading_number_keeps_cells_and_drops_prose() -> None:
    assert leading_number("693665第二十条") == ("693665", "第二十条")
    assert leading_number("12件") == ("12", "")
    assert leading_number("96171.6万元") == ("96171.6", "")
    assert leading_number("2024年") is None
    assert leading_number("3件，予以公开") is None


@pytest.mark.parametrize("line", ["- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页", "3/10"])
def test_page_markers(line: str) -> None:
    assert is_page_marker(line)


@pytest.mark.parametrize("line", ["3", "0 0 0", "规章 0 0 0", "2024年", "-"])
def test_not_page_markers(line: str) -> None:
    assert not is_page_marker(line)


def test_every_official_label_is_recognised_in_each_numbering_style() -> None:
    for row in APPLICATION_ROWS:
        for number in (row.number, row.number.replace(".", "、"), row.number.replace(".", "．")):
            text = f"{number}{row.label} 0 0 0 0 0 0 0"
            hits = find_hits(Folded.of(text), 0, len(fold(text)), frozenset({"application"}))
            assert [h.key for h in hits] == [row.key], text


def test_spellings_are_folded_and_longest_first() -> None:
    assert all(s.text == fold(s.text) for s in SPELLINGS)
    lengths = [len(s.text) for s in SPELLINGS]
    assert lengths == sorted(lengths, reverse=True)


# ---------------------------------------------------------------------------
# narrative.py and errors.py
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("岢曲镇人民政府 2023 年政府信息公开工作年度报告", "岢曲镇人民政府"),
        ("某市自然资源和规划局关于2022年度政府信息公开工作年度报告", "某市自然资源和规划局"),
        ("2024年某县人民政府政府信息公开工作年度报告", "某县人民政府"),
        ("政府信息公开工作年度报告", None),
        ("某县人民政府二〇二三年政府信息公开工作年度报告", "某县人民政府"),
        ("某县人民政府２０２３年政府信息公开工作年度报告", "某县人民政府"),
    ],
)
def test_agency_from_title(title: str, agency: str | None) -> None:
    assert agency_of(title) == agency


def test_title_over_two_lines_and_crawler_metadata() -> None:
    assert find_title(["- 1 -", "淮安市人民政府", "2024 年政府信息公开工作年度报告"]) == (
        "淮安市人民政府2024 年政府信息公开工作年度报告"
    )
    assert find_title(["标题: 某区2021年度政府信息公开工作年度报告", "发布时间: 2022-02-08"]) == (
        "某区2021年度政府信息公开工作年度报告"
    )
    assert find_title(["某县2023年政府信息公开工作年度报告_某县人民政府门户网站"]) == (
        "某县2023年政府信息公开工作年度报告"
    )


def test_not_a_report_kinds_carry_a_reason() -> None:
    for kind in (NotAReport, OldFormatReport, UnreadableReport):
        error = kind(source="a.txt")
        assert issubclass(kind, NotAReport)
        assert error.reason and "a.txt" in str(error)
        assert error.kind
