"""Read an HTML page (a report published on a government site) into a :class:`Document`.

Paragraphs come from block elements (p, div, headings, list items) and ``<br>``-separated
lines; each real ``<table>`` becomes a :class:`Table` with its ``rowspan``/``colspan``
expanded to a grid (positions covered by a merged cell are ``None``). A table that holds
other tables is a layout table: its cells are read as paragraphs and the inner tables as
tables. Scripts, styles and navigation (nav, header/footer bars, menus) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from .detect import DamagedFile, decode_text
from .document import Block, Document, Table

#: Elements whose content is never part of the report.
_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "select",
        "button",
        "input",
        "textarea",
        "nav",
        "aside",
        "head",
    }
)
#: Elements that start and end a paragraph.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "blockquote",
        "pre",
        "address",
        "center",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "hr",
        "body",
        "html",
        "caption",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "table",
    }
)
#: class/id words of navigation and page furniture on government sites.
_NOISE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumbs?|share|sidebar|topbar|toolbar|"
    r"footer|copyright|header-nav|skip|bdsharebuttonbox)(?:$|[\s_-])",
    re.I,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u200b\ufeff]+")

#: a colspan/rowspan larger than this is a broken page, not a report table.
_MAX_SPAN = 200


def read_html(data: bytes | str, *, source: str = "") -> Document:
    """Parse an HTML page into paragraphs and tables, in document order."""
    text = data if isinstance(data, str) else decode_text(data, declared=_declared_charset(data))
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DamagedFile(
            "HTML 文件无法解析 (the HTML page cannot be parsed)", source=source
        ) from exc
    builder = _Builder()
    title = root.findtext(".//title")
    if title and title.strip():
        builder.blocks.append(_clean(title))
    body = root.find("body")
    builder.walk(body if body is not None else root)
    builder.flush()
    return Document(blocks=builder.blocks, source=source)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _tag(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions, entities
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _is_noise(element: Any) -> bool:
    tag = _tag(element)
    if tag in _DROP:
        return True
    if tag in {"body", "html", "table", "tr", "td", "th", "tbody"}:
        return False
    style = element.get("style")
    if style and _HIDDEN.search(style):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if marks.strip() and _NOISE.search(marks):
        # Never drop something that holds a table: some sites put the article in odd places.
        return next(element.iter("table"), None) is None
    return False


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def flush(self) -> None:
        text = _clean("".join(self.line))
        if text:
            self.blocks.append(text)
        self.line = []

    def add_text(self, text: str | None) -> None:
        if text:
            self.line.append(text)

    def walk(self, element: Any) -> None:
        tag = _tag(element)
        if not tag or _is_noise(element):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            if _is_layout_table(element):
                for cell in _own_cells(element):
                    self.walk_children(cell)
                    self.flush()
            else:
                caption = element.find("caption")
                if caption is not None:
                    self.add_text(caption.text_content())
                    self.flush()
                table = _grid(element)
                if table.rows:
                    self.blocks.append(table)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        self.walk_children(element)
        if block:
            self.flush()

    def walk_children(self, element: Any) -> None:
        self.add_text(element.text)
        for child in element:
            self.walk(child)
            self.add_text(child.tail)


def _is_layout_table(table: Any) -> bool:
    """Page layout, not a report table: it holds another table, or has a single column."""
    if any(True for inner in table.iter("table") if inner is not table):
        return True
    return all(sum(_span(cell, "colspan") for cell in row) <= 1 for row in _own_rows(table))


def _own_rows(table: Any) -> Iterator[list[Any]]:
    """The table's rows (its own, not nested tables'), tolerating missing ``<tr>``."""
    loose: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag in {"thead", "tbody", "tfoot"}:
            if loose:
                yield loose
                loose = []
            yield from _own_rows(child)
        elif tag == "tr":
            if loose:
                yield loose
                loose = []
            yield [cell for cell in child if _tag(cell) in {"td", "th"}]
        elif tag in {"td", "th"}:
            loose.append(child)
    if loose:
        yield loose


def _own_cells(table: Any) -> Iterator[Any]:
    for row in _own_rows(table):
        yield from row


def _span(cell: Any, name: str) -> int:
    raw = cell.get(name)
    if raw is None:
        return 1
    raw = str(raw).strip()
    if raw.isdecimal():
        return max(1, min(int(raw), _MAX_SPAN))
    digits = _LEADING_DIGITS.match(raw)
    value = int(digits.group()) if digits else 1
    return max(1, min(value, _MAX_SPAN))


_LEADING_DIGITS = re.compile(r"\d+")


def _cell_text(cell: Any) -> str:
    if len(cell) == 0:  # text only, the common cell: what the walk below gives
        return _clean(cell.text or "")
    builder = _Builder()
    builder.walk_children(cell)
    builder.flush()
    return "\n".join(b for b in builder.blocks if isinstance(b, str))


def _grid(table: Any) -> Table:
    """Expand rowspan/colspan: the text sits top-left, covered positions are ``None``."""
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], None] = {}  # (row, col) covered by a rowspan from above
    for r, cells in enumerate(_own_rows(table)):
        row: list[str | None] = []
        c = 0
        for cell in cells:
            while (r, c) in pending:
                row.append(None)
                c += 1
            colspan = _span(cell, "colspan")
            rowspan = _span(cell, "rowspan")
            row.append(_cell_text(cell))
            row.extend([None] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, c + dc)] = None
            c += colspan
        while (r, c) in pending:
            row.append(None)
            c += 1
        grid.append(row)
    # A rowspan reaching past the last row would leave positions nobody fills: ignore them.
    width = max((len(row) for row in grid), default=0)
    for r, row in enumerate(grid):
        for c in range(len(row), width):
            row.append(None if (r, c) in pending else "")
    grid = [row for row in grid if row]
    return Table(rows=grid)


__all__ = ["read_html"]
