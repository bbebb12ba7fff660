"""The ``gongkai.annual/1`` JSON of a report (the shape of ``gongkai extract --json``)."""

from __future__ import annotations

import json

from ..model import Finding, Report


def render_json(report: Report, findings: list[Finding] | None = None) -> str:
    """Indented UTF-8 JSON; ``findings`` default to the reader's own (see ``Report.to_json``)."""
    return json.dumps(report.to_json(findings), ensure_ascii=False, indent=2) + "\n"


__all__ = ["render_json"]
