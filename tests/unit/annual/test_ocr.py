"""Scanned reports read by OCR: every figure right, or its cell empty and named.

The scans are made here (``scans.py``) from the corpus PDFs, whose figures were read by
hand (``../shared/corpus/*.json``): the pages holding tables 二, 三 and 四 rasterised at
150 or 300 dpi, turned, speckled, saved as JPEG, a red seal over one; these read
exactly. One more scan is
made of a report the platform writes, with a red seal over its tables and one figure of
table 三 blotted out by a smudge. A cell is

* right — the figure of the source;
* empty, flagged — no figure, and a finding names the cell;
* wrong — any other figure (flagged or not: OCR must not guess).

OCR takes seconds a page: each scan is read once per run and only its table pages are
scanned; the tests that read scans are marked ``slow``.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from gongkai.annual.format import (
    ACTIVE_BY_KEY,
    APPLICANT_COLUMN_LABELS,
    REVIEW_COLUMN_LABELS,
)
from gongkai.annual.model import Report
from gongkai.annual.readers import read_bytes, read_text
from gongkai.annual.readers.ocr import LAST, find_grids, lay_out, ocr_available
from gongkai.annual.readers.vocabulary import UNREADABLE
from gongkai.annual.writers import render

from .scans import scan, smudge
from .test_writers import example_report

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
#: scan name → (corpus report, its pages holding tables 二–四 (from 0), how it is scanned)
SCANS: dict[str, tuple[str, list[int], dict[str, Any]]] = {
    "huaian 150 dpi, turned 0.4°, speckled, JPEG 70": (
        "huaian-city-2024",
        [2, 3, 4],
        {"dpi": 150, "angle": 0.4, "noise": 0.001, "jpeg": 70},
    ),
    "hongze 300 dpi, turned -0.5°, JPEG 60, sealed": (
        "hongze-district-2024",
        [1, 2, 3],
        {"dpi": 300, "angle": -0.5, "jpeg": 60, "stamp": True},
    ),
}
SMUDGED = ("granted", "自然人", "1288")  # row, column, the figure printed there

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="RapidOCR is not installed")
needs_corpus = pytest.mark.skipif(
    not CORPUS.exists(), reason="the shared corpus is not next to the repository"
)


def truth(stem: str) -> Report:
    return Report.from_json(json.loads((CORPUS / f"{stem}.json").read_text("utf-8")))


@cache
def read_scan(name: str) -> tuple[Report, float]:
    stem, pages, how = SCANS[name]
    image_pdf = scan((CORPUS / f"{stem}.pdf").read_bytes(), pages=pages, **how)
    return read_bytes(image_pdf, "scan.pdf"), LAST.pages_per_second


@cache
def read_smudged() -> tuple[Report, float]:
    pdf = smudge(render(truth("huaian-city-2024"), "pdf"), SMUDGED[2])
    image_pdf = scan(pdf, dpi=150, angle=0.4, noise=0.001, jpeg=70, stamp=True)
    return read_bytes(image_pdf, "scan.pdf"), LAST.pages_per_second


def figures(report: Report) -> dict[str, object]:
    """Every figure of tables 二, 三 and 四 by its cell (the findings' ``where``)."""
    data = report.to_json(findings=[])
    out: dict[str, object] = {}
    for key, value in data["active"].items():
        values = value if isinstance(value, list) else [value]
        for column, cell in zip(ACTIVE_BY_KEY[key].columns, values, strict=True):
            out[f"二/{key}/{column}"] = None if cell is None else Decimal(str(cell))
    for key, row in data["applications"].items():
        for column, cell in zip(APPLICANT_COLUMN_LABELS, row, strict=True):
            out[f"三/{key}/{column}"] = cell
    for key, row in data["reviews"].items():
        for column, cell in zip(REVIEW_COLUMN_LABELS, row, strict=True):
            out[f"四/{key}/{column}"] = cell
    return out


def tally(report: Report, want: Report) -> tuple[Counter[str], list[str], list[str]]:
    """(counts, the cells left empty, the cells read wrong)."""
    named = {f.where for f in report.findings}
    got = figures(report)
    counts: Counter[str] = Counter()
    empty: list[str] = []
    wrong: list[str] = []
    for cell, value in figures(want).items():
        if got[cell] == value:
            counts["right"] += 1
        elif got[cell] is None and cell in named:
            counts["empty, flagged"] += 1
            empty.append(cell)
        else:
            counts["wrong"] += 1
            wrong.append(f"{cell}: {got[cell]} (truth {value})")
    return counts, empty, wrong


def show(capsys: pytest.CaptureFixture[str], name: str, counts: Counter[str], speed: float) -> None:
    with capsys.disabled():
        print(
            f"\nOCR {name}: {counts['right']} right, {counts['empty, flagged']} empty and "
            f"flagged, {counts['wrong']} wrong (tables 二–四); {speed:.2f} pages/s"
        )


def test_lines_from_boxes_undo_a_slight_rotation() -> None:
    # two rows of three boxes, the page turned by about 1°: y grows 2 px per 100 px
    def box(x: float, y: float, text: str) -> tuple[list[list[float]], str]:
        dy = x * 0.02
        return [
            [x, y + dy],
            [x + 80, y + dy + 1.6],
            [x + 80, y + dy + 21.6],
            [x, y + dy + 20],
        ], text

    boxes = [box(0, 100, "行政许可"), box(600, 100, "12"), box(900, 100, "7")]
    boxes += [box(0, 130, "行政处罚"), box(600, 130, "3"), box(900, 130, "0")]
    assert lay_out(boxes) == ["行政许可 12 7", "行政处罚 3 0"]


def test_grid_found_with_its_merged_cells() -> None:
    # a ruled table of 3 rows × 4 columns at 72 px per inch ×2: the first column's
    # label spans rows 2–3, the header's second cell spans columns 2–4
    image = Image.new("L", (900, 400), 255)
    draw = ImageDraw.Draw(image)
    xs, ys = [100, 300, 500, 650, 800], [100, 180, 260, 340]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    draw.rectangle((xs[0] + 3, ys[1] + 3, xs[1] - 3, ys[2] + 3), fill=255)  # merge rows
    draw.rectangle((xs[1] + 3, ys[0] + 3, xs[-1] - 3, ys[1] - 3), fill=255)  # merge columns
    grids = find_grids(np.asarray(image), px_per_pt=2.0)
    assert len(grids) == 1
    grid = grids[0]
    assert len(grid.ys) == 4 and len(grid.xs) == 5
    spans = {(c.row, c.col): (c.rows, c.cols) for c in grid.cells}
    assert spans[(0, 1)] == (1, 3)
    assert spans[(1, 0)] == (2, 1)
    assert spans[(1, 2)] == (1, 1)
    assert len(grid.cells) == 1 + 1 + 1 + 3 + 3
    rows = grid.table().rows
    assert rows[0] == ["", "", None, None]
    assert rows[2] == [None, "", "", ""]


def test_an_illegible_cell_is_named_alone() -> None:
    # OCR marks a cell whose ink is no figure: that one cell is empty and named
    text = render(example_report(), "txt").decode("utf-8")
    text = text.replace("（一）予以公开\t\t12\t", f"（一）予以公开\t\t{UNREADABLE}\t", 1)
    report = read_text(text)
    assert report.applications["granted"] == [None, 1, 0, 0, 1, 0, 14]
    named = [f for f in report.findings if f.where.startswith("三/granted")]
    assert [(f.code, f.where) for f in named] == [("reader-missing-cell", "三/granted/自然人")]


@pytest.mark.slow
@needs_ocr
@needs_corpus
@pytest.mark.parametrize("name", list(SCANS))
def test_scanned_corpus_report_reads_exactly(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    report, speed = read_scan(name)
    counts, empty, wrong = tally(report, truth(SCANS[name][0]))
    show(capsys, name, counts, speed)
    assert not wrong
    assert not empty
    # table 二 has no sums: each OCR'd figure carries a warning on its cell
    assert "二/penalty/本年处理决定数量" in {f.where for f in report.findings}


@pytest.mark.slow
@needs_ocr
@needs_corpus
def test_smudged_figure_is_flagged_not_guessed(capsys: pytest.CaptureFixture[str]) -> None:
    report, speed = read_smudged()
    counts, empty, wrong = tally(report, truth("huaian-city-2024"))
    show(capsys, "written report, smudged, 150 dpi, turned 0.4°, sealed", counts, speed)
    # nothing guessed: the smudged figure alone is empty, a finding names its cell, and
    # every other figure is right
    assert not wrong
    key, column, _ = SMUDGED
    assert empty == [f"三/{key}/{column}"]
