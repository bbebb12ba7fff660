"""The schedule text format: parsing, every error with its line number, round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gongkai.workdays import YearSchedule, builtin_schedules, format_schedule, parse_schedules

DATA = Path(__file__).resolve().parents[2] / "data" / "calendars"
D = date.fromisoformat


def test_sample_file_parses(schedule_2027: YearSchedule) -> None:
    assert schedule_2027.year == 2027
    assert schedule_2027.source == "测试用虚构通知〔2026〕1号"
    assert D("2027-02-05") in schedule_2027.holidays
    assert D("2027-02-13") in schedule_2027.holidays
    assert D("2027-02-14") in schedule_2027.makeup_workdays
    assert schedule_2027.names[D("2027-02-14")] == "春节调休"  # trailing comment stripped
    assert len(schedule_2027.holidays) == 3 + 9 + 3 + 5 + 1 + 1 + 7
    assert len(schedule_2027.makeup_workdays) == 5


def test_every_error_is_reported_with_its_line() -> None:
    result = parse_schedules((DATA / "bad-sample.txt").read_text(encoding="utf-8"))
    assert not result.ok
    assert result.schedules == ()
    found = [(e.line, e.code) for e in result.errors]
    assert found == [
        (2, "missing-source"),
        (4, "bad-date"),
        (5, "not-weekend"),
        (6, "range-years"),
        (7, "overlap"),
        (8, "unknown-statement"),
        (9, "outside-year"),
    ]
    messages = [str(e) for e in result.errors]
    assert messages[2] == "第5行：调休上班日 2027-02-15 是星期一，必须是周六或周日"
    assert messages[4] == "第7行：2027-01-02 与第3行冲突：同一天不能既放假又调休上班"


def test_chinese_keywords_and_separators() -> None:
    text = "年份 2031\n来源 测试\n放假 2031-01-01至2031-01-03 元旦\n调休上班 2031-01-04\n"
    result = parse_schedules(text)
    assert result.ok, result.errors
    (schedule,) = result.schedules
    assert schedule.holidays == {D("2031-01-01"), D("2031-01-02"), D("2031-01-03")}
    assert schedule.makeup_workdays == {D("2031-01-04")}


def test_several_years_in_one_file() -> None:
    text = "year 2030\nsource a\nholiday 2030-01-01\nyear 2031\nsource b\nholiday 2031-01-01\n"
    result = parse_schedules(text)
    assert [s.year for s in result.schedules] == [2030, 2031]


def test_structure_errors() -> None:
    cases = {
        "holiday 2031-01-01\n": ["no-year"],
        "year 31\nholiday 2031-01-01\n": ["bad-year"],
        "year 2031\nsource x\nsource y\nholiday 2031-01-01\n": ["duplicate-source"],
        "year 2031\nsource x\n": ["no-holidays"],
        "year 2031\nsource x\nholiday 2031-01-01\nyear 2031\nsource x\nholiday 2031-01-02\n": [
            "duplicate-year"
        ],
        "year 2031\nsource x\nholiday 2031-01-03..2031-01-01\n": ["range-order", "no-holidays"],
        "year 2031\nsource x\nholiday 2031-01-01\nholiday 2031-01-01\n": ["duplicate-day"],
        "year 2031\nsource x\nholiday 2031/01/01\n": ["bad-date", "no-holidays"],
        "year 2031\nsource x\nholiday 2031-01-01\nworkday 2031-01-04..2031-01-05\n": [
            "workday-range"
        ],
        "# only a comment\n\n": ["empty"],
    }
    for text, codes in cases.items():
        result = parse_schedules(text)
        assert sorted(e.code for e in result.errors) == sorted(codes), text
        assert not result.ok


def test_december_of_the_previous_year_is_allowed_for_new_year() -> None:
    text = "year 2019\nsource x\nholiday 2018-12-30..2018-12-31 元旦\nholiday 2019-01-01 元旦\n"
    text += "workday 2018-12-29 元旦调休\n"
    result = parse_schedules(text)
    assert result.ok, result.errors


def test_builtin_schedules_round_trip() -> None:
    for schedule in builtin_schedules().values():
        text = format_schedule(schedule, comments=["来自 chinese_calendar"])
        result = parse_schedules(text)
        assert result.ok, (schedule.year, result.errors)
        (back,) = result.schedules
        assert back == schedule
        assert dict(back.names) == dict(schedule.names)
