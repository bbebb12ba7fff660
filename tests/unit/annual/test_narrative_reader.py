"""The report's title, agency and year as the reader finds them in the text.

Titles come wrapped by a word processor (even inside a word), with the agency on the line
above, behind a crawler's ``标题:``, in a page's ``<title>`` with the site's name, inside a
notice that publishes the report, with a Chinese-numeral year, with the year after the
report's name, or spaced out by a PDF text layer. A wrapped line of body text that cites
the report is never the title, and an agency that cannot be read is left empty with a
finding instead of a fragment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.readers import read_path
from gongkai.annual.readers.errors import NotAReport, UnreadableReport
from gongkai.annual.readers.narrative import (
    agency_of,
    find_title,
    find_year,
    names_a_report,
    read_narrative,
)
from gongkai.annual.readers.text import parse_text

VARIANTS = Path(__file__).resolve().parents[2] / "data" / "annual" / "variants"
GOLDEN = Path(__file__).resolve().parents[2] / "data" / "annual" / "golden"

#: A wrapped line of body text as a PDF gives it, citing the report format.
BODY_WRAP = "府信息公开工作年度报告格式》（国办公开办函〔2021〕30 号）要求编制。本报告中所列数据的"


# -- find_title -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            ["淮安市清江浦区人民政府 2024 年政府信息", "公开工作年度报告", "一、总体情况"],
            "淮安市清江浦区人民政府 2024 年政府信息公开工作年度报告",
        ),
        (
            [
                "内乡县卫生健康委员会 2024 年政府信息公开工",
                "作年度报告",
                "来源：本站　发布时间：2025-01-20 09:30",
                "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政",
                BODY_WRAP,
            ],
            "内乡县卫生健康委员会 2024 年政府信息公开工作年度报告",
        ),
        (
            ["南阳市人民政府办公室 2024 年政府信息公", "开工作年度报告"],
            "南阳市人民政府办公室 2024 年政府信息公开工作年度报告",
        ),
        (
            ["内乡县发展和改革委员会（县粮食和", "物资储备局）2024年政府信息公开工", "作年度报告"],
            "内乡县发展和改革委员会（县粮食和物资储备局）2024年政府信息公开工作年度报告",
        ),
        (
            ["- 1 -", "淮安市人民政府", "2024 年政府信息公开工作年度报告"],
            "淮安市人民政府2024 年政府信息公开工作年度报告",
        ),
        (
            ["内乡县人民政府", "政府信息公开工作年度报告（2024年）"],
            "内乡县人民政府政府信息公开工作年度报告（2024年）",
        ),
        (
            ["首页", "政务公开", "内乡县审计局2024年政府信息公开工作年度报告"],
            "内乡县审计局2024年政府信息公开工作年度报告",
        ),
        (
            ["某县人民政府门户网站", "2024年政府信息公开工作年度报告"],
            "2024年政府信息公开工作年度报告",
        ),
        (
            ["标题: 某区2021年度政府信息公开工作年度报告", "发布时间: 2022-02-08"],
            "某区2021年度政府信息公开工作年度报告",
        ),
        (
            ["文章标题：内乡县人民政府2024年政府信息公开工作年度报告_内乡县人民政府"],
            "内乡县人民政府2024年政府信息公开工作年度报告",
        ),
        (
            ["某县2023年政府信息公开工作年度报告_某县人民政府门户网站"],
            "某县2023年政府信息公开工作年度报告",
        ),
        (
            ["南阳市2024年政府信息公开工作年度报告 - 南阳市人民政府"],
            "南阳市2024年政府信息公开工作年度报告",
        ),
        (
            ["南阳市人民政府门户网站_南阳市财政局2024年政府信息公开工作年度报告"],
            "南阳市财政局2024年政府信息公开工作年度报告",
        ),
        (
            ["某县门户网站 | 信息公开_某县2024年政府信息公开工作年度报告_某县门户网站"],
            "某县2024年政府信息公开工作年度报告",
        ),
        (
            ["某县人民政府2024年政府信息公开工作年度报告（草稿）"],
            "某县人民政府2024年政府信息公开工作年度报告（草稿）",
        ),
        (
            ["关于印发《某县2024年政府信息公开工作年度报告》的通知"],
            "某县2024年政府信息公开工作年度报告",
        ),
        (
            ["某县人民政府办公室关于印发《某县人民政府2024年政务公开工作年度报告》的通知"],
            "某县人民政府2024年政务公开工作年度报告",
        ),
        (
            ["淮 安 市 人 民 政 府 2 0 2 4 年 政 府 信 息 公 开 工 作 年 度 报 告"],
            "淮 安 市 人 民 政 府 2 0 2 4 年 政 府 信 息 公 开 工 作 年 度 报 告",
        ),
        (
            ["某区人民政府2021年政府信息公开工作年度报告一、总体情况二、主动公开政府信息情况…"],
            "某区人民政府2021年政府信息公开工作年度报告",
        ),
    ],
    ids=[
        "wrapped-after-year",
        "wrapped-inside-a-word",
        "wrapped-inside-公开",
        "wrapped-over-three-lines",
        "agency-on-the-line-above",
        "agency-above-year-after",
        "menu-lines-not-joined",
        "site-name-above-not-an-agency",
        "crawler-metadata",
        "crawler-metadata-site-suffix",
        "site-suffix-underscore",
        "site-suffix-dash",
        "site-prefix",
        "site-prefix-and-suffix",
        "draft",
        "notice",
        "notice-by-an-office",
        "pdf-spacing",
        "glued-page",
    ],
)
def test_title(lines: list[str], title: str) -> None:
    assert find_title(lines) == title


@pytest.mark.parametrize(
    "lines",
    [
        [BODY_WRAP],
        ["本报告根据《条例》和《中华人民共和国政", BODY_WRAP],
        ["下一步，我县将认真编制", "政府信息公开工作年度报告，持续提升政务公开质效。"],
        ["按照《中华人民共和国政府信息公开工作年度报告格式》要求编制"],
        ["一、总体情况", "二、主动公开政府信息情况"],
        ["首页 > 政务公开 > 政府信息公开年报"],
    ],
    ids=["body-wrap", "body-wrap-after-body", "news-prose", "cited-format", "headings", "menu"],
)
def test_body_text_is_never_the_title(lines: list[str]) -> None:
    assert find_title(lines) is None


# -- agency_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("淮安市清江浦区人民政府 2024 年政府信息公开工作年度报告", "淮安市清江浦区人民政府"),
        ("内乡县大桥乡人民政府二〇二四年度政府信息公开工作年度报告", "内乡县大桥乡人民政府"),
        ("某县财政局二○二三年政府信息公开工作年度报告", "某县财政局"),
        ("内乡县人民政府政府信息公开工作年度报告（2024年）", "内乡县人民政府"),
        ("2024年度内乡县人民政府政府信息公开工作年度报告", "内乡县人民政府"),
        ("内乡县人民政府政府信息公开工作2024年度报告", "内乡县人民政府"),
        ("某县2024年政务公开工作年度报告", "某县"),
        ("某县政务公开办公室2024年政务公开工作年度报告", "某县政务公开办公室"),
        ("某县人民政府政府信息公开年报（2024年）", "某县人民政府"),
        ("内乡县人民政府信息公开工作年度报告", "内乡县人民政府"),
        ("某县人民政府2024年政府信息公开工作年度报告（草稿）", "某县人民政府"),
        ("淮 安 市 人 民 政 府 2 0 2 4 年 政 府 信 息 公 开 工 作 年 度 报 告", "淮安市人民政府"),
        ("关于印发《某县2024年政府信息公开工作年度报告》的通知", "某县"),
        ("某市自然资源和规划局关于2022年度政府信息公开工作年度报告", "某市自然资源和规划局"),
        ("某县人民政府办公室关于印发2024年政府信息公开工作年度报告的通知", "某县人民政府办公室"),
        ("政府信息公开工作年度报告", None),
        ("2024年政府信息公开工作年度报告", None),
        ("公开工作年度报告", None),
        (BODY_WRAP, None),
    ],
)
def test_agency(title: str, agency: str | None) -> None:
    assert agency_of(title) == agency


# -- year ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("内乡县人民政府政府信息公开工作年度报告（2024年）", 2024),
        ("内乡县大桥乡人民政府二〇二四年度政府信息公开工作年度报告", 2024),
        ("淮 安 市 人 民 政 府 2 0 2 3 年 政 府 信 息 公 开 工 作 年 度 报 告", 2023),
    ],
)
def test_year_from_the_title(title: str, year: int) -> None:
    assert find_year("", title) == year


# -- findings -----------------------------------------------------------------------------


def test_no_agency_and_no_year_are_findings() -> None:
    narrative = read_narrative("政府信息公开工作年度报告\n一、总体情况\n工作有序开展。", [])
    assert narrative.agency is None and narrative.year is None
    codes = {f.code: f for f in narrative.findings}
    assert set(codes) == {"reader-no-agency", "reader-no-year"}
    assert codes["reader-no-agency"].severity == "warning"
    assert "政府信息公开工作年度报告" in codes["reader-no-agency"].message


def test_no_title_is_a_finding() -> None:
    narrative = read_narrative("一、总体情况\n统计期限自2024年1月1日起至2024年12月31日止。", [])
    assert narrative.year == 2024
    assert [f.code for f in narrative.findings] == ["reader-no-agency"]
    assert "未找到报告标题" in narrative.findings[0].message


def test_a_report_read_with_its_agency_has_no_narrative_finding() -> None:
    report = parse_text((GOLDEN / "example.txt").read_text(encoding="utf-8"))
    assert report.agency == "示例县人民政府"
    assert not [f for f in report.findings if f.code.startswith("reader-no-")]


def test_a_report_without_a_title_says_so() -> None:
    lines = (GOLDEN / "example.txt").read_text(encoding="utf-8").split("\n")
    without_title = "\n".join(line for line in lines if "年度报告" not in line)
    report = parse_text(without_title)
    assert report.agency is None
    assert "reader-no-agency" in [f.code for f in report.findings]


# -- a document that is not a report --------------------------------------------------------


def test_news_item_is_not_called_a_report() -> None:
    with pytest.raises(NotAReport) as raised:
        read_path(VARIANTS / "news_article.html")
    assert type(raised.value) is NotAReport
    assert "看起来是" not in raised.value.reason
    assert "不是政府信息公开工作年度报告" in raised.value.reason


def test_report_without_readable_tables_is_unreadable() -> None:
    with pytest.raises(UnreadableReport):
        parse_text("内乡县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n工作有序开展。")


def test_names_a_report() -> None:
    assert names_a_report("某县2024年政府信息公开工作年度报告\n正文")
    assert names_a_report("二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况")
    assert not names_a_report("下一步，我县将认真编制\n政府信息公开工作年度报告，持续提升质效。")


# -- any title, wrapped where a word processor wraps it -------------------------------------

_PLACES = st.text(
    alphabet="内乡县南阳淮安清江浦宛城卧龙西峡桐柏社旗镇平大桥灌涨", min_size=2, max_size=8
)
_ENDINGS = st.sampled_from(
    ["人民政府", "人民政府办公室", "卫生健康委员会", "自然资源和规划局", "街道办事处", "镇人民政府"]
)
_KINDS = st.sampled_from(["年政府信息公开工作年度报告", "年度政府信息公开工作年度报告"])


@settings(max_examples=200, deadline=None)
@given(place=_PLACES, ending=_ENDINGS, year=st.integers(2021, 2030), kind=_KINDS, data=st.data())
def test_any_wrapped_title_gives_its_agency_and_year(
    place: str, ending: str, year: int, kind: str, data: st.DataObject
) -> None:
    agency = place + ending
    title = f"{agency} {year} {kind}"
    # a word processor fills the first line: the break comes after half the title
    cut = data.draw(st.integers(max(10, (len(title) + 1) // 2), len(title)))
    lines = [title[:cut].strip(), title[cut:].strip(), "一、总体情况", BODY_WRAP]
    found = find_title([line for line in lines if line])
    assert found is not None
    assert agency_of(found) == agency
    assert find_year("", found) == year
