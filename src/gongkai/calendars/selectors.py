"""Reading the platform's working-day calendar: ``chinese_calendar`` plus the override table."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db.models import Count, Max

from gongkai.workdays import Calendar, YearSchedule

from .models import HolidaySchedule, HolidayScheduleDay

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Calendar] | None = None


def _overrides_version() -> tuple[Any, ...]:
    """Changes whenever a schedule or one of its days is added, edited or deleted."""
    schedules = HolidaySchedule.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    days = HolidayScheduleDay.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return (schedules["n"], schedules["latest"], days["n"], days["latest"])


def override_schedules() -> list[YearSchedule]:
    """The override table as pure schedules; an inconsistent year is logged and skipped."""
    schedules: list[YearSchedule] = []
    for row in HolidaySchedule.objects.prefetch_related("days").order_by("year"):
        try:
            schedules.append(row.to_schedule())
        except ValueError as exc:
            logger.error("节假日安排 %s 年数据有误，已忽略：%s", row.year, exc)
    return schedules


def override_list() -> list[HolidaySchedule]:
    return list(HolidaySchedule.objects.annotate(day_count=Count("days")).order_by("year"))


def override_for_year(*, year: int) -> HolidaySchedule | None:
    return HolidaySchedule.objects.filter(year=year).first()


def calendar_for_platform() -> Calendar:
    """The working-day calendar of the platform (cached until the override table changes).

    Costs two small aggregate queries per call to detect changes made by any process.
    Raises ``django.db.DatabaseError`` if the database is not migrated.
    """
    global _cached
    version = _overrides_version()
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
    calendar = Calendar.official(override_schedules())
    with _lock:
        _cached = (version, calendar)
    return calendar


def calendar_cache_clear() -> None:
    global _cached
    with _lock:
        _cached = None
