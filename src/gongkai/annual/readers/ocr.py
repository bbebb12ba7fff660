"""Read a scanned PDF by OCR, and keep only the figures the tables' arithmetic confirms.

A PDF without a text layer is rasterised page by page (pdfium) and read with RapidOCR
(``rapidocr-onnxruntime`` 1.4.4, whose detection and recognition models ship inside the
wheel: later releases download models at run time). Each page becomes paragraphs and
tables, a :class:`~.document.Document` read like a DOCX file:

1. The text detector and recogniser read the whole page. The scan's slight rotation is
   measured from the text boxes' own slopes and undone, on the image and on the boxes.
2. The ruled tables are found in the image (:func:`find_grids`): long horizontal and
   vertical strokes, kept where they form a grid. A cell is a run of grid positions no
   rule separates (a merged cell's text sits top-left, the positions it covers are
   ``None``, as in every Document).
3. Each text box goes to the cell that holds its centre. The detector misses short
   isolated figures (a lone ``0`` or ``1`` in its cell) and misreads some (``D`` for
   ``0``): such a cell, when it holds ink, is cut out and read by the recogniser alone
   (:func:`read_cells`). A figure read that way is taken only when it is all digits with a
   high score; a cell among figures that does not read so is marked :data:`UNREADABLE`,
   so that the reader flags that one cell instead of guessing it.
4. The text outside the tables is laid into lines (:func:`lay_out`).

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
import re
import time
from dataclasses import dataclass, field
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
from .document import Block, Document, Table
from .vocabulary import BLANK_MARKS, UNREADABLE

#: Resolution pages are rendered at for OCR (dots per inch).
OCR_DPI = 200
#: Pages read at most (a report has 4–10; a scan of hundreds is not one report).
MAX_OCR_PAGES = 30
#: Recognition score a figure read from its cell alone must reach to be taken.
MIN_FIGURE_SCORE = 0.8
#: Gray level (0 black … 255 white) below which a pixel is ink: a table's rules and the
#: figures. A red seal turned gray (≈155) and a shaded header row (≈215) stay above it.
INK_LEVEL = 150
#: Gray level above which a pixel of a cell is paper when the cell is read on its own
#: (the faint gray of a scan's background; a thin stroke of a small scan is darker).
GLYPH_LEVEL = 200
#: White margin around a cell's glyphs read on their own (a part of their height).
GLYPH_MARGIN = 0.2
#: Shortest rule (points): longer than any stroke of a character in a table's body text.
MIN_RULE_PT = 14.0
#: Smallest table (points): a ruled box smaller than this is a frame, not a table.
MIN_TABLE_PT = (100.0, 20.0)
#: Part of a cell's edge a rule must cover for the edge to separate two cells.
MIN_EDGE_COVER = 0.6
#: Smallest character (points of height) and fewest dark pixels of a piece of one: a
#: speck of noise is smaller (the thin stroke of a 7 in a 150 dpi scan is not).
MIN_GLYPH_PT = 3.0
MIN_GLYPH_INK = 10

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class OcrStats:
    pages: int = 0
    seconds: float = 0.0
    #: cells the detector left empty or misread, read again from their own image
    cells_reread: int = 0

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


def ocr_pdf_document(data: bytes, *, dpi: int = OCR_DPI, source: str = "") -> Document:
    """The paragraphs and ruled tables of a scanned PDF, by OCR, page after page."""
    import numpy as np
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(data)
    blocks: list[Block] = []
    started = time.perf_counter()
    LAST.cells_reread = 0
    pages = 0
    try:
        for index in range(min(len(pdf), MAX_OCR_PAGES)):
            page = pdf[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            blocks.extend(ocr_page(np.asarray(image), px_per_pt=dpi / 72))
            pages += 1
    finally:
        pdf.close()
    LAST.pages = pages
    LAST.seconds = time.perf_counter() - started
    return Document(blocks=blocks, source=source)


def ocr_pdf_pages(data: bytes, *, dpi: int = OCR_DPI) -> list[str]:
    """The text of a scanned PDF by OCR (tables as tab-separated lines), in one piece."""
    from .tables import table_lines

    document = ocr_pdf_document(data, dpi=dpi)
    lines: list[str] = []
    for block in document.blocks:
        lines.extend(table_lines(block) if isinstance(block, Table) else [block])
    return ["\n".join(lines)]


# -- one page -----------------------------------------------------------------------------


@dataclass
class TextBox:
    """A piece of text the detector found: its corners (clockwise from top left)."""

    points: list[list[float]]
    text: str
    score: float = 1.0

    @property
    def centre(self) -> tuple[float, float]:
        return (
            sum(p[0] for p in self.points) / len(self.points),
            sum(p[1] for p in self.points) / len(self.points),
        )


def ocr_page(gray: Any, *, px_per_pt: float) -> list[Block]:
    """One page image (a 2-D uint8 array): its lines of text and its tables, top to bottom."""
    import cv2
    import numpy as np

    result, _ = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_cls=False)
    boxes = [
        TextBox([[float(x), float(y)] for x, y in box], str(text), float(score))
        for box, text, score in result or []
    ]
    angle = rule_skew(gray, px_per_pt=px_per_pt)
    if angle is None:
        angle = _skew([(b.points, b.text) for b in boxes])
    if abs(angle) > 1e-4:
        height, width = gray.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), math.degrees(angle), 1.0)
        gray = cv2.warpAffine(
            gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255
        )
        for box in boxes:
            points = np.asarray(box.points) @ matrix[:, :2].T + matrix[:, 2]
            box.points = points.tolist()
    grids = find_grids(gray, px_per_pt=px_per_pt)
    placed: list[tuple[float, Block]] = []
    outside: list[TextBox] = []
    for box in boxes:
        x, y = box.centre
        grid = next((g for g in grids if g.holds(x, y)), None)
        if grid is None:
            outside.append(box)
        else:
            grid.place(box)
    for grid in grids:
        read_cells(grid, gray, px_per_pt=px_per_pt)
        placed.append((float(grid.ys[0]), grid.table()))
    for centre, line in _lines([(b.points, b.text) for b in outside]):
        placed.append((centre, line))
    placed.sort(key=lambda pair: pair[0])
    return [block for _, block in placed]


# -- ruled tables -------------------------------------------------------------------------


@dataclass
class Cell:
    """A cell of a grid: its first row and column, its span, and the text found in it."""

    row: int
    col: int
    rows: int
    cols: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 between the rules' centres
    texts: list[TextBox] = field(default_factory=list)
    #: the cell's text once read; ``None`` until then
    text: str | None = None


@dataclass
class Grid:
    """A ruled table: the positions of its rules and its cells."""

    ys: list[int]
    xs: list[int]
    cells: list[Cell]

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def place(self, box: TextBox) -> None:
        """Give a text box to the cell holding its centre."""
        x, y = box.centre
        for cell in self.cells:
            x0, y0, x1, y1 = cell.box
            if x0 <= x <= x1 and y0 <= y <= y1:
                cell.texts.append(box)
                return

    def table(self) -> Table:
        rows: list[list[str | None]] = [
            [None] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)
        ]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text if cell.text is not None else ""
        return Table(rows=rows)


def rule_skew(gray: Any, *, px_per_pt: float) -> float | None:
    """The scan's rotation (radians), from the slopes of the long horizontal rules;
    ``None`` when the page has none. (The detector's boxes are upright rectangles
    for a slight rotation, so they cannot measure it.)"""
    import cv2
    import numpy as np

    reach = max(8, round(MIN_RULE_PT * px_per_pt))
    ink = (gray < INK_LEVEL).astype(np.uint8)
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1))
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    slopes: list[tuple[float, int]] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w < 8 * reach or h > w / 10:
            continue
        rows, cols = np.nonzero(labels[y : y + h, x : x + w] == label)
        slope = float(np.polyfit(cols.astype(float), rows.astype(float), 1)[0])
        slopes.append((math.atan(slope), w))
    if not slopes:
        return None
    slopes.sort()
    half, seen = sum(w for _, w in slopes) / 2, 0
    for angle, weight in slopes:  # the median, weighted by length
        seen += weight
        if seen >= half:
            return angle
    return slopes[-1][0]


def find_grids(gray: Any, *, px_per_pt: float) -> list[Grid]:
    """The ruled tables of a (deskewed) page image, top to bottom."""
    import cv2
    import numpy as np

    ink = (gray < INK_LEVEL).astype(np.uint8)
    reach = max(8, round(MIN_RULE_PT * px_per_pt))
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach))
    )
    joined = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids: list[Grid] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w < MIN_TABLE_PT[0] * px_per_pt or h < MIN_TABLE_PT[1] * px_per_pt:
            continue
        mine = labels[y : y + h, x : x + w] == label
        across = horizontal[y : y + h, x : x + w] * mine
        down = vertical[y : y + h, x : x + w] * mine
        ys = [y + r for r in _rules(across.sum(axis=1), reach)]
        xs = [x + c for c in _rules(down.sum(axis=0), reach)]
        if len(ys) < 2 or len(xs) < 2:
            continue
        grids.append(_cells(ys, xs, horizontal, vertical, slack=max(2, round(px_per_pt))))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _rules(profile: Any, reach: int) -> list[int]:
    """Centres of the runs of rows (or columns) whose rule pixels reach ``reach``."""
    rules: list[int] = []
    run: list[int] = []
    for index, value in enumerate(profile.tolist()):
        if value >= reach:
            if run and index - run[-1] > 2:
                rules.append(round(sum(run) / len(run)))
                run = []
            run.append(index)
    if run:
        rules.append(round(sum(run) / len(run)))
    return rules


def _cells(ys: list[int], xs: list[int], horizontal: Any, vertical: Any, *, slack: int) -> Grid:
    """Grid positions joined into cells wherever no rule separates them."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:  # the rule between (r, c) and (r, c + 1)
                x = xs[c + 1]
                strip = vertical[ys[r] + slack : ys[r + 1] - slack, x - slack : x + slack + 1]
                if not _covered(strip.any(axis=1)):
                    join(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows:  # the rule between (r, c) and (r + 1, c)
                y = ys[r + 1]
                strip = horizontal[y - slack : y + slack + 1, xs[c] + slack : xs[c + 1] - slack]
                if not _covered(strip.any(axis=0)):
                    join(r * n_cols + c, (r + 1) * n_cols + c)
    spans: dict[int, list[int]] = {}
    for index in range(n_rows * n_cols):
        root = find(index)
        r, c = divmod(index, n_cols)
        span = spans.setdefault(root, [r, c, r, c])
        span[0], span[1] = min(span[0], r), min(span[1], c)
        span[2], span[3] = max(span[2], r), max(span[3], c)
    cells = [
        Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        for r0, c0, r1, c1 in sorted(spans.values())
    ]
    return Grid(ys, xs, cells)


def _covered(along: Any) -> bool:
    return bool(along.size) and float(along.mean()) >= MIN_EDGE_COVER


# -- cells --------------------------------------------------------------------------------


def _is_figure(text: str) -> bool:
    return _FIGURE.fullmatch(text) is not None


def read_cells(grid: Grid, gray: Any, *, px_per_pt: float) -> None:
    """Each cell's text: the detector's, or the recogniser's on the cell's own image.

    A cell is read again from its image when it holds ink but no text box, when its text
    looks like a misread figure (``D``, ``l``, ``178.``), or when its figure was read with
    a low score. A figure read again is taken only when it is all digits with a score of
    at least :data:`MIN_FIGURE_SCORE`; a figure the detector read with less certainty is
    left to the sums (:func:`confirm`). A cell that still does not read as a figure is
    :data:`UNREADABLE` when it looks like one or stands in a row of figures.
    """
    for cell in grid.cells:
        cell.text = " ".join(lay_out([(b.points, b.text) for b in cell.texts]))
    again: list[tuple[Cell, Any]] = []
    for cell in grid.cells:
        text = cell.text or ""
        if text in BLANK_MARKS or not (text == "" or _misread(text) or _unsure(cell)):
            continue
        crop = _glyphs(gray, cell.box, px_per_pt=px_per_pt)
        if crop is None:  # nothing there but specks: a speck read as text is dropped
            if _misread(text):
                cell.text = ""
            continue
        again.append((cell, crop))
    if not again:
        return
    results, _ = _engine().text_rec([crop for _, crop in again])
    LAST.cells_reread += len(again)
    failed: list[tuple[Cell, str, float]] = []
    for (cell, _), (read, score, *_rest) in zip(again, results, strict=True):
        # a speck touching a figure reads as a point before or after it ("0."): a figure
        # neither starts nor ends with one
        read = str(read).replace(" ", "").strip(".,:;'`")
        if _is_figure(read) and float(score) >= MIN_FIGURE_SCORE:
            cell.text = read
        elif not (cell.text and _is_figure(cell.text)):
            # (a figure the detector read with less certainty stays: the sums judge it)
            failed.append((cell, read, float(score)))
    in_row: dict[int, int] = {}
    for cell in grid.cells:
        if cell.text and _is_figure(cell.text):
            in_row[cell.row] = in_row.get(cell.row, 0) + 1
    for cell, read, score in failed:
        if _misread(read) or _misread(cell.text or "") or in_row.get(cell.row, 0):
            cell.text = UNREADABLE
        elif not cell.text and score >= 0.5:
            cell.text = read  # a label the detector missed


#: What a misread figure looks like: digits with the letters and marks OCR confuses with
#: them or adds to them ("i1" for 11, a speck read as a point), or a short run of the
#: letters it reads for 0 and 1 ("D", "O", "l", "|").
_MISREAD = re.compile(r"(?=.*[0-9])[0-9OoDQlIi|!ZzSsBbgqT.,:;'`_~\-]{1,12}|[OoDQlIi|!]{1,3}")


def _misread(text: str) -> bool:
    """Text that is no figure but looks like a misread one."""
    return bool(text) and not _is_figure(text) and _MISREAD.fullmatch(text) is not None


def _unsure(cell: Cell) -> bool:
    """A figure the detector read with a low score."""
    return (
        bool(cell.text)
        and _is_figure(cell.text or "")
        and any(b.score < MIN_FIGURE_SCORE for b in cell.texts)
    )


def _glyphs(gray: Any, box: tuple[int, int, int, int], *, px_per_pt: float) -> Any:
    """The ink inside a cell, cut out with a white margin, as a BGR image; ``None`` when
    the cell holds only specks (noise) or nothing."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = box
    inset = max(3, round(1.5 * px_per_pt))
    inner = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if inner.size == 0:
        return None
    # the glyphs are where the ink is dark (a speck of noise is small; a seal's stroke is
    # gray), thickened a little to join the pieces of a thin stroke; around them, their
    # lighter strokes (the bar of a 4 in a small scan) belong to them too
    ink = inner < INK_LEVEL
    dark = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    tall = MIN_GLYPH_PT * px_per_pt
    inked = np.bincount(labels[ink], minlength=count)
    kept = [i for i in range(1, count) if stats[i][3] >= 0.6 * tall and inked[i] >= MIN_GLYPH_INK]
    seeds = np.isin(labels, kept)
    light = (inner < GLYPH_LEVEL).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(light, connectivity=8)
    if not kept:
        # no dark ink: a glyph-sized blot of lighter ink (a thin 7 of a small scan) is
        # still read, so that a figure is never taken for a blank cell
        kept = [i for i in range(1, count) if tall <= stats[i][3] <= 3 * tall]
        if not kept:
            return None
        seeds = np.isin(labels, kept)
        stats_kept = [stats[i] for i in kept]
    else:
        stats_kept = []
    rows_seeded = np.nonzero(seeds.any(axis=1))[0]
    height = int(rows_seeded.max() - rows_seeded.min() + 1)
    if stats_kept:
        height = max(int(st[3]) for st in stats_kept)
    # the figure's other digits stand beside them: reach one and a half digits sideways
    near = cv2.dilate(seeds.astype(np.uint8), np.ones((height // 2 + 1, 3 * height), np.uint8))
    boxes: list[tuple[int, int, int, int]] = []
    small: list[tuple[int, int, int, int]] = []
    for label in set(np.unique(labels[near > 0]).tolist()) - {0}:
        x, y, w, h = (int(v) for v in stats[label][:4])
        if h < tall / 2:
            small.append((x, y, x + w, y + h))  # a speck, or a decimal point
        elif h <= max(2 * height, 3 * tall):
            boxes.append((x, y, x + w, y + h))  # a whole glyph, its light strokes too
        else:  # a seal's stroke through the glyphs: only what lies near them
            rows, cols = np.nonzero((labels == label) & (near > 0))
            boxes.append(
                (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
            )
    if not boxes:
        return None
    # a small mark counts only between the glyphs (a decimal point), not beside them
    lo, hi = min(b[0] for b in boxes), max(b[2] for b in boxes)
    boxes += [b for b in small if lo < b[0] and b[2] < hi]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    # what is lighter than the glyphs' edges is paper
    glyphs = np.where(
        inner[top:bottom, left:right] > GLYPH_LEVEL, 255, inner[top:bottom, left:right]
    )
    margin = max(4, round((bottom - top) * GLYPH_MARGIN))
    padded = cv2.copyMakeBorder(
        glyphs, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255
    )
    if padded.shape[0] < 48:  # the recogniser reads lines 48 px high
        factor = 48 / padded.shape[0]
        padded = cv2.resize(padded, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return cv2.cvtColor(padded, cv2.COLOR_GRAY2BGR)


# -- lines --------------------------------------------------------------------------------


Box = tuple[list[list[float]], str]


def lay_out(boxes: list[Box]) -> list[str]:
    """Boxes into lines: rotation undone, vertical bands grouped, words left to right."""
    return [line for _, line in _lines(boxes)]


def _lines(boxes: list[Box]) -> list[tuple[float, str]]:
    """(vertical centre, text) of each line the boxes make."""
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
    return [
        (
            sum(i[0] for i in line) / len(line),
            " ".join(i[3] for i in sorted(line, key=lambda i: i[2])),
        )
        for line in lines
    ]


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


__all__ = [
    "LAST",
    "OCR_DPI",
    "OcrStats",
    "confirm",
    "find_grids",
    "lay_out",
    "ocr_available",
    "ocr_page",
    "ocr_pdf_document",
    "ocr_pdf_pages",
]
