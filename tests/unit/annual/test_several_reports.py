"""A document holding more than one report is refused with one line naming the years."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.annual.cli import check_main
from gongkai.annual.readers import SeveralReports, read_text
from gongkai.annual.writers import render

from .test_writers import example_report

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed"


def report_text(year: int) -> str:
    report = example_report()
    report.year = year
    return render(report, "txt").decode("utf-8")


def test_two_reports_one_after_the_other() -> None:
    with pytest.raises(SeveralReports) as caught:
        read_text(report_text(2023) + "\n\n" + report_text(2024))
    assert caught.value.reason.startswith("文件包含两份年度报告（2023、2024），请分别读取")


def test_a_title_naming_two_years() -> None:
    body = report_text(2024).split("\n", 1)[1]
    text = "示例县人民政府2023年与2024年政府信息公开工作年度报告对比分析\n" + body
    with pytest.raises(SeveralReports, match="2023、2024"):
        read_text(text)


def test_tables_side_by_side() -> None:
    lines = []
    for line in report_text(2024).split("\n"):
        cells = line.split("\t")
        figures = [c for c in cells if re.fullmatch(r"\d+", c)]
        if len(figures) == 7:  # a row of table 三: the other year's figures beside it
            line = "\t".join([*cells, *figures])
        lines.append(line)
    lines.insert(1, "2023年\t2024年")
    with pytest.raises(SeveralReports, match="2023、2024"):
        read_text("\n".join(lines))


def test_a_quoted_title_of_last_year_is_not_a_second_report() -> None:
    text = report_text(2024).replace(
        "一、总体情况\n",
        "一、总体情况\n对照《示例县人民政府2023年政府信息公开工作年度报告》整改。\n",
        1,
    )
    assert "《示例县" in text
    assert read_text(text).year == 2024


def test_same_report_twice_is_one_report() -> None:
    text = report_text(2024)
    assert read_text(text + "\n" + text).year == 2024


def test_check_refuses_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "compare.txt"
    path.write_text(report_text(2023) + "\n" + report_text(2024), "utf-8")
    assert check_main([str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "文件包含两份年度报告（2023、2024），请分别读取" in err[0]


def test_blank_template_is_refused_with_one_line() -> None:
    from gongkai.annual.model import Report
    from gongkai.annual.readers import NotAReport

    blank = render(Report(agency="示例县人民政府", year=2024), "txt").decode("utf-8")
    with pytest.raises(NotAReport) as caught:
        read_text(blank)
    assert caught.value.reason.startswith("年度报告的表格中没有任何数字，像是空白模板")
    assert "\n" not in caught.value.reason


def test_pre_2021_report_is_refused_with_one_line() -> None:
    from gongkai.annual.readers import OldFormatReport

    old = Path(__file__).resolve().parents[2] / "data/annual/variants/old_format_2019.txt"
    with pytest.raises(OldFormatReport) as caught:
        read_text(old.read_text("utf-8"))
    assert caught.value.reason and "\n" not in caught.value.reason
