"""The recogniser on synthetic reports in every shape copying a report produces.

A valid report (``strategies.valid_reports``) is laid out by :func:`render.outline` and then
flattened the way real copies are: tab-separated (as the seed), Markdown ``|`` tables,
numbers separated by spaces (as PDF text layers), one cell per line, labels broken over
lines, a row's numbers printed above its label, everything glued on one line. Reading it
back must give the same figures wherever the shape keeps them, and where a shape loses
information (a blank cell in space-separated text, glued digits the arithmetic cannot split)
the reader must leave the cell ``None`` and say so — never another number.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.format import APPLICATION_ROW_KEYS, OUTCOME_GROUPS
from gongkai.annual.model import Report
from gongkai.annual.readers.document import Document, Table
from gongkai.annual.readers.errors import NotAReport, OldFormatReport, UnreadableReport
from gongkai.annual.readers.text import parse_document, parse_text, read_text, unwrap_labels
from gongkai.annual.render import Grid, outline

from .strategies import valid_reports

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------


def _document(report: Report, table_lines: Callable[[Grid], list[str]]) -> str:
    doc = outline(report)
    lines = [doc.title, ""]
    for section in doc.sections:
        lines += [section.heading, ""]
        lines += [p for p in section.paragraphs if p]
        if section.table is not None:
            lines += table_lines(section.table)
        lines.append("")
    return "\n".join(lines)


def tabs(report: Report) -> str:
    return _document(report, lambda g: ["\t".join(row) for row in g.matrix()])


def pipes(report: Report) -> str:
    def lines(grid: Grid) -> list[str]:
        rows = grid.matrix()
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return out

    return _document(report, lines)


def spaces(report: Report) -> str:
    return _document(report, lambda g: [" ".join(c for c in row if c) for row in g.matrix()])


def cell_per_line(report: Report) -> str:
    return _document(report, lambda g: [c for row in g.matrix() for c in row if c])


def _is_number(cell: str) -> bool:
    return cell.replace(".", "", 1).isdigit()


def broken_labels(report: Report) -> str:
    """Long labels broken over two lines, numbers on the line after the label (PDF cells)."""

    def lines(grid: Grid) -> list[str]:
        out: list[str] = []
        for row in grid.matrix():
            labels = [c for c in row if c and not _is_number(c)]
            numbers = [c for c in row if c and _is_number(c)]
            for label in labels:
                if len(label) > 8:
                    out += [label[: len(label) // 2], label[len(label) // 2 :]]
                else:
                    out.append(label)
            if numbers:
                out.append(" ".join(numbers))
        return out

    return _document(report, lines)


def numbers_above(report: Report) -> str:
    """Every other data row prints its numbers on the line above its label."""

    def lines(grid: Grid) -> list[str]:
        out: list[str] = []
        for index, row in enumerate(grid.matrix()):
            labels = " ".join(c for c in row if c and not _is_number(c))
            numbers = " ".join(c for c in row if c and _is_number(c))
            if numbers and labels and index % 2:
                out += [numbers, labels]
            else:
                out.append(f"{labels} {numbers}".strip())
        return out

    return _document(report, lines)


def column_by_column(report: Report) -> str:
    """Each table's labels first, then its rows of numbers (a column-wise text layer)."""

    def lines(grid: Grid) -> list[str]:
        labels: list[str] = []
        numbers: list[str] = []
        for row in grid.matrix():
            labels += [c for c in row if c and not _is_number(c)]
            row_numbers = [c for c in row if c and _is_number(c)]
            if row_numbers:
                numbers.append(" ".join(row_numbers))
        return labels + numbers

    return _document(report, lines)


def glued(report: Report) -> str:
    """Every cell glued to the next, the whole report on one line (a scraped web page)."""
    return _document(report, lambda g: ["".join(c for row in g.matrix() for c in row)]).replace(
        "\n", ""
    )


def figures(report: Report) -> dict[str, Any]:
    data = report.to_json()
    return {k: data[k] for k in ("active", "applications", "reviews")}


def never_wrong(truth: Report, read: Report) -> list[str]:
    """Cells read with a value different from the truth (a None is not wrong)."""
    want, got = figures(truth), figures(read)
    wrong: list[str] = []
    for table in want:
        for key, value in want[table].items():
            read_value = got[table].get(key)
            if isinstance(value, list):
                for index, (a, b) in enumerate(zip(value, read_value or [], strict=False)):
                    if b is not None and a != b:
                        wrong.append(f"{table}.{key}[{index}]: {a} read as {b}")
            elif read_value is not None and value != read_value:
                wrong.append(f"{table}.{key}: {value} read as {read_value}")
    return wrong


