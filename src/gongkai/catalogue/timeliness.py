"""条例第二十六条: information within the proactive scope is published within 20 working days
from the day it is formed or changed. The working days come from the platform calendar
(``gongkai.workdays`` with the override table, see ``calendars.selectors``).
"""

from __future__ import annotations

from datetime import date

from gongkai.workdays import Calendar, WorkdayCount

#: 条例第二十六条: 自该政府信息形成或者变更之日起20个工作日内.
PUBLISH_WORKDAYS = 20


def publish_start(*, written_on: date, changed_on: date | None) -> date:
    """The day the period starts: the change (变更日期) if any, else 成文日期."""
    return changed_on if changed_on is not None else written_on


def publish_workdays(
    calendar: Calendar, *, written_on: date, changed_on: date | None, published_on: date
) -> WorkdayCount:
    """Working days in (start, published_on]; 0 when published on the day it was formed."""
    start = publish_start(written_on=written_on, changed_on=changed_on)
    if published_on <= start:
        return WorkdayCount(0)
    return calendar.workdays_between(start, published_on)


def is_late(workdays: int | None) -> bool:
    return workdays is not None and workdays > PUBLISH_WORKDAYS
