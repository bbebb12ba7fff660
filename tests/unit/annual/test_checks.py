"""The checks of gongkai.annual: arithmetic of tables 二/三/四, year on year, narrative."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.checks import check
from gongkai.annual.codes import CODES
from gongkai.annual.format import (
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROW_KEYS,
    OUTCOME_GROUPS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUP_KEYS,
    group_rows,
)
from gongkai.annual.model import Finding, NarrativeSection, Report

from .strategies import clone, report_pairs, valid_reports

#: The seed report (岢曲镇 2023) and its hand-read figures.
SEED = Path(__file__).resolve().parents[2] / "data" / "annual" / "checks"


def _codes(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.where) for f in findings}


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def zero_report(year: int = 2023) -> Report:
    report = Report(agency="某镇人民政府", year=year)
    report.active.rules = [0, 0, 0]
    report.active.normative_documents = [0, 0, 0]
    report.active.licensing = report.active.penalty = report.active.enforcement = 0
    report.active.fees_wan_yuan = Decimal(0)
    for key in APPLICATION_ROW_KEYS:
        report.applications[key] = [0] * 7
    for key in REVIEW_GROUP_KEYS:
        report.reviews[key] = [0] * 5
    return report


# -- the seed report ----------------------------------------------------------------------


def _seed_report() -> Report:
    """The seed's figures (its .json) and narrative, split at its numbered headings."""
    figures = json.loads((SEED / "seed.json").read_text(encoding="utf-8"))
    text = (SEED / "seed.txt").read_text(encoding="utf-8")
    report = Report.from_json(figures)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    report.title = lines[0]
    report.text = text
    sections: list[NarrativeSection] = []
    for line in lines[1:]:
        heading = re.fullmatch(r"([一二三四五六七八九十])、(\S+)", line)
        if heading:
            sections.append(NarrativeSection(heading[1], heading[2]))
        elif sections and "\t" not in line:
            sections[-1].text += line + "\n"
    report.sections = sections
    return report


def test_seed_has_no_error_and_only_the_numbering_warning() -> None:
    report = _seed_report()
    assert report.year == 2023
    findings = check(report, level="town")
    assert _errors(findings) == []
    assert [f.code for f in findings] == ["section-numbering"]
    warning = findings[0]
    assert warning.severity == "warning"
    for heading in ("一、依申请公开办理情况", "四、政府信息公开监督保障及教育培训情况"):
        assert heading in warning.message


# -- every finding is a documented code ---------------------------------------------------


def test_codes_table_is_consistent() -> None:
    for code, definition in CODES.items():
        assert definition.code == code
        assert definition.severity in {"error", "warning"}
        assert definition.rule and definition.source
    assert len(CODES) >= 20


# -- valid reports --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(valid_reports(narrative=True))
def test_valid_report_gives_no_finding(report: Report) -> None:
    assert check(report) == []


@settings(max_examples=100, deadline=None)
@given(report_pairs(narrative=True))
def test_consistent_years_give_no_finding(pair: tuple[Report, Report]) -> None:
    previous, report = pair
    assert check(report, previous=previous) == []


# -- one cell changed: exactly the expected findings ---------------------------------------


def _printed_application_rows(report: Report) -> list[str]:
    """Row keys of table 三 as printed (a collapsed group is one row, its key)."""
    rows = []
    for key in APPLICATION_ROW_KEYS:
        if all(v is None for v in report.applications[key]):
            continue
        rows.append(key)
    rows += [g.key for g in OUTCOME_GROUPS if g.key in report.applications]
    return rows


@st.composite
def mutations(draw: st.DrawFn) -> tuple[Report, str, str, int, int]:
    report = draw(valid_reports())
    table = draw(st.sampled_from(["三", "四"]))
    if table == "三":
        key = draw(st.sampled_from(_printed_application_rows(report)))
        col = draw(st.integers(min_value=0, max_value=6))
    else:
        key = draw(st.sampled_from(REVIEW_GROUP_KEYS))
        col = draw(st.integers(min_value=0, max_value=4))
    k = draw(st.integers(min_value=1, max_value=50))
    return report, table, key, col, k


