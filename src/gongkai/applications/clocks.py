"""The reply period of an application, derived from its recorded events (STYLE.md §5).

No Django here: :func:`reply_due` folds ``(kind, day, data)`` triples into a
``gongkai.workdays.Clock`` and returns what the cache columns of ``Application`` hold.

* Start: the receipt date (条例第三十一条); 20 working days (第三十三条第二款), the receipt day
  is day 0.
* 补正 (第三十条): the notice stops the period (the application waits for the applicant); the
  period runs again, from zero, from the day the supplement is received.
* Consultation of a third party or another organ (第三十二条、第三十四条): the time is not
  counted (第三十三条第三款).
* Extension (第三十三条第二款): at most 20 working days, approved before the original deadline.
* Fee notice to payment (国办函〔2020〕109号): paused by default; DOMAIN.md U2 — not settled,
  ``fee_pauses=False`` turns it off (setting ``GONGKAI_FEE_PAUSES_CLOCK``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.workdays import (
    CONSULTATION_WORKDAYS,
    REPLY_WORKDAYS,
    SUPPLEMENT_NOTICE_WORKDAYS,
    Calendar,
    ClockError,
    ClockEvent,
    ClockPausedError,
    EventKind,
    PauseReason,
    build_clock,
)

#: Days the applicant has for the 补正 unless the notice sets another (a "reasonable period",
#: 条例第三十条; offices commonly give 15 working days).
SUPPLEMENT_ANSWER_WORKDAYS = 15
#: 国办函〔2020〕109号 (DOMAIN.md §2.5): pay within 20 working days of receiving the notice.
FEE_PAY_WORKDAYS = 20
#: The dashboard's "due soon" window, in working days.
DUE_SOON_WORKDAYS = 5

__all__ = [
    "CONSULTATION_WORKDAYS",
    "DUE_SOON_WORKDAYS",
    "FEE_PAY_WORKDAYS",
    "REPLY_WORKDAYS",
    "SUPPLEMENT_ANSWER_WORKDAYS",
    "SUPPLEMENT_NOTICE_WORKDAYS",
    "DueInfo",
    "clock_events",
    "reply_due",
]

_PAUSE = {
    "supplement_requested": PauseReason.OTHER,
    "consultation_started": PauseReason.CONSULTATION,
    "fee_notified": PauseReason.FEE,
}
_RESUME = {
    "consultation_answered": PauseReason.CONSULTATION,
    "fee_paid": PauseReason.FEE,
}
_WAIT_NOTES = {
    PauseReason.OTHER: "等待申请人补正，收到补正材料后重新计算20个工作日（条例第三十条）",
    PauseReason.CONSULTATION: "征求意见期间不计入答复期限（条例第三十三条第三款）",
    PauseReason.FEE: "收费通知至缴费期间暂停计算",
}


@dataclass(frozen=True)
class DueInfo:
    """What ``Application.due_on`` / ``due_provisional`` / ``due_note`` cache."""

    due_on: date | None
    provisional: bool
    note: str
    paused: bool = False


def clock_events(
    events: Iterable[tuple[str, date, dict[str, Any]]],
) -> tuple[date | None, list[ClockEvent]]:
    """The start (the latest confirmation/registration of receipt) and the clock events."""
    start: date | None = None
    out: list[ClockEvent] = []
    for kind, day, data in events:
        if kind in ("confirmed", "created") and data.get("received_on"):
            start = date.fromisoformat(data["received_on"])
            out = []
        elif kind in _PAUSE:
            out.append(ClockEvent(EventKind.PAUSE, day, _PAUSE[kind]))
        elif kind in _RESUME:
            out.append(ClockEvent(EventKind.RESUME, day, _RESUME[kind]))
        elif kind == "supplement_received":
            out.append(ClockEvent(EventKind.RESTART, day))
        elif kind == "extended":
            out.append(ClockEvent(EventKind.EXTEND, day, workdays=int(data.get("workdays", 0))))
    return start, out


def reply_due(
    received_on: date | None,
    events: Iterable[tuple[str, date, dict[str, Any]]],
    calendar: Calendar,
    *,
    fee_pauses: bool = True,
) -> DueInfo:
    """The reply deadline after ``events`` (in the order recorded)."""
    start, clock_evts = clock_events(events)
    start = start or received_on
    if start is None:
        return DueInfo(None, False, "待确认收到申请之日（条例第三十一条），确认后开始计算")
    clock_evts.sort(key=lambda e: e.day)
    try:
        clock = build_clock(start, clock_evts, workdays=REPLY_WORKDAYS, fee_pauses=fee_pauses)
    except ClockError as exc:
        return DueInfo(None, False, f"无法计算期限：{exc}")
    try:
        due = clock.due(calendar)
    except ClockPausedError:
        reasons = [p.reason for p in clock.pauses if p.end is None]
        return DueInfo(None, False, _WAIT_NOTES.get(reasons[0], "期限暂停"), paused=True)
    note = ""
    if clock.extension:
        note = f"已延期{clock.extension}个工作日（条例第三十三条第二款）"
    if due.provisional:
        note = (note + "；" if note else "") + (due.reason or "暂定期限：节假日安排尚未导入")
    return DueInfo(due.day, due.provisional, note)
