"""Read a Word .docx report into a :class:`Document`: paragraphs and tables in body order.

The body XML (``word/document.xml``) is walked directly: ``w:p`` gives a paragraph,
``w:tbl`` a table. Merged cells are expanded to the table grid — ``w:gridSpan`` merges
horizontally, ``w:vMerge`` vertically (``restart`` opens a merge, an empty value
continues it) — with the text in the top-left position and ``None`` where a merged cell
covers a position. A cell holding several paragraphs gives their texts joined by a
newline. Parsing the XML with lxml (the parser python-docx itself uses) rather than
loading the whole package keeps the reader fast and tolerant of packages that Word
opens but python-docx rejects (missing styles, odd relationships).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import lxml.etree

from .detect import DamagedFile, EncryptedFile
from .document import Block, Document, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: Refuse to inflate a document.xml larger than this (a "zip bomb" is not a report).
MAX_XML_BYTES = 64 * 1024 * 1024

_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


def read_docx(data: bytes, *, source: str = "") -> Document:
    """Parse a .docx file's body into paragraphs and tables."""
    root = _load_body_xml(data, source)
    body = root.find(f"{W}body")
    if body is None:
        raise DamagedFile("DOCX 文件缺少正文 (the DOCX file has no body)", source=source)
    blocks: list[Block] = []
    _walk_container(body, blocks)
    return Document(blocks=blocks, source=source)


def _load_body_xml(data: bytes, source: str) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.flag_bits & 0x1:
                raise EncryptedFile(source=source)
            if info.file_size > MAX_XML_BYTES:
                raise DamagedFile(
                    "DOCX 正文过大，不像年度报告 (the DOCX body is implausibly large)",
                    source=source,
                )
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise DamagedFile(
            "DOCX 文件已损坏，无法打开 (the DOCX file is damaged)", source=source
        ) from exc
    except Exception as exc:  # zlib.error and friends from a corrupt deflate stream
        if isinstance(exc, (DamagedFile, EncryptedFile)):
            raise
        raise DamagedFile(
            "DOCX 文件已损坏，无法打开 (the DOCX file is damaged)", source=source
        ) from exc
    try:
        return lxml.etree.fromstring(xml, _PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        raise DamagedFile(
            "DOCX 文件已损坏：正文 XML 无法解析 (the DOCX body XML is damaged)", source=source
        ) from exc


def _walk_container(container: Any, blocks: list[Block]) -> None:
    """Paragraphs and tables of a body, cell or content control, in order."""
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            text = paragraph_text(child)
            if text.strip():
                blocks.append(text.strip())
        elif tag == f"{W}tbl":
            table = _table(child)
            if table.rows:
                blocks.append(table)
        elif tag in {f"{W}sdt", f"{W}customXml", f"{W}smartTag"}:
            content = child.find(f"{W}sdtContent")
            _walk_container(content if content is not None else child, blocks)
        elif tag in {f"{W}ins", f"{W}moveTo"}:  # tracked insertions hold body content too
            _walk_container(child, blocks)


def paragraph_text(paragraph: Any) -> str:
    """The visible text of a ``w:p``: runs, tabs as ``\\t``, line breaks as ``\\n``."""
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            if child.text:
                parts.append(child.text)
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            parts.append("\t")
        elif tag in {f"{W}br", f"{W}cr"}:
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag in {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{MC}Fallback"}:
            continue  # deleted revisions, field codes, duplicate fallback of text boxes
        elif tag in {f"{W}pPr", f"{W}rPr"}:
            continue
        else:
            _collect_text(child, parts)


def _int_attr(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return max(0, min(int(found.get(f"{W}val", default)), 200))
    except ValueError:
        return default


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    for child in cell:
        if child.tag == f"{W}p":
            text = paragraph_text(child).strip()
            if text:
                lines.append(text)
        elif child.tag == f"{W}tbl":  # a table inside a cell: keep its text, row by row
            for row in _table(child).rows:
                text = "\t".join(c for c in row if c)
                if text:
                    lines.append(text)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                text = _cell_text(content)
                if text:
                    lines.append(text)
    return "\n".join(lines)


def _table(tbl: Any) -> Table:
    """Expand a ``w:tbl`` to its grid (gridSpan across, vMerge down)."""
    grid: list[list[str | None]] = []
    #: column → True while a vertical merge opened above is still running there
    open_merges: dict[int, bool] = {}
    for tr in _rows(tbl):
        row: list[str | None] = []
        before = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        row.extend([""] * before)
        for tc in _cells(tr):
            col = len(row)
            span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if tc.find(f"{W}tcPr/{W}hMerge") is not None and (
                tc.find(f"{W}tcPr/{W}hMerge").get(f"{W}val") != "restart"
            ):
                row.extend([None] * span)  # legacy horizontal merge continuation
                continue
            continues = vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart"
            if continues and open_merges.get(col):
                row.extend([None] * span)
            else:
                row.append(_cell_text(tc))
                row.extend([None] * (span - 1))
                for c in range(col, col + span):
                    open_merges[c] = vmerge is not None
        for c in range(len(row), max(len(row), max(open_merges, default=-1) + 1)):
            open_merges[c] = False
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    return Table(rows=grid)


def _rows(tbl: Any) -> list[Any]:
    rows: list[Any] = []
    for child in tbl:
        if child.tag == f"{W}tr":
            rows.append(child)
        elif child.tag in {f"{W}sdt", f"{W}customXml"}:
            content = child.find(f"{W}sdtContent")
            rows.extend(_rows(content if content is not None else child))
    return rows


def _cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag in {f"{W}sdt", f"{W}customXml"}:
            content = child.find(f"{W}sdtContent")
            cells.extend(_cells(content if content is not None else child))
    return cells


__all__ = ["paragraph_text", "read_docx"]