def expected_after_change(table: str, key: str, col: int) -> set[tuple[str, str]]:
    """What changing one cell must break, and nothing else."""
    if table == "四":
        return {("review-total", f"四/{key}/总计")}
    label = APPLICANT_COLUMN_LABELS[col]
    expected = {("app-row-total", f"三/{key}/总计")}
    if key in {"new", "carried_in", "carried_out", "total"}:
        # 一 + 二 = 三（七）总计 + 四, in the changed column.
        expected.add(("app-balance", f"三/*/{label}"))
    if key not in {"new", "carried_in", "carried_out"}:
        # an outcome row, a group printed as one row, or （七）总计 itself.
        expected.add(("app-outcome-sum", f"三/total/{label}"))
    return expected


@settings(max_examples=300, deadline=None)
@given(mutations())
def test_one_changed_cell_fires_exactly_the_expected_checks(
    case: tuple[Report, str, str, int, int],
) -> None:
    report, table, key, col, k = case
    changed = clone(report)
    cells = changed.applications[key] if table == "三" else changed.reviews[key]
    value = cells[col]
    assert value is not None
    cells[col] = value + k
    findings = check(changed)
    assert _codes(findings) == expected_after_change(table, key, col)
    assert all(f.severity == "error" for f in findings)


@settings(max_examples=100, deadline=None)
@given(mutations())
def test_a_blank_cell_is_reported_once_as_missing(
    case: tuple[Report, str, str, int, int],
) -> None:
    report, table, key, col, _ = case
    blank = clone(report)
    cells = blank.applications[key] if table == "三" else blank.reviews[key]
    cells[col] = None
    labels = APPLICANT_COLUMN_LABELS if table == "三" else REVIEW_COLUMN_LABELS
    findings = check(blank)
    assert _codes(findings) == {("cell-missing", f"{table}/{key}/{labels[col]}")}


@settings(max_examples=100, deadline=None)
@given(report_pairs(), st.data())
def test_year_on_year_changes_fire_warnings(
    pair: tuple[Report, Report], data: st.DataObject
) -> None:
    previous, report = pair
    k = data.draw(st.integers(min_value=1, max_value=20))
    which = data.draw(st.sampled_from(["carried_in", "rules", "normative_documents"]))
    changed = clone(report)
    if which == "carried_in":
        col = data.draw(st.integers(min_value=0, max_value=5))
        label = APPLICANT_COLUMN_LABELS[col]
        # Change last year's 四 (only this year's report is checked), so that only the
        # cross-year rule breaks, in the column and in 总计.
        before = clone(previous)
        cells = before.applications["carried_out"]
        cells[col] = (cells[col] or 0) + k
        cells[6] = (cells[6] or 0) + k
        findings = check(changed, previous=before)
        expected = {("carried-in", f"三/carried_in/{label}"), ("carried-in", "三/carried_in/总计")}
        assert _codes(findings) == expected
    else:
        cells = getattr(changed.active, which)
        cells[2] = (cells[2] or 0) + k
        findings = check(changed, previous=previous)
        assert _codes(findings) == {("current-documents", f"二/{which}/现行有效件数")}
    assert all(f.severity == "warning" for f in findings)


# -- tables: specific cases -----------------------------------------------------------------


def test_group_printed_as_one_row_stands_for_its_sub_rows() -> None:
    report = zero_report()
    for key in group_rows("other"):
        report.applications[key] = [None] * 7
    report.applications["other"] = [2, 0, 0, 0, 0, 0, 2]
    report.applications["total"] = [2, 0, 0, 0, 0, 0, 2]
    report.applications["new"] = [2, 0, 0, 0, 0, 0, 2]
    assert check(report) == []


