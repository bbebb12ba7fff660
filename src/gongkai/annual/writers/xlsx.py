"""XLSX of the three tables (openpyxl): one sheet per table, merged header cells.

Each sheet has the table's caption in row 1 and the table from row 2, merged as in the
national template. Counts are numbers; a blank cell stays empty. The fee is a number shown
with all its decimal places, or text if a spreadsheet number (a double) cannot hold it
exactly.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Report
from ..render import Grid, active_grid, applications_grid, report_title, reviews_grid

SHEET_TITLES = {
    "active": "表二 主动公开",
    "applications": "表三 依申请公开",
    "reviews": "表四 行政复议和行政诉讼",
}
TABLE_NUMBERS = {"active": "二", "applications": "三", "reviews": "四"}
FONT = "仿宋"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: Column widths (characters) of the label columns; the value columns get 10.
LABEL_WIDTHS = {"active": (18,), "applications": (10, 18, 34), "reviews": ()}


def _number(text: str) -> int | Decimal | float | str:
    """The cell value for a printed number: int, exact float, or the text itself."""
    if text.isdigit():
        return int(text)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return text
    as_float = float(amount)
    return as_float if Decimal(repr(as_float)) == amount else text


def _write_grid(ws: Worksheet, grid: Grid, caption: str) -> None:
    ws.cell(row=1, column=1, value=caption).font = Font(name=FONT, bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    top = 2
    for cell in grid.cells:
        row, col = top + cell.row, 1 + cell.col
        target = ws.cell(row=row, column=col)
        if cell.text:
            value = _number(cell.text) if cell.numeric else cell.text
            target.value = value
            if isinstance(value, float) and "." in cell.text:
                places = len(cell.text.split(".")[1])
                target.number_format = "0." + "0" * places
        target.font = Font(name=FONT, bold=cell.header and cell.scope in {"col", "colgroup"})
        centred = cell.numeric or cell.scope in {"col", "colgroup"} or cell.rowspan > 1
        target.alignment = Alignment(
            horizontal="center" if centred else "left", vertical="center", wrap_text=True
        )
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    for r in range(top, top + grid.n_rows):
        for c in range(1, grid.n_cols + 1):
            ws.cell(row=r, column=c).border = BORDER
    widths = LABEL_WIDTHS[grid.key]
    for c in range(1, grid.n_cols + 1):
        width = widths[c - 1] if c <= len(widths) else 10
        ws.column_dimensions[get_column_letter(c)].width = width


def render_xlsx(report: Report) -> bytes:
    """The three tables of the report as an .xlsx workbook (bytes)."""
    workbook = Workbook()
    workbook.properties.title = report_title(report)
    if report.agency:
        workbook.properties.creator = report.agency
    first = True
    for grid in (active_grid(report), applications_grid(report), reviews_grid(report)):
        if first:
            active = workbook.active
            assert isinstance(active, Worksheet)
            ws = active
            ws.title = SHEET_TITLES[grid.key]
            first = False
        else:
            ws = workbook.create_sheet(SHEET_TITLES[grid.key])
        _write_grid(ws, grid, f"表{TABLE_NUMBERS[grid.key]}　{grid.caption}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


__all__ = ["render_xlsx"]
