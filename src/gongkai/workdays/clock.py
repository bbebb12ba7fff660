"""Statutory clocks: a period of N working days that can be paused, extended and restarted.

The due date is derived from events, never typed in (STYLE.md §5). A :class:`Clock` is an
immutable value; each event returns a new clock, and :func:`compute_due` folds a list of
:class:`ClockEvent` into one. Both are pure: the calendar is passed in.

The reply period of 依申请公开 (DOMAIN.md §1.5, §1.8) is the main use:

* ``Clock(start=receipt_day, workdays=20)`` — 条例第三十三条第二款: reply within 20 working
  days of receipt; the receipt day is day 0 (民法典第二百零一条, DOMAIN.md §7.1).
* ``pause`` / ``resume`` with :attr:`PauseReason.CONSULTATION` — consulting a third party
  (第三十二条) or another organ (第三十四条); 第三十三条第三款: that time is not counted.
* ``pause`` / ``resume`` with :attr:`PauseReason.FEE` — from the fee notice to payment
  (国办函〔2020〕109号). Whether this pauses the clock is not settled (DOMAIN.md §2.5, U2);
  the default is to pause and :func:`compute_due` takes ``fee_pauses=False`` to turn it off.
* ``extend(n)`` — 第三十三条第二款: extension approved by the head of the office, at most 20
  working days in total.
* ``restart(day)`` — 第三十条: after a 补正 notice the period runs from the day the
  supplemented application is received; earlier pauses and extensions no longer matter.

**How a pause counts.** A pause from day P (the consultation letter goes out, or the fee
notice is sent) to day R (the answer arrives, or the fee is paid) removes the working days
in the half-open interval (P, R] from the count: P itself still counts (the organ worked on
the case that day), R does not (like the receipt day, it is day 0 of the resumed period,
民法典第二百零一条), and counting resumes with the next working day after R. A pause and
resume on the same day therefore change nothing, and a pause can only make the due date
later. Pauses for different reasons may overlap; a day is paused if any pause covers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from .workcalendar import (
    MAX_WORKDAYS,
    ONE_DAY,
    Calendar,
    DueDate,
    UnknownYearTracker,
    default_calendar,
)

#: 条例第三十三条第二款: the reply period is 20 working days …
REPLY_WORKDAYS = 20
#: … and may be extended by at most 20 working days.
MAX_EXTENSION_WORKDAYS = 20
#: 条例第三十条: the 补正 notice goes out within 7 working days of receipt.
SUPPLEMENT_NOTICE_WORKDAYS = 7
#: 条例第三十二条、第三十四条: a third party / another organ answers within 15 working days.
CONSULTATION_WORKDAYS = 15


class ClockError(ValueError):
    """An event that does not fit the clock (message in Chinese)."""


class ClockPausedError(ClockError):
    """The due date cannot be known while the clock is paused."""


class PauseReason(StrEnum):
    CONSULTATION = "consultation"  # 第三十二条、第三十四条; 第三十三条第三款
    FEE = "fee"  # 收费通知 → 缴费 (国办函〔2020〕109号; DOMAIN.md U2)
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseReason.CONSULTATION: "征求意见",
    PauseReason.FEE: "收费通知至缴费",
    PauseReason.OTHER: "其他暂停",
}


@dataclass(frozen=True)
class Pause:
    """The clock stops after ``start`` and runs again after ``end`` (None: still paused)."""

    reason: PauseReason
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Remaining:
    """Working days left after ``today`` (negative: overdue by that many working days)."""

    workdays: int
    paused: bool
    provisional: bool = False
    reason: str | None = None

    @property
    def overdue(self) -> bool:
        return self.workdays < 0


@dataclass(frozen=True)
class Clock:
    """N working days from ``start`` (day 0), with pauses, extension and restarts."""

    start: date
    workdays: int = REPLY_WORKDAYS
    extension: int = 0
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.workdays, bool) or not isinstance(self.workdays, int):
            raise ClockError("期限的工作日数必须是整数")
        if not 0 <= self.workdays <= MAX_WORKDAYS:
            raise ClockError(f"期限的工作日数必须在 0 到 {MAX_WORKDAYS} 之间")
        if not 0 <= self.extension <= MAX_EXTENSION_WORKDAYS:
            raise ClockError(
                f"延长期限最多{MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条第二款）"
            )

    # -- events -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.workdays + self.extension

    @property
    def is_paused(self) -> bool:
        return any(p.end is None for p in self.pauses)

    def open_pause(self, reason: PauseReason) -> Pause | None:
        return next((p for p in self.pauses if p.reason is reason and p.end is None), None)

    def pause(self, day: date, reason: PauseReason = PauseReason.CONSULTATION) -> Clock:
        if day < self.start:
            raise ClockError(f"暂停日期 {day.isoformat()} 早于起算日 {self.start.isoformat()}")
        if self.open_pause(reason) is not None:
            raise ClockError(f"期限已因“{reason.label}”暂停，不能重复暂停")
        return replace(self, pauses=(*self.pauses, Pause(reason, day)))

    def resume(self, day: date, reason: PauseReason = PauseReason.CONSULTATION) -> Clock:
        current = self.open_pause(reason)
        if current is None:
            raise ClockError(f"期限没有因“{reason.label}”暂停，无法恢复计算")
        if day < current.start:
            raise ClockError(f"恢复日期 {day.isoformat()} 早于暂停日期 {current.start.isoformat()}")
        pauses = tuple(replace(p, end=day) if p is current else p for p in self.pauses)
        return replace(self, pauses=pauses)

    def extend(self, n: int = MAX_EXTENSION_WORKDAYS) -> Clock:
        """条例第三十三条第二款: extend by ``n`` working days (at most 20 in total)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ClockError("延长的工作日数必须是正整数")
        if self.extension + n > MAX_EXTENSION_WORKDAYS:
            raise ClockError(
                f"延长期限最多{MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条第二款），"
                f"已延长{self.extension}个工作日"
            )
        return replace(self, extension=self.extension + n)

    def restart(self, day: date) -> Clock:
        """条例第三十条: the period runs again from ``day`` (supplement received)."""
        if day < self.start:
            raise ClockError(f"重新起算日 {day.isoformat()} 早于原起算日 {self.start.isoformat()}")
        return Clock(start=day, workdays=self.workdays)

    # -- results ----------------------------------------------------------------------

    def _counts(self, day: date, calendar: Calendar) -> bool:
        return calendar.is_workday(day) and not any(p.covers(day) for p in self.pauses)

    def due(self, calendar: Calendar | None = None) -> DueDate:
        """The last day of the period (end of the N-th counted working day).

        Raises :class:`ClockPausedError` if a pause is still open before that day is reached.
        """
        cal = calendar or default_calendar()
        touched = UnknownYearTracker(cal)
        open_from = min((p.start for p in self.pauses if p.end is None), default=None)
        day = self.start
        counted = 0
        while counted < self.total:
            day += ONE_DAY
            if open_from is not None and day > open_from:
                raise ClockPausedError(
                    f"期限自 {open_from.isoformat()} 起暂停，恢复计算后才能确定届满日"
                )
            touched.touch(day)
            if self._counts(day, cal):
                counted += 1
        return DueDate(day, touched.provisional, touched.reason())

    def used(self, today: date, calendar: Calendar | None = None) -> int:
        """Counted working days in (start, today]."""
        cal = calendar or default_calendar()
        count = 0
        day = self.start
        while day < today:
            day += ONE_DAY
            if self._counts(day, cal):
                count += 1
        return count

    def remaining(self, today: date, calendar: Calendar | None = None) -> Remaining:
        """Working days left after ``today``; works while paused (the count is frozen)."""
        cal = calendar or default_calendar()
        left = self.total - self.used(today, cal)
        end = today
        if not self.is_paused and left > 0:
            end = max(end, self.due(cal).day)  # the days still to run may reach an unknown year
        touched = UnknownYearTracker(cal)
        touched.touch_range(self.start, end)
        return Remaining(left, self.is_paused, touched.provisional, touched.reason())