def test_group_row_with_sub_rows_must_equal_their_sum() -> None:
    report = zero_report()
    report.applications["refused"] = [1, 0, 0, 0, 0, 0, 1]
    assert _codes(check(report)) == {
        ("app-group-sum", "三/refused/自然人"),
        ("app-group-sum", "三/refused/总计"),
    }


def test_missing_cells_are_grouped_per_row_and_per_table() -> None:
    report = zero_report()
    report.applications["granted"] = [None] * 7
    report.applications["refused_3"] = [0, None, 0, None, 0, 0, 0]
    report.reviews = {key: [None] * 5 for key in REVIEW_GROUP_KEYS}
    findings = check(report)
    assert _codes(findings) == {
        ("cell-missing", "三/granted/*"),
        ("cell-missing", "三/refused_3/商业企业,社会公益组织"),
        ("cell-missing", "四"),
    }
    assert all(f.severity == "error" for f in findings)


def test_whole_table_three_missing_is_one_finding() -> None:
    report = Report(agency="某局", year=2024)
    report.active.rules = [0, 0, 0]
    report.active.normative_documents = [0, 0, 0]
    report.active.licensing = report.active.penalty = report.active.enforcement = 0
    report.active.fees_wan_yuan = Decimal("0")
    report.reviews = {key: [0] * 5 for key in REVIEW_GROUP_KEYS}
    assert _codes(check(report)) == {("cell-missing", "三")}


def test_negative_and_non_integer_cells() -> None:
    report = zero_report()
    report.applications["granted"][0] = -1
    report.applications["granted"][6] = -1
    report.reviews["reconsideration"][0] = 1.5  # type: ignore[call-overload]
    codes = _codes(check(report))
    assert ("cell-negative", "三/granted/自然人") in codes
    assert ("cell-negative", "三/granted/总计") in codes
    assert ("cell-not-integer", "四/reconsideration/结果维持") in codes


def test_malformed_rows_are_findings_not_crashes() -> None:
    report = zero_report()
    report.applications["granted"] = [0, 0, 0]
    del report.applications["carried_out"]
    report.reviews["reconsideration"] = [0, 0, 0, 0, 0, 0]
    report.active.rules = []
    codes = _codes(check(report))
    assert {
        ("row-shape", "三/granted/*"),
        ("row-shape", "三/carried_out/*"),
        ("row-shape", "四/reconsideration/*"),
        ("row-shape", "二/rules/*"),
    } <= codes
    assert ("cell-missing", "三/carried_out/*") in codes
    assert report.applications["granted"] == [0, 0, 0]  # the report is not modified


@pytest.mark.parametrize(
    ("fee", "expected"),
    [
        (Decimal("0.0001"), set()),
        (Decimal("24252.311082"), set()),
        (Decimal("-1"), {("fee-invalid", "二/fees_wan_yuan/本年收费金额（单位：万元）")}),
        (Decimal("NaN"), {("fee-invalid", "二/fees_wan_yuan/本年收费金额（单位：万元）")}),
        (None, {("cell-missing", "二/fees_wan_yuan/本年收费金额（单位：万元）")}),
    ],
)
def test_fee(fee: Decimal | None, expected: set[tuple[str, str]]) -> None:
    report = zero_report()
    report.active.fees_wan_yuan = fee
    assert _codes(check(report)) == expected


def test_active_missing_row() -> None:
    report = zero_report()
    report.active.rules = [None, None, None]
    report.active.penalty = None
    assert _codes(check(report)) == {
        ("cell-missing", "二/rules/*"),
        ("cell-missing", "二/penalty/本年处理决定数量"),
    }


def test_rules_made_by_a_town_is_a_warning() -> None:
    report = zero_report()
    report.active.rules = [1, 0, 1]
    assert check(report) == []
    findings = check(report, level="town")
    assert {f.code for f in findings} == {"rules-at-level"}
    assert {f.severity for f in findings} == {"warning"}


def test_previous_of_the_wrong_year() -> None:
    report, previous = zero_report(2024), zero_report(2022)
    previous.applications["carried_out"] = [5, 0, 0, 0, 0, 0, 5]  # not compared
    assert _codes(check(report, previous=previous)) == {("previous-year", "year")}


