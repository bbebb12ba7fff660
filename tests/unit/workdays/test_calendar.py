"""Working-day arithmetic: DOMAIN.md §7.3 test vectors, holidays, 调休, unknown years."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.workdays import (
    Calendar,
    DayKind,
    YearSchedule,
    add_workdays,
    is_workday,
    workdays_between,
)

D = date.fromisoformat

#: DOMAIN.md §7.3: receipt date, N, due date.
VECTORS = [
    ("2025-09-25", 7, "2025-10-11"),  # lands on a make-up Saturday
    ("2025-09-25", 20, "2025-10-29"),  # crosses the 8-day 国庆/中秋 block
    ("2024-09-27", 20, "2024-10-30"),  # make-up days 9-29 and 10-12
    ("2025-01-20", 20, "2025-02-21"),  # 春节 with make-up days 1-26 and 2-8
    ("2025-01-20", 40, "2025-03-21"),  # with extension
    ("2026-02-10", 20, "2026-03-16"),  # the 9-day 2026 春节
]


@pytest.mark.parametrize(("start", "n", "due"), VECTORS)
def test_domain_vectors(start: str, n: int, due: str) -> None:
    result = add_workdays(D(start), n)
    assert result.day == D(due)
    assert not result.provisional
    assert result.reason is None
    assert workdays_between(D(start), D(due)).count == n


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        # 春节
        ("2024-02-12", False),
        ("2024-02-18", True),  # Sunday, 调休
        ("2025-01-28", False),  # 除夕 2025 is a holiday (revised 放假办法)
        ("2025-02-08", True),  # Saturday, 调休
        ("2026-02-16", False),
        ("2026-02-23", False),  # Monday, 正月初七
        ("2026-02-14", True),  # Saturday, 调休
        ("2026-02-28", True),  # Saturday, 调休
        # 国庆
        ("2024-10-07", False),
        ("2024-10-12", True),  # Saturday, 调休
        ("2025-10-08", False),  # 国庆+中秋 8 days
        ("2025-10-11", True),  # Saturday, 调休
        ("2026-10-07", False),
        ("2026-10-10", True),  # Saturday, 调休
        ("2026-09-20", True),  # Sunday, 调休
        # ordinary days
        ("2026-11-27", True),  # Friday
        ("2026-11-28", False),  # Saturday
    ],
)
def test_holidays_and_makeup_days(day: str, workday: bool, official: Calendar) -> None:
    assert official.is_workday(D(day)) is workday
    assert is_workday(D(day)) is workday


def test_day_status_names_and_sources(official: Calendar) -> None:
    status = official.status(D("2025-10-11"))
    assert status.kind is DayKind.MAKEUP_WORKDAY
    assert status.workday
    assert status.name == "国庆节调休"
    assert status.source is not None and "国办发明电〔2024〕12号" in status.source
    assert not status.provisional
    assert official.status(D("2026-02-17")).kind is DayKind.HOLIDAY
    assert official.status(D("2026-11-28")).kind is DayKind.REST
    assert official.status(D("2026-11-27")).kind is DayKind.WORKDAY


def test_day_zero_is_not_counted(official: Calendar) -> None:
    # Friday receipt: day 1 is Monday (民法典第二百零一条).
    assert official.add_workdays(D("2026-11-27"), 1).day == D("2026-11-30")
    assert official.add_workdays(D("2026-11-27"), 0).day == D("2026-11-27")
    # Receipt on a holiday: day 1 is the first working day after it.
    assert official.add_workdays(D("2025-10-01"), 1).day == D("2025-10-09")


def test_crossing_into_an_unknown_year_is_provisional(official: Calendar) -> None:
    result = official.add_workdays(D("2026-12-15"), 20)
    assert result.provisional
    assert result.reason == "2027年节假日安排尚未发布或未导入，按周末计算"
    assert result.day == D("2027-01-12")  # weekends only: 2027-01-01 (Fri) counted
    assert str(result) == "2027-01-12 (provisional: 2027年节假日安排尚未发布或未导入，按周末计算)"


def test_override_for_the_unknown_year_makes_it_final(
    schedule_2027: YearSchedule, with_2027: Calendar
) -> None:
    result = with_2027.add_workdays(D("2026-12-15"), 20)
    assert not result.provisional
    assert result.reason is None
    assert result.day == D("2027-01-13")  # 2027-01-01 is a holiday in the (made-up) schedule
    assert with_2027.is_known(2027)
    assert with_2027.schedule(2027) == schedule_2027


def test_last_days_of_december_wait_for_next_years_notice(
    official: Calendar, with_2027: Calendar
) -> None:
    # A notice for Y can rearrange Dec 29–31 of Y-1 (2019 notice: 2018-12-31 off).
    result = official.add_workdays(D("2026-12-01"), 20)
    assert result.day == D("2026-12-29")
    assert result.provisional
    assert result.reason is not None and "2026年12月29日至31日" in result.reason
    assert not with_2027.add_workdays(D("2026-12-01"), 20).provisional
    assert not official.add_workdays(D("2026-11-27"), 20).provisional  # ends 2026-12-25


def test_several_unknown_years_are_named() -> None:
    result = Calendar().workdays_between(D("2030-06-01"), D("2031-06-01"))
    assert result.provisional
    assert result.reason == "2030年、2031年节假日安排尚未发布或未导入，按周末计算"


def test_correction_of_a_known_year_replaces_it(official: Calendar) -> None:
    # Suppose a correction makes 2026-11-27 (Fri) a day off.
    original = official.schedule(2026)
    assert original is not None
    corrected = YearSchedule(
        year=2026,
        holidays=original.holidays | {D("2026-11-27")},
        makeup_workdays=original.makeup_workdays,
        source="更正通知",
    )
    calendar = official.with_overrides([corrected])
    assert not calendar.is_workday(D("2026-11-27"))
    assert calendar.status(D("2026-11-27")).source == "更正通知"
    assert official.is_workday(D("2026-11-27"))  # the original calendar is unchanged
    # A replacement drops what it does not repeat.
    bare = YearSchedule(2026, frozenset({D("2026-01-01")}), frozenset(), "只含元旦")
    assert official.with_overrides([bare]).is_workday(D("2026-10-08"))


def test_between_counts_the_half_open_interval(official: Calendar) -> None:
    assert official.workdays_between(D("2026-11-27"), D("2026-11-27")).count == 0
    assert official.workdays_between(D("2026-11-27"), D("2026-11-30")).count == 1
    assert official.workdays_between(D("2026-11-30"), D("2026-11-27")).count == -1
    assert official.workdays_between(D("2025-09-30"), D("2025-10-08")).count == 0


@pytest.mark.parametrize("n", [-1, 10_001])
def test_bad_n_is_refused(n: int, official: Calendar) -> None:
    with pytest.raises(ValueError, match="工作日数"):
        official.add_workdays(D("2026-01-05"), n)


def test_non_integer_n_is_refused(official: Calendar) -> None:
    with pytest.raises(TypeError):
        official.add_workdays(D("2026-01-05"), True)


def test_inconsistent_schedule_is_refused() -> None:
    with pytest.raises(ValueError, match="调休上班日必须是周六或周日"):
        YearSchedule(2027, frozenset(), frozenset({D("2027-01-04")}), "x")
    with pytest.raises(ValueError, match="既是放假日又是调休上班日"):
        YearSchedule(2027, frozenset({D("2027-01-02")}), frozenset({D("2027-01-02")}), "x")
    with pytest.raises(ValueError, match="不在2027年内"):
        YearSchedule(2027, frozenset({D("2026-11-02")}), frozenset(), "x")
    with pytest.raises(ValueError, match="缺少来源"):
        YearSchedule(2027, frozenset({D("2027-01-01")}), frozenset(), " ")
