"""chinese_calendar's data checked against the State Council notices (DOMAIN.md §7.2)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.workdays import Calendar, builtin_schedules, known_years

Range = tuple[date, date]


def _r(first: str, last: str | None = None) -> Range:
    return date.fromisoformat(first), date.fromisoformat(last or first)


#: DOMAIN.md §7.2, transcribed from the notices (国办发明电〔2023〕7号, 〔2024〕12号, 2026 notice).
NOTICES: dict[int, dict[str, object]] = {
    2024: {
        "off": [
            _r("2024-01-01"),
            _r("2024-02-10", "2024-02-17"),
            _r("2024-04-04", "2024-04-06"),
            _r("2024-05-01", "2024-05-05"),
            _r("2024-06-10"),
            _r("2024-09-15", "2024-09-17"),
            _r("2024-10-01", "2024-10-07"),
        ],
        "makeup": [
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ],
        "workdays": 251,
    },
    2025: {
        "off": [
            _r("2025-01-01"),
            _r("2025-01-28", "2025-02-04"),
            _r("2025-04-04", "2025-04-06"),
            _r("2025-05-01", "2025-05-05"),
            _r("2025-05-31", "2025-06-02"),
            _r("2025-10-01", "2025-10-08"),
        ],
        "makeup": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
        "workdays": 248,
    },
    2026: {
        "off": [
            _r("2026-01-01", "2026-01-03"),
            _r("2026-02-15", "2026-02-23"),
            _r("2026-04-04", "2026-04-06"),
            _r("2026-05-01", "2026-05-05"),
            _r("2026-06-19", "2026-06-21"),
            _r("2026-09-25", "2026-09-27"),
            _r("2026-10-01", "2026-10-07"),
        ],
        "makeup": [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ],
        "workdays": 248,
    },
}


def _days(ranges: object) -> set[date]:
    out: set[date] = set()
    assert isinstance(ranges, list)
    for first, last in ranges:
        day = first
        while day <= last:
            out.add(day)
            day += timedelta(days=1)
    return out


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_weekdays_off_match_the_notice(year: int) -> None:
    expected = {d for d in _days(NOTICES[year]["off"]) if d.weekday() < 5}
    schedule = builtin_schedules()[year]
    actual = {d for d in schedule.holidays if d.weekday() < 5 and d.year == year}
    assert actual == expected


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_makeup_days_match_the_notice(year: int) -> None:
    makeup = NOTICES[year]["makeup"]
    assert isinstance(makeup, list)
    assert builtin_schedules()[year].makeup_workdays == {date.fromisoformat(d) for d in makeup}


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_working_days_per_year(year: int, official: Calendar) -> None:
    count = official.workdays_between(date(year - 1, 12, 31), date(year, 12, 31))
    assert count.count == NOTICES[year]["workdays"]
    assert builtin_schedules()[year].workdays_in_year() == NOTICES[year]["workdays"]


def test_eve_of_spring_festival_2024_is_a_working_day(official: Calendar) -> None:
    # The 2024 notice only encouraged giving 除夕 (Fri 2024-02-09) off.
    assert official.is_workday(date(2024, 2, 9))


def test_known_years_are_those_with_a_full_notice() -> None:
    years = known_years()
    assert years == frozenset(range(2004, 2027))
    assert 2027 not in years
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


def test_december_days_belong_to_the_next_years_notice() -> None:
    # The 2019 notice: 2018-12-29 (Sat) worked, 2018-12-30/31 off for 元旦.
    schedules = builtin_schedules()
    assert date(2018, 12, 29) in schedules[2019].makeup_workdays
    assert {date(2018, 12, 30), date(2018, 12, 31)} <= schedules[2019].holidays
    assert date(2018, 12, 31) not in schedules[2018].holidays


def test_every_known_day_agrees_with_chinese_calendar(official: Calendar) -> None:
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert official.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_sources_cite_the_notice() -> None:
    assert "国办发明电〔2024〕12号" in builtin_schedules()[2025].source
    assert builtin_schedules()[2026].names[date(2026, 2, 16)] == "春节"
