"""Read an annual report from text or from a Document: the recogniser's entry points."""

from __future__ import annotations

from ..model import Report
from .document import Document
from .errors import NotAReport


def parse_text(text: str, *, source: str = "<text>") -> Report:
    """Read a report from plain text (tabs, '|' tables, one cell per line, glued digits)."""
    raise NotAReport(source=source)


def parse_document(doc: Document) -> Report:
    """Read a report from a Document with real tables (HTML/DOCX)."""
    raise NotAReport(source=doc.source)


__all__ = ["parse_document", "parse_text"]
