"""Statutory clocks: pause/resume, extension, restart (条例第三十、三十二至三十四条)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.workdays import (
    Calendar,
    Clock,
    ClockError,
    ClockEvent,
    ClockPausedError,
    EventKind,
    PauseReason,
    build_clock,
    compute_due,
)

D = date.fromisoformat
START = D("2025-03-03")  # Monday; 20 working days → 2025-03-31 (Mon)


def test_plain_clock_is_add_workdays(official: Calendar) -> None:
    assert Clock(START).due(official).day == D("2025-03-31")
    assert Clock(D("2025-09-25")).due(official) == official.add_workdays(D("2025-09-25"), 20)


def test_pause_skips_working_days_after_pause_day_up_to_resume_day(official: Calendar) -> None:
    # Paused Wed 03-05, resumed Fri 03-07: 03-06 and 03-07 are not counted; 03-05 is.
    clock = Clock(START).pause(D("2025-03-05")).resume(D("2025-03-07"))
    assert clock.due(official).day == D("2025-04-02")
    assert clock.used(D("2025-03-07"), official) == 2  # 03-04 and 03-05; 03-06/07 paused
    assert clock.used(D("2025-03-10"), official) == 3


def test_pause_and_resume_on_the_same_day_changes_nothing(official: Calendar) -> None:
    clock = Clock(START).pause(D("2025-03-05")).resume(D("2025-03-05"))
    assert clock.due(official) == Clock(START).due(official)


def test_pause_over_a_weekend_costs_no_working_day(official: Calendar) -> None:
    clock = Clock(START).pause(D("2025-03-07")).resume(D("2025-03-09"))  # Fri → Sun
    assert clock.due(official) == Clock(START).due(official)


def test_open_pause_blocks_the_due_date(official: Calendar) -> None:
    clock = Clock(START).pause(D("2025-03-10"))
    assert clock.is_paused
    with pytest.raises(ClockPausedError, match="2025-03-10"):
        clock.due(official)
    remaining = clock.remaining(D("2025-03-20"), official)
    assert remaining.paused
    assert remaining.workdays == 20 - 5  # 03-04..03-07 and the pause day 03-10 counted


def test_pause_after_the_due_date_does_not_move_it(official: Calendar) -> None:
    clock = Clock(START).pause(D("2025-04-10"))
    assert clock.due(official).day == D("2025-03-31")


def test_overlapping_pauses_count_once(official: Calendar) -> None:
    clock = (
        Clock(START)
        .pause(D("2025-03-05"), PauseReason.CONSULTATION)
        .pause(D("2025-03-06"), PauseReason.FEE)
        .resume(D("2025-03-07"), PauseReason.CONSULTATION)
        .resume(D("2025-03-11"), PauseReason.FEE)
    )
    # Paused days: (03-05, 03-07] ∪ (03-06, 03-11] = 03-06 … 03-11 → 4 working days.
    assert clock.due(official) == official.add_workdays(D("2025-03-31"), 4)


def test_extension_adds_up_to_twenty_working_days(official: Calendar) -> None:
    # DOMAIN.md §7.3: 2025-01-20 + 40 working days (with extension) = 2025-03-21.
    clock = Clock(D("2025-01-20")).extend(20)
    assert clock.due(official).day == D("2025-03-21")
    assert Clock(D("2025-01-20")).extend(5).extend(15).due(official).day == D("2025-03-21")
    with pytest.raises(ClockError, match="第三十三条第二款"):
        clock.extend(1)
    with pytest.raises(ClockError, match="正整数"):
        Clock(START).extend(0)


def test_restart_counts_from_the_supplement(official: Calendar) -> None:
    clock = Clock(D("2025-01-20")).pause(D("2025-01-21")).extend(10).restart(D("2025-02-05"))
    assert clock == Clock(D("2025-02-05"))
    assert clock.due(official) == official.add_workdays(D("2025-02-05"), 20)
    with pytest.raises(ClockError, match="早于原起算日"):
        Clock(START).restart(D("2025-03-01"))


def test_event_errors_are_in_chinese() -> None:
    with pytest.raises(ClockError, match="没有因“征求意见”暂停"):
        Clock(START).resume(D("2025-03-05"))
    with pytest.raises(ClockError, match="不能重复暂停"):
        Clock(START).pause(D("2025-03-05")).pause(D("2025-03-06"))
    with pytest.raises(ClockError, match="早于暂停日期"):
        Clock(START).pause(D("2025-03-05")).resume(D("2025-03-04"))
    with pytest.raises(ClockError, match="早于起算日"):
        Clock(START).pause(D("2025-03-01"))


def test_remaining_and_overdue(official: Calendar) -> None:
    clock = Clock(START)
    assert clock.remaining(D("2025-03-01"), official).workdays == 20
    assert clock.remaining(D("2025-03-03"), official).workdays == 20
    assert clock.remaining(D("2025-03-31"), official).workdays == 0
    late = clock.remaining(D("2025-04-02"), official)
    assert late.workdays == -2 and late.overdue and not late.paused


def test_remaining_flags_a_period_running_into_an_unknown_year(official: Calendar) -> None:
    remaining = Clock(D("2026-12-15")).remaining(D("2026-12-16"), official)
    assert remaining.workdays == 19
    assert remaining.provisional
    assert remaining.reason is not None and "2027年" in remaining.reason


def test_compute_due_from_events(official: Calendar) -> None:
    events = [
        ClockEvent(EventKind.PAUSE, D("2025-03-05"), PauseReason.FEE),
        ClockEvent(EventKind.RESUME, D("2025-03-07"), PauseReason.FEE),
        ClockEvent(EventKind.EXTEND, D("2025-03-20"), workdays=20),
    ]
    with_fee = compute_due(START, events, official)
    without_fee = compute_due(START, events, official, fee_pauses=False)
    assert without_fee == official.add_workdays(START, 40)
    assert with_fee == official.add_workdays(without_fee.day, 2)
    supplement_notice = compute_due(START, [], official, workdays=7)
    assert supplement_notice.day == D("2025-03-12")


def test_events_out_of_order_are_refused() -> None:
    events = [
        ClockEvent(EventKind.PAUSE, D("2025-03-10")),
        ClockEvent(EventKind.RESUME, D("2025-03-05")),
    ]
    with pytest.raises(ClockError, match="请按日期顺序记录"):
        build_clock(START, events)


def test_provisional_due_date_of_a_clock(official: Calendar) -> None:
    due = Clock(D("2026-12-15")).due(official)
    assert due.provisional and due.day == D("2027-01-12")