def assert_same(truth: Report, read: Report) -> None:
    assert figures(read) == figures(truth)
    assert read.year == truth.year
    assert read.agency == truth.agency


# ---------------------------------------------------------------------------
# Exact shapes: every figure comes back
# ---------------------------------------------------------------------------


@FAST
@given(valid_reports(narrative=True))
@pytest.mark.parametrize(
    "shape", [tabs, pipes, spaces, cell_per_line, broken_labels, numbers_above, column_by_column]
)
def test_recogniser_reads_every_shape(shape: Callable[[Report], str], report: Report) -> None:
    read = parse_text(shape(report))
    assert_same(report, read)
    assert [f for f in read.findings if f.severity == "error"] == []


@FAST
@given(valid_reports(narrative=True))
def test_recogniser_reads_document_grids(report: Report) -> None:
    doc = outline(report)
    blocks: list[str | Table] = [doc.title]
    for section in doc.sections:
        blocks.append(section.heading)
        blocks += [p for p in section.paragraphs if p]
        if section.table is not None:
            blocks.append(Table([[c for c in row] for row in section.table.matrix()]))
    read = parse_document(Document(blocks, source="grid"))
    assert_same(report, read)


@FAST
@given(valid_reports(narrative=True))
def test_recogniser_sections_in_order(report: Report) -> None:
    read = parse_text(tabs(report))
    assert [s.number for s in read.sections] == ["一", "二", "三", "四", "五", "六"]


# ---------------------------------------------------------------------------
# Blank cells: None where printed blank, never a guessed 0
# ---------------------------------------------------------------------------


def with_blanks(report: Report, seed: int) -> Report:
    rng = random.Random(seed)
    blank = copy.deepcopy(report)
    for key in rng.sample(list(APPLICATION_ROW_KEYS), 3):
        blank.applications[key][rng.randrange(7)] = None
    blank.reviews["reconsideration"][rng.randrange(5)] = None
    blank.active.licensing = None
    blank.active.rules[rng.randrange(3)] = None
    return blank


@FAST
@given(valid_reports(narrative=True), st.integers(0, 10_000))
@pytest.mark.parametrize("shape", [tabs, pipes])
def test_blank_cells_stay_blank_in_delimited_text(
    shape: Callable[[Report], str], report: Report, seed: int
) -> None:
    blank = with_blanks(report, seed)
    read = parse_text(shape(blank))
    assert figures(read) == figures(blank)


@FAST
@given(valid_reports(narrative=True), st.integers(0, 10_000))
@pytest.mark.parametrize("shape", [spaces, cell_per_line])
def test_blank_cells_in_undelimited_text_are_not_guessed(
    shape: Callable[[Report], str], report: Report, seed: int
) -> None:
    blank = with_blanks(report, seed)
    read = parse_text(shape(blank))
    assert never_wrong(blank, read) == []
    assert any(f.code.startswith("reader-") for f in read.findings)


# ---------------------------------------------------------------------------
# Glued digits: split by the arithmetic, or left None with a finding
# ---------------------------------------------------------------------------


@FAST
@given(valid_reports(narrative=True))
def test_glued_digits_are_split_by_the_arithmetic_or_left_blank(report: Report) -> None:
    read = parse_text(glued(report))
    assert never_wrong(report, read) == []
    unsure = {f.where for f in read.findings}
    for key, row in read.applications.items():
        if None in row and None not in report.applications.get(key, [None]):
            assert any(where.startswith(("三", "二")) for where in unsure), key
    if not read.findings:
        assert figures(read) == figures(report)


def test_glued_row_split_example() -> None:
    """'21710000218' is 217, 1, 0, 0, 0, 0, 218 (the only split whose 总计 adds up)."""
    report = Report(year=2021)
    for key in APPLICATION_ROW_KEYS:
        report.applications[key] = [0] * 7
    report.applications["new"] = [217, 1, 0, 0, 0, 0, 218]
    report.applications["granted"] = [217, 1, 0, 0, 0, 0, 218]
    report.applications["total"] = [217, 1, 0, 0, 0, 0, 218]
    for key in ("rules", "normative_documents"):
        setattr(report.active, key, [0, 0, 0])
    report.active.licensing = report.active.penalty = report.active.enforcement = 5
    report.active.fees_wan_yuan = Decimal("24252.311082")
    report.reviews = {k: [0] * 5 for k in report.reviews}
    report.agency = "某区人民政府"
    text = glued(report)
    assert "21710000218" in text
    read = parse_text(text)
    assert read.applications["new"] == [217, 1, 0, 0, 0, 0, 218]
    assert read.active.fees_wan_yuan == Decimal("24252.311082")
    assert read.active.rules == [0, 0, 0]


