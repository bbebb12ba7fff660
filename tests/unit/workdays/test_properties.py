"""Properties of working-day arithmetic and clocks (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    Calendar,
    Clock,
    YearSchedule,
    format_schedule,
    parse_schedules,
)

from .samples import sample_2027

OFFICIAL = Calendar.official()
WITH_2027 = Calendar.official([sample_2027()])

known_days = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
any_days = st.dates(min_value=date(2003, 1, 1), max_value=date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=120)
calendars = st.sampled_from([OFFICIAL, WITH_2027, Calendar()])

#: Applied per test (a global profile would change other suites' settings too).
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars, any_days, counts)
def test_add_then_between_round_trips(calendar: Calendar, start: date, n: int) -> None:
    due = calendar.add_workdays(start, n)
    between = calendar.workdays_between(start, due.day)
    assert between.count == n
    assert between.provisional == due.provisional


@PROPERTY
@given(calendars, any_days, counts)
def test_monotonic_in_n(calendar: Calendar, start: date, n: int) -> None:
    assert calendar.add_workdays(start, n).day < calendar.add_workdays(start, n + 1).day


@PROPERTY
@given(calendars, any_days, st.integers(min_value=0, max_value=40), counts)
def test_monotonic_in_start(calendar: Calendar, start: date, shift: int, n: int) -> None:
    later = start + timedelta(days=shift)
    assert calendar.add_workdays(start, n).day <= calendar.add_workdays(later, n).day


@PROPERTY
@given(calendars, any_days, st.integers(min_value=1, max_value=120))
def test_result_is_a_working_day(calendar: Calendar, start: date, n: int) -> None:
    assert calendar.is_workday(calendar.add_workdays(start, n).day)


@PROPERTY
@given(known_days)
def test_is_workday_agrees_with_the_data(day: date) -> None:
    assert OFFICIAL.is_workday(day) == chinese_calendar.is_workday(day)
    schedule = OFFICIAL.schedule(day.year + 1 if day.month == 12 else day.year)
    own = OFFICIAL.schedule(day.year)
    assert own is not None
    in_holidays = day in own.holidays or (schedule is not None and day in schedule.holidays)
    in_makeup = day in own.makeup_workdays or (
        schedule is not None and day in schedule.makeup_workdays
    )
    expected = in_makeup or (day.weekday() < 5 and not in_holidays)
    assert OFFICIAL.is_workday(day) == expected


@PROPERTY
@given(any_days, counts)
def test_provisional_exactly_when_an_unknown_year_is_touched(start: date, n: int) -> None:
    due = OFFICIAL.add_workdays(start, n)
    touched_years = {(start + timedelta(days=i)).year for i in range(1, (due.day - start).days + 1)}
    december_tail = any(
        d.month == 12 and d.day >= 29
        for d in (start + timedelta(days=i) for i in range(1, (due.day - start).days + 1))
    )
    unknown = {y for y in touched_years if not OFFICIAL.is_known(y)}
    if unknown:
        assert due.provisional
        assert due.reason is not None
        assert all(f"{y}年" in due.reason for y in unknown)
    elif not december_tail:
        assert not due.provisional and due.reason is None


@PROPERTY
@given(
    calendars,
    any_days,
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=20),
)
def test_pause_never_makes_the_due_date_earlier(
    calendar: Calendar, start: date, n: int, pause_after: int, length: int, extension: int
) -> None:
    clock = Clock(start, workdays=n)
    if extension:
        clock = clock.extend(extension)
    pause_day = start + timedelta(days=pause_after)
    paused = clock.pause(pause_day).resume(pause_day + timedelta(days=length))
    plain_due = clock.due(calendar).day
    paused_due = paused.due(calendar).day
    assert paused_due >= plain_due
    # Exactly the counted working days lost inside the pause are added after it ends.
    resume_day = pause_day + timedelta(days=length)
    lost = calendar.workdays_between(pause_day, min(resume_day, plain_due)).count
    if lost > 0:
        assert paused_due == calendar.add_workdays(max(resume_day, plain_due), lost).day
    else:
        assert paused_due == plain_due


@st.composite
def schedules(draw: st.DrawFn) -> YearSchedule:
    year = draw(st.integers(min_value=2027, max_value=2099))
    days = st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31))
    holidays = draw(st.frozensets(days, min_size=1, max_size=20))
    weekend = days.filter(lambda d: d.weekday() >= 5 and d not in holidays)
    makeup = draw(st.frozensets(weekend, max_size=6))
    name = st.sampled_from(["", "元旦", "春节", "国庆节"])
    names = {d: draw(name) for d in holidays | makeup}
    return YearSchedule(
        year,
        holidays,
        makeup,
        draw(st.sampled_from(["通知", "国办发明电〔2026〕1号"])),
        {d: n for d, n in names.items() if n},
    )


@PROPERTY
@given(schedules())
def test_format_then_parse_gives_the_same_schedule(schedule: YearSchedule) -> None:
    result = parse_schedules(format_schedule(schedule))
    assert result.ok, result.errors
    assert result.schedules == (schedule,)
    assert dict(result.schedules[0].names) == dict(schedule.names)
