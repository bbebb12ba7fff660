"""One year's official holiday arrangement (节假日安排) as plain data.

Every year the General Office of the State Council (国务院办公厅) publishes a notice
《关于XXXX年部分节假日安排的通知》 (国办发明电) that fixes, for the holidays of the
《全国年节及纪念日放假办法》, which days are off (放假) and which weekend days are worked
instead (调休上班). A :class:`YearSchedule` holds exactly that notice: the days off, the
make-up working days, and the notice it comes from.

A notice for year *Y* may reach back into December of *Y − 1* when 元旦 is joined to the
preceding days (e.g. the 2019 notice: 2018-12-29 worked, 2018-12-30/31 off), so a schedule
may hold dates of its own year and of the preceding December.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

#: 国务院关于职工工作时间的规定 第七条: Saturday and Sunday are the weekly rest days.
WEEKEND = frozenset({5, 6})  # date.weekday(): Monday == 0 … Saturday == 5, Sunday == 6

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class DayKind(StrEnum):
    """What a day is, for counting 工作日."""

    WORKDAY = "workday"  # Monday–Friday, no holiday
    REST = "rest"  # Saturday or Sunday, no arrangement
    HOLIDAY = "holiday"  # inside a State Council holiday range (放假)
    MAKEUP_WORKDAY = "makeup"  # weekend day worked instead (调休上班)

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.REST: "休息日（周末）",
    DayKind.HOLIDAY: "法定节假日（放假）",
    DayKind.MAKEUP_WORKDAY: "调休上班日",
}


def is_weekend(day: date) -> bool:
    return day.weekday() in WEEKEND


def date_in_schedule_range(year: int, day: date) -> bool:
    """Whether ``day`` may appear in the schedule of ``year`` (its year, or the December before)."""
    return day.year == year or (day.year == year - 1 and day.month == 12)


@dataclass(frozen=True)
class YearSchedule:
    """The official holiday arrangement of one year.

    ``holidays`` are all days off of the holiday ranges (weekend days inside a range may be
    listed or not: they are rest days either way). ``makeup_workdays`` are the weekend days
    worked instead (调休上班日). ``names`` optionally maps a date to the holiday it belongs to
    (e.g. "春节"). ``source`` names the notice, e.g. "国办发明电〔2024〕12号".

    Raises ``ValueError`` (Chinese message) if the data is inconsistent: a day both off and
    worked, a make-up day that is not a weekend day, or a date outside the year.
    """

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str
    names: Mapping[date, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )

    def __post_init__(self) -> None:
        problems = schedule_problems(self)
        if problems:
            raise ValueError("；".join(problems))
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))

    def kind_of(self, day: date) -> DayKind | None:
        """The arrangement for ``day`` in this notice, or None if the notice says nothing."""
        if day in self.holidays:
            return DayKind.HOLIDAY
        if day in self.makeup_workdays:
            return DayKind.MAKEUP_WORKDAY
        return None

    def workdays_in_year(self) -> int:
        """Number of 工作日 in the calendar year (only meaningful for a complete schedule)."""
        count = 0
        day = date(self.year, 1, 1)
        one = date.resolution
        while day.year == self.year:
            kind = self.kind_of(day)
            if kind is DayKind.MAKEUP_WORKDAY or (kind is None and not is_weekend(day)):
                count += 1
            day += one
        return count


def schedule_problems(schedule: YearSchedule) -> list[str]:
    """Every inconsistency of a schedule, as Chinese messages (empty when valid)."""
    problems: list[str] = []
    year = schedule.year
    if not 1949 < year < 10000:
        problems.append(f"年份 {year} 不合理")
        return problems
    for day in sorted(schedule.holidays | schedule.makeup_workdays):
        if not date_in_schedule_range(year, day):
            problems.append(f"{day.isoformat()} 不在{year}年内（元旦连休可含上一年12月）")
    for day in sorted(schedule.holidays & schedule.makeup_workdays):
        problems.append(f"{day.isoformat()} 不能既是放假日又是调休上班日")
    for day in sorted(schedule.makeup_workdays):
        if not is_weekend(day):
            problems.append(
                f"调休上班日 {day.isoformat()} 是{WEEKDAY_NAMES[day.weekday()]}，"
                "调休上班日必须是周六或周日"
            )
    if not schedule.source.strip():
        problems.append(f"{year}年节假日安排缺少来源（通知文号）")
    return problems
