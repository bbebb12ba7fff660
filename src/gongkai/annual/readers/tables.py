"""Recognise the three tables of a report (二, 三, 四) in text, and table grids as text.

Phase one of the two-phase parse (STYLE.md §2): a lenient reader that turns whatever
shape the tables took into raw cells plus findings for what it could not place.

The text is searched, table region by table region, for the row labels of
:mod:`.vocabulary` (in folded form, so line breaks, spaces and bracket styles inside a
label do not matter). What lies between one label and the next is that row's *tail*:
its cells, in whatever shape — tab- or ``|``-separated (positions known, blanks kept),
separated by spaces or one per line (positions known only when all cells are printed),
or glued together (split by :mod:`.glued`). PDF text layers sometimes print a row's
numbers above or below its label; when the numbers of a table come as exactly as many
lines as there are rows, they are matched to the rows in printed order.

A Document's real tables (HTML/DOCX grids) are rendered as tab-separated lines (covered
positions of merged cells dropped, blank cells kept) and read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..format import (
    ACTIVE_BY_KEY,
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_BY_KEY,
    APPLICATION_ROWS,
    N_APPLICANT_COLUMNS,
    N_REVIEW_COLUMNS,
    OUTCOME_GROUPS,
    OUTCOME_ROW_KEYS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
    group_rows,
)
from ..model import Finding, Report
from . import glued, solve
from .document import Table
from .stated import stated_cells
from .vocabulary import (
    BLANK_MARKS,
    CELL_UNITS,
    MARKER_ENDS,
    SPELLINGS,
    UNREADABLE,
    Folded,
    LabelKind,
    Spelling,
    fold,
    leading_number,
    marker_before,
    parse_number,
    trailing_number,
)

# ---------------------------------------------------------------------------
# Cells of a tail
# ---------------------------------------------------------------------------

NUM = "num"
EMPTY = "empty"
TEXT = "text"
#: a cell among a delimited row's figures that is not a number ('O' or 'l' for 0 or 1 in
#: an OCR'd table): its position is known, its value is not
BAD = "bad"


class Cell(NamedTuple):
    kind: str  # NUM, EMPTY, TEXT or BAD
    text: str = ""
    #: a NUM cell's integer value, when known at classification (whole numbers)
    value: int | None = None


@dataclass(slots=True)
class Chunk:
    """The printed cells of one row (one line, or lines merged until the row is full)."""

    cells: list[Cell]
    delimited: bool  # tab- or '|'-separated: positions of blank cells are known
    position: int  # index in the original text, for ordering
    owner: int  # index of the hit whose tail holds it (-1: before the first hit)
    #: the line ends with a tab: a trailing separator, or a blank last cell
    trailing_tab: bool = False
    #: printed on the same line as the row's label
    on_label_line: bool = False
    #: gathered from several lines (cells printed one per line)
    merged: bool = False

    @property
    def n_numbers(self) -> int:
        return sum(1 for c in self.cells if c.kind == NUM)


_EMPTY_CELL = Cell(EMPTY)
#: A digit in any width: a tail without one holds no cell to read.
_HAS_FIGURE = re.compile("[0-9\uff10-\uff19]")
_FOLDED_DIGIT = re.compile("[0-9]")


class _CellCache(dict[str, Cell]):
    """Cells seen before ('0', '', ' 12 ' …): most cells of a report repeat.

    ``_CELLS[token]`` classifies a token not seen yet; short ones are remembered.
    """

    def __missing__(self, token: str) -> Cell:
        cell = _classify_uncached(token)
        if len(token) <= 8 and len(self) < 50_000:
            self[token] = cell
        return cell


_CELLS = _CellCache()


def _number_cell(text: str) -> Cell:
    value = parse_number(text)
    whole = value is not None and value == value.to_integral_value()
    return Cell(NUM, text, int(value) if whole and value is not None else None)


def _classify_uncached(token: str) -> Cell:
    """What a printed cell is (number, blank or text)."""
    if token.isdigit() and token.isascii():
        return Cell(NUM, token, int(token))
    text = token.strip()
    if not text:
        return _EMPTY_CELL
    if text.isdigit() and text.isascii():
        return Cell(NUM, text, int(text))
    if text in BLANK_MARKS:
        return Cell(EMPTY, text)
    if text == UNREADABLE:
        return Cell(BAD, text)
    if parse_number(text) is not None:
        return _number_cell(text)
    # a figure printed with its unit inside the cell ('0万元', '1,234件', '12.5 万元')
    for unit in _UNITS_LONGEST_FIRST:
        if text.endswith(unit):
            number = text[: -len(unit)].rstrip()
            if parse_number(number) is not None:
                return _number_cell(number)
            break
    return Cell(TEXT, text)


_UNITS_LONGEST_FIRST = sorted(CELL_UNITS, key=len, reverse=True)


def _is_rule(cells: Sequence[str]) -> bool:
    """A Markdown table rule: | --- | :---: |."""
    stripped = [c.strip() for c in cells if c.strip()]
    return bool(stripped) and all(set(c) <= set("-:=") for c in stripped)


def line_values(line: str, *, first: bool) -> tuple[list[Cell], bool, bool]:
    """The value cells of one line of a tail: (cells, delimited, has_text).

    ``first`` is the line that holds the label itself (its first cell is the rest of the
    label cell).
    """
    if "|" in line:
        parts = line.split("|")
        if _is_rule(parts):
            return [], True, False
        # the text before the first '|' (label remainder / nothing) and after the last
        head, body, tail = parts[0], parts[1:-1], parts[-1]
        cells = [_CELLS[p] for p in body]
        if tail.strip():
            cells.append(_CELLS[tail])
        head_cell = _CELLS[head]
        if head_cell.kind == NUM:
            cells.insert(0, head_cell)
        return _figure_cells(cells), True, _has_text(cells) or head_cell.kind == TEXT
    if "\t" in line:
        cells = [_CELLS[p] for p in line.split("\t")]
        if first and cells[0].kind != NUM:
            del cells[0]
        if TEXT not in [c.kind for c in cells]:  # the common row: figures and blanks
            return cells, True, False
        return _figure_cells(cells), True, True
    cells = []
    has_text = False
    for raw in line.split():
        token = raw.strip(_EDGE_PUNCTUATION)
        if not token:
            continue
        cell = _CELLS[token]
        if cell.kind == TEXT:
            split = leading_number(token)
            if split is not None and not _ROW_NUMBER.match(split[1]):
                cells.append(Cell(NUM, split[0]))
            else:
                glued_after = trailing_number(token)
                if glued_after is not None:
                    cells.append(Cell(NUM, glued_after[1]))
            has_text = True
            continue
        cells.append(cell)
    return cells, False, has_text


#: What follows a row's printed number ('2.其他法律行', '1、申请人…'): the digits before it
#: are the row's number, not a cell.
_ROW_NUMBER = re.compile(r"[.,、．，][^0-9]")

#: Punctuation that may cling to a cell in running text: a label's closing quote before
#: its glued digits ('“三安全一稳定”0000000'), a colon before a figure.
_EDGE_PUNCTUATION = "“”‘’\"'「」『』:：,，;；、"


def _has_text(cells: Sequence[Cell]) -> bool:
    return any(c.kind == TEXT for c in cells)


def _is_label(cell: Cell) -> bool:
    """Text that is a label or a note, not a misprinted figure."""
    if cell.kind != TEXT:
        return False
    text = cell.text
    return not (len(text) <= _MISPRINT_MAX and text.isascii() and text.isalnum())


#: Longest text read as a misprinted figure ('O', 'l', '1O') rather than a label.
_MISPRINT_MAX = 3


def _figure_cells(cells: list[Cell]) -> list[Cell]:
    """The figure cells of a delimited line: label text at its end dropped, then what
    follows the last label text. Positions are known in a delimited row, so a short
    non-number among the figures ('O', 'l' from OCR) stays as an unreadable cell (never
    read as 0 or 1), rather than the whole row being lost."""
    while cells and _is_label(cells[-1]):
        cells = cells[:-1]
    last_label = max((i for i, c in enumerate(cells) if _is_label(c)), default=-1)
    out = cells[last_label + 1 :]
    if any(c.kind == TEXT for c in out):
        out = [Cell(BAD, c.text) if c.kind == TEXT else c for c in out]
    return out


def tail_chunks(segment: str, *, offset: int, owner: int, width: int) -> list[Chunk]:
    """The chunks of a tail: one per line with numbers, lines merged while a row is short."""
    chunks: list[Chunk] = []
    if not _HAS_FIGURE.search(segment):  # headers and captions: nothing to read
        return chunks
    current: Chunk | None = None
    position = offset
    first = True
    for line in segment.split("\n"):
        if not line:  # nothing to read, nothing that ends a row
            position += 1
            first = False
            continue
        cells, delimited, has_text = line_values(line, first=first)
        on_label_line = first and owner >= 0
        first = False
        if NUM in [c.kind for c in cells]:
            if (
                current is not None
                and not delimited
                and not current.delimited
                and current.n_numbers < width
                and len(current.cells) + len(cells) <= width
            ):
                current.cells.extend(cells)
                current.merged = True
            else:
                trailing_tab = "|" not in line and line.rstrip(" ").endswith("\t")
                current = Chunk(
                    list(cells), delimited, position, owner, trailing_tab, on_label_line
                )
                chunks.append(current)
            if has_text:
                current = None
        elif has_text:
            current = None
        position += len(line) + 1
    return chunks


# ---------------------------------------------------------------------------
# Label hits
# ---------------------------------------------------------------------------


class Hit(NamedTuple):
    key: str
    kind: LabelKind
    start: int  # folded index where the label (with its printed number) starts
    label_start: int  # folded index where the label text starts
    end: int  # folded index after the label


def find_hits(folded: Folded, lo: int, hi: int, kinds: frozenset[str]) -> list[Hit]:
    """Every label of the given kinds in ``folded.text[lo:hi]``, overlaps resolved."""
    text = folded.text
    # (label start, -length, order found, start, spelling): sorted, the earliest then the
    # longest label comes first, ties in the order of SPELLINGS
    found: list[tuple[int, int, int, int, Spelling]] = []
    find = text.find
    for spelling in SPELLINGS:
        if spelling.kind not in kinds:
            continue
        label = spelling.text
        at = find(label, lo, hi)
        if at == -1:
            continue
        lead, number, size = spelling.lead, spelling.number, len(label)
        while at != -1:
            label_at = at
            if lead and at - len(lead) >= lo and text.startswith(lead, at - len(lead)):
                label_at = at - len(lead)
            marker = (
                marker_before(text, label_at, number)
                if number and text[label_at - 1 : label_at] in MARKER_ENDS
                else None
            )
            if marker is not None and marker < lo:
                marker = None
            if marker is not None or not spelling.needs_number:
                start = label_at if marker is None else marker
                found.append((label_at, label_at - at - size, len(found), start, spelling))
            at = find(label, at + 1, hi)
    found.sort()
    hits: list[Hit] = []
    last_end = -1
    for label_at, minus_size, _, start, spelling in found:
        if label_at < last_end:  # overlaps the label before: the earlier one wins
            continue
        # a marker overlapping the previous label starts after it
        start = max(start, last_end) if hits else start
        last_end = label_at - minus_size
        hits.append(Hit(spelling.key, spelling.kind, start, label_at, last_end))
    return hits


def _one_edit_apart(a: str, b: str) -> bool:
    """At most one character substituted, dropped or added between ``a`` and ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return True
    return False


