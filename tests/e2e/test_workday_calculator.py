"""A staff member computes a statutory deadline; a year without a loaded schedule is flagged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai.calendars.services import calendar_load

from .test_staff_and_portal import log_in

SAMPLE_2027 = Path(__file__).resolve().parents[1] / "data" / "calendars" / "sample-2027.txt"


def _compute(page: Any, base: str, start: str, n: int) -> str:
    page.goto(f"{base}/staff/calendar/")
    page.get_by_label("起算日").fill(start)
    page.get_by_label("工作日数").fill(str(n))
    page.get_by_role("button", name="计算").click()
    result = page.locator("section", has=page.get_by_role("heading", name="计算结果"))
    return str(result.inner_text())


def test_deadline_across_national_day(page, live_server, demo_data) -> None:
    log_in(page, live_server.url, "kqz_registrar")
    result = _compute(page, live_server.url, "2024-09-27", 20)
    assert "2024-10-30" in result  # DOMAIN.md §7.3: includes the make-up days 9-29 and 10-12
    assert "暂定结果" not in result


def test_unloaded_year_flagged_until_schedule_loaded(page, live_server, demo_data) -> None:
    log_in(page, live_server.url, "kqz_registrar")
    result = _compute(page, live_server.url, "2026-12-15", 20)
    assert "暂定结果" in result
    assert "2027年节假日安排尚未发布或未导入" in result
    assert page.get_by_role("alert").count() == 1

    calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"))
    result = _compute(page, live_server.url, "2026-12-15", 20)
    assert "暂定结果" not in result
    assert "2027-01-13" in result
