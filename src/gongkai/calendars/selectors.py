"""Reading the platform's working-day calendar: ``chinese_calendar`` plus the override table."""

from __future__ import annotations

import logging
import threading
from datetime import date
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


def first_supported_year() -> int:
    """The first year of official schedules shipped with the platform (2004)."""
    from gongkai.workdays import known_years

    return min(known_years())


def outside_supported_range(day: date, calendar: Calendar) -> str | None:
    """Why ``day`` cannot be computed with, or None: the platform knows the official schedules
    from 2004 onwards (and any year loaded into the override table); an earlier year has no
    schedule to be published any more, so calling it "not yet published" would be wrong."""
    first = first_supported_year()
    if day.year >= first or calendar.is_known(day.year):
        return None
    loaded = sorted(year for year in calendar.known_years if year < first)
    extra = ("，以及已导入节假日安排的" + "、".join(f"{y}年" for y in loaded)) if loaded else ""
    return (
        f"{day.isoformat()} 超出支持范围：工作日计算支持 {first} 年 1 月 1 日及以后的日期{extra}。"
    )