#: Shortest label searched for with a misprinted character (shorter ones are too easily
#: found by accident), and shortest when it follows its printed number ('（一）').
FUZZY_MIN = 6
FUZZY_MIN_NUMBERED = 4


def with_misprinted_rows(
    folded: Folded, hits: list[Hit], lo: int, hi: int, rows: Sequence[tuple[str, str, str]]
) -> list[Hit]:
    """``hits`` plus the rows whose label is misprinted by one character (OCR, typos).

    ``rows`` are (key, folded label, printed number) in the printed order. A missing row
    is searched for only between the rows printed before and after it, and only when
    one place there is one edit away from its label — never a guess among several.
    """
    present = {h.key for h in hits}
    if all(key in present for key, _, _ in rows):
        return hits
    text = folded.text
    order = [key for key, _, _ in rows]
    added: list[Hit] = []
    for index, (key, label, number) in enumerate(rows):
        short = len(label) < FUZZY_MIN
        if key in present or (short and (not number or len(label) < FUZZY_MIN_NUMBERED)):
            continue
        later = set(order[index + 1 :])
        earlier = set(order[:index])
        gap_hi = min((h.start for h in hits if h.key in later), default=hi)
        gap_lo = max((h.end for h in hits if h.key in earlier and h.end <= gap_hi), default=lo)
        found = [
            (at, size)
            for size in (len(label) - 1, len(label), len(label) + 1)
            for at in range(gap_lo, gap_hi - size + 1)
            if _one_edit_apart(text[at : at + size], label)
            # a short label only right after its printed number ('(一)子以公开')
            and not (short and marker_before(text, at, number) is None)
        ]
        # the windows around one misprint overlap (with a neighbour character added or
        # not); windows far apart mean the label is not there, or not only there
        if not found or max(at for at, _ in found) - min(at for at, _ in found) > 2:
            continue
        at, size = min(found, key=lambda f: (abs(f[1] - len(label)), f[1]))
        marker = marker_before(text, at, number) if number else None
        added.append(Hit(key, "application" if number else "active", marker or at, at, at + size))
    if not added:
        return hits
    return sorted([*hits, *added], key=lambda h: h.start)


