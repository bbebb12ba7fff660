"""Text of an attachment for search: PDF (PDFium), DOCX (python-docx), XLSX (openpyxl).

Each reader refuses with :class:`ExtractionError` (a one-line Chinese reason) where the file
cannot be read; anything else is a bug and propagates.
"""

from __future__ import annotations

import io
import zipfile

#: Extracted text is cut here (a search index needs no more from one file).
MAX_TEXT_CHARS = 2_000_000


class ExtractionError(Exception):
    """The file's text could not be read (damaged, encrypted, no text layer)."""


def extract_text(data: bytes, kind: str) -> str:
    if kind == "pdf":
        text = _pdf(data)
    elif kind == "docx":
        text = _docx(data)
    elif kind == "xlsx":
        text = _xlsx(data)
    else:
        return ""
    return text[:MAX_TEXT_CHARS]


def _pdf(data: bytes) -> str:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF 无法打开：{exc}") from exc
    parts: list[str] = []
    size = 0
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
                finally:
                    textpage.close()
            finally:
                page.close()
            parts.append(text.strip())
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF 页面无法读取：{exc}") from exc
    finally:
        document.close()
    return "\n".join(p for p in parts if p)


def _docx(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(f"DOCX 无法打开：{exc}") from exc
    lines: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if not cells or cells[-1] != text:  # merged cells repeat
                    cells.append(text)
            lines.append("\t".join(cells))
    return "\n".join(line.strip() for line in lines if line.strip())


def _xlsx(data: bytes) -> str:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionError(f"XLSX 无法打开：{exc}") from exc
    lines: list[str] = []
    size = 0
    try:
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
                if cells:
                    line = "\t".join(cells)
                    lines.append(line)
                    size += len(line)
                    if size > MAX_TEXT_CHARS:
                        return "\n".join(lines)
    finally:
        workbook.close()
    return "\n".join(lines)