def test_glued_number_of_next_label_is_not_a_cell() -> None:
    """'…信息10000016.属于…': the 6. numbers the next label, it is not a cell."""
    report = Report(year=2021, agency="某区人民政府")
    for key in APPLICATION_ROW_KEYS:
        report.applications[key] = [0] * 7
    for key in ("new", "refused_5", "total"):
        report.applications[key] = [1, 0, 0, 0, 0, 0, 1]
    report.active.rules = [0, 0, 0]
    report.active.normative_documents = [0, 0, 0]
    report.active.licensing = report.active.penalty = report.active.enforcement = 0
    report.active.fees_wan_yuan = Decimal(0)
    report.reviews = {k: [0] * 5 for k in report.reviews}
    text = glued(report)
    assert "10000016.属于四类" in text
    read = parse_text(text)
    assert read.findings == []
    assert figures(read) == figures(report)


# ---------------------------------------------------------------------------
# Group printed as one row, label variants, thousands separators
# ---------------------------------------------------------------------------


@FAST
@given(valid_reports(narrative=True, collapse=True))
@pytest.mark.parametrize("shape", [tabs, spaces, pipes])
def test_group_printed_as_one_row(shape: Callable[[Report], str], report: Report) -> None:
    read = parse_text(shape(report))
    assert_same(report, read)
    for group in OUTCOME_GROUPS:
        if group.key in report.applications:
            assert read.applications[group.key] == report.applications[group.key]


SEED_LIKE = """某镇人民政府2023年政府信息公开工作年度报告
一、总体情况
本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。
二、主动公开政府信息情况
第二十条 第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 1 0 11
规范性文件 8 26 66
第二十条 第（五）项
行政许可 1,234
第二十条 第（六）项
行政处罚 3,985,758
行政强制 88283
第二十条 第（八）项
行政事业性收费 96171.60
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果 (一) 予以公开 1 0 0 0 0 0 1
(二) 部分公开 0 0 0 0 0 0 0
(三) 不予公开 1．属于国家秘密 0 0 0 0 0 0 0
2、其他法律行政止公开 0 0 0 0 0 0 0
（3）危及"三安全一稳定" 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5. 属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供 1.本机关不掌握相关政府信息 1 0 0 0 0 0 1
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
（五）不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
(六) 其他 1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3、其他 1 0 0 0 0 0 1
（七）总计 3 0 0 0 0 0 3
四、结转下年度继续办理 0 0 0 0 0 0 0
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
1 0 0 0 1 0 0 0 0 0 0 0 0 0 0
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
无。
"""


def test_label_variants_and_thousands_separators() -> None:
    read = parse_text(SEED_LIKE)
    assert read.findings == []
    assert read.agency == "某镇人民政府"
    assert read.year == 2023
    assert read.active.rules == [1, 0, 11]
    assert read.active.normative_documents == [8, 26, 66]
    assert read.active.licensing == 1234
    assert read.active.penalty == 3985758
    assert read.active.fees_wan_yuan == Decimal("96171.60")
    assert read.applications["refused_2"] == [0] * 7
    assert read.applications["refused_3"] == [0] * 7
    assert read.applications["unable_1"] == [1, 0, 0, 0, 0, 0, 1]
    assert read.applications["other_3"] == [1, 0, 0, 0, 0, 0, 1]
    assert "other" not in read.applications
    assert read.reviews["reconsideration"] == [1, 0, 0, 0, 1]


def test_contents_and_narrative_mentions_are_not_tables() -> None:
    """A table of contents and sentences naming rows do not move the tables."""
    title, rest = SEED_LIKE.split("\n", 1)
    contents = (
        "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n"
        "六、其他需要报告的事项\n"
        "全年本年新收政府信息公开申请3件，予以公开1件，结转下年度继续办理0件；"
        "办理行政许可1,234件、行政处罚3985758件。\n"
    )
    read = parse_text(f"{title}\n{contents}{rest}")
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []


