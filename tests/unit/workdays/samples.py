"""Test data shared by the working-day tests."""

from __future__ import annotations

from pathlib import Path

from gongkai.workdays import YearSchedule, parse_schedules

DATA = Path(__file__).resolve().parents[2] / "data" / "calendars"


def sample_2027() -> YearSchedule:
    """The made-up 2027 schedule of tests/data/calendars/sample-2027.txt (not official)."""
    result = parse_schedules((DATA / "sample-2027.txt").read_text(encoding="utf-8"))
    assert result.ok, result.errors
    (schedule,) = result.schedules
    return schedule
