"""A plain-text format for holiday schedules, used to load a year that ``chinese_calendar``
does not know yet (or to correct one), e.g. as soon as the State Council notice is out.

Format (UTF-8, one statement per line; see also ``docs/calendar-format.md``)::

    # 2027年部分节假日安排（国办发明电〔2026〕N号）
    year 2027
    source 国办发明电〔2026〕N号
    holiday 2027-01-01..2027-01-03 元旦
    holiday 2027-02-06..2027-02-13 春节
    workday 2027-02-14 春节调休

* ``#`` starts a comment (a whole line, or the rest of a line after whitespace); blank
  lines are ignored.
* ``year YYYY`` opens the schedule of a year; every following line belongs to it until the
  next ``year`` line. One file may hold several years.
* ``source TEXT`` (required, once per year): the notice the dates come from.
* ``holiday DATE [NAME]`` or ``holiday DATE..DATE [NAME]``: days off (放假), inclusive
  range; weekend days inside the range may be included. NAME is e.g. 春节.
* ``workday DATE [NAME]``: a make-up working day (调休上班日); must be a Saturday or Sunday.
* Dates are ISO ``YYYY-MM-DD``. A year's dates lie in that year; for 元旦 they may also lie
  in December of the previous year (as the 2019 notice did for 2018-12-29..31).
* Chinese keywords are accepted too: 年份, 来源, 放假, 调休上班 (or 上班); a range may also be
  written ``DATE至DATE`` or ``DATE~DATE``.

:func:`parse_schedules` reads the whole text and reports **every** problem with its line
number (it never stops at the first one); schedules are only returned for years without
errors, and a caller that writes data should write nothing unless ``result.ok``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .schedule import WEEKDAY_NAMES, YearSchedule, date_in_schedule_range, is_weekend

#: Accepted spellings of each statement keyword (vocabulary as data).
KEYWORDS: Mapping[str, str] = {
    "year": "year",
    "年份": "year",
    "年度": "year",
    "source": "source",
    "来源": "source",
    "依据": "source",
    "holiday": "holiday",
    "放假": "holiday",
    "节假日": "holiday",
    "workday": "workday",
    "调休上班": "workday",
    "上班": "workday",
    "调休": "workday",
}

RANGE_SEPARATORS = ("..", "至", "～", "~")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class ScheduleError:
    """One problem in a schedule text, with its 1-based line number."""

    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


@dataclass(frozen=True)
class ParseResult:
    schedules: tuple[YearSchedule, ...]
    errors: tuple[ScheduleError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.schedules)


@dataclass
class _Block:
    year: int
    line: int
    source: str | None = None
    source_line: int = 0
    days: dict[date, tuple[str, str, int]] = field(default_factory=dict)  # kind, name, line
    failed: bool = False


def _parse_date(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    match = re.search(r"\s#", line)
    return line[: match.start()] if match else line


def _split_range(token: str) -> tuple[str, str] | None:
    for sep in RANGE_SEPARATORS:
        if sep in token:
            first, _, last = token.partition(sep)
            return first.strip(), last.strip()
    return None


def parse_schedules(text: str) -> ParseResult:
    """Parse and validate a schedule text; collect every error with its line number."""
    errors: list[ScheduleError] = []
    blocks: list[_Block] = []
    block: _Block | None = None
    years_seen: dict[int, int] = {}

    def error(line: int, code: str, message: str) -> None:
        errors.append(ScheduleError(line, code, message))
        if block is not None:
            block.failed = True

    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).replace("\u3000", " ").strip()
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        rest = rest.strip()
        kind = KEYWORDS.get(keyword.lower())
        if kind is None:
            error(
                number,
                "unknown-statement",
                f"无法识别“{keyword}”：每行应以 year、source、holiday 或 workday 开头",
            )
            continue
        if kind == "year":
            if not _YEAR.match(rest):
                # Keep checking the lines below against a placeholder block (year 0).
                block = _Block(year=0, line=number, failed=True)
                error(number, "bad-year", f"年份“{rest}”无效，应为四位数字，例如 year 2027")
                continue
            year = int(rest)
            block = _Block(year=year, line=number)
            blocks.append(block)
            if year in years_seen:
                error(number, "duplicate-year", f"{year}年已在第{years_seen[year]}行出现，不能重复")
            else:
                years_seen[year] = number
            continue
        if block is None:
            error(number, "no-year", "此行之前缺少有效的“year 年份”行")
            continue
        if kind == "source":
            if not rest:
                error(number, "missing-source", "来源不能为空，应写通知文号")
            elif block.source is not None:
                error(number, "duplicate-source", f"来源已在第{block.source_line}行给出")
            else:
                block.source, block.source_line = rest, number
            continue
        _parse_days(block, kind, rest, number, error)

    for item in blocks:
        if item.source is None:
            errors.append(
                ScheduleError(item.line, "missing-source", f"{item.year}年缺少“source 通知文号”行")
            )
            item.failed = True
        if not any(kind == "holiday" for kind, _, _ in item.days.values()):
            errors.append(ScheduleError(item.line, "no-holidays", f"{item.year}年没有任何放假日期"))
            item.failed = True
    if not blocks and not errors:
        errors.append(ScheduleError(1, "empty", "没有任何节假日安排（缺少“year 年份”行）"))

    errors.sort(key=lambda e: e.line)
    schedules = tuple(_to_schedule(item) for item in blocks if not item.failed)
    return ParseResult(schedules if not errors else (), tuple(errors))


_ErrorSink = Callable[[int, str, str], None]


def _parse_days(block: _Block, kind: str, rest: str, number: int, error: _ErrorSink) -> None:
    label = "放假" if kind == "holiday" else "调休上班"
    if not rest:
        error(number, "missing-date", f"{label}行缺少日期")
        return
    token, _, name = rest.partition(" ")
    name = name.strip()
    span = _split_range(token)
    if span is not None and kind == "workday":
        error(number, "workday-range", "调休上班日每行只写一天，不能写日期范围")
        return
    first_text, last_text = span if span is not None else (token, token)
    first, last = _parse_date(first_text), _parse_date(last_text)
    bad = [t for t, d in ((first_text, first), (last_text, last)) if d is None]
    if bad or first is None or last is None:
        for text in dict.fromkeys(bad):
            error(number, "bad-date", f"日期“{text}”无效，应为 YYYY-MM-DD 格式的真实日期")
        return
    if last < first:
        error(number, "range-order", f"日期范围的结束日 {last} 早于开始日 {first}")
        return
    if first.year != last.year:
        error(number, "range-years", "放假日期范围必须在同一年内，跨年的请拆成两行")
        return
    if (last - first).days > 31:
        error(number, "range-too-long", "放假日期范围超过一个月，请检查")
        return
    in_year = date_in_schedule_range(block.year, first) and date_in_schedule_range(block.year, last)
    if block.year and not in_year:
        error(
            number,
            "outside-year",
            f"{first_text if first == last else token} 不在{block.year}年内"
            f"（元旦连休可含{block.year - 1}年12月的日期）",
        )
        return
    if kind == "workday" and not is_weekend(first):
        error(
            number,
            "not-weekend",
            f"调休上班日 {first} 是{WEEKDAY_NAMES[first.weekday()]}，必须是周六或周日",
        )
        return
    day = first
    while day <= last:
        previous = block.days.get(day)
        if previous is not None:
            other_kind, _, other_line = previous
            if other_kind == kind:
                error(number, "duplicate-day", f"{day} 与第{other_line}行重复")
            else:
                error(
                    number,
                    "overlap",
                    f"{day} 与第{other_line}行冲突：同一天不能既放假又调休上班",
                )
        else:
            block.days[day] = (kind, name, number)
        day += timedelta(days=1)


def _to_schedule(block: _Block) -> YearSchedule:
    return YearSchedule(
        year=block.year,
        holidays=frozenset(d for d, (k, _, _) in block.days.items() if k == "holiday"),
        makeup_workdays=frozenset(d for d, (k, _, _) in block.days.items() if k == "workday"),
        source=block.source or "",
        names={d: name for d, (_, name, _) in block.days.items() if name},
    )


def format_schedule(schedule: YearSchedule, *, comments: Iterable[str] = ()) -> str:
    """The text form of a schedule (parses back to an equal schedule)."""
    lines = [f"# {c}" for c in comments]
    lines += [f"year {schedule.year}", f"source {schedule.source}"]
    entries: list[tuple[date, str]] = []
    for first, last, name in _runs(sorted(schedule.holidays), schedule.names):
        span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        entries.append((first, f"holiday {span} {name}".rstrip()))
    for day in sorted(schedule.makeup_workdays):
        entries.append((day, f"workday {day.isoformat()} {schedule.names.get(day, '')}".rstrip()))
    lines += [text for _, text in sorted(entries)]
    return "\n".join(lines) + "\n"


def _runs(days: list[date], names: Mapping[date, str]) -> list[tuple[date, date, str]]:
    """Consecutive days with the same name, as (first, last, name)."""
    runs: list[tuple[date, date, str]] = []
    for day in days:
        name = names.get(day, "")
        last = runs[-1] if runs else None
        if (
            last is not None
            and last[1] + timedelta(days=1) == day
            and last[1].year == day.year  # a range stays inside one year
            and last[2] == name
        ):
            runs[-1] = (runs[-1][0], day, name)
        else:
            runs.append((day, day, name))
    return runs
