"""The printed layout of a report, as data, for every writer (DOCX, HTML, XLSX, text).

:func:`outline` turns a :class:`Report` into the title, the six sections in order with
their paragraphs, and the three tables as :class:`Grid` s — cells placed on a grid with
their row and column spans, exactly as in the national template (国办公开办函〔2021〕30号):

* table 二: the four 第二十条 blocks, each a caption row, a header row and its rows;
* table 三: the top-left note spanning 3 columns × 3 rows, 申请人情况 over the seven
  columns, 法人或其他组织 over five, 三、本年度办理结果 spanning its rows, each group
  label （三）…（六） spanning its numbered sub-rows (or one row when the report prints the
  group as one row);
* table 四: 行政复议 over five columns, 行政诉讼 over ten, 未经复议直接起诉 and 复议后起诉
  over five each.

A blank cell (``None``) is rendered as an empty string, never as 0; the fee keeps every
decimal place of its ``Decimal``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICANT_HEADER_LABEL,
    APPLICATION_BY_KEY,
    BALANCE_NOTE,
    LEGAL_PERSON_GROUP_LABEL,
    N_APPLICANT_COLUMNS,
    OUTCOME_GROUPS,
    RESULTS_BLOCK_LABEL,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
    SECTIONS,
    group_rows,
)
from .model import Cell, Report
from .narrative import assign_sections, classify_heading

Scope = Literal["col", "colgroup", "row", "rowgroup"]

ACTIVE_INFO_LABEL = "信息内容"
ADMINISTRATIVE_LITIGATION_LABEL = "行政诉讼"
DEFAULT_TITLE = "政府信息公开工作年度报告"


@dataclass(frozen=True)
class GridCell:
    """One printed cell: its text and where it sits (top-left corner and spans)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: Scope | None = None  # for headers (HTML ``<th scope>``)
    numeric: bool = False


@dataclass(frozen=True)
class Grid:
    """A table as printed: ``cells`` cover the ``n_rows`` × ``n_cols`` grid exactly once."""

    key: str  # the section key: active / applications / reviews
    caption: str
    n_rows: int
    n_cols: int
    header_rows: int  # leading rows that are column headers (``<thead>``)
    cells: tuple[GridCell, ...]

    def rows(self) -> list[list[GridCell]]:
        """The cells that start in each row, left to right."""
        rows: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        return [sorted(row, key=lambda c: c.col) for row in rows]

    def matrix(self) -> list[list[str]]:
        """Each cell's text at its top-left position, ``""`` where a span covers the grid."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every spanning cell."""
        return [
            (c.row, c.col, c.rowspan, c.colspan)
            for c in self.cells
            if c.rowspan > 1 or c.colspan > 1
        ]


@dataclass
class OutlineSection:
    number: str
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: Grid | None = None

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass
class Outline:
    title: str
    sections: list[OutlineSection]


# -- cell text ----------------------------------------------------------------------------


def cell_text(value: Cell) -> str:
    """A count as printed: blank stays blank (never 0)."""
    return "" if value is None else str(value)


def fee_text(value: Decimal | None) -> str:
    """A fee in 万元 with every decimal place it has (no float rounding)."""
    return "" if value is None else format(value, "f")


class _Builder:
    def __init__(self) -> None:
        self.cells: list[GridCell] = []
        self.row = 0

    def add(
        self,
        text: str,
        col: int,
        *,
        row: int | None = None,
        rowspan: int = 1,
        colspan: int = 1,
        header: bool = False,
        scope: Scope | None = None,
        numeric: bool = False,
    ) -> None:
        self.cells.append(
            GridCell(
                text,
                self.row if row is None else row,
                col,
                rowspan,
                colspan,
                header,
                scope,
                numeric,
            )
        )

    def values(self, values: list[str], first_col: int) -> None:
        for i, text in enumerate(values):
            self.add(text, first_col + i, numeric=True)


# -- table 二 -----------------------------------------------------------------------------


