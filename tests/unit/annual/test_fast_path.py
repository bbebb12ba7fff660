"""The fast path (``readers/fast.py``) gives exactly what the full recogniser gives.

Every text the fast path accepts — from the synthetic bench corpus (text, HTML, DOCX,
PDF), ``shared/corpus`` and the seed, and every file under ``tests/data/annual``
(including the converter corpus) — is read both ways and the results compared: the
``gongkai.annual/1`` JSON with the reader's findings, the certainty of each row, title,
sections and narrative. Small corruptions of a clean report (a figure that breaks a sum,
a missing or swapped row, glued digits, a second report) make the fast path decline.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.synth import random_report, render_docx, render_pdf
from bench.synth import render_text as bench_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.model import Report
from gongkai.annual.readers import NotAReport, read_bytes, text
from gongkai.annual.readers.fast import read_clean
from gongkai.annual.readers.vocabulary import PAGE_MARKER
from gongkai.annual.writers import render

from .strategies import valid_reports
from .test_corpus_files import shared_dir

DATA = Path(__file__).resolve().parents[2] / "data" / "annual"
READABLE = {".txt", ".html", ".htm", ".shtml", ".docx", ".pdf"}


def fast(raw: str) -> Report | None:
    return read_clean(text.unwrap_labels(text.clean(raw)))


def same(one: Report, other: Report) -> None:
    """Figures, findings and certainty alike, and the narrative the checks read."""
    assert one.to_json() == other.to_json()
    assert one.applications == other.applications
    assert one.placement == other.placement
    assert [f.to_json(detailed=True) for f in one.findings] == [
        f.to_json(detailed=True) for f in other.findings
    ]
    assert (one.title, one.agency, one.year) == (other.title, other.agency, other.year)
    assert one.sections == other.sections
    assert one.text == other.text


def texts_read(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the readers hand to the recogniser while reading one file."""
    seen: list[str] = []
    clean = text.clean

    def spy(raw: str) -> str:
        seen.append(raw)
        return clean(raw)

    with monkeypatch.context() as patch:
        patch.setattr(text, "clean", spy)
        try:
            read_bytes(data, name)
        except NotAReport:
            pass
    return seen


def compare_both_ways(raw: str) -> bool:
    """True when the fast path accepted ``raw`` (and then agreed with the full reader)."""
    quick = fast(raw)
    if quick is None:
        return False
    same(quick, text.read_text(raw))
    return True


def bench_sample() -> Iterator[tuple[str, bytes]]:
    """Reports of the bench corpus, written the ways the bench writes them."""
    for index in range(12):
        report = random_report(random.Random(2021 * 1_000_003 + index))
        yield f"{index}.txt", bench_text(report).encode("utf-8")
        yield f"{index}.docx", render_docx(report)
        yield f"{index}.html", render(report, "html")
        if index < 3:
            yield f"{index}.pdf", render_pdf(report)
            yield f"{index}.writer.docx", render(report, "docx")


def test_bench_sample_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    accepted: dict[str, int] = {}
    for name, data in bench_sample():
        for raw in texts_read(data, name, monkeypatch):
            if compare_both_ways(raw):
                kind = name.split(".", 1)[1]
                accepted[kind] = accepted.get(kind, 0) + 1
    # the clean shapes the fast path is for: every text, DOCX and HTML report of the bench
    assert accepted.get("txt") == 12
    assert accepted.get("docx") == 12
    assert accepted.get("html") == 12


def data_files() -> list[Path]:
    files = [p for p in sorted(DATA.rglob("*")) if p.suffix in READABLE and p.is_file()]
    shared = shared_dir()
    if shared is not None:
        for folder in ("corpus", "seed"):
            files += [p for p in sorted((shared / folder).glob("*")) if p.suffix in READABLE]
    return files


def test_every_file_the_fast_path_accepts_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = data_files()
    assert len(files) > 100
    accepted = 0
    for path in files:
        for raw in texts_read(path.read_bytes(), path.name, monkeypatch):
            accepted += compare_both_ways(raw)
    assert accepted >= 1  # the golden text at least


# ---------------------------------------------------------------------------
# Corruptions the fast path must decline
# ---------------------------------------------------------------------------


def clean_text(seed: int = 7) -> str:
    raw = bench_text(random_report(random.Random(seed)))
    assert fast(raw) is not None
    return raw


def table_line(raw: str, label: str) -> str:
    return next(line for line in raw.split("\n") if label in line and "\t" in line)


def test_a_changed_figure_that_breaks_a_sum_declines() -> None:
    raw = clean_text()
    line = table_line(raw, "2.重复申请")
    cells = line.split("\t")
    cells[-2] = str(int(cells[-2]) + 1)
    assert fast(raw.replace(line, "\t".join(cells))) is None
    # the same figure changed and the row's total with it: the column sums break
    cells[-1] = str(int(cells[-1]) + 1)
    assert fast(raw.replace(line, "\t".join(cells))) is None


def test_a_missing_row_declines() -> None:
    raw = clean_text()
    assert fast(raw.replace(table_line(raw, "6.属于四类过程性信息") + "\n", "")) is None
    assert fast(raw.replace(table_line(raw, "行政强制") + "\n", "")) is None
    review = next(line for line in raw.split("\n") if re.fullmatch(r"[\d\t]+", line))
    assert fast(raw.replace(review + "\n", "")) is None


