"""A report as a file: DOCX, PDF, HTML, XLSX, JSON through ``gongkai.annual``'s writers."""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.annual.model import Report
from gongkai.annual.writers import render
from gongkai.reports.checks import with_narrative

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
}


class PdfUnavailable(RuntimeError):
    """The PDF writer is not installed."""


def render_report(report: Report, narrative: Mapping[str, str], fmt: str) -> bytes:
    """``report`` with ``narrative`` (section key → text) in ``fmt``."""
    if fmt == "pdf":
        try:
            from gongkai.annual.writers.pdf import render_pdf
        except ImportError as exc:
            raise PdfUnavailable("gongkai.annual.writers.pdf is not installed") from exc
        return render_pdf(with_narrative(report, dict(narrative)), dict(narrative))
    return render(report, fmt, narrative=narrative)


def version_report(data: dict[str, object]) -> Report:
    return Report.from_json(data)