def active_grid(report: Report) -> Grid:
    """Table 二 (主动公开政府信息情况): four 第二十条 blocks, four columns."""
    b = _Builder()
    n_cols = 4
    items: list[str] = list(dict.fromkeys(row.item for row in ACTIVE_ROWS))
    for item in items:
        rows = [row for row in ACTIVE_ROWS if row.item == item]
        b.add(item, 0, colspan=n_cols, header=True, scope="colgroup")
        b.row += 1
        b.add(ACTIVE_INFO_LABEL, 0, header=True, scope="col")
        columns = rows[0].columns
        span = (n_cols - 1) // len(columns)
        for i, label in enumerate(columns):
            b.add(label, 1 + i * span, colspan=span, header=True, scope="col")
        b.row += 1
        for row in rows:
            b.add(row.label, 0, header=True, scope="row")
            value = getattr(report.active, row.key)
            if row.key == "fees_wan_yuan":
                b.add(fee_text(value), 1, colspan=n_cols - 1, numeric=True)
            elif isinstance(value, list):
                b.values([cell_text(v) for v in value], 1)
            else:
                b.add(cell_text(value), 1, colspan=n_cols - 1, numeric=True)
            b.row += 1
    return Grid("active", "主动公开政府信息情况", b.row, n_cols, 0, tuple(b.cells))


# -- table 三 -----------------------------------------------------------------------------


def _collapsed(report: Report, group: str) -> bool:
    return group in report.applications and all(
        all(v is None for v in report.applications[key]) for key in group_rows(group)
    )


def printed_label(key: str) -> str:
    """The label of a row of table 三 with its printed numbering, e.g. ``（一）予以公开``."""
    row = APPLICATION_BY_KEY[key]
    return f"{row.number}{row.label}"


def applications_grid(report: Report) -> Grid:
    """Table 三 (收到和处理政府信息公开申请情况): 3 label columns + 7 applicant columns."""
    b = _Builder()
    apps = report.applications
    label_cols = 3
    n_cols = label_cols + N_APPLICANT_COLUMNS
    # Header: the note (3 × 3), 申请人情况 (7), 自然人 / 法人或其他组织 (5) / 总计.
    # The note is not a header of any cell: a plain cell (``<td>``) in the header rows.
    b.add(BALANCE_NOTE, 0, rowspan=3, colspan=label_cols)
    b.add(
        APPLICANT_HEADER_LABEL,
        label_cols,
        colspan=N_APPLICANT_COLUMNS,
        header=True,
        scope="colgroup",
    )
    b.row = 1
    b.add(APPLICANT_COLUMN_LABELS[0], label_cols, rowspan=2, header=True, scope="col")
    b.add(LEGAL_PERSON_GROUP_LABEL, label_cols + 1, colspan=5, header=True, scope="colgroup")
    b.add(APPLICANT_COLUMN_LABELS[-1], label_cols + 6, rowspan=2, header=True, scope="col")
    b.row = 2
    for i, label in enumerate(APPLICANT_COLUMN_LABELS[1:6]):
        b.add(label, label_cols + 1 + i, header=True, scope="col")
    b.row = 3

    def values(key: str) -> None:
        b.values([cell_text(v) for v in apps[key]], label_cols)

    for key in ("new", "carried_in"):
        b.add(printed_label(key), 0, colspan=label_cols, header=True, scope="row")
        values(key)
        b.row += 1
    results_top = b.row
    for key in ("granted", "partly_granted"):
        b.add(printed_label(key), 1, colspan=2, header=True, scope="row")
        values(key)
        b.row += 1
    for group in OUTCOME_GROUPS:
        group_label = f"{group.number}{group.label}"
        if _collapsed(report, group.key):
            b.add(group_label, 1, colspan=2, header=True, scope="row")
            b.values([cell_text(v) for v in apps[group.key]], label_cols)
            b.row += 1
            continue
        subs = group_rows(group.key)
        b.add(group_label, 1, rowspan=len(subs), header=True, scope="rowgroup")
        for key in subs:
            b.add(printed_label(key), 2, header=True, scope="row")
            values(key)
            b.row += 1
    b.add(printed_label("total"), 1, colspan=2, header=True, scope="row")
    values("total")
    b.row += 1
    b.add(
        RESULTS_BLOCK_LABEL,
        0,
        row=results_top,
        rowspan=b.row - results_top,
        header=True,
        scope="rowgroup",
    )
    b.add(printed_label("carried_out"), 0, colspan=label_cols, header=True, scope="row")
    values("carried_out")
    b.row += 1
    return Grid("applications", "收到和处理政府信息公开申请情况", b.row, n_cols, 3, tuple(b.cells))


