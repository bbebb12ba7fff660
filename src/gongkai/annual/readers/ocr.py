"""Read a scanned PDF by OCR, and keep only the figures the tables' arithmetic confirms.

A PDF without a text layer is rasterised page by page (pdfium) and read with RapidOCR
(``rapidocr-onnxruntime`` 1.4.4, whose detection and recognition models ship inside the
wheel: later releases download models at run time). Its text boxes are laid back into
lines: boxes whose vertical centres fall in one band form a line (after undoing a slight
rotation of the scan, measured from the boxes' own slopes), read left to right and joined
with spaces — the shape of a PDF text layer, which the text recogniser reads.

OCR misreads digits. So no OCR'd figure is taken on trust (:func:`confirm`):

* table 三: a figure stays when its row adds up (总计 = the six applicant columns) or
  its column does (一 + 二 = （七）+ 四; the outcome rows add up to （七）); otherwise the
  cell is left empty with a ``reader-ocr-unconfirmed`` error naming it and what OCR read;
* table 四: a group's figures stay when 总计 = the four others; otherwise emptied, named;
* table 二 has no sums: each figure is kept with a ``reader-ocr-unconfirmed`` warning
  on its cell, to be compared with the scan.

Digits are never guessed: a figure the arithmetic would imply is not filled in.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    N_APPLICANT_COLUMNS,
    OUTCOME_ROW_KEYS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
    TOTAL_COLUMN,
)
from ..model import Finding, Report

#: Resolution pages are rendered at for OCR (dots per inch).
OCR_DPI = 200
#: Pages read at most (a report has 4–10; a scan of hundreds is not one report).
MAX_OCR_PAGES = 30


@dataclass
class OcrStats:
    pages: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


#: The last OCR run's figures (for ``make bench`` and the command line).
LAST = OcrStats()


def ocr_available() -> bool:
    """RapidOCR is installed (it is a dependency; a trimmed install may lack it)."""
    try:
        import rapidocr_onnxruntime  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_pdf_pages(data: bytes, *, dpi: int = OCR_DPI) -> list[str]:
    """The text of each page of a PDF, by OCR, as lines of space-separated words."""
    import numpy as np
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(data)
    pages: list[str] = []
    started = time.perf_counter()
    try:
        for index in range(min(len(pdf), MAX_OCR_PAGES)):
            page = pdf[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("RGB")
            page.close()
            pages.append(ocr_image(np.asarray(image)))
    finally:
        pdf.close()
    LAST.pages = len(pages)
    LAST.seconds = time.perf_counter() - started
    return pages


def ocr_image(image: Any) -> str:
    """The text of one page image (a numpy array), as lines."""
    result, _ = _engine()(image)
    boxes = [(box, str(text)) for box, text, _score in result or []]
    return "\n".join(lay_out(boxes))


Box = tuple[list[list[float]], str]


def lay_out(boxes: list[Box]) -> list[str]:
    """Boxes into lines: rotation undone, vertical bands grouped, words left to right."""
    if not boxes:
        return []
    angle = _skew(boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)
    placed: list[tuple[float, float, float, str]] = []  # (y centre, height, x, text)
    for box, text in boxes:
        xs = [p[0] * cos - p[1] * sin for p in box]
        ys = [p[0] * sin + p[1] * cos for p in box]
        height = max(ys) - min(ys)
        placed.append(((max(ys) + min(ys)) / 2, max(height, 1.0), min(xs), text))
    placed.sort()
    lines: list[list[tuple[float, float, float, str]]] = []
    for item in placed:
        centre, height = item[0], item[1]
        if lines:
            line = lines[-1]
            mean = sum(i[0] for i in line) / len(line)
            band = min(i[1] for i in [*line, item]) / 2
            if abs(centre - mean) <= band:
                line.append(item)
                continue
        lines.append([item])
    return [" ".join(i[3] for i in sorted(line, key=lambda i: i[2])) for line in lines]


def _skew(boxes: list[Box]) -> float:
    """The scan's rotation (radians), from the top edges of the wider text boxes."""
    slopes = []
    for box, _ in boxes:
        (x0, y0), (x1, y1) = box[0], box[1]
        if x1 - x0 > 60:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