ACTIVE_KINDS = frozenset({"active", "noise"})
APPLICATION_KINDS = frozenset({"application", "group", "noise"})


@dataclass
class Region:
    """A table's stretch of text, its label hits and the chunks of cells between them."""

    hits: list[Hit]
    chunks: list[Chunk]
    tails: list[list[Chunk]]  # per hit: the chunks in its tail
    head: list[Chunk] = field(default_factory=list)  # the chunks before the first hit


def read_region(
    folded: Folded,
    lo: int,
    hi: int,
    kinds: frozenset[str],
    widths: dict[str, int],
    hits: list[Hit] | None = None,
) -> Region:
    if hits is None:
        hits = find_hits(folded, lo, hi, kinds)
    original = folded.original
    chunks: list[Chunk] = []
    tails: list[list[Chunk]] = []
    default_width = max(widths.values(), default=1)
    head: list[Chunk] = []
    if hits:
        head_lo = folded.start_in_original(lo)
        head_hi = folded.start_in_original(hits[0].start)
        head = tail_chunks(original[head_lo:head_hi], offset=head_lo, owner=-1, width=default_width)
        chunks.extend(head)
    ftext = folded.text
    for index, hit in enumerate(hits):
        next_start = hits[index + 1].start if index + 1 < len(hits) else hi
        # a digit in the original folds to an ASCII digit: no digit here, no cell
        if not _FOLDED_DIGIT.search(ftext, hit.end, next_start):
            tails.append([])
            continue
        seg_lo = folded.end_in_original(hit.end)
        seg_hi = folded.start_in_original(next_start)
        own = tail_chunks(
            original[seg_lo:seg_hi],
            offset=seg_lo,
            owner=index,
            width=widths.get(hit.key, default_width),
        )
        tails.append(own)
        chunks.extend(own)
    return Region(hits, chunks, tails, head)


# ---------------------------------------------------------------------------
# Rows: which chunk belongs to which row
# ---------------------------------------------------------------------------


@dataclass
class RowRead:
    """What was read for one row: its chunk, or nothing."""

    key: str
    chunk: Chunk | None
    #: how the chunk was found: ``row`` (its own labelled row), ``position`` (the n-th
    #: figure line given to the n-th label, or the nearest line)
    how: str = "row"
    #: rows paired within one stretch of labels and figures (see :func:`_balanced`)
    #: share a number: their order there is the converter's, which sums cannot check
    stretch: int = -1


@dataclass
class Placement:
    rows: dict[str, RowRead] = field(default_factory=dict)
    unplaced: list[Chunk] = field(default_factory=list)


#: How sure a placed row is: read from its own labelled row; placed by position and
#: confirmed by the table's arithmetic; placed by position only.
ROW = "row"
ARITHMETIC = "arithmetic"
POSITION = "position"
#: ``RowRead.stretch`` of a row given the nearest line of figures: which row a line
#: belongs to is then a guess the sums cannot check (they add rows up in any order)
NEAREST = -2
#: ``RowRead.stretch`` of a row whose line of figures lies between its neighbours' labels
NEAR = -3

#: A row's own numbers come as one line, or two with the next row's displaced ones.
MAX_TAIL_LINES = 3


def place_rows(
    region: Region, data_keys: Sequence[str], widths: dict[str, int] | None = None
) -> Placement:
    """Give each data row found in the region the chunk of cells that belongs to it.

    ``widths``: the number of cells of each row; a row printed whole on its label's line
    keeps those cells whatever the lines around it hold.
    """
    wanted = set(data_keys)
    # one hit per key: the first whose own tail holds numbers, else the first
    chosen: dict[str, int] = {}
    for index, hit in enumerate(region.hits):
        if hit.key not in wanted:
            continue
        if hit.key not in chosen or (not region.tails[chosen[hit.key]] and region.tails[index]):
            chosen[hit.key] = index
    order = sorted(chosen.items(), key=lambda kv: kv[1])
    placement = Placement()
    if not order:
        placement.unplaced = list(region.chunks)
        return placement
    own_ok = all(len(region.tails[i]) == 1 for _, i in order)
    chosen_indices = {i for _, i in order}
    stray = [c for c in region.chunks if c.owner not in chosen_indices]
    if own_ok and not stray:
        for key, index in order:
            placement.rows[key] = RowRead(key, region.tails[index][0])
        return placement
    if len(region.chunks) == len(order) and _zip_plausible(region, order):
        # each line of figures between its neighbours' labels: placed by its own label;
        # all of them after all labels (a table given column by column): by order only
        after = all(chunk.owner >= order[-1][1] for chunk in region.chunks)
        for (key, _), zipped in zip(order, region.chunks, strict=True):
            placement.rows[key] = RowRead(key, zipped, POSITION, NEAREST if after else NEAR)
        return placement
    # Otherwise each row takes the first line of numbers after its label, else the last
    # one just before its label (a PDF cell centred on a label broken over lines). A
    # stretch holding three or more lines of numbers cannot be shared out safely.
    used: set[int] = set()
    for key, (paired, how, stretch) in _balanced(region, order, widths).items():
        placement.rows[key] = RowRead(key, paired, how, stretch)
        used.add(id(paired))
    for key, index in order:
        if key in placement.rows:
            continue
        tail = region.tails[index]
        chunk: Chunk | None = None
        whole = (widths or {}).get(key)
        if tail and tail[0].on_label_line and len(tail[0].cells) == whole:
            chunk = tail[0]  # the row printed whole on one line with its label
        elif 0 < len(tail) < MAX_TAIL_LINES and id(tail[0]) not in used:
            chunk = tail[0]
        else:
            before = region.tails[index - 1] if index > 0 else region.head
            if 0 < len(before) < MAX_TAIL_LINES and id(before[-1]) not in used:
                chunk = before[-1]
        own = chunk is not None and chunk.on_label_line and len(chunk.cells) == whole
        placement.rows[key] = RowRead(key, chunk, ROW if own else POSITION, NEAREST)
        if chunk is not None:
            used.add(id(chunk))
    placement.unplaced = [c for c in region.chunks if id(c) not in used]
    return placement


