"""The working-day calendar (工作日) and statutory clocks. Pure Python, no Django.

* :mod:`.schedule` — one year's State Council holiday arrangement as data.
* :mod:`.official` — the years ``chinese_calendar`` knows (2004–2026 with 1.11.0).
* :mod:`.workcalendar` — :class:`Calendar`: ``is_workday``, ``add_workdays``,
  ``workdays_between``, with a ``provisional`` flag for years without official schedule.
* :mod:`.clock` — a period of N working days with pauses, extension and restart.
* :mod:`.textformat` — the text format for loading or correcting a year's schedule.
"""

from .clock import (
    CONSULTATION_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    REPLY_WORKDAYS,
    SUPPLEMENT_NOTICE_WORKDAYS,
    Clock,
    ClockError,
    ClockEvent,
    ClockPausedError,
    EventKind,
    Pause,
    PauseReason,
    Remaining,
    build_clock,
    compute_due,
)
from .official import builtin_schedules, known_years
from .schedule import DayKind, YearSchedule
from .textformat import ParseResult, ScheduleError, format_schedule, parse_schedules
from .workcalendar import (
    Calendar,
    DayStatus,
    DueDate,
    WorkdayCount,
    add_workdays,
    default_calendar,
    is_workday,
    provisional_reason,
    workdays_between,
)

__all__ = [
    "CONSULTATION_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "REPLY_WORKDAYS",
    "SUPPLEMENT_NOTICE_WORKDAYS",
    "Calendar",
    "Clock",
    "ClockError",
    "ClockEvent",
    "ClockPausedError",
    "DayKind",
    "DayStatus",
    "DueDate",
    "EventKind",
    "ParseResult",
    "Pause",
    "PauseReason",
    "Remaining",
    "ScheduleError",
    "WorkdayCount",
    "YearSchedule",
    "add_workdays",
    "build_clock",
    "builtin_schedules",
    "compute_due",
    "default_calendar",
    "format_schedule",
    "is_workday",
    "known_years",
    "parse_schedules",
    "provisional_reason",
    "workdays_between",
]