# -- confirmation -------------------------------------------------------------------------


def _finding(where: str, severity: str, message: str, message_en: str, actual: str) -> Finding:
    return Finding(
        code="reader-ocr-unconfirmed",
        severity="error" if severity == "error" else "warning",
        where=where,
        message=message,
        message_en=message_en,
        actual=actual,
    )


def confirm(report: Report) -> None:
    """Keep the OCR'd figures the arithmetic confirms; empty and name the others."""
    apps = report.applications
    cols = range(N_APPLICANT_COLUMNS)

    def row_ok(key: str) -> bool:
        row = apps[key]
        if any(v is None for v in row):
            return False
        return sum(v or 0 for v in row[:TOTAL_COLUMN]) == row[TOTAL_COLUMN]

    def column(keys: tuple[str, ...] | list[str], col: int) -> list[int] | None:
        values = [apps[k][col] for k in keys]
        return None if any(v is None for v in values) else [v or 0 for v in values]

    outcome_ok: dict[int, bool] = {}
    balance_ok: dict[int, bool] = {}
    for col in cols:
        outcomes = column(list(OUTCOME_ROW_KEYS), col)
        total = apps["total"][col]
        outcome_ok[col] = outcomes is not None and total is not None and sum(outcomes) == total
        balance = column(["new", "carried_in", "total", "carried_out"], col)
        balance_ok[col] = balance is not None and balance[0] + balance[1] == balance[2] + balance[3]
    rows_ok = {key: row_ok(key) for key in apps}
    for key, row in apps.items():
        for col in cols:
            value = row[col]
            if value is None:
                continue
            if key in ("new", "carried_in", "carried_out"):
                by_column = balance_ok[col]
            elif key == "total":
                by_column = balance_ok[col] or outcome_ok[col]
            else:
                by_column = outcome_ok[col]
            if rows_ok[key] or by_column:
                continue
            label = APPLICANT_COLUMN_LABELS[col]
            report.findings.append(
                _finding(
                    f"三/{key}/{label}",
                    "error",
                    f"表三“{key}”行“{label}”列由文字识别读出（{value}），所在行与列的勾稽关系"
                    "均无法核实，未填入，请对照原件",
                    f"table 三 row {key}, column {label}: read by OCR as {value}, confirmed "
                    "by neither its row's nor its column's sums; left empty",
                    str(value),
                )
            )
            row[col] = None
    for group in REVIEW_GROUPS:
        cells = report.reviews[group.key]
        known = [v for v in cells if v is not None]
        if len(known) == len(cells) and sum(known[:-1]) == known[-1]:
            continue
        for index, value in enumerate(cells):
            if value is None:
                continue
            label = REVIEW_COLUMN_LABELS[index]
            report.findings.append(
                _finding(
                    f"四/{group.key}/{label}",
                    "error",
                    f"表四“{group.label}”“{label}”由文字识别读出（{value}），该组总计关系不成立"
                    "或无法核实，未填入，请对照原件",
                    f"table 四 {group.key}, {label}: read by OCR as {value}; the group's total "
                    "does not confirm it; left empty",
                    str(value),
                )
            )
            cells[index] = None
    active = report.active
    for active_row in ACTIVE_ROWS:
        value = getattr(active, active_row.key)
        values = value if isinstance(value, list) else [value]
        for index, cell in enumerate(values):
            if cell is None:
                continue
            column_label = (
                active_row.columns[index] if index < len(active_row.columns) else str(index)
            )
            report.findings.append(
                _finding(
                    f"二/{active_row.key}/{column_label}",
                    "warning",
                    f"表二“{active_row.label}”“{column_label}”由文字识别读出（{cell}），"
                    "表二没有勾稽关系可以核实，请对照原件",
                    f"table 二 {active_row.key}, {column_label}: read by OCR as {cell}; "
                    "table 二 has no sums to confirm it",
                    str(cell),
                )
            )


__all__ = ["LAST", "OCR_DPI", "OcrStats", "confirm", "lay_out", "ocr_available", "ocr_pdf_pages"]
