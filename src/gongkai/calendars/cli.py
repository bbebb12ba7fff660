"""``gongkai workdays`` and ``gongkai calendar``: working-day arithmetic and holiday schedules.

::

    gongkai workdays add 2024-09-27 20              → 2024-10-30
    gongkai workdays between 2025-01-20 2025-02-21  → 20
    gongkai workdays is 2025-10-11                  → 2025-10-11 星期六：工作日（调休上班日：…）
    gongkai calendar show 2026       → the year's days off and make-up days, and their source
    gongkai calendar load FILE [--replace]   → validate and store (docs/calendar-format.md)
    gongkai calendar list            → years known from chinese_calendar, and the overrides
    gongkai calendar remove YEAR     → delete an override

A result that rests on a year without official schedule is followed, on the same line, by
`` (provisional: REASON)``.

Both commands read the override table. If the database is not migrated yet, the read-only
commands (``workdays …``, ``calendar show``, ``calendar list``) fall back to the data of
``chinese_calendar`` only and say so on stderr; ``calendar load`` and ``calendar remove``
refuse with a one-line message suggesting ``gongkai migrate``.

Exit status: 0 success, 1 refused (invalid schedule, database not ready), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from gongkai.cli import setup_django
from gongkai.workdays import Calendar, DayKind, format_schedule
from gongkai.workdays.schedule import WEEKDAY_NAMES
from gongkai.workdays.workcalendar import MAX_WORKDAYS

NOT_MIGRATED = "数据库尚未初始化，请先运行 gongkai migrate"
FALLBACK_NOTE = (
    "提示：数据库尚未初始化（请先运行 gongkai migrate），仅使用 chinese_calendar 内置的节假日数据"
)
FORMAT_DOC = "docs/calendar-format.md"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as an exception (exit status 2). argparse's own words are
    Chinese through ``gongkai.cli.ARGPARSE_ZH``."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"参数错误：{message}\n{self.format_usage().rstrip()}")


def _date(text: str) -> date:
    if _ISO_DATE.match(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise _UsageError(f"日期“{text}”无效，应为 YYYY-MM-DD 格式的真实日期，例如 2024-09-27")


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0 or value > MAX_WORKDAYS:
        raise _UsageError(f"工作日数“{text}”无效，应为 0 到 {MAX_WORKDAYS} 之间的整数")
    return value


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise _UsageError(f"年份“{text}”无效，应为四位数字，例如 2027")
    return int(text)


def _run(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    try:
        args = parser.parse_args(list(argv))
        code: int = args.handler(args)
    except (_UsageError, ValueError) as exc:  # ValueError: e.g. a date beyond 9999-12-31
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    return code


def _platform_calendar() -> Calendar:
    """The platform calendar, or chinese_calendar only (with a note) if not migrated."""
    from django.db import DatabaseError

    from .selectors import calendar_for_platform

    try:
        return calendar_for_platform()
    except DatabaseError:
        print(FALLBACK_NOTE, file=sys.stderr)
        return Calendar.official()


# -- gongkai workdays ---------------------------------------------------------------------


def _supported(calendar: Calendar, *days: date) -> Calendar:
    from .selectors import outside_supported_range

    for day in days:
        refusal = outside_supported_range(day, calendar)
        if refusal is not None:
            raise _UsageError(refusal)
    return calendar


def _workdays_add(args: argparse.Namespace) -> int:
    start, n = _date(args.date), _count(args.n)
    print(_supported(_platform_calendar(), start).add_workdays(start, n))
    return 0


def _workdays_between(args: argparse.Namespace) -> int:
    start, end = _date(args.start), _date(args.end)
    print(_supported(_platform_calendar(), start, end).workdays_between(start, end))
    return 0


def _workdays_is(args: argparse.Namespace) -> int:
    day = _date(args.date)
    status = _supported(_platform_calendar(), day).status(day)
    answer = "工作日" if status.workday else "非工作日"
    detail = {
        DayKind.WORKDAY: "周一至周五",
        DayKind.REST: "周末",
        DayKind.HOLIDAY: "法定节假日",
        DayKind.MAKEUP_WORKDAY: "调休上班日",
    }[status.kind]
    if status.name:
        detail = f"{detail}：{status.name}"
    line = f"{day.isoformat()} {WEEKDAY_NAMES[day.weekday()]}：{answer}（{detail}）"
    if status.provisional:
        line += f" (provisional: {status.reason})"
    print(line)
    return 0


def workdays_main(argv: Sequence[str]) -> int:
    """``gongkai workdays``: working-day arithmetic on the platform calendar."""
    parser = _Parser(
        prog="gongkai workdays",
        description="工作日计算：起算日当天不计入（民法典第二百零一条），第 N 个工作日为届满日。",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{add,between,is}")
    add = sub.add_parser("add", help="起算日后第 N 个工作日，例如 add 2024-09-27 20")
    add.add_argument("date", help="起算日（收到申请之日），YYYY-MM-DD")
    add.add_argument("n", help="工作日数")
    add.set_defaults(handler=_workdays_add)
    between = sub.add_parser("between", help="两个日期之间的工作日数（不含起始日，含结束日）")
    between.add_argument("start", help="起始日，YYYY-MM-DD")
    between.add_argument("end", help="结束日，YYYY-MM-DD")
    between.set_defaults(handler=_workdays_between)
    is_ = sub.add_parser("is", help="某日是否为工作日")
    is_.add_argument("date", help="日期，YYYY-MM-DD")
    is_.set_defaults(handler=_workdays_is)
    setup_django()
    return _run(parser, argv)


# -- gongkai calendar ---------------------------------------------------------------------


def _calendar_show(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from gongkai.workdays import builtin_schedules

    from .selectors import override_for_year

    year = _year(args.year)
    calendar = _platform_calendar()
    try:
        override = override_for_year(year=year)
    except DatabaseError:
        override = None
    schedule = calendar.schedule(year)
    if schedule is None:
        print(f"{year}年：尚无官方节假日安排（未发布或未导入）。")
        print("该年的工作日暂按周一至周五计算，涉及该年的期限计算结果均标注为 provisional。")
        print(f"通知发布后，请用 gongkai calendar load FILE 导入（格式见 {FORMAT_DOC}）。")
        return 0
    if override is not None:
        origin = f"平台覆盖表（依据：{override.source}）"
        if year in builtin_schedules():
            origin += "，替换 chinese_calendar 的数据"
    else:
        origin = schedule.source
    workdays = calendar.workdays_between(date(year - 1, 12, 31), date(year, 12, 31))
    comments = [
        f"{year}年节假日安排",
        f"来源：{origin}",
        f"全年工作日：{workdays.count}天；放假 {len(schedule.holidays)} 天（含周末），"
        f"调休上班 {len(schedule.makeup_workdays)} 天",
    ]
    print(format_schedule(schedule, comments=comments), end="")
    return 0


def _calendar_list(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from gongkai.workdays import known_years
    from gongkai.workdays.official import package_version

    from .selectors import override_list

    years = sorted(known_years())
    print(f"chinese_calendar {package_version()}：{years[0]}–{years[-1]}年")
    try:
        overrides = override_list()
    except DatabaseError:
        print(FALLBACK_NOTE, file=sys.stderr)
        return 0
    if not overrides:
        print("平台覆盖表：无")
    for row in overrides:
        kind = "更正" if row.year in known_years() else "新增"
        print(f"平台覆盖表：{row.year}年（{kind}，{row.day_count}个日期，依据：{row.source}）")
    return 0


def _calendar_load(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from .services import CalendarLoadError, calendar_load

    path = Path(args.file)
    try:
        text = sys.stdin.read() if args.file == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"找不到文件：{path}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取文件 {path}（须为 UTF-8 文本）：{exc}", file=sys.stderr)
        return 1
    try:
        loaded = calendar_load(text=text, replace=args.replace, actor=None)
    except CalendarLoadError as exc:
        print(f"{args.file}：未导入任何数据，发现 {len(exc.errors)} 处问题：", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    except DatabaseError:
        print(NOT_MIGRATED, file=sys.stderr)
        return 1
    for item in loaded:
        notes = []
        if item.corrects_builtin:
            notes.append("更正 chinese_calendar 的数据")
        if item.replaced:
            notes.append("替换原有覆盖数据")
        suffix = f"（{'，'.join(notes)}）" if notes else ""
        print(
            f"已导入 {item.year}年节假日安排{suffix}：放假 {item.holidays} 天，"
            f"调休上班 {item.makeup_workdays} 天，依据：{item.source}"
        )
    return 0


def _calendar_remove(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from .services import calendar_remove

    year = _year(args.year)
    try:
        removed = calendar_remove(year=year)
    except DatabaseError:
        print(NOT_MIGRATED, file=sys.stderr)
        return 1
    if not removed:
        print(f"{year}年没有覆盖数据，无需删除", file=sys.stderr)
        return 1
    print(f"已删除 {year}年的覆盖数据")
    return 0


def calendar_main(argv: Sequence[str]) -> int:
    """``gongkai calendar``: show or load holiday schedules."""
    parser = _Parser(prog="gongkai calendar", description="查看或导入国务院节假日安排。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{show,load,list,remove}")
    show = sub.add_parser("show", help="列出某年的放假日期、调休上班日及其来源")
    show.add_argument("year", help="年份，例如 2026")
    show.set_defaults(handler=_calendar_show)
    load = sub.add_parser("load", help=f"导入节假日安排文件（格式见 {FORMAT_DOC}）")
    load.add_argument("file", help="UTF-8 文本文件；“-” 表示标准输入")
    load.add_argument("--replace", action="store_true", help="替换该年已导入的覆盖数据")
    load.set_defaults(handler=_calendar_load)
    list_ = sub.add_parser("list", help="列出已知年份及平台覆盖表")
    list_.set_defaults(handler=_calendar_list)
    remove = sub.add_parser("remove", help="删除某年的覆盖数据")
    remove.add_argument("year", help="年份")
    remove.set_defaults(handler=_calendar_remove)
    setup_django()
    return _run(parser, argv)
