"""Writing a :class:`~.letters.Letter` as DOCX (python-docx) and as PDF.

The DOCX follows 《党政机关公文格式》(GB/T 9704-2012) as the annual-report writer does: A4, top
37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号, the document number
centred under it, the body in 仿宋_GB2312 三号 with a two-character first-line indent, the organ
and date at the right. Chinese fonts are set for East Asian text through ``w:eastAsia``.

The PDF is written from the HTML template ``applications/letters/letter.html`` by
``gongkai.annual.writers.pdf.html_to_pdf`` (fonts embedded; it needs Debian's fonts-noto-cjk).
Where that writer is not installed, :func:`letter_pdf` returns ``None`` and only the DOCX is
issued.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from .letters import Letter, Table, chinese_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fonts(owner: Any, name: str) -> None:
    from docx.oxml.ns import qn

    fonts = owner.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), name)


def letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    _fonts(normal, BODY_FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)
    props = document.core_properties
    props.title = letter.full_title
    props.author = letter.organ
    props.language = "zh-CN"

    def para(
        text: str,
        *,
        align: Any = None,
        font: str = BODY_FONT,
        size: Any = None,
        indent: bool = False,
    ) -> None:
        paragraph = document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        run = paragraph.add_run(text)
        _fonts(run, font)
        if size is not None:
            run.font.size = size

    para(letter.organ, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=Pt(22))
    para(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=Pt(22))
    if letter.number:
        para(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("")
    para(letter.addressee)
    for block in letter.blocks:
        if isinstance(block, Table):
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(12)
                _fonts(run, HEADING_FONT)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(text)
                    run.font.size = Pt(12)
                    _fonts(run, BODY_FONT)
        else:
            para(block, indent=True)
    if letter.contact:
        para(letter.contact, indent=True)
    para("")
    para(letter.organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(chinese_date(letter.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CSS_PATH = Path(__file__).resolve().parents[1] / "static" / "css" / "letters.css"


def letter_html(letter: Letter) -> str:
    """The letter as a self-contained HTML document for the PDF writer (its styles inline:
    it is never served as a page, so the site's Content-Security-Policy does not apply)."""
    blocks = [
        {"table": block} if isinstance(block, Table) else {"text": block} for block in letter.blocks
    ]
    html = render_to_string(
        "applications/letters/letter.html",
        {"letter": letter, "blocks": blocks, "dated": chinese_date(letter.issued_on)},
    )
    css = CSS_PATH.read_text(encoding="utf-8")
    return html.replace("</head>", f"<style>{css}</style>\n</head>", 1)


def pdf_writer_available() -> bool:
    try:
        from gongkai.annual.writers.pdf import html_to_pdf  # noqa: F401
    except (ImportError, AttributeError):
        return False
    return True


def letter_pdf(letter: Letter) -> bytes | None:
    """The letter as PDF, or ``None`` while no PDF writer is installed."""
    try:
        from gongkai.annual.writers.pdf import html_to_pdf
    except (ImportError, AttributeError):
        return None
    return html_to_pdf(letter_html(letter))


def docx_text(data: bytes) -> str:
    """The text of a DOCX in reading order (paragraphs and table rows): for tests and checks."""
    from docx import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, DocxTable):
            for row in item.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines) + "\n"
