"""DOCX in the official layout (python-docx).

A4 portrait with the margins of 《党政机关公文格式》(GB/T 9704-2012): top 37 mm, bottom
35 mm, left 28 mm, right 26 mm. The title in 方正小标宋简体 二号 (22 pt), centred; the six
section headings in 黑体 三号 (16 pt); the body in 仿宋_GB2312 三号 with a two-character
first-line indent; tables in 仿宋_GB2312 (五号 for table 二, 小五 for the wide tables 三
and 四), with the merged header cells of the national template. Chinese fonts are set for
East Asian text through ``w:rFonts/@w:eastAsia``, so Word and LibreOffice use them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.run import Run

from ..model import Report
from ..render import Grid, outline

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 二号
HEADING_SIZE = Pt(16)  # 三号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZES = {"active": Pt(10.5), "applications": Pt(9), "reviews": Pt(9)}  # 五号 / 小五
TEXT_WIDTH_MM = 210 - 28 - 26
#: Widths (mm) of the label columns of each table; the value columns share the rest.
LABEL_WIDTHS_MM = {"active": (44.0,), "applications": (16.0, 22.0, 44.0), "reviews": ()}


def _east_asian(r_pr_owner: Run | ParagraphStyle, name: str) -> None:
    """Set the font for Latin and East Asian text (python-docx only sets the Latin one)."""
    r_pr = r_pr_owner.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), name)


def _style(
    style: ParagraphStyle,
    font: str,
    size: Pt,
    *,
    bold: bool = False,
    align: int | None = None,
    indent: Pt | None = None,
) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    _east_asian(style, font)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _set_up(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    styles = document.styles
    _style(styles["Normal"], BODY_FONT, BODY_SIZE, indent=Pt(32))
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    _style(styles["Title"], TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
    styles["Title"].paragraph_format.space_after = Pt(16)
    _style(styles["Heading 1"], HEADING_FONT, HEADING_SIZE, indent=Pt(32))
    styles["Heading 1"].paragraph_format.space_before = Pt(8)
    # The built-in Title style draws a blue rule under the text: not in an official report.
    title_p_pr = styles["Title"].element.pPr
    if title_p_pr is not None:
        for border in title_p_pr.findall(qn("w:pBdr")):
            title_p_pr.remove(border)


def _column_widths(grid: Grid) -> list[Mm]:
    labels = LABEL_WIDTHS_MM[grid.key]
    rest = (TEXT_WIDTH_MM - sum(labels)) / (grid.n_cols - len(labels))
    return [Mm(w) for w in labels] + [Mm(rest)] * (grid.n_cols - len(labels))


def _fill_table(table: Table, grid: Grid) -> None:
    """Merge and fill the cells of ``table`` (n_rows × n_cols, unmerged) from ``grid``.

    Works on the XML rows directly (``Table.cell`` rescans the whole table on each call):
    cells are taken right to left, so a merge only shifts the ``w:tc`` elements of cells
    already done.
    """
    size = TABLE_SIZES[grid.key]
    table.autofit = False
    widths = _column_widths(grid)
    for i, width in enumerate(widths):
        table.columns[i].width = width
    rows = table._tbl.tr_lst
    for tr in rows:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width
    for cell in sorted(grid.cells, key=lambda c: (-c.col, c.row)):
        target = _Cell(rows[cell.row].tc_lst[cell.col], table)
        if cell.rowspan > 1 or cell.colspan > 1:
            last_row, last_col = cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1
            target = target.merge(_Cell(rows[last_row].tc_lst[last_col], table))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        centred = cell.numeric or cell.scope in {"col", "colgroup"} or cell.rowspan > 1
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        if cell.text:
            run = paragraph.add_run(cell.text)
            run.font.size = size
            run.font.bold = cell.header and cell.scope in {"col", "colgroup"}
            _east_asian(run, BODY_FONT)
    # Header rows repeat on each page (Word's 「标题行重复」).
    for tr in rows[: grid.header_rows]:
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


def render_docx(report: Report, narrative: Mapping[str, str] | None = None) -> bytes:
    """The report as a .docx file (bytes)."""
    doc = outline(report, narrative)
    document = Document()
    _set_up(document)
    document.core_properties.title = doc.title
    if report.agency:
        document.core_properties.author = report.agency
    document.add_paragraph(doc.title, style="Title")
    for section in doc.sections:
        document.add_paragraph(section.heading, style="Heading 1")
        for text in section.paragraphs:
            document.add_paragraph(text)
        grid = section.table
        if grid is not None:
            table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
            table.style = document.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            _fill_table(table, grid)
            document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = ["render_docx"]