def _balanced(
    region: Region, order: Sequence[tuple[str, int]], widths: dict[str, int] | None
) -> dict[str, tuple[Chunk, str, int]]:
    """Labels and whole figure rows paired where they balance, in printed order.

    Converters print a table's labels and its rows of figures apart (labels wrapped over
    several lines, a row's figures a few lines away). Walking labels and whole rows of
    figures in printed order, every point where as many rows as labels have been seen
    closes a stretch; within a stretch the n-th row goes to the n-th label (``position``;
    ``row`` when the stretch is one label followed by its own figures). A stretch that
    never balances (a row without figures, a stray one) is left to the caller: nothing
    is shared out there. Only for tables whose rows all have one width (table 三).
    """
    sizes = {(widths or {}).get(key) for key, _ in order}
    if len(sizes) != 1 or None in sizes:
        return {}
    width = sizes.pop()
    assert width is not None

    def whole(chunk: Chunk) -> bool:
        return len(chunk.cells) == width and all(c.kind in (NUM, EMPTY) for c in chunk.cells)

    wanted = {key for key, _ in order}
    out: dict[str, tuple[Chunk, str, int]] = {}
    # a row printed whole on its label's line is that label's: an anchor no stretch crosses
    anchors: set[int] = set()
    anchor_hits: set[int] = set()
    events: list[tuple[int, int, int, str, Chunk | None]] = []
    for key, index in order:
        tail = region.tails[index]
        if tail and tail[0].on_label_line and whole(tail[0]):
            out[key] = (tail[0], ROW, -1)
            anchors.add(id(tail[0]))
            anchor_hits.add(index)
            events.append((index, 0, 0, "", None))  # resets the stretch
        else:
            events.append((index, 0, 0, key, None))
    # a group's own row printed with figures above its numbered rows (a subtotal) takes
    # its figures
    events += [
        (index, 0, 0, "", None)
        for index, hit in enumerate(region.hits)
        if hit.kind == "group"
        and hit.key not in wanted
        and hit.key in (widths or {})
        and any(whole(c) for c in region.tails[index])
    ]
    events += [
        (c.owner, 1, c.position, "", c) for c in region.chunks if whole(c) and id(c) not in anchors
    ]
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    labels: list[tuple[str, int]] = []
    rows: list[Chunk] = []
    for owner, kind, _, key, chunk in events:
        if kind == 0 and not key and owner in anchor_hits:
            labels, rows = [], []  # an anchored row: what did not balance before it is left
            continue
        if kind == 0:
            labels.append((key, owner))
        elif chunk is not None:
            rows.append(chunk)
        if labels and len(labels) == len(rows):
            # one label followed by one row of figures, in its own tail
            own = len(labels) == 1 and rows[0].owner == labels[0][1] and not rows[0].merged
            stretch = -1 if own else (NEAREST if len(labels) == 1 else labels[0][1])
            for (k, _), c in zip(labels, rows, strict=True):
                if k:
                    out[k] = (c, ROW if own else POSITION, stretch)
            labels, rows = [], []
    return out


def _zip_plausible(region: Region, order: Sequence[tuple[str, int]]) -> bool:
    """Row i's chunk lies between row i-1's label and row i+1's label, or every chunk
    comes after every label (a text layer that gives a table column by column)."""
    if all(chunk.owner >= order[-1][1] for chunk in region.chunks):
        return True
    for i, chunk in enumerate(region.chunks):
        lo = order[i - 1][1] if i > 0 else -1
        hi = order[i + 1][1] if i + 1 < len(order) else len(region.hits)
        if not lo <= chunk.owner < hi:
            return False
    return True


# ---------------------------------------------------------------------------
# Cells → figures
# ---------------------------------------------------------------------------


def _windows(cells: Sequence[Cell], width: int) -> list[int]:
    """Starts of the runs of ``width`` cells outside which every cell is empty."""
    n = len(cells)
    first = 0
    while first < n and cells[first].kind == EMPTY:
        first += 1
    if first == n:
        return list(range(n - width + 1))
    last = n - 1
    while cells[last].kind == EMPTY:
        last -= 1
    return list(range(max(0, last - width + 1), min(first, n - width) + 1))


def typical_offsets(chunks: Sequence[Chunk], width: int) -> dict[bool, int]:
    """Per kind of line (ending with a tab or not), how many cells usually follow a row.

    Learnt from the delimited rows that can be placed only one way; it settles rows that
    could be placed several ways because of blank cells at their edges.
    """
    seen: dict[bool, Counter[int]] = {False: Counter(), True: Counter()}
    for chunk in chunks:
        if not chunk.delimited or len(chunk.cells) < width:
            continue
        windows = _windows(chunk.cells, width)
        if len(windows) == 1:
            seen[chunk.trailing_tab][len(chunk.cells) - windows[0] - width] += 1
    both = seen[False] + seen[True]
    out: dict[bool, int] = {}
    for flag, counter in seen.items():
        source = counter or both
        if source:
            out[flag] = source.most_common(1)[0][0]
    return out


def _fit(
    chunk: Chunk,
    width: int,
    *,
    with_total: bool = False,
    offsets: dict[bool, int] | None = None,
) -> list[Cell] | None:
    """The row's ``width`` cells, or None when they cannot be placed.

    A tab- or '|'-separated row may carry empty cells that are not the row's (a merged
    label's covered columns, a trailing tab): the row is a window of ``width``
    consecutive cells outside which everything is empty. When several windows qualify
    (blank cells at the edge), the one placed like the table's other rows is preferred
    (``offsets``), then one whose 总计 is the sum of the others (``with_total``), then
    the one holding the most numbers, then the rightmost.
    """
    cells = chunk.cells
    if len(cells) == width:
        return cells
    if len(cells) < width or not chunk.delimited:
        return None
    windows = _windows(cells, width)
    if not windows:
        return None
    expected = (offsets or {}).get(chunk.trailing_tab)

    def score(i: int) -> tuple[bool, bool, int, int]:
        window = cells[i : i + width]
        return (
            expected is not None and len(cells) - i - width == expected,
            with_total and _adds_up(window),
            sum(1 for c in window if c.kind == NUM),
            i,
        )

    best = max(windows, key=score)
    return cells[best : best + width]


def _without_subtotal(chunk: Chunk, width: int) -> list[Cell] | None:
    """A row of table 三 printed with a 法人或其他组织 小计 column, without that column.

    Some reports add the subtotal after 自然人: eight figures (自然人, 小计, the five kinds
    of 法人或其他组织, 总计). Accepted only when the arithmetic confirms it: the subtotal
    is the sum of the five kinds and 总计 is 自然人 plus the subtotal. None otherwise.
    """
    filled = [c for c in chunk.cells if c.kind != EMPTY]
    if len(filled) != width + 1:
        return None
    values = [_int_cell(c)[0] for c in filled]
    natural, subtotal, *kinds, total = values
    if natural is None or subtotal is None or total is None or None in kinds:
        return None
    if subtotal != sum(v or 0 for v in kinds) or total != natural + subtotal:
        return None
    return [filled[0], *filled[2:]]


def _adds_up(cells: Sequence[Cell]) -> bool:
    """The last cell is a number equal to the sum of the others (blank counted as 0)."""
    values = [_int_cell(c)[0] for c in cells]
    total = values[-1]
    return total is not None and sum(v or 0 for v in values[:-1]) == total