def test_a_swapped_label_declines() -> None:
    raw = clean_text()
    one, two = table_line(raw, "2.重复申请"), table_line(raw, "3.要求提供公开出版物")
    swapped = raw.replace(one, "\0").replace(two, one).replace("\0", two)
    assert fast(swapped) is None
    assert fast(raw.replace("行政处罚\t", "行政强制\t", 1)) is None


def test_glued_digits_decline() -> None:
    raw = clean_text()
    line = table_line(raw, "（七）总计")
    cells = line.split("\t")
    glued = "\t".join([*cells[:-3], cells[-3] + cells[-2], cells[-1]])
    assert fast(raw.replace(line, glued)) is None


def test_blank_and_misprinted_cells_decline() -> None:
    raw = clean_text()
    line = table_line(raw, "1.属于国家秘密")
    cells = line.split("\t")
    for printed in ("", "-", "O", "1,0", "１"):
        changed = [*cells[:-4], printed, *cells[-3:]]
        assert fast(raw.replace(line, "\t".join(changed))) is None


def test_a_second_report_declines() -> None:
    raw = clean_text()
    assert fast(raw + "\n" + clean_text(8)) is None
    assert fast(clean_text(8) + "\n" + raw) is None
    assert fast(raw + "\n" + raw) is None  # the same report twice (a mobile copy)


def test_table_rows_named_in_the_narrative_decline() -> None:
    raw = clean_text()
    heading = "二、主动公开政府信息情况"
    named = "本年新收政府信息公开申请数量5件，上年结转政府信息公开申请数量0件。\n"
    assert fast(raw.replace(heading, named + heading)) is None


def test_a_heading_out_of_place_declines() -> None:
    raw = clean_text()
    assert fast(raw.replace("五、存在的主要问题及改进情况", "五、存在的问题")) is None
    assert fast(raw.replace("一、总体情况", "")) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports(narrative=True), data=st.data())
def test_any_valid_report_reads_the_same_and_any_changed_cell_declines(
    report: Report, data: st.DataObject
) -> None:
    raw = render(report, "txt").decode("utf-8")
    quick = fast(raw)
    if quick is not None:
        same(quick, text.read_text(raw))
    # change one cell of table 三: its row's total no longer adds up
    lines = raw.split("\n")
    rows = [i for i, line in enumerate(lines) if re.search(r"(\t\d+){7}$", line)]
    if not rows:
        return
    index = data.draw(st.sampled_from(rows))
    cells = lines[index].split("\t")
    column = data.draw(st.integers(min_value=len(cells) - 7, max_value=len(cells) - 2))
    cells[column] = str(int(cells[column]) + data.draw(st.integers(min_value=1, max_value=9)))
    lines[index] = "\t".join(cells)
    assert fast("\n".join(lines)) is None


def _mutate(raw: str, data: st.DataObject) -> str:
    """One small corruption: a line dropped, doubled or moved, a separator lost or
    changed, a digit changed, added or dropped."""
    lines = raw.split("\n")
    kind = data.draw(st.sampled_from(["drop", "double", "swap", "tab", "digit", "glue"]))
    index = data.draw(st.integers(min_value=0, max_value=len(lines) - 2))
    if kind == "drop":
        del lines[index]
    elif kind == "double":
        lines.insert(index, lines[index])
    elif kind == "swap":
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
    else:
        text = "\n".join(lines)
        if kind == "tab":
            spots = [i for i, ch in enumerate(text) if ch == "\t"]
            replacement = data.draw(st.sampled_from(["", " ", "\t\t", "|"]))
        else:
            spots = [i for i, ch in enumerate(text) if ch.isdigit()]
            replacement = (
                ""
                if kind == "glue"
                else data.draw(st.sampled_from(["0", "1", "7", "00", "l", "O", "１"]))
            )
        at = data.draw(st.sampled_from(spots))
        return text[:at] + replacement + text[at + 1 :]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10_000), data=st.data())
def test_a_corrupted_report_is_declined_or_read_as_the_full_reader_reads_it(
    seed: int, data: st.DataObject
) -> None:
    raw = _mutate(clean_text(seed), data)
    quick = fast(raw)
    if quick is None:
        return
    try:
        full = text.read_text(raw)
    except NotAReport:  # pragma: no cover - the fast path would have had to refuse too
        pytest.fail("the fast path read a text the full reader refuses")
    same(quick, full)


def _clean_reference(raw: str) -> str:
    """``text.clean`` written the plain way: every ``^…$`` page-number line emptied."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return PAGE_MARKER.sub("", text._CONTROL.sub("", raw))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "\n",
                "\r",
                "\r\n",
                "\f",
                "1",
                "23",
                " ",
                "\t",
                "\u3000",
                "- 3 -",
                "—4—",
                "第",
                "页",
                "共",
                "/",
                "~",
                "，",
                "x",
                "年",
                "\x01",
                "３",
                "第 2 页 共 5 页",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_clean_drops_page_number_lines_as_the_plain_pattern_does(raw: str) -> None:
    assert text.clean(raw) == _clean_reference(raw)