class EventKind(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    RESTART = "restart"


@dataclass(frozen=True)
class ClockEvent:
    """One event of a clock; ``workdays`` is used by EXTEND, ``reason`` by PAUSE/RESUME."""

    kind: EventKind
    day: date
    reason: PauseReason = PauseReason.CONSULTATION
    workdays: int = 0


def build_clock(
    start: date,
    events: Iterable[ClockEvent],
    *,
    workdays: int = REPLY_WORKDAYS,
    fee_pauses: bool = True,
) -> Clock:
    """Fold events (in date order) into a clock.

    ``fee_pauses=False`` ignores the pauses for the fee notice (DOMAIN.md U2, configurable).
    Raises :class:`ClockError` for events out of order or that do not fit.
    """
    clock = Clock(start=start, workdays=workdays)
    previous: date | None = None
    for event in events:
        if previous is not None and event.day < previous:
            raise ClockError(
                f"事件日期 {event.day.isoformat()} 早于前一事件 {previous.isoformat()}，"
                "请按日期顺序记录"
            )
        previous = event.day
        if event.kind in (EventKind.PAUSE, EventKind.RESUME):
            if event.reason is PauseReason.FEE and not fee_pauses:
                continue
            if event.kind is EventKind.PAUSE:
                clock = clock.pause(event.day, event.reason)
            else:
                clock = clock.resume(event.day, event.reason)
        elif event.kind is EventKind.EXTEND:
            clock = clock.extend(event.workdays)
        else:
            clock = clock.restart(event.day)
    return clock


def compute_due(
    start: date,
    events: Iterable[ClockEvent],
    calendar: Calendar | None = None,
    *,
    workdays: int = REPLY_WORKDAYS,
    fee_pauses: bool = True,
) -> DueDate:
    """The due date of a clock started on ``start`` after ``events``."""
    clock = build_clock(start, events, workdays=workdays, fee_pauses=fee_pauses)
    return clock.due(calendar)
