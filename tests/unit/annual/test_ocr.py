"""Scanned reports read by OCR: every figure confirmed by the arithmetic or flagged.

The scans are made here from a report the platform writes (its truth known): pages
rasterised at 150 dpi, turned by 0.4°, speckled, saved as JPEG, a red seal over the
tables, and one figure of table 三 blotted out by a smudge. OCR is slow (seconds a page),
so one two-page scan is read, once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from gongkai.annual.model import Report
from gongkai.annual.readers import read_bytes
from gongkai.annual.readers.ocr import LAST, lay_out, ocr_available
from gongkai.annual.writers import render

from .scans import scan, smudge

SHARED = Path(__file__).resolve().parents[4] / "shared"
TRUTH = SHARED / "corpus" / "huaian-city-2024.json"
SMUDGED = ("granted", 0, "1288")  # row, column, the figure printed there

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="RapidOCR is not installed")


@cache
def truth() -> Report:
    return Report.from_json(json.loads(TRUTH.read_text("utf-8")))


@cache
def scanned() -> tuple[Report, float]:
    pdf = smudge(render(truth(), "pdf"), SMUDGED[2])
    image_pdf = scan(pdf, dpi=150, angle=0.4, noise=0.001, jpeg=70, stamp=True)
    report = read_bytes(image_pdf, "scan.pdf")
    return report, LAST.pages_per_second


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


@needs_ocr
@pytest.mark.skipif(not TRUTH.exists(), reason="the shared corpus is not next to the repository")
def test_scanned_report_every_figure_right_or_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    report, speed = scanned()
    flagged = {f.where for f in report.findings}
    want = truth().to_json(findings=[])
    got = report.to_json(findings=[])
    right = empty = 0
    silent: list[str] = []
    for table in ("applications", "reviews"):
        for key, row in want[table].items():
            for col, value in enumerate(row):
                read = got[table][key][col]
                if read == value:
                    right += 1
                elif read is None:
                    empty += 1
                else:
                    silent.append(f"{table}/{key}/{col}: {read} (truth {value})")
    with capsys.disabled():
        print(f"\nOCR: {speed:.2f} pages/s; tables 三/四: {right} right, {empty} empty")
    assert not silent
    assert right >= 0.7 * (right + empty)
    # the smudged figure is not guessed: its cell is empty and named
    key, col, _ = SMUDGED
    assert got["applications"][key][col] is None
    assert any(w.startswith(f"三/{key}") for w in flagged)
    # table 二 has no sums: its OCR'd figures carry a warning on each cell
    assert "二/penalty/本年处理决定数量" in flagged