# -- table 四 -----------------------------------------------------------------------------


def reviews_grid(report: Report) -> Grid:
    """Table 四 (政府信息公开行政复议、行政诉讼情况): 3 groups × 5 columns, one data row."""
    b = _Builder()
    width = len(REVIEW_COLUMN_LABELS)
    col = 0
    parents: dict[str, int] = {}
    for group in REVIEW_GROUPS:
        if group.parent is None:
            b.add(group.label, col, colspan=width, header=True, scope="colgroup")
            for i, label in enumerate(REVIEW_COLUMN_LABELS):
                b.add(label, col + i, row=1, rowspan=2, header=True, scope="col")
        else:
            if group.parent not in parents:
                n = sum(1 for g in REVIEW_GROUPS if g.parent == group.parent)
                parents[group.parent] = col
                b.add(group.parent, col, colspan=width * n, header=True, scope="colgroup")
            b.add(group.label, col, row=1, colspan=width, header=True, scope="colgroup")
            for i, label in enumerate(REVIEW_COLUMN_LABELS):
                b.add(label, col + i, row=2, header=True, scope="col")
        for i, value in enumerate(report.reviews[group.key]):
            b.add(cell_text(value), col + i, row=3, numeric=True)
        col += width
    return Grid("reviews", "政府信息公开行政复议、行政诉讼情况", 4, col, 3, tuple(b.cells))


# -- the whole report ---------------------------------------------------------------------


def report_title(report: Report) -> str:
    """「<机关><年度>年政府信息公开工作年度报告」, or the title as read when that is unknown."""
    if report.agency and report.year:
        return f"{report.agency}{report.year}年{DEFAULT_TITLE}"
    return report.title or DEFAULT_TITLE


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def narrative_from_sections(report: Report) -> dict[str, str]:
    """Section key → text, from the sections the reader found.

    A heading that is not one of the six (the seed numbers the sub-sections of 一、总体情况
    as 一、二、三、四 again) stays where it was, as a line of the section before it.
    """
    texts: dict[str, list[str]] = {}
    current: str | None = None
    for section, key in zip(report.sections, assign_sections(report.sections), strict=True):
        if key is not None and key not in texts:
            current = key
            texts[key] = [section.text]
        elif current is not None:
            texts[current] += [f"{section.number}、{section.title}", section.text]
    return {key: "\n".join(parts) for key, parts in texts.items()}


_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(\S.*?)\s*$")


def narrative_from_text(text: str) -> dict[str, str]:
    """Section key → text, from a plain text whose six parts start with 「一、总体情况」 …

    Lines before the first recognised heading (a title, say) are dropped; other numbered
    lines stay inside their section.
    """
    numeral_of = {s.key: s.number for s in SECTIONS}
    texts: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            key = classify_heading(match.group(2))
            if key is not None and key not in texts and numeral_of[key] == match.group(1):
                current = key
                texts[key] = []
                continue
        if current is not None:
            texts[current].append(line)
    return {key: "\n".join(lines) for key, lines in texts.items()}


def outline(report: Report, narrative: Mapping[str, str] | None = None) -> Outline:
    """The report as printed: title, the six sections with their text, the three tables.

    ``narrative`` maps section keys (``overview`` … ``other``) to their text; by default
    it comes from the sections the reader found (``report.sections``).
    """
    texts = dict(narrative) if narrative is not None else narrative_from_sections(report)
    tables = {
        "active": active_grid(report),
        "applications": applications_grid(report),
        "reviews": reviews_grid(report),
    }
    sections = [
        OutlineSection(
            s.number, s.key, s.title, _paragraphs(texts.get(s.key, "")), tables.get(s.key)
        )
        for s in SECTIONS
    ]
    return Outline(report_title(report), sections)


__all__ = [
    "Grid",
    "GridCell",
    "Outline",
    "OutlineSection",
    "active_grid",
    "applications_grid",
    "cell_text",
    "fee_text",
    "narrative_from_sections",
    "narrative_from_text",
    "outline",
    "printed_label",
    "report_title",
    "reviews_grid",
]
