"""The body of a record: rich text sanitised with nh3 (an allow-list, nothing else survives).

Scripts, styles, event handlers, ``javascript:`` links, iframes, forms and images are removed;
what a government document needs stays: paragraphs, headings, emphasis, lists, tables, links.
Images belong in attachments (checked by content), not inline.
"""

from __future__ import annotations

import html
import re

import nh3
from lxml import html as lxml_html

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
        "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
        "ul", "ol", "li", "blockquote",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

_TAG_RE = re.compile(r"<[a-zA-Z!/][^>]*>")
_BLOCKS = ("p", "br", "li", "tr", "h2", "h3", "h4", "h5", "h6", "blockquote", "caption")


def sanitize_html(value: str) -> str:
    """The allowed subset of ``value``; plain text (no tags) becomes paragraphs."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG_RE.search(value):
        value = text_to_html(value)
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def text_to_html(text: str) -> str:
    """Plain text → one paragraph per non-empty line (escaped)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def html_to_text(value: str) -> str:
    """Plain text of (sanitised) HTML: one line per block, whitespace collapsed."""
    if not value or not value.strip():
        return ""
    fragment = lxml_html.fragment_fromstring(value, create_parent="div")
    for element in fragment.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for cell in fragment.iter("td", "th"):
        cell.tail = "\t" + (cell.tail or "")
    text = fragment.text_content()
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
