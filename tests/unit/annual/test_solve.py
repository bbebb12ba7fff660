"""Placing figures by arithmetic: table 四 scrambled, table 三 rows by position, headings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.checks import check
from gongkai.annual.format import REVIEW_COLUMN_LABELS
from gongkai.annual.readers import read_text
from gongkai.annual.readers.solve import adds_up, interleaved_groups
from gongkai.annual.writers import render

from .test_writers import example_report


def group() -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(st.integers(0, 400), min_size=4, max_size=4).map(
        lambda parts: (*parts, sum(parts))
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(group(), min_size=3, max_size=3), st.randoms())
def test_interleaved_groups_contain_the_truth(
    groups: list[tuple[int, ...]], rnd: random.Random
) -> None:
    # deal the three groups into one stream keeping each group's order
    queues = [list(g) for g in groups]
    stream: list[int] = []
    while any(queues):
        q = rnd.choice([q for q in queues if q])
        stream.append(q.pop(0))
    solutions = interleaved_groups(stream, 3, 5)
    assert solutions is not None
    truth = sorted(groups, key=lambda g: stream.index(g[0]) if g else 0)
    assert any(sorted(s) == sorted(truth) for s in solutions)
    assert all(adds_up(g) for s in solutions for g in s)


def test_table_four_scrambled_is_solved_or_flagged() -> None:
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n"
        "72\n64\n178\n37\n结果\n12\n1\n1\n6\n总计\n351\n维持\n13\n4\n8\n1\n26\n总计\n20\n"
    )
    base = render(example_report(), "txt").decode("utf-8")
    head = base.split("四、政府信息公开行政复议")[0]
    tail = "五、存在的主要问题及改进情况" + base.split("五、存在的主要问题及改进情况")[1]
    report = read_text(head + text + tail)
    assert report.reviews["reconsideration"] == [72, 64, 178, 37, 351]
    # the two litigation groups cannot be told apart by their sums: empty and named
    assert report.reviews["litigation_direct"] == [None] * 5
    wheres = {f.where for f in report.findings if f.code == "reader-ambiguous"}
    # each undecided cell is named on its own
    assert {
        f"四/{group}/{column}"
        for group in ("litigation_direct", "litigation_after_reconsideration")
        for column in REVIEW_COLUMN_LABELS
    } <= wheres
    # and check does not call them blank as well
    assert not [f for f in check(report) if f.code == "cell-missing" and f.where.startswith("四")]


@pytest.mark.parametrize(
    ("official", "misprint", "number"),
    [("其他需要报告的事项", "其它需要报告的事项", "六"), ("总体情况", "总休情况", "一")],
)
def test_misprinted_heading_is_the_section_with_a_warning(
    official: str, misprint: str, number: str
) -> None:
    text = render(example_report(), "txt").decode("utf-8").replace(official, misprint, 1)
    findings = check(read_text(text))
    assert not [f for f in findings if f.code == "section-missing"]
    heading = [f for f in findings if f.code == "section-heading"]
    assert [(f.severity, f.where) for f in heading] == [("warning", f"text/{number}")]


PINGTAN = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "pingtan-2021.txt"


@pytest.mark.skipif(not PINGTAN.exists(), reason="the shared corpus is not next to the repository")
def test_glued_row_split_by_the_narratives_figures() -> None:
    text = PINGTAN.read_text("utf-8")
    # as printed: 693665 has many splits, listed in the finding
    report = read_text(text)
    assert report.active.normative_documents == [None, None, None]
    cells = [f for f in report.findings if f.where.startswith("二/normative_documents/")]
    assert [f.where.split("/")[2] for f in cells] == [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert all(f.code == "reader-ambiguous" and "可能的拆分：" in f.message for f in cells)
    # the narrative states two of the figures: the split is decided
    stated = text.replace(
        "一、总体情况", "一、总体情况本年度制发规范性文件69件，现行有效规范性文件665件。", 1
    )
    assert read_text(stated).active.normative_documents == [69, 3, 665]
