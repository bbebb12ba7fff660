"""Changing the override table of holiday schedules.

A schedule moves every statutory deadline, so loading and removing one is recorded in the
audit trail (in the same transaction), with the source it was loaded from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.workdays import known_years, parse_schedules

from .models import HolidaySchedule, HolidayScheduleDay
from .selectors import calendar_cache_clear


class CalendarLoadError(Exception):
    """The text could not be loaded; ``errors`` lists every problem (Chinese, with lines)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LoadedYear:
    year: int
    source: str
    holidays: int
    makeup_workdays: int
    replaced: bool  # an earlier override of the year was replaced
    corrects_builtin: bool  # the year is one chinese_calendar knows: this is a correction


def calendar_load(
    *,
    text: str,
    replace: bool = False,
    actor: AbstractBaseUser | AnonymousUser | None = None,
) -> list[LoadedYear]:
    """Validate a schedule text (see ``docs/calendar-format.md``) and store it.

    All or nothing: on any error nothing is written and :class:`CalendarLoadError` lists
    every problem. A year that already has an override is refused unless ``replace``.
    """
    result = parse_schedules(text)
    if not result.ok:
        raise CalendarLoadError([str(e) for e in result.errors])
    builtin = known_years()
    existing = {
        s.year: s
        for s in HolidaySchedule.objects.filter(year__in=[s.year for s in result.schedules])
    }
    if existing and not replace:
        raise CalendarLoadError(
            [
                f"{year}年已导入过节假日安排（依据：{row.source}），如需替换请加 --replace"
                for year, row in sorted(existing.items())
            ]
        )
    loaded: list[LoadedYear] = []
    with transaction.atomic():
        HolidaySchedule.objects.filter(year__in=list(existing)).delete()
        for schedule in result.schedules:
            row = HolidaySchedule.objects.create(year=schedule.year, source=schedule.source)
            entries = [
                HolidayScheduleDay(
                    schedule=row,
                    day=day,
                    kind=HolidayScheduleDay.Kind.HOLIDAY,
                    name=schedule.names.get(day, ""),
                )
                for day in sorted(schedule.holidays)
            ] + [
                HolidayScheduleDay(
                    schedule=row,
                    day=day,
                    kind=HolidayScheduleDay.Kind.WORKDAY,
                    name=schedule.names.get(day, ""),
                )
                for day in sorted(schedule.makeup_workdays)
            ]
            HolidayScheduleDay.objects.bulk_create(entries)
            audit_record(
                actor=actor,
                action="calendar.load",
                obj=row,
                details={
                    "year": schedule.year,
                    "source": schedule.source,
                    "holidays": len(schedule.holidays),
                    "makeup_workdays": len(schedule.makeup_workdays),
                    "replaced": schedule.year in existing,
                    "corrects_builtin": schedule.year in builtin,
                },
            )
            loaded.append(
                LoadedYear(
                    year=schedule.year,
                    source=schedule.source,
                    holidays=len(schedule.holidays),
                    makeup_workdays=len(schedule.makeup_workdays),
                    replaced=schedule.year in existing,
                    corrects_builtin=schedule.year in builtin,
                )
            )
        transaction.on_commit(calendar_cache_clear)
    return loaded


def calendar_remove(*, year: int, actor: AbstractBaseUser | AnonymousUser | None = None) -> bool:
    """Delete the override of ``year`` (chinese_calendar's data, if any, applies again)."""
    with transaction.atomic():
        row = HolidaySchedule.objects.select_for_update().filter(year=year).first()
        if row is None:
            return False
        audit_record(
            actor=actor,
            action="calendar.remove",
            obj=row,
            details={"year": year, "source": row.source, "days": row.days.count()},
        )
        row.delete()
        transaction.on_commit(calendar_cache_clear)
    return True