@pytest.mark.parametrize(
    ("printed", "variant"),
    [
        ("（七）总计", "（七）合计"),
        ("一、本年新收政府信息公开申请数量", "一、本年度新收政府信息公开申请数量"),
        ("四、结转下年度继续办理", "四、结转下一年度继续办理"),
        ("规范性文件", "行政规范性文件"),
    ],
)
def test_more_label_variants(printed: str, variant: str) -> None:
    assert printed in SEED_LIKE
    read = parse_text(SEED_LIKE.replace(printed, variant))
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []


def test_byte_order_mark_windows_line_ends_and_zero_width_spaces() -> None:
    text = "\ufeff" + SEED_LIKE.replace("\n", "\r\n").replace("行政许可", "行政\u200b许可")
    read = parse_text(text)
    assert read.agency == "某镇人民政府"
    assert figures(read) == figures(parse_text(SEED_LIKE))


@pytest.mark.parametrize(
    ("printed", "misprint"),
    [
        ("2.没有现成信息需要另行制作", "2.没有现成信息需要另行制做"),  # a wrong character
        ("1.本机关不掌握相关政府信息", "1.本机关不掌相关政府信息"),  # a lost one
        ("行政强制", "行政强制"),
        ("行政事业性收费", "行政事业姓收费"),
    ],
)
def test_labels_misprinted_by_one_character(printed: str, misprint: str) -> None:
    assert printed in SEED_LIKE
    read = parse_text(SEED_LIKE.replace(printed, misprint))
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []


def test_narrative_words_of_the_old_format_do_not_make_an_old_report() -> None:
    text = SEED_LIKE.replace("无。", "全年公开政府集中采购项目信息12条。", 1)
    assert "政府集中采购" in text
    assert parse_text(text).applications["new"] == [3, 0, 0, 0, 0, 0, 3]


def test_document_without_grids_is_read_as_its_text() -> None:
    doc = Document(SEED_LIKE.split("\n"), source="paragraphs.docx")
    assert figures(parse_document(doc)) == figures(parse_text(SEED_LIKE))


def test_missing_row_is_reported_not_guessed() -> None:
    text = SEED_LIKE.replace("2.重复申请 0 0 0 0 0 0 0\n", "")
    read = parse_text(text)
    assert read.applications["not_processed_2"] == [None] * 7
    assert [(f.code, f.where) for f in read.findings] == [
        ("reader-missing-row", "三/not_processed_2")
    ]


def test_table_two_without_heading_or_captions() -> None:
    lines = [
        line
        for line in SEED_LIKE.split("\n")
        if not line.startswith(("二、主动公开", "第二十条", "信息内容"))
    ]
    read = parse_text("\n".join(lines))
    assert read.active.normative_documents == [8, 26, 66]
    assert read.active.fees_wan_yuan == Decimal("96171.60")
    assert read.findings == []


def test_missing_table_is_reported() -> None:
    start = SEED_LIKE.index("四、政府信息公开行政复议")
    end = SEED_LIKE.index("五、存在的主要问题")
    read = parse_text(SEED_LIKE[:start] + SEED_LIKE[end:])
    assert read.reviews["reconsideration"] == [None] * 5
    assert [(f.code, f.where) for f in read.findings] == [("reader-missing-table", "四")]


def test_two_figures_for_one_cell_are_not_guessed() -> None:
    read = parse_text(SEED_LIKE.replace("行政许可 1,234", "行政许可 1,234 56"))
    assert read.active.licensing is None
    assert ("reader-missing-cell", "二/licensing") in [(f.code, f.where) for f in read.findings]


def test_row_with_unplaceable_cells_is_left_blank() -> None:
    text = SEED_LIKE.replace(
        "2.没有现成信息需要另行制作 0 0 0 0 0 0 0", "2.没有现成信息需要另行制作 0 0 0"
    )
    read = parse_text(text)
    assert read.applications["unable_2"] == [None] * 7
    assert ("reader-missing-cell", "三/unable_2") in [(f.code, f.where) for f in read.findings]


@pytest.mark.parametrize(
    ("printed", "with_unit"),
    [
        ("行政许可 1,234", "行政许可\t1,234件\t"),
        ("行政事业性收费 96171.60", "行政事业性收费\t96171.60万元\t\t"),
        ("行政事业性收费 96171.60", "| 行政事业性收费 | 96171.60 万元 |"),
        ("规范性文件 8 26 66", "规范性文件\t8件\t26件\t66件"),
    ],
)
def test_unit_printed_inside_a_delimited_cell(printed: str, with_unit: str) -> None:
    """Tab- or '|'-separated cells (every HTML/DOCX grid) may print their unit: '0万元'."""
    assert printed in SEED_LIKE
    read = parse_text(SEED_LIKE.replace(printed, with_unit))
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []


WRAPPED_AROUND_FIGURES = SEED_LIKE.replace(
    "1.本机关不掌握相关政府信息 1 0 0 0 0 0 1\n"
    "2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n"
    "3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n",
    "1.本机关不掌握相关政府信息 1 0 0 0 0 0 1\n"
    "2.没有现成信\n0 0 0 0 0 0 0\n息需要另行制作\n"
    "3.补正后申\n0 0 0 0 0 0 0\n请内容仍不明确\n",
)


def test_row_on_one_line_keeps_its_figures_beside_wrapped_labels() -> None:
    """A row printed whole on its label's line keeps its figures, even when lines of
    figures of rows whose labels are not recognised follow it (regression of 42cff09),
    and the printed number of a broken label ('2.无现成') is not a cell."""
    text = SEED_LIKE.replace(
        "2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n",
        "2.无现成\n0 0 0 0 0 0 0\n资料需加工\n3.补充后\n0 0 0 0 0 0 0\n仍不明确\n",
    )
    assert text != SEED_LIKE
    read = parse_text(text)
    assert read.applications["unable_1"] == [1, 0, 0, 0, 0, 0, 1]
    assert read.applications["unable_2"] == [None] * 7
    assert never_wrong(parse_text(SEED_LIKE), read) == []


def test_label_broken_around_its_figures() -> None:
    """PDF text: '2.其他法律行' / '2 2 0 0 1 1 6' / '政法规禁止公开' (figures vertically centred
    on a wrapped label cell) is the row 其他法律行政法规禁止公开 with those figures."""
    read = parse_text(WRAPPED_AROUND_FIGURES)
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []
    text = SEED_LIKE.replace(
        "2、其他法律行政止公开 0 0 0 0 0 0 0", "2.其他法律行\n0 1 0 0 0 0 1\n政法规禁止公开"
    ).replace("（七）总计 3 0 0 0 0 0 3", "（七）总计 3 1 0 0 0 0 4")
    read = parse_text(text)
    assert read.applications["refused_2"] == [0, 1, 0, 0, 0, 0, 1]
    assert read.applications["refused_1"] == [0] * 7
    assert read.findings == []


def test_unwrapping_keeps_the_text_length() -> None:
    text = WRAPPED_AROUND_FIGURES
    assert unwrap_labels(text) != text
    assert len(unwrap_labels(text)) == len(text)
    assert unwrap_labels(SEED_LIKE) == SEED_LIKE


def test_note_after_table_four_naming_a_row_of_table_three() -> None:
    """'注：复议2件均为上年结转。' after table 四 does not make table 三 run over table 四."""
    text = SEED_LIKE.replace(
        "五、存在的主要问题及改进情况",
        "（单位：件）\n注：复议2件均为上年结转。\n五、存在的主要问题及改进情况",
    )
    read = parse_text(text)
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []


def test_unreadable_cell_in_a_delimited_row_loses_only_that_cell() -> None:
    """OCR letters for digits ('O' for 0): the cell is empty with a finding, never read as
    0, and the row's other cells are kept (their positions are known)."""
    text = tabs_seed().replace(
        "4.保护第三方合法权益\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\tO\t0"
    )
    read = parse_text(text)
    assert read.applications["refused_4"] == [0, 0, None, 0, 0, 0, 0]
    assert [(f.code, f.where) for f in read.findings] == [
        ("reader-missing-cell", "三/refused_4/科研机构")
    ]


def tabs_seed() -> str:
    """SEED_LIKE with table 三's rows tab-separated."""
    lines = []
    for line in SEED_LIKE.split("\n"):
        parts = line.split(" ")
        if len(parts) > 7 and not parts[0].isdigit() and all(p.isdigit() for p in parts[-7:]):
            line = " ".join(parts[:-7]) + "\t" + "\t".join(parts[-7:])
        lines.append(line)
    return "\n".join(lines)


