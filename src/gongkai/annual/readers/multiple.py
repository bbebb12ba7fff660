"""Refuse a document that holds more than one annual report.

A comparison of one agency's reports of two years, two reports pasted into one file, or a
page that prints two years' tables side by side cannot be read as one report: its figures
would be a mix of both. :func:`refuse_several` raises :class:`SeveralReports` with the
years it found, so the user reads each report on its own. Signs, each enough alone:

* two title lines naming different years (``…2023年政府信息公开工作年度报告`` and
  ``…2024年…``), or one title naming two years (``2023年与2024年…年度报告对比``);
* table 三 printed with two (or three, with a 差异 column) sets of seven figures per row
  on most of its lines: two tables side by side.

A report that quotes last year's report in its text (《2023年…年度报告》) is not refused: a
quoted title is not a title line, and a repeated title of the same year (a mobile copy of
the page) names one year.
"""

from __future__ import annotations

import re
from typing import ClassVar

from .errors import NotAReport

_YEAR = r"((?:19|20)\d{2})"
#: A title line: an agency, one year, the report's name, nothing after it.
_TITLE = re.compile(
    r"^[^《》“”\"，。；：:,;]{0,40}?" + _YEAR + r"年度?[^《》，。；]{0,24}?"
    r"政府信息公开(?:工作)?年度?报告$"
)
#: A title naming two years (a comparison): ``2023年与2024年…年度报告``.
_TWO_YEAR_TITLE = re.compile(
    _YEAR
    + r"年?度?(?:[和与及、至~～\-—–]|以及|对比)"
    + _YEAR
    + r"年度?[^《》，。；]{0,40}?年度?报告"
)
#: Longest line taken as a title (characters without spaces).
TITLE_MAX = 70
#: Lines of table 三 with two or three sets of seven figures that make two tables side by side.
SIDE_BY_SIDE_LINES = 8
_NUMBER = re.compile(r"^[0-9０-９][0-9０-９.,，]*$")
_HEADER_YEAR = re.compile(_YEAR + r"\s*年")


class SeveralReports(NotAReport):
    """The document holds the reports of more than one year (or two side by side)."""

    kind: ClassVar[str] = "several-reports"
    default_reason: ClassVar[str] = (
        "文件包含两份年度报告（表格并列），请分别读取 "
        "(the file holds two annual reports side by side: read each on its own)"
    )


def _titles(lines: list[str]) -> tuple[set[int], bool]:
    years: set[int] = set()
    paired = False
    for index, line in enumerate(lines):
        # a title line holds 报告, or runs on to a line that does
        if "报告" not in line and (index + 1 >= len(lines) or "报告" not in lines[index + 1]):
            continue
        if "年" not in line:
            continue
        text = re.sub(r"\s+", "", line)
        if not text or len(text) > TITLE_MAX:
            continue
        candidates = [text]
        if not text.endswith("报告") and index + 1 < len(lines):
            # a title broken over two lines ("…工作年" / "度报告")
            candidates.append(text + re.sub(r"\s+", "", lines[index + 1]))
        for candidate in candidates:
            if len(candidate) > TITLE_MAX:
                continue
            pair = _TWO_YEAR_TITLE.search(candidate)
            if pair is not None and "《" not in candidate[: pair.start()]:
                years.update((int(pair.group(1)), int(pair.group(2))))
                paired = True
                break
            match = _TITLE.match(candidate)
            if match is not None:
                years.add(int(match.group(1)))
                break
    return years, paired


def _side_by_side(lines: list[str]) -> bool:
    rows = 0
    for line in lines:
        if len(line) < 27:  # 14 figures need at least 27 characters
            continue
        tokens = line.replace("|", " ").split()
        if len(tokens) < 14:
            continue
        numbers = sum(1 for t in tokens if _NUMBER.match(t))
        if numbers in (14, 21) and numbers >= len(tokens) - 3:
            rows += 1
    return rows >= SIDE_BY_SIDE_LINES


def refuse_several(text: str, *, source: str = "") -> None:
    """Raise :class:`SeveralReports` when ``text`` holds more than one report."""
    lines = text.split("\n")
    years, paired = _titles(lines)
    # a second title counts with a second report under it: table 三 printed twice (a
    # page header or a link to last year's report is a title without a table)
    tables = text.count("本年新收") + text.count("本年度新收")
    if len(years) >= 2 and (tables >= 2 or paired):
        raise SeveralReports(_reason(sorted(years)), source=source)
    if _side_by_side(lines):
        header_years = sorted(
            {
                int(m.group(1))
                for line in lines
                if len(line.strip()) <= 40
                for m in _HEADER_YEAR.finditer(line)
            }
        )
        raise SeveralReports(
            _reason(header_years) if len(header_years) >= 2 else None, source=source
        )


def _reason(years: list[int]) -> str:
    listed = "、".join(str(y) for y in years)
    return (
        f"文件包含{_count(len(years))}份年度报告（{listed}），请分别读取 "
        f"(the file holds the reports of {', '.join(str(y) for y in years)}: read each on its own)"
    )


def _count(n: int) -> str:
    return {2: "两", 3: "三", 4: "四"}.get(n, str(n))


__all__ = ["SeveralReports", "refuse_several"]
