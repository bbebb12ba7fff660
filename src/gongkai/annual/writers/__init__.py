"""Writers: a :class:`~gongkai.annual.model.Report` as DOCX, PDF, HTML, XLSX, text or JSON.

``render(report, "docx")`` returns the file's bytes; every writer lays the report out
through :mod:`gongkai.annual.render` (one definition of the printed tables). The narrative
comes from ``report.sections`` unless ``narrative`` (section key → text) is given.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Report
from .docx import render_docx
from .html import render_html
from .json import render_json
from .pdf import html_to_pdf, render_pdf
from .text import render_text
from .xlsx import render_xlsx

#: Output formats and their file suffixes.
FORMATS: dict[str, str] = {
    "docx": ".docx",
    "pdf": ".pdf",
    "html": ".html",
    "xlsx": ".xlsx",
    "txt": ".txt",
    "json": ".json",
}


def render(
    report: Report,
    fmt: str,
    *,
    narrative: Mapping[str, str] | None = None,
    full_page: bool = True,
) -> bytes:
    """The report in ``fmt`` (one of :data:`FORMATS`) as bytes (text formats in UTF-8)."""
    if fmt == "docx":
        return render_docx(report, narrative)
    if fmt == "pdf":
        return render_pdf(report, narrative)
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "html":
        return render_html(report, narrative, full_page=full_page).encode("utf-8")
    if fmt == "txt":
        return render_text(report, narrative).encode("utf-8")
    if fmt == "json":
        return render_json(report).encode("utf-8")
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "html_to_pdf",
    "render",
    "render_docx",
    "render_html",
    "render_json",
    "render_pdf",
    "render_text",
    "render_xlsx",
]
