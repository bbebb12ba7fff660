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
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"

# Tag names, built once.
_P, _TBL, _TR, _TC, _T = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}t"
_TAB, _PTAB, _BR, _CR, _HYPHEN = f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
_TEXT_TAGS = (_T, _TAB, _PTAB, _BR, _CR, _HYPHEN)
_SKIP = frozenset(
    # deleted or moved-away revisions, field codes, properties, and the fallback copy of a
    # text box (its text is also in the mc:Choice branch)
    {
        f"{W}del",
        f"{W}moveFrom",
        f"{W}instrText",
        f"{W}delText",
        f"{W}pPr",
        f"{W}rPr",
        f"{MC}Fallback",
    }
)
_VAL = f"{W}val"
_TCPR, _TRPR = f"{W}tcPr", f"{W}trPr"
_GRID_SPAN, _VMERGE, _HMERGE, _GRID_BEFORE = (
    f"{W}gridSpan",
    f"{W}vMerge",
    f"{W}hMerge",
    f"{W}gridBefore",
)
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"

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
    if _STRICT_W in xml[:8192]:  # "Strict Open XML" saved by Word: same tags, other namespace
        xml = xml.replace(_STRICT_W, W[1:-1].encode())
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
        if tag == _P:
            text = paragraph_text(child)
            if text.strip():
                blocks.append(text.strip())
        elif tag == _TBL:
            table = _table(child)
            if all(len(row) <= 1 for row in table.rows):  # a framed block of text, not a table
                blocks.extend(
                    line for row in table.rows for cell in row if cell for line in cell.split("\n")
                )
            elif table.rows:
                blocks.append(table)
        elif tag in {_SDT, _CUSTOM_XML, f"{W}smartTag"}:
            content = child.find(_SDT_CONTENT)
            _walk_container(content if content is not None else child, blocks)
        elif tag in {f"{W}ins", f"{W}moveTo"}:  # tracked insertions hold body content too
            _walk_container(child, blocks)


def paragraph_text(paragraph: Any) -> str:
    """The visible text of a ``w:p``: runs, tabs as ``\\t``, line breaks as ``\\n``."""
    # One walk over the children, skipping what is not shown (deleted revisions, field
    # codes, properties — whose tab stops are w:tab too —, a text box's fallback copy):
    # quicker than lxml's iter() with a list of tags.
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            if child.text:
                parts.append(child.text)
        elif tag == _TAB or tag == _PTAB:
            parts.append("\t")
        elif tag == _BR or tag == _CR:
            parts.append("\n")
        elif tag == _HYPHEN:
            parts.append("-")
        else:
            _collect_text(child, parts)


def _val(element: Any, default: int) -> int:
    try:
        return max(0, min(int(element.get(_VAL, default)), 200))
    except ValueError:
        return default


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    for child in cell:
        tag = child.tag
        if tag == _P:
            text = paragraph_text(child).strip()
            if text:
                lines.append(text)
        elif tag == _TBL:  # a table inside a cell: keep its text, row by row
            for row in _table(child).rows:
                text = "\t".join(c for c in row if c)
                if text:
                    lines.append(text)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                text = _cell_text(content)
                if text:
                    lines.append(text)
    return "\n".join(lines)


def _table(tbl: Any) -> Table:
    """Expand a ``w:tbl`` to its grid (gridSpan across, vMerge down)."""
    grid: list[list[str | None]] = []
    #: columns where a vertical merge opened above is still running
    open_merges: set[int] = set()
    for tr in _rows(tbl):
        row: list[str | None] = []
        properties = tr.find(_TRPR)
        if properties is not None:
            before = properties.find(_GRID_BEFORE)
            if before is not None:
                row.extend([""] * _val(before, 0))
        for tc in _cells(tr):
            col = len(row)
            span = 1
            vmerge: str | None = None  # None: not merged; "restart" or "continue"
            hmerge_continues = False
            properties = tc.find(_TCPR)
            if properties is not None:
                for prop in properties:
                    tag = prop.tag
                    if tag == _GRID_SPAN:
                        span = max(1, _val(prop, 1))
                    elif tag == _VMERGE:
                        vmerge = prop.get(_VAL) or "continue"
                    elif tag == _HMERGE:
                        hmerge_continues = prop.get(_VAL) != "restart"
            columns = range(col, col + span)
            if hmerge_continues:  # legacy horizontal merge continuation
                row.extend([None] * span)
            elif vmerge == "continue" and col in open_merges:
                row.extend([None] * span)
            else:
                row.append(_cell_text(tc))
                row.extend([None] * (span - 1))
                if vmerge is None:
                    open_merges.difference_update(columns)
                else:
                    open_merges.update(columns)
        # a merge cannot continue through a row that has no cell in its column
        open_merges = {c for c in open_merges if c < len(row)}
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    return Table(rows=grid)


def _rows(tbl: Any) -> list[Any]:
    rows: list[Any] = []
    for child in tbl:
        if child.tag == _TR:
            rows.append(child)
        elif child.tag in {_SDT, _CUSTOM_XML}:
            content = child.find(_SDT_CONTENT)
            rows.extend(_rows(content if content is not None else child))
    return rows


def _cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr:
        if child.tag == _TC:
            cells.append(child)
        elif child.tag in {_SDT, _CUSTOM_XML}:
            content = child.find(_SDT_CONTENT)
            cells.extend(_cells(content if content is not None else child))
    return cells


__all__ = ["paragraph_text", "read_docx"]
