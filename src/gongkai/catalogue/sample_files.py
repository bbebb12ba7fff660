"""Real documents made on the fly: PDF (reportlab, the Adobe CJK font STSong-Light, which
every PDF viewer substitutes), DOCX (python-docx) and XLSX (openpyxl). The demo attaches them
to its policy documents; the tests upload them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

CJK_FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def pdf_bytes(
    title: str,
    paragraphs: Sequence[str],
    *,
    author: str = "",
    document_no: str = "",
    signed: str = "",
    signed_on: date | None = None,
) -> bytes:
    """An A4 document in the official layout (title, 文号, body, signature and date)."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
    )
    heading = ParagraphStyle(
        "title", fontName=CJK_FONT, fontSize=20, leading=32, alignment=TA_CENTER, wordWrap="CJK"
    )
    number = ParagraphStyle("no", fontName=CJK_FONT, fontSize=14, leading=24, alignment=TA_CENTER)
    body = ParagraphStyle(
        "body", fontName=CJK_FONT, fontSize=15, leading=28, firstLineIndent=30, wordWrap="CJK"
    )
    right = ParagraphStyle("sig", fontName=CJK_FONT, fontSize=15, leading=28, alignment=TA_RIGHT)
    story: list[object] = []
    if document_no:
        story += [Paragraph(_escape(document_no), number), Spacer(1, 6 * mm)]
    story += [Paragraph(_escape(title), heading), Spacer(1, 8 * mm)]
    story += [Paragraph(_escape(p), body) for p in paragraphs]
    if signed:
        story += [Spacer(1, 12 * mm), Paragraph(_escape(signed), right)]
    if signed_on:
        story.append(Paragraph(f"{signed_on.year}年{signed_on.month}月{signed_on.day}日", right))
    document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_bytes(
    title: str,
    paragraphs: Sequence[str],
    *,
    author: str = "",
    table: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A Word document with a centred title, body paragraphs and an optional table."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    style = document.styles["Normal"]
    style.font.name = "仿宋"  # type: ignore[attr-defined]
    style.font.size = Pt(15)  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")  # type: ignore[attr-defined]
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(30)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        grid.style = "Table Grid"
        for row in table:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: Sequence[Sequence[object]], *, sheet: str = "Sheet1") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
