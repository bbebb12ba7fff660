"""Checks of an annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

``check(report)`` collects every finding; it never stops at the first one.
"""

from __future__ import annotations

from .model import Finding, Report


def check(
    report: Report, *, previous: Report | None = None, level: str | None = None
) -> list[Finding]:
    """Every finding about ``report`` (arithmetic, completeness, narrative, year-on-year)."""
    return []


__all__ = ["check"]
