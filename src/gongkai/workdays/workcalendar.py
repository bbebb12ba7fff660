"""The calendar of 工作日 (working days) of Chinese government organs.

The rule (DOMAIN.md §7.1):

* Monday to Friday are working days; Saturday and Sunday are the weekly rest days
  (国务院关于职工工作时间的规定 第七条; 人薪发〔1995〕32号 第三条).
* Days inside a holiday range fixed by the State Council are not working days; the holidays
  themselves are those of the 《全国年节及纪念日放假办法》 (2024 revision: 春节 4 days and
  劳动节 2 days from 2025), and each year's dates come from the notice of the General Office
  of the State Council 《关于XXXX年部分节假日安排的通知》 (国办发明电).
* A weekend day that the notice designates as a 调休上班日 (make-up working day) is a working
  day.

Counting (民法典 第二百零一条: the starting day is not counted): the day of receipt is day 0,
day 1 is the next working day, and the period ends at the end of the N-th working day.
Because the N-th working day is by construction a working day, 民法典 第二百零三条 (a period
ending on a rest day ends on the next day) never has to shift the result.

A year without a loaded schedule is never silently treated as weekends-only: every result
carries ``provisional=True`` and a Chinese ``reason`` when the computation touched such a year
(条例 periods that cross into a year whose notice has not been published yet, DOMAIN.md U12).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .official import builtin_schedules
from .schedule import DayKind, YearSchedule, is_weekend

ONE_DAY = timedelta(days=1)

#: Upper bound for N (about 40 years of working days); protects against runaway loops.
MAX_WORKDAYS = 10_000

#: A notice for year Y can rearrange the last days of December Y-1 for 元旦 (2008 notice:
#: 2007-12-29 worked, 12-30/31 off; 2019 notice: 2018-12-29 worked, 12-30/31 off). Until the
#: notice for Y is loaded, those days of the previous year are therefore provisional too.
NEW_YEAR_SPILLOVER_FROM_DAY = 29  # December 29 … 31


@dataclass(frozen=True)
class DueDate:
    """A date computed from working days, flagged when it rests on an unpublished schedule."""

    day: date
    provisional: bool = False
    reason: str | None = None

    def __str__(self) -> str:
        return _with_note(self.day.isoformat(), self.reason if self.provisional else None)


@dataclass(frozen=True)
class WorkdayCount:
    """A number of working days, flagged like :class:`DueDate`."""

    count: int
    provisional: bool = False
    reason: str | None = None

    def __str__(self) -> str:
        return _with_note(str(self.count), self.reason if self.provisional else None)


@dataclass(frozen=True)
class DayStatus:
    """What one day is, where that comes from, and whether it is provisional."""

    day: date
    kind: DayKind
    name: str | None = None
    source: str | None = None
    provisional: bool = False
    reason: str | None = None

    @property
    def workday(self) -> bool:
        return self.kind.is_workday


def _with_note(text: str, reason: str | None) -> str:
    return f"{text} (provisional: {reason})" if reason else text


class UnknownYearTracker:
    """Collects the years without schedule that a computation depended on."""

    __slots__ = ("calendar", "direct", "spillover")

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.direct: set[int] = set()
        self.spillover: set[int] = set()

    def touch(self, day: date) -> None:
        known = self.calendar.known_years
        if day.year not in known:
            self.direct.add(day.year)
        elif (
            day.month == 12 and day.day >= NEW_YEAR_SPILLOVER_FROM_DAY and day.year + 1 not in known
        ):
            self.spillover.add(day.year + 1)

    def touch_range(self, start: date, end: date) -> None:
        """Touch every day in (start, end]."""
        day = start
        while day < end:
            day += ONE_DAY
            self.touch(day)

    @property
    def provisional(self) -> bool:
        return bool(self.direct or self.spillover)

    def reason(self) -> str | None:
        return provisional_reason(self.direct, self.spillover - self.direct)


def provisional_reason(years: Iterable[int], spillover_years: Iterable[int] = ()) -> str | None:
    """The Chinese explanation for a provisional result (None if nothing is provisional)."""
    parts: list[str] = []
    direct = sorted(set(years))
    if direct:
        listed = "、".join(f"{y}年" for y in direct)
        parts.append(f"{listed}节假日安排尚未发布或未导入，按周末计算")
    for year in sorted(set(spillover_years) - set(direct)):
        parts.append(
            f"{year}年节假日安排尚未发布或未导入，{year - 1}年12月{NEW_YEAR_SPILLOVER_FROM_DAY}日"
            "至31日可能因元旦放假调整，暂按周末计算"
        )
    return "；".join(parts) or None


class Calendar:
    """Working days from a set of year schedules (one per year; later ones replace earlier).

    Build it with :meth:`official` (``chinese_calendar`` data plus optional overrides) or
    directly from schedules (tests). Instances are immutable.
    """

    def __init__(self, schedules: Iterable[YearSchedule] = ()) -> None:
        by_year: dict[int, YearSchedule] = {}
        for schedule in schedules:
            by_year[schedule.year] = schedule
        self._schedules: Mapping[int, YearSchedule] = dict(sorted(by_year.items()))
        self.known_years: frozenset[int] = frozenset(by_year)
        self._days: dict[date, tuple[DayKind, str | None, int]] = {}
        for year, schedule in self._schedules.items():
            for day in schedule.holidays:
                self._days[day] = (DayKind.HOLIDAY, schedule.names.get(day), year)
            for day in schedule.makeup_workdays:
                self._days[day] = (DayKind.MAKEUP_WORKDAY, schedule.names.get(day), year)

    @classmethod
    def official(cls, overrides: Iterable[YearSchedule] = ()) -> Calendar:
        """``chinese_calendar``'s schedules, each replaced by an override of the same year.

        An override for a year ``chinese_calendar`` knows is a correction and wins; an
        override for another year (e.g. 2027 once its notice is out) adds that year.
        """
        return cls([*builtin_schedules().values(), *overrides])

    def with_overrides(self, overrides: Iterable[YearSchedule]) -> Calendar:
        return Calendar([*self._schedules.values(), *overrides])

    # -- single days ------------------------------------------------------------------

    def schedule(self, year: int) -> YearSchedule | None:
        return self._schedules.get(year)

    def schedules(self) -> list[YearSchedule]:
        return list(self._schedules.values())

    def is_known(self, year: int) -> bool:
        """Whether the official schedule of ``year`` is loaded."""
        return year in self.known_years

    def kind(self, day: date) -> DayKind:
        entry = self._days.get(day)
        if entry is not None:
            return entry[0]
        return DayKind.REST if is_weekend(day) else DayKind.WORKDAY

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a 工作日 according to the loaded data.

        For a year without schedule this follows the weekly rest days only; use
        :meth:`status` to learn whether the answer is provisional.
        """
        return self.kind(day).is_workday

    def status(self, day: date) -> DayStatus:
        touched = UnknownYearTracker(self)
        touched.touch(day)
        entry = self._days.get(day)
        name = entry[1] if entry else None
        schedule = self._schedules.get(entry[2] if entry else day.year)
        return DayStatus(
            day=day,
            kind=self.kind(day),
            name=name,
            source=schedule.source if schedule else None,
            provisional=touched.provisional,
            reason=touched.reason(),
        )

    # -- periods ----------------------------------------------------------------------

    def add_workdays(self, start: date, n: int) -> DueDate:
        """The N-th working day after ``start`` (``start`` itself is day 0, not counted).

        ``add_workdays(start, 0)`` is ``start``. 民法典 第二百零一条; DOMAIN.md §7.1.
        """
        _check_n(n)
        touched = UnknownYearTracker(self)
        day = start
        counted = 0
        try:
            while counted < n:
                day += ONE_DAY
                touched.touch(day)
                if self.is_workday(day):
                    counted += 1
        except OverflowError as exc:
            raise ValueError("日期超出可计算范围") from exc
        return DueDate(day, touched.provisional, touched.reason())

    def workdays_between(self, start: date, end: date) -> WorkdayCount:
        """Number of working days in (start, end]; negative if ``end`` is before ``start``.

        ``workdays_between(s, add_workdays(s, n).day).count == n`` for every n ≥ 0.
        """
        if end < start:
            result = self.workdays_between(end, start)
            return WorkdayCount(-result.count, result.provisional, result.reason)
        touched = UnknownYearTracker(self)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            touched.touch(day)
            if self.is_workday(day):
                count += 1
        return WorkdayCount(count, touched.provisional, touched.reason())

    def next_workday(self, day: date) -> DueDate:
        """The first working day after ``day`` (same as ``add_workdays(day, 1)``)."""
        return self.add_workdays(day, 1)


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("工作日数必须是整数")
    if n < 0:
        raise ValueError("工作日数不能为负数")
    if n > MAX_WORKDAYS:
        raise ValueError(f"工作日数过大（最多 {MAX_WORKDAYS}）")


@cache
def default_calendar() -> Calendar:
    """The calendar of ``chinese_calendar``'s official data only (no overrides)."""
    return Calendar.official()


def is_workday(day: date) -> bool:
    return default_calendar().is_workday(day)


def add_workdays(start: date, n: int) -> DueDate:
    return default_calendar().add_workdays(start, n)


def workdays_between(start: date, end: date) -> WorkdayCount:
    return default_calendar().workdays_between(start, end)