def _with_subtotal_column(text: str, bad_row: str = "") -> str:
    """Table 三 with a 法人或其他组织 小计 column after 自然人 (eight figures a row)."""
    lines = []
    for line in text.split("\n"):
        parts = line.split(" ")
        if len(parts) > 7 and not parts[0].isdigit() and all(p.isdigit() for p in parts[-7:]):
            figures_ = [int(p) for p in parts[-7:]]
            subtotal = sum(figures_[1:6]) + (1 if bad_row and line.startswith(bad_row) else 0)
            row = [figures_[0], subtotal, *figures_[1:]]
            line = " ".join(parts[:-7] + [str(v) for v in row])
        lines.append(line)
    return "\n".join(lines)


def test_subtotal_column_of_legal_persons_is_dropped_when_it_adds_up() -> None:
    text = _with_subtotal_column(SEED_LIKE)
    assert "（七）总计 3 0 0 0 0 0 0 3" in text
    read = parse_text(text)
    assert figures(read) == figures(parse_text(SEED_LIKE))
    assert read.findings == []
    # a row whose subtotal is not the sum of its five kinds is not guessed
    read = parse_text(_with_subtotal_column(SEED_LIKE, bad_row="2.重复申请"))
    assert read.applications["not_processed_2"] == [None] * 7
    assert ("reader-missing-cell", "三/not_processed_2") in [
        (f.code, f.where) for f in read.findings
    ]
    assert never_wrong(parse_text(SEED_LIKE), read) == []


# ---------------------------------------------------------------------------
# Not a report
# ---------------------------------------------------------------------------

NEWS = """新华社北京电 国务院办公厅近日印发通知，要求各地区各部门做好政务公开工作。
通知指出，要持续深化行政许可、行政处罚等信息公开，加强政策解读。
"""

OLD_FORMAT = """某县人民政府2019年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 3 3 20
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 10 0 100
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1
（六）其他处理 0 0 0 0 0 0 0
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", NotAReport),
        ("   \n\t\n", NotAReport),
        (NEWS, NotAReport),
        (OLD_FORMAT, OldFormatReport),
        (
            "某县2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。",
            UnreadableReport,
        ),
    ],
    ids=["empty", "blank", "news", "old-format", "no-tables"],
)
def test_not_a_report(text: str, kind: type[NotAReport]) -> None:
    with pytest.raises(kind) as raised:
        parse_text(text)
    assert type(raised.value) is kind
    reason = raised.value.reason
    assert any("\u4e00" <= c <= "\u9fff" for c in reason) and any(c.isascii() for c in reason)


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_report_or_not_a_report(text: str) -> None:
    try:
        read_text(text)
    except NotAReport:
        pass


ALPHABET = "一二三四五六七（）()、.1234567890 \t\n|规章行政许可总计其他不予公开本年新收结转"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_label_soup_gives_a_report_or_not_a_report(text: str) -> None:
    try:
        read_text(SEED_LIKE[:200] + text)
    except NotAReport:
        pass


@FAST
@given(valid_reports(narrative=True), st.randoms(use_true_random=False))
def test_deleted_or_duplicated_lines_never_give_wrong_figures(
    report: Report, rng: random.Random
) -> None:
    lines = tabs(report).split("\n")
    for _ in range(rng.randint(1, 6)):
        index = rng.randrange(len(lines))
        if rng.random() < 0.5:
            del lines[index]
        else:
            lines.insert(index, lines[index])
    try:
        read = read_text("\n".join(lines))
    except NotAReport:
        return
    assert never_wrong(report, read) == []


@FAST
@given(
    valid_reports(narrative=True),
    st.randoms(use_true_random=False),
    st.sampled_from([spaces, numbers_above, broken_labels, column_by_column, cell_per_line]),
)
def test_a_lost_line_of_numbers_never_shifts_figures(
    report: Report, rng: random.Random, shape: Callable[[Report], str]
) -> None:
    """A PDF text layer that drops a line of numbers: rows left empty, none misread."""
    lines = shape(report).split("\n")
    numeric = [i for i, line in enumerate(lines) if line.strip() and _is_number_line(line)]
    del lines[rng.choice(numeric)]
    try:
        read = read_text("\n".join(lines))
    except NotAReport:
        return
    assert never_wrong(report, read) == []


def _is_number_line(line: str) -> bool:
    return all(_is_number(part) for part in line.split())


@FAST
@given(valid_reports(narrative=True), st.randoms(use_true_random=False))
def test_shuffled_shapes_never_raise(report: Report, rng: random.Random) -> None:
    text = rng.choice([tabs, pipes, spaces, glued, broken_labels])(report)
    cut = rng.randrange(len(text))
    try:
        read_text(text[:cut] + text[cut + rng.randrange(1, 40) :])
    except NotAReport:
        pass