def test_previous_of_another_agency() -> None:
    report, previous = zero_report(2024), zero_report(2023)
    previous.agency = "另一个镇人民政府"
    assert {f.code for f in check(report, previous=previous)} == {"previous-agency"}


# -- narrative ------------------------------------------------------------------------------


def _with_text(text: str, report: Report | None = None) -> Report:
    report = report or zero_report()
    report.text = text
    return report


@pytest.mark.parametrize(
    "text",
    [
        "2023年共主动公开政务信息165条，其中:单位概况1条，机构设置1条，单位职责1条，工作动态162条。",
        "2023 年共主动公开政务信息 165 条，其中：单位概况 1 条、机构设置 1 条；"
        "单位职责 1 条，工作动态 162 条。",
        "全年共发布信息１６５条，其中：单位概况１条，工作动态１６４条。",
    ],
)
def test_stated_parts_that_add_up(text: str) -> None:
    assert check(_with_text(text)) == []


def test_stated_parts_that_exceed_the_total_are_an_error() -> None:
    findings = check(
        _with_text("2023年共主动公开政务信息165条，其中:单位概况1条，机构设置1条，工作动态172条。")
    )
    assert [(f.code, f.severity) for f in findings] == [("narrative-parts-exceed", "error")]
    assert findings[0].expected == "165"
    assert findings[0].actual == "1+1+172=174"


def test_stated_parts_short_of_the_total_are_a_warning() -> None:
    findings = check(_with_text("共公开信息500条，其中政策文件30条，工作动态200条。"))
    assert [(f.code, f.severity) for f in findings] == [("narrative-parts-short", "warning")]


@pytest.mark.parametrize(
    "text",
    [
        # one part only
        "共公开信息500条，其中政策文件30条。",
        # different units
        "共发布解读21条，其中图文7篇，视频10篇。",
        # no 共: parts of a number that is not a stated total
        "年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、40条破百万。",
        # the list ends at a new total
        "共受理申请749件，其中自然人申请741件，法人或其他组织申请8件；共办理718件，结转31件。",
        # percentages are not parts
        "共办理100件，其中占比60%的50件、30件。",
    ],
)
def test_no_finding_on_what_is_not_a_partition(text: str) -> None:
    report = zero_report()
    report.applications["new"] = [749, 0, 0, 0, 0, 0, 749]
    report.applications["total"] = [718, 0, 0, 0, 0, 0, 718]
    report.applications["granted"] = [718, 0, 0, 0, 0, 0, 718]
    report.applications["carried_out"] = [31, 0, 0, 0, 0, 0, 31]
    findings = [f for f in check(_with_text(text, report)) if f.code.startswith("narrative-parts")]
    assert findings == []


def _district(new: int = 95) -> Report:
    report = zero_report(2024)
    report.applications["new"] = [new, 0, 0, 0, 0, 0, new]
    report.applications["total"] = [new, 0, 0, 0, 0, 0, new]
    report.applications["granted"] = [new, 0, 0, 0, 0, 0, new]
    return report


def test_narrower_scope_in_the_narrative_is_not_flagged() -> None:
    text = "2024 年，区政府办代表区政府受理政府\n信息公开申请 17 件，均已在法定期限内予以答复。"
    assert check(_with_text(text, _district())) == []


@pytest.mark.parametrize(
    "text",
    [
        "2024年共收到政府信息公开申请120件。",
        "截至目前 2024 年度政府信息公开申请 0 件。",
        "本年度共收到12件申请，及时办结。",
    ],
)
def test_received_figure_differing_from_the_table_is_a_warning(text: str) -> None:
    findings = check(_with_text(text, _district()))
    assert [(f.code, f.severity, f.where) for f in findings] == [
        ("narrative-applications", "warning", "text")
    ]
    assert findings[0].expected == "95"


