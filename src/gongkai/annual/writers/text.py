"""Plain text, tab-separated tables (the shape of text copies of published reports)."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Report
from ..render import Grid, outline


def grid_lines(grid: Grid) -> list[str]:
    """One line per grid row, cells separated by tabs; spanned and blank cells are empty."""
    return ["\t".join(row) for row in grid.matrix()]


def render_text(report: Report, narrative: Mapping[str, str] | None = None) -> str:
    """The report as UTF-8 text: title, the six headings, paragraphs and TSV tables."""
    doc = outline(report, narrative)
    lines = [doc.title, ""]
    for section in doc.sections:
        lines += [section.heading, ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.table is not None:
            lines += [*grid_lines(section.table), ""]
    return "\n".join(lines)


__all__ = ["grid_lines", "render_text"]