def _glued_run(cells: list[Cell], width: int) -> tuple[str, glued.Cuts] | None:
    """A row whose cells were glued: its digits and where the printed separators fell.

    At most three runs of digits (a stray space may split a glued row), no blank mark,
    and at least one digit per cell. None when the row is not of that shape.
    """
    numbers = [c.text for c in cells if c.kind == NUM]
    if not numbers or len(numbers) >= width or len(numbers) > 3:
        return None
    if any(c.kind in (EMPTY, BAD) for c in cells) or not all(n.isdigit() for n in numbers):
        return None
    digits = "".join(numbers)
    if len(digits) < width:
        return None
    cuts: list[int] = []
    at = 0
    for number in numbers[:-1]:
        at += len(number)
        cuts.append(at)
    return digits, frozenset(cuts)


def _int_cell(cell: Cell) -> tuple[int | None, bool]:
    """(value, ok): a blank cell is (None, True); a non-integer is (None, False)."""
    if cell.kind != NUM:
        return None, cell.kind != BAD
    if cell.value is not None:
        return cell.value, True
    if cell.text.isascii() and cell.text.isdigit():
        return int(cell.text), True
    value = parse_number(cell.text)
    if value is None or value != value.to_integral_value():
        return None, False
    return int(value), True


class Reader:
    """Collects figures and findings for one report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        #: set by :meth:`read_applications`: the tables lost their separators (one digit
        #: run per row), so short runs are split by arithmetic; read table 三 first.
        self.glued_mode = False
        #: the report's whole text: figures it states in words settle glued rows
        self.narrative = ""

    def finding(
        self,
        code: str,
        severity: str,
        where: str,
        message: str,
        message_en: str,
        actual: str | None = None,
    ) -> None:
        self.report.findings.append(
            Finding(
                code=code,
                severity="error" if severity == "error" else "warning",
                where=where,
                message=message,
                message_en=message_en,
                actual=actual,
            )
        )

    # -- table 二 ------------------------------------------------------------------
    def read_active(self, folded: Folded, lo: int, hi: int, hits: list[Hit] | None = None) -> int:
        """Read table 二 from folded[lo:hi]; returns the number of cells read."""
        widths = {row.key: len(row.columns) for row in ACTIVE_ROWS}
        if hits is None:
            hits = find_hits(folded, lo, hi, ACTIVE_KINDS)
        hits = with_misprinted_rows(folded, hits, lo, hi, _ACTIVE_LABELS)
        region = read_region(folded, lo, hi, ACTIVE_KINDS, widths, hits)
        placement = place_rows(region, [row.key for row in ACTIVE_ROWS], widths)
        active = self.report.active
        read = 0
        for row in ACTIVE_ROWS:
            where = f"二/{row.key}"
            got = placement.rows.get(row.key)
            if got is None or got.chunk is None:
                self.finding(
                    "reader-missing-row",
                    "error",
                    where,
                    f"未找到或未读出表二“{row.label}”行的数字",
                    f"table 二 row '{row.label}' not found or without figures",
                )
                continue
            width = len(row.columns)
            chunk = got.chunk
            if row.key == "fees_wan_yuan":
                cells = _fit(chunk, 1)
                if cells is None:
                    self._unreadable(where, row.label, chunk)
                    continue
                if cells[0].kind == BAD:
                    self._unreadable(where, row.label, chunk)
                    continue
                value = parse_number(cells[0].text) if cells[0].kind == NUM else None
                active.fees_wan_yuan = value
                read += 1
                continue
            values = self._ints(where, row.label, chunk, width, row.columns)
            if values is None:
                continue
            read += sum(1 for v in values if v is not None)
            if row.key == "rules":
                active.rules = values
            elif row.key == "normative_documents":
                active.normative_documents = values
            elif row.key == "licensing":
                active.licensing = values[0]
            elif row.key == "penalty":
                active.penalty = values[0]
            elif row.key == "enforcement":
                active.enforcement = values[0]
        self._unplaced("二", placement.unplaced)
        return read

    def _ints(
        self, where: str, label: str, chunk: Chunk, width: int, columns: Sequence[str]
    ) -> list[int | None] | None:
        cells = _fit(chunk, width)
        if cells is None:
            run = _glued_run(chunk.cells, width) if self.glued_mode else None
            digits = run[0] if run is not None and not run[1] else None
            if digits is not None:
                options = _splits(glued.split_free, digits, width)
                # the narrative's own figures ("现行有效行政规范性文件26件") as constraints
                stated = stated_cells(self.narrative, where.split("/")[1])
                if options and stated:
                    options = [o for o in options if all(o[c] == v for c, v in stated.items())]
                if options is not None and len(options) == 1:
                    return list(options[0])
                if options is None or options:
                    listed = "；".join(" ".join(map(str, o)) for o in (options or [])[:8])
                    more = "……" if options and len(options) > 8 else ""
                    candidates = f"可能的拆分：{listed}{more}" if options else "拆分方式过多"
                    for column in columns[:width]:
                        self.finding(
                            "reader-ambiguous",
                            "warning",
                            f"{where}/{column}",
                            f"“{label}”行“{column}”列：该行数字连在一起（{digits}），"
                            f"有多种拆分方式，未填入；{candidates}",
                            f"row '{label}', column {column}: the row's digits {digits} run "
                            f"together and can be split in more than one way; left empty "
                            f"({listed or 'too many'})",
                            actual=digits,
                        )
                    return [None] * width
            self._unreadable(where, label, chunk)
            return None
        out: list[int | None] = []
        for index, cell in enumerate(cells):
            value, ok = _int_cell(cell)
            if not ok:
                self._not_a_figure(
                    f"{where}/{columns[index]}", f"“{label}”行“{columns[index]}”列", cell
                )
            out.append(value)
        return out

    def _not_a_figure(self, where: str, label: str, cell: Cell) -> None:
        """A cell among figures that is not an integer: named, left empty."""
        if cell.text == UNREADABLE:
            message = f"{label}在扫描件中无法辨认（字迹不清），未填入，请对照原件"
            message_en = f"{where}: illegible in the scan; left empty"
        else:
            message = f"{label}不是整数：{cell.text}"
            message_en = f"{where} is not an integer: {cell.text}"
        self.finding("reader-missing-cell", "error", where, message, message_en, cell.text)

    def _too_many(self, wheres: Sequence[str], label: str, digits: str) -> None:
        """Glued digits with too many splits: each of the cells they fill is named."""
        for where in wheres:
            column = where.split("/")[-1]
            self.finding(
                "reader-ambiguous",
                "warning",
                where,
                f"“{label}”“{column}”：数字连在一起（{digits}），可能的拆分方式过多，未填入",
                f"'{label}', {column}: the digits {digits} run together and admit too many "
                "splits; left empty",
                actual=digits,
            )

    def _unreadable(self, where: str, label: str, chunk: Chunk) -> None:
        printed = " ".join(c.text or "□" for c in chunk.cells)
        self.finding(
            "reader-missing-cell",
            "error",
            where,
            f"“{label}”行的数字无法对应到各列（读到：{printed}），未填入",
            f"row '{label}': the figures read ({printed}) cannot be placed in its columns; "
            "left empty",
            actual=printed,
        )

    def _unplaced(self, table: str, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            printed = " ".join(c.text or "□" for c in chunk.cells)
            self.finding(
                "reader-unplaced-row",
                "warning",
                table,
                f"表{table}中有一行数字无法对应到任何行：{printed}",
                f"a line of figures in table {table} matches no row: {printed}",
                actual=printed,
            )

    # -- table 三 ------------------------------------------------------------------
    def read_applications(
        self, folded: Folded, lo: int, hi: int, hits: list[Hit] | None = None
    ) -> int:
        """Read table 三 from folded[lo:hi] (``hits``: its labels, when already found)."""
        width = N_APPLICANT_COLUMNS
        widths = {row.key: width for row in APPLICATION_ROWS}
        widths.update({g.key: width for g in OUTCOME_GROUPS})
        if hits is None:
            hits = find_hits(folded, lo, hi, APPLICATION_KINDS)
        hits = with_misprinted_rows(folded, hits, lo, hi, _APPLICATION_LABELS)
        region = read_region(folded, lo, hi, APPLICATION_KINDS, widths, hits)
        present = {h.key for h in region.hits}
        one_row_groups = [
            g.key
            for g in OUTCOME_GROUPS
            if g.key in present and not any(k in present for k in group_rows(g.key))
        ]
        data_keys: list[str] = []
        for row in APPLICATION_ROWS:
            if row.group in one_row_groups:
                if row.group not in data_keys:
                    data_keys.append(row.group)
                continue
            data_keys.append(row.key)
        placement = place_rows(region, data_keys, widths)
        # A table whose rows lost their separators: most rows are one run of digits.
        placed = [r.chunk for r in placement.rows.values() if r.chunk is not None]
        glued_rows = sum(
            1
            for c in placed
            if (not c.delimited or len(c.cells) == 1) and _glued_run(c.cells, width) is not None
        )
        glued_mode = bool(placed) and glued_rows * 2 >= len(placed)
        self.glued_mode = glued_mode
        offsets = (
            typical_offsets(placed, width)
            if any(c.delimited and len(c.cells) > width for c in placed)
            else {}
        )
        # cells or candidate splits per row
        candidates: dict[str, list[glued.Cells]] = {}
        fixed: dict[str, list[int | None]] = {}
        any_glued = False
        for key in data_keys:
            label = _row_label(key)
            where = f"三/{key}"
            got = placement.rows.get(key)
            if got is None or got.chunk is None:
                # a group label without figures and without its numbered rows: the rows
                # themselves are what is missing
                for missing in group_rows(key) if key in one_row_groups else (key,):
                    self.finding(
                        "reader-missing-row",
                        "error",
                        f"三/{missing}",
                        f"未找到或未读出表三“{_row_label(missing)}”行的数字",
                        f"table 三 row '{_row_label(missing)}' not found or without figures",
                    )
                continue
            chunk = got.chunk
            cells = _fit(chunk, width, with_total=True, offsets=offsets)
            if cells is None:
                cells = _without_subtotal(chunk, width)
            if cells is None:
                run = _glued_run(chunk.cells, width) if glued_mode else None
                if run is not None:
                    digits, cuts = run
                    options = _splits(glued.split_with_total, digits, width, cuts)
                    if options == [] and cuts:  # a stray space inside a number
                        options = _splits(glued.split_with_total, digits, width)
                    any_glued = True
                    if options:
                        candidates[key] = options
                        continue
                    if options is None:
                        fixed[key] = [None] * width
                        self._too_many(_row_cells(where), label, digits)
                        continue
                    self.finding(
                        "reader-missing-cell",
                        "error",
                        where,
                        f"“{label}”行的数字连在一起（{digits}），无法拆分成总计相符的七列",
                        f"row '{label}': the digits {digits} run together and no split "
                        "into seven cells adds up to its total",
                        actual=digits,
                    )
                    continue
                self._unreadable(where, label, chunk)
                continue
            values: list[int | None] = []
            for index, cell in enumerate(cells):
                value = cell.value
                if value is None:
                    value, ok = _int_cell(cell)
                else:
                    ok = True
                if not ok:
                    column = APPLICANT_COLUMN_LABELS[index]
                    self._not_a_figure(f"{where}/{column}", f"“{label}”行“{column}”列", cell)
                values.append(value)
            fixed[key] = values
            if None not in values:
                candidates[key] = [tuple(v for v in values if v is not None)]
        if any_glued:
            self._solve_glued(candidates, fixed, data_keys, one_row_groups)
        self._verify_positions(placement, fixed, one_row_groups)
        read = 0
        apps = self.report.applications
        for key, values in fixed.items():
            apps[key] = values
            read += sum(1 for v in values if v is not None)
        self._unplaced("三", placement.unplaced)
        return read

    def _verify_positions(
        self,
        placement: Placement,
        fixed: dict[str, list[int | None]],
        one_row_groups: Sequence[str],
    ) -> None:
        """Rows placed by position are kept only where the arithmetic bears them out.

        A row whose 总计 is not the sum of its six columns, or that takes part in a column
        rule (一 + 二 = （七）+ 四; the outcome rows add up to （七）) that fails, is left
        empty with a ``reader-ambiguous`` finding naming the figures it would have had.
        Rows read from their own labelled line are kept whatever the sums say (the
        checks then report the report's own inconsistency). Each placed row's certainty
        is recorded in ``report.placement``.
        """
        how = {k: r.how for k, r in placement.rows.items() if k in fixed}
        guessed = {k for k, h in how.items() if h == POSITION}
        # Sums confirm figures, not which row they belong to: the outcome rows add up in any
        # order, and so do 一 and 二. Rows placed by order alone are pinned only when those
        # that could trade places are alike; （七）总计 and 四 are pinned by the sums.
        by_order = {
            k
            for k, r in placement.rows.items()
            if k in fixed and r.how == POSITION and r.stretch != NEAR
        }
        unpinned: set[str] = set()
        for family in (set(OUTCOME_ROW_KEYS) | set(one_row_groups), {"new", "carried_in"}):
            members = by_order & family
            if len({tuple(fixed[k]) for k in members}) > 1:
                unpinned |= members
        doubtful = {k for k in guessed if not _row_adds_up(fixed[k])}
        # Several labels and as many rows of figures in one stretch, given by order: when
        # those rows differ, which is whose is a guess; they are left empty.
        stretches: dict[int, list[str]] = {}
        for k, r in placement.rows.items():
            if k in fixed and r.how == POSITION and r.stretch >= 0:
                stretches.setdefault(r.stretch, []).append(k)
        for keys in stretches.values():
            pinned_by_sums = [k for k in keys if k in ("total", "carried_out")]
            rest = [k for k in keys if k not in pinned_by_sums]
            if len({tuple(fixed[k]) for k in rest}) > 1:
                doubtful.update(rest)
        outcome_keys = [k for k in OUTCOME_ROW_KEYS if k in fixed] + [
            g for g in one_row_groups if g in fixed
        ]
        unchecked: set[str] = set()
        for col in range(N_APPLICANT_COLUMNS):

            def cell(key: str, col: int = col) -> int | None:
                row = fixed.get(key)
                return None if row is None else row[col]

            balance = ["new", "carried_in", "total", "carried_out"]
            values = [cell(k) for k in balance]
            if None in values:
                unchecked.update(balance)
            elif (values[0] or 0) + (values[1] or 0) != (values[2] or 0) + (values[3] or 0):
                doubtful.update(k for k in balance if k in guessed)
            parts = [cell(k) for k in outcome_keys]
            total = cell("total")
            complete = len(outcome_keys) >= len(OUTCOME_ROW_KEYS) - _collapsed_rows(one_row_groups)
            if None in parts or total is None or not complete:
                unchecked.update([*outcome_keys, "total"])
            elif sum(v or 0 for v in parts) != total:
                doubtful.update(k for k in [*outcome_keys, "total"] if k in guessed)
        placed = self.report.placement
        for key, h in how.items():
            where = f"三/{key}"
            if key in doubtful:
                printed = " ".join("□" if v is None else str(v) for v in fixed[key])
                label = _row_label(key)
                # every cell of the row is in doubt: each is emptied and named, with the
                # figure it would have had
                for index, value in enumerate(fixed[key]):
                    column = APPLICANT_COLUMN_LABELS[index]
                    self.finding(
                        "reader-ambiguous",
                        "error",
                        f"{where}/{column}",
                        f"表三“{label}”行“{column}”列：该行数字与行名分离，按位置对应到的"
                        f"数字（{printed}）与表内勾稽关系不符，未填入",
                        f"table 三 row '{label}', column {column}: the row's figures are "
                        f"printed apart from its label and those found by position ({printed}) "
                        "break the table's sums; left empty",
                        actual="□" if value is None else str(value),
                    )
                fixed[key] = [None] * N_APPLICANT_COLUMNS
                continue
            if h == POSITION and key not in unchecked and key not in unpinned:
                # a rule confirms its rows only when none of them was found wrong
                balance_rows = ("new", "carried_in", "total", "carried_out")
                rules: list[tuple[str, ...]] = []
                if key in balance_rows:
                    rules.append(balance_rows)
                if key == "total" or key in outcome_keys:
                    rules.append((*outcome_keys, "total"))
                if rules and not any(k in doubtful for rule in rules for k in rule):
                    h = ARITHMETIC
            placed[where] = h
            if h == POSITION:
                label = _row_label(key)
                for index, value in enumerate(fixed[key]):
                    if value is None:
                        continue
                    column = APPLICANT_COLUMN_LABELS[index]
                    self.finding(
                        "reader-position-only",
                        "warning",
                        f"{where}/{column}",
                        f"表三“{label}”行“{column}”列（{value}）：该行数字与行名分离，"
                        "仅按排列位置对应，表内勾稽关系无法核实（相关行缺失），请核对",
                        f"table 三 row '{label}', column {column} ({value}): the row's figures "
                        "are printed apart from its label and were placed by position only; "
                        "the table's sums cannot confirm them",
                        actual=str(value),
                    )

    def _solve_glued(
        self,
        candidates: dict[str, list[glued.Cells]],
        fixed: dict[str, list[int | None]],
        data_keys: Sequence[str],
        one_row_groups: Sequence[str],
    ) -> None:
        outcome_keys = [
            k
            for k in data_keys
            if k in one_row_groups or (k in APPLICATION_BY_KEY and k in OUTCOME_ROW_KEYS)
        ]
        used, complete = glued.solve_applications(
            candidates, outcome_keys=outcome_keys, width=N_APPLICANT_COLUMNS
        )
        solved = any(used[k] for k in used)
        for key, options in candidates.items():
            if key in fixed:
                continue
            label = _row_label(key)
            pool = used[key] if solved else options
            if not complete and len(pool) > 1:
                pool = []
            values = glued.agree(pool) if pool else [None] * N_APPLICANT_COLUMNS
            fixed[key] = values
            for index, value in enumerate(values):
                if value is not None:
                    continue
                column = APPLICANT_COLUMN_LABELS[index]
                self.finding(
                    "reader-ambiguous",
                    "warning",
                    f"三/{key}/{column}",
                    f"“{label}”行“{column}”列：该行数字连在一起，按表内勾稽关系仍有多种"
                    "拆分方式，此单元格无法确定，未填入",
                    f"row '{label}', column {column}: the row's glued digits admit more than "
                    "one split consistent with the table's sums; this cell is left empty",
                )
        if not solved:
            self.finding(
                "reader-ambiguous",
                "warning",
                "三",
                "表三的数字连在一起，且没有一种拆分能使各列勾稽关系成立：各行按本行总计拆分",
                "table 三's digits run together and no split satisfies the column sums; "
                "each row was split by its own total only",
            )

    def _review_groups_by_sums(self, values: list[int | None]) -> list[int | None]:
        """Table 四's figures from a scrambled stream: groups found by their sums.

        Printed order is kept when every group adds up. Otherwise the stream is dealt into
        three interleaved groups that each add up: 行政复议 is the group holding the first
        figure; the two 行政诉讼 groups cannot be told apart by arithmetic, so they are
        placed only when every solution agrees. Undetermined cells stay empty with a
        ``reader-ambiguous`` finding listing the candidates.
        """
        groups = _review_groups(values)
        if all(solve.adds_up(g) for g in groups):
            return values
        known = [v for v in values if v is not None]
        solutions = (
            solve.interleaved_groups(known, len(REVIEW_GROUPS), N_REVIEW_COLUMNS)
            if len(known) == len(values)
            else []
        )
        keys = [g.key for g in REVIEW_GROUPS]
        out: list[int | None] = [None] * len(values)
        if solutions:
            first = solve.agree([s[0] for s in solutions])
            out[:N_REVIEW_COLUMNS] = first
            pairs = {frozenset((s[1], s[2])) for s in solutions}
            if len(pairs) == 1 and len({g for pair in pairs for g in pair}) == 1:
                same = next(iter(next(iter(pairs))))
                out[N_REVIEW_COLUMNS:] = [*same, *same]
        for index, key in enumerate(keys):
            part = out[index * N_REVIEW_COLUMNS : (index + 1) * N_REVIEW_COLUMNS]
            if None not in part:
                continue
            slots = (0,) if index == 0 else (1, 2)
            options = sorted({s[i] for s in solutions or [] for i in slots})
            listed = "；".join(" ".join(map(str, o)) for o in options) or "无"
            printed = " ".join("□" if v is None else str(v) for v in values)
            for column, value in zip(REVIEW_COLUMN_LABELS, part, strict=True):
                if value is not None:
                    continue
                self.finding(
                    "reader-ambiguous",
                    "error",
                    f"四/{key}/{column}",
                    f"表四“{REVIEW_GROUPS[index].label}”“{column}”：数字顺序被打乱（{printed}），"
                    f"按总计关系无法唯一确定，未填入；可能的分组：{listed}",
                    f"table 四 {key}, {column}: the figures come out of order ({printed}) and "
                    f"the sums do not decide this cell; left empty; candidate groups: {listed}",
                    actual=printed,
                )
        return out

    # -- table 四 ------------------------------------------------------------------
    def read_reviews(self, folded: Folded, lo: int, hi: int) -> int:
        original = folded.original
        seg_lo = folded.start_in_original(lo)
        seg_hi = folded.start_in_original(hi)
        n = N_REVIEW_COLUMNS * len(REVIEW_GROUPS)
        chunks = tail_chunks(original[seg_lo:seg_hi], offset=seg_lo, owner=-1, width=n)
        cells: list[Cell] = []
        for chunk in chunks:
            fitted = None
            for size in (n, N_REVIEW_COLUMNS):
                if len(chunk.cells) >= size and chunk.delimited:
                    fitted = _fit(chunk, size)
                    if fitted is not None:
                        break
            cells.extend(fitted if fitted is not None else chunk.cells)
        values: list[int | None] | None = None
        if len(cells) == n:
            values = []
            for index, cell in enumerate(cells):
                value, ok = _int_cell(cell)
                values.append(value)
                if not ok:
                    group = REVIEW_GROUPS[index // N_REVIEW_COLUMNS]
                    column = REVIEW_COLUMN_LABELS[index % N_REVIEW_COLUMNS]
                    self._not_a_figure(
                        f"四/{group.key}/{column}", f"表四“{group.label}”“{column}”", cell
                    )
            # Figures gathered from several lines that do not break at the groups: their
            # order is the converter's, so the groups are found by their sums.
            aligned = all(len(c.cells) % N_REVIEW_COLUMNS == 0 for c in chunks)
            if len(chunks) > 1 and not aligned:
                values = self._review_groups_by_sums(values)
        elif cells:
            run = _glued_run(cells, n) if self.glued_mode else None
            if run is not None:
                digits, cuts = run
                groups, size = len(REVIEW_GROUPS), N_REVIEW_COLUMNS
                options = _splits(glued.split_groups, digits, groups, size, cuts)
                if options == [] and cuts:  # a stray space inside a number
                    options = _splits(glued.split_groups, digits, groups, size)
                if options is None:
                    values = [None] * n
                    self._too_many(_review_cells(range(n)), "表四", digits)
                elif options:
                    values = glued.agree(options)
                    undecided = [i for i, v in enumerate(values) if v is None]
                    for where in _review_cells(undecided):
                        self.finding(
                            "reader-ambiguous",
                            "warning",
                            where,
                            f"表四“{where.split('/')[1]}”“{where.split('/')[2]}”：数字连在一起"
                            f"（{digits}），有多种拆分方式，此单元格无法确定，未填入",
                            f"table 四 {where}: the digits {digits} run together and admit "
                            "more than one split; this cell is left empty",
                            actual=digits,
                        )
            if values is None:
                printed = " ".join(c.text or "□" for c in cells)
                self.finding(
                    "reader-missing-cell",
                    "error",
                    "四",
                    f"表四应有 {n} 个单元格，读到的数字无法对应（{printed}），未填入",
                    f"table 四 has {n} cells; the figures read ({printed}) cannot be placed",
                    actual=printed,
                )
        else:
            self.finding(
                "reader-missing-row",
                "error",
                "四",
                "未读出表四（行政复议、行政诉讼情况）的数字",
                "no figures found for table 四 (administrative reconsideration and litigation)",
            )
        if values is None:
            return 0
        for index, group in enumerate(REVIEW_GROUPS):
            part = values[index * N_REVIEW_COLUMNS : (index + 1) * N_REVIEW_COLUMNS]
            self.report.reviews[group.key] = list(part)
        return sum(1 for v in values if v is not None)


def _row_adds_up(values: Sequence[int | None]) -> bool:
    """A row of table 三 whose 总计 is the sum of its six columns (blanks count 0)."""
    if values[-1] is None:
        return all(v is None for v in values)
    return sum(v or 0 for v in values[:-1]) == values[-1]


def _collapsed_rows(one_row_groups: Sequence[str]) -> int:
    """Rows of table 三 not printed because their group is printed as one row (less the
    group row itself)."""
    return sum(len(group_rows(g)) - 1 for g in one_row_groups)


def _review_groups(values: Sequence[int | None]) -> list[list[int | None]]:
    size = N_REVIEW_COLUMNS
    return [list(values[i * size : (i + 1) * size]) for i in range(len(REVIEW_GROUPS))]


def _splits(split: Callable[..., list[glued.Cells]], *args: Any) -> list[glued.Cells] | None:
    """The splits ``split`` finds, or None when there are too many to decide among."""
    try:
        return split(*args)
    except glued.TooManySplits:
        return None


_ACTIVE_LABELS = tuple((row.key, fold(row.label), "") for row in ACTIVE_ROWS)
_APPLICATION_LABELS = tuple(
    (row.key, fold(row.label), "".join(c for c in row.number if c not in "、.（）"))
    for row in APPLICATION_ROWS
)


def _row_cells(where: str) -> list[str]:
    """The cells of a row of table 三 (``三/granted`` → ``三/granted/自然人`` …)."""
    return [f"{where}/{column}" for column in APPLICANT_COLUMN_LABELS]


def _review_cells(indices: Sequence[int] | range) -> list[str]:
    """The cells of table 四 at the given positions of its 15 figures, in printed order."""
    size = N_REVIEW_COLUMNS
    return [f"四/{REVIEW_GROUPS[i // size].key}/{REVIEW_COLUMN_LABELS[i % size]}" for i in indices]


def _row_label(key: str) -> str:
    if key in APPLICATION_BY_KEY:
        row = APPLICATION_BY_KEY[key]
        return f"{row.number}{row.label}"
    for group in OUTCOME_GROUPS:
        if group.key == key:
            return f"{group.number}{group.label}"
    if key in ACTIVE_BY_KEY:
        return ACTIVE_BY_KEY[key].label
    return key


# ---------------------------------------------------------------------------
# Document tables → text
# ---------------------------------------------------------------------------


def table_lines(table: Table) -> list[str]:
    """A grid as tab-separated lines: covered positions dropped, blank cells kept."""
    lines: list[str] = []
    for row in table.rows:
        cells = [" ".join((c or "").split()) for c in row if c is not None]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


__all__ = [
    "ACTIVE_KINDS",
    "APPLICATION_KINDS",
    "Reader",
    "find_hits",
    "read_region",
    "table_lines",
]
