"""``gongkai workdays`` and ``gongkai calendar`` through the CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import OperationalError

from gongkai.calendars.models import HolidaySchedule
from gongkai.cli import main

DATA = Path(__file__).resolve().parents[2] / "data" / "calendars"
SAMPLE_2027 = DATA / "sample-2027.txt"
BAD = DATA / "bad-sample.txt"

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [("2024-09-27", "20", "2024-10-30"), ("2025-01-20", "20", "2025-02-21")],
)
def test_workdays_add_done_when(
    capsys: pytest.CaptureFixture[str], start: str, n: str, expected: str
) -> None:
    assert run(capsys, "workdays", "add", start, n) == (0, expected + "\n", "")


def test_workdays_add_provisional_until_2027_is_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "workdays", "add", "2026-12-15", "20")
    assert code == 0
    assert out == "2027-01-12 (provisional: 2027年节假日安排尚未发布或未导入，按周末计算)\n"

    code, out, _ = run(capsys, "calendar", "load", str(SAMPLE_2027))
    assert code == 0
    assert "已导入 2027年节假日安排" in out

    assert run(capsys, "workdays", "add", "2026-12-15", "20") == (0, "2027-01-13\n", "")


def test_workdays_between_and_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "workdays", "between", "2025-01-20", "2025-02-21") == (0, "20\n", "")
    code, out, _ = run(capsys, "workdays", "between", "2026-12-15", "2027-01-12")
    assert out == "20 (provisional: 2027年节假日安排尚未发布或未导入，按周末计算)\n"
    code, out, _ = run(capsys, "workdays", "is", "2025-10-11")
    assert (code, out) == (0, "2025-10-11 星期六：工作日（调休上班日：国庆节调休）\n")
    code, out, _ = run(capsys, "workdays", "is", "2026-10-05")
    assert out == "2026-10-05 星期一：非工作日（法定节假日：国庆节）\n"
    code, out, _ = run(capsys, "workdays", "is", "2027-01-01")
    assert out.startswith("2027-01-01 星期五：工作日（周一至周五） (provisional: 2027年")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["workdays", "add", "2024-13-01", "20"], "日期“2024-13-01”无效"),
        (["workdays", "add", "2024/09/27", "20"], "应为 YYYY-MM-DD"),
        (["workdays", "add", "2024-09-27", "-1"], "工作日数“-1”无效"),
        (["workdays", "add", "2024-09-27", "abc"], "工作日数“abc”无效"),
        (["workdays", "add", "2024-09-27"], "缺少必需的参数"),
        (["workdays", "between", "2024-09-27", "x"], "日期“x”无效"),
        (["workdays", "frobnicate"], "无效的选项"),
        (["calendar", "show", "27"], "年份“27”无效"),
        (["workdays", "add", "9999-12-31", "1"], "日期超出可计算范围"),
    ],
)
def test_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_calendar_load_reports_every_error_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "calendar", "load", str(BAD))
    assert code == 1
    assert "未导入任何数据，发现 7 处问题" in err
    for line in (2, 4, 5, 6, 7, 8, 9):
        assert f"第{line}行：" in err
    assert not HolidaySchedule.objects.exists()


def test_calendar_load_refuses_a_second_load_without_replace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "calendar", "load", str(SAMPLE_2027))[0] == 0
    code, _, err = run(capsys, "calendar", "load", str(SAMPLE_2027))
    assert code == 1 and "--replace" in err
    changed = tmp_path / "2027.txt"
    changed.write_text("year 2027\nsource 更正\nholiday 2027-01-01 元旦\n", encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "load", str(changed), "--replace")
    assert code == 0 and "替换原有覆盖数据" in out
    assert HolidaySchedule.objects.get(year=2027).days.count() == 1


def test_calendar_load_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "calendar", "load", str(tmp_path / "nope.txt"))
    assert code == 1 and "找不到文件" in err


def test_calendar_show_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "show", "2026")
    assert code == 0
    assert "来源：chinese_calendar" in out
    assert "全年工作日：248天" in out
    assert "holiday 2026-02-15..2026-02-23 春节" in out
    assert "workday 2026-02-28 春节调休" in out

    code, out, _ = run(capsys, "calendar", "show", "2027")
    assert code == 0
    assert "2027年：尚无官方节假日安排" in out

    run(capsys, "calendar", "load", str(SAMPLE_2027))
    code, out, _ = run(capsys, "calendar", "show", "2027")
    assert "来源：平台覆盖表（依据：测试用虚构通知〔2026〕1号）" in out
    assert "holiday 2027-02-05..2027-02-13 春节" in out


def test_calendar_show_output_loads_back_as_a_correction(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "calendar", "show", "2025")
    edited = tmp_path / "2025.txt"
    edited.write_text(out + "holiday 2025-12-31 更正测试\n", encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "load", str(edited))
    assert code == 0 and "更正 chinese_calendar 的数据" in out
    _, out, _ = run(capsys, "workdays", "is", "2025-12-31")
    assert "非工作日" in out
    _, out, _ = run(capsys, "calendar", "show", "2025")
    assert "替换 chinese_calendar 的数据" in out
    assert run(capsys, "calendar", "remove", "2025")[0] == 0
    _, out, _ = run(capsys, "workdays", "is", "2025-12-31")
    assert "：工作日" in out


def test_calendar_list(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "calendar", "load", str(SAMPLE_2027))
    code, out, _ = run(capsys, "calendar", "list")
    assert code == 0
    assert "2004–2026年" in out
    assert "平台覆盖表：2027年（新增，34个日期" in out


def test_not_migrated_falls_back_for_reading_and_refuses_writing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.calendars import selectors, services

    def broken(*args: object, **kwargs: object) -> object:
        raise OperationalError("no such table: calendars_holidayschedule")

    monkeypatch.setattr(selectors, "calendar_for_platform", broken)
    monkeypatch.setattr(services, "calendar_load", broken)
    code, out, err = run(capsys, "workdays", "add", "2024-09-27", "20")
    assert (code, out) == (0, "2024-10-30\n")
    assert "gongkai migrate" in err
    code, out, err = run(capsys, "calendar", "load", str(SAMPLE_2027))
    assert code == 1
    assert err == "数据库尚未初始化，请先运行 gongkai migrate\n"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "workdays", "--help")
    assert code == 0 and "工作日计算" in out
