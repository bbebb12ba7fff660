"""Official schedules shipped with the ``chinese_calendar`` package (PyPI ``chinesecalendar``).

``chinese_calendar`` transcribes the yearly notices of the General Office of the State
Council (国办发明电《关于XXXX年部分节假日安排的通知》). Its functions refuse dates outside
``[min year, max year]`` of its holiday table with ``NotImplementedError``; but that range
alone is not a safe test of "this year's notice is in the data": a notice for *Y* can put
days of December *Y − 1* into the table (2019 notice: 2018-12-29..31), so a future release
could contain a December date of a year whose own notice it lacks. A year therefore counts
as **known** here only if it lies in the package's range *and* the table holds that year's
春节 and 国庆节 days, which every yearly notice arranges.

Dates of December are attributed to the notice of the *next* year (they are always 元旦
arrangements), so each :class:`YearSchedule` is exactly one notice.

With ``chinesecalendar`` 1.11.0 the known years are 2004–2026; 2027 is not known.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import metadata

import chinese_calendar  # type: ignore[import-untyped]

from .schedule import YearSchedule

#: The notices behind the recent years (checked against DOMAIN.md §7.2 in the tests).
NOTICES: Mapping[int, str] = {
    2024: "国办发明电〔2023〕7号（2023-10-25）",
    2025: "国办发明电〔2024〕12号（2024-11-12）",
    2026: "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）",
}

_SPRING_FESTIVAL = "Spring Festival"
_NATIONAL_DAY = "National Day"


def package_version() -> str:
    try:
        return metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with gongkai
        return str(getattr(chinese_calendar, "__version__", "?"))


def source_for(year: int) -> str:
    """Human-readable origin of a built-in year, e.g. for ``gongkai calendar show``."""
    notice = NOTICES.get(year, f"国务院办公厅关于{year}年部分节假日安排的通知")
    return f"chinese_calendar {package_version()}：{notice}"


def _chinese_names() -> dict[str, str]:
    return {str(h.value): str(h.chinese) for h in chinese_calendar.Holiday}


def _notice_year(day: date) -> int:
    return day.year + 1 if day.month == 12 else day.year


@cache
def builtin_schedules() -> Mapping[int, YearSchedule]:
    """The schedule of every year ``chinese_calendar`` really knows, keyed by year."""
    raw_holidays: dict[date, str] = dict(chinese_calendar.holidays)
    raw_workdays: dict[date, str] = dict(chinese_calendar.workdays)
    if not raw_holidays:  # pragma: no cover - defensive
        return {}
    low = min(raw_holidays).year
    high = max(raw_holidays).year
    chinese = _chinese_names()

    holidays: dict[int, set[date]] = {}
    makeup: dict[int, set[date]] = {}
    names: dict[int, dict[date, str]] = {}
    festivals: dict[int, set[str]] = {}
    for day, name in raw_holidays.items():
        year = _notice_year(day)
        holidays.setdefault(year, set()).add(day)
        names.setdefault(year, {})[day] = chinese.get(name, name)
        if day.year == year:
            festivals.setdefault(year, set()).add(name)
    for day, name in raw_workdays.items():
        year = _notice_year(day)
        makeup.setdefault(year, set()).add(day)
        names.setdefault(year, {})[day] = f"{chinese.get(name, name)}调休"

    known = {
        year
        for year, seen in festivals.items()
        if low <= year <= high and {_SPRING_FESTIVAL, _NATIONAL_DAY} <= seen
    }
    return {
        year: YearSchedule(
            year=year,
            holidays=frozenset(holidays.get(year, ())),
            makeup_workdays=frozenset(makeup.get(year, ())),
            source=source_for(year),
            names=names.get(year, {}),
        )
        for year in sorted(known)
    }


def known_years() -> frozenset[int]:
    """Years with an official schedule in ``chinese_calendar``."""
    return frozenset(builtin_schedules())