def test_received_figure_may_include_carried_in() -> None:
    report = _district(713)
    report.applications["carried_in"] = [36, 0, 0, 0, 0, 0, 36]
    report.applications["carried_out"] = [36, 0, 0, 0, 0, 0, 36]
    text = "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件。"
    assert check(_with_text(text, report)) == []


def test_review_figures() -> None:
    report = zero_report(2024)
    report.reviews["reconsideration"] = [1, 0, 2, 0, 3]
    ok = "政府信息公开行政复议 3 件，其中结果维持 1 件，其他结果 2 件。"
    assert check(_with_text(ok, report)) == []
    wrong = "本年度发生政府信息公开行政复议 5 件。"
    assert [f.code for f in check(_with_text(wrong, report))] == ["narrative-reviews"]
    none = "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    assert [f.code for f in check(_with_text(none, report))] == ["narrative-reviews"]


def _sections(*titles: str) -> list[NarrativeSection]:
    numerals = "一二三四五六七八九十"
    return [NarrativeSection(numerals[i], title) for i, title in enumerate(titles)]


STANDARD = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)


def test_section_title_variants_are_recognised() -> None:
    report = zero_report()
    report.sections = _sections(
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "其他需要报告的事项",
    )
    assert check(report) == []


def test_missing_section_is_an_error() -> None:
    report = zero_report()
    report.sections = _sections(*STANDARD[:4], STANDARD[5])
    codes = _codes(check(report))
    assert ("section-missing", "text/五") in codes
    assert all(f.severity == "error" for f in check(report) if f.code == "section-missing")


def test_sections_out_of_order() -> None:
    report = zero_report()
    titles = list(STANDARD)
    titles[1], titles[2] = titles[2], titles[1]
    report.sections = _sections(*titles)
    assert {f.code for f in _errors(check(report))} == {"section-order"}


def test_sub_heading_named_like_a_section_is_a_numbering_warning() -> None:
    report = zero_report()
    report.sections = _sections(*STANDARD)
    report.sections.insert(1, NarrativeSection("一", "主动公开情况"))
    assert {(f.code, f.severity) for f in check(report)} == {("section-numbering", "warning")}


def test_duplicated_section_is_a_warning() -> None:
    report = zero_report()
    report.sections = [*_sections(*STANDARD), NarrativeSection("六", "其他需要报告的事项")]
    assert {(f.code, f.severity) for f in check(report)} == {("section-duplicated", "warning")}


def test_title_year_against_statistics_period() -> None:
    report = zero_report(2023)
    report.title = "某镇人民政府2023年政府信息公开工作年度报告"
    report.text = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    findings = check(report)
    assert [(f.code, f.severity, f.where) for f in findings] == [("year-mismatch", "error", "text")]
    report.text = "本报告中所列数据的统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止。"
    assert check(report) == []


def test_title_year_against_report_year() -> None:
    report = zero_report(2024)
    report.title = "某镇人民政府2023年政府信息公开工作年度报告"
    assert [(f.code, f.where) for f in check(report)] == [("year-mismatch", "title")]


def test_copied_text_of_another_year() -> None:
    report = zero_report(2024)
    report.title = "某镇人民政府2024年政府信息公开工作年度报告"
    report.text = report.title + "\n2023年，我镇认真落实条例。2023年共收到申请0件。"
    assert [(f.code, f.where) for f in check(report)] == [("year-mismatch", "text")]


def test_government_report_without_assessment_is_a_warning() -> None:
    report = _with_text("2023年，我镇认真落实条例。")
    assert check(report, level="department") == []
    assert [f.code for f in check(report, level="town")] == ["overview-assessment"]


def test_findings_serialise() -> None:
    report = zero_report()
    report.applications["granted"][0] = 3
    findings = check(report)
    data = [f.to_json() for f in findings]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    # the gongkai.annual/1 shape: exactly these four keys
    assert all(set(item) == {"code", "severity", "where", "message"} for item in data)
    detailed = [f.to_json(detailed=True) for f in findings]
    assert {"code", "severity", "where", "message", "message_en"} <= set(detailed[0])
