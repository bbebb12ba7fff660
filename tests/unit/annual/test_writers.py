"""Writers of gongkai.annual: DOCX, HTML, XLSX, text, JSON, and ``gongkai render``.

Golden files: a fixed example report (``example_report()`` below) is rendered and compared
with the files under ``tests/data/annual/golden/``: the HTML page and fragment, the text and
the JSON byte for byte; DOCX and XLSX by their extracted content (paragraphs, cell texts and
merged cells, as JSON), not their bytes. After an intended change of the output, regenerate
them and review the diff::

    GONGKAI_REGEN_GOLDEN=1 .venv/bin/pytest tests/unit/annual/test_writers.py -k golden
    git diff tests/data/annual/golden/
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given, settings
from lxml import html as lxml_html
from openpyxl import load_workbook

from gongkai.annual.format import APPLICATION_ROW_KEYS, REVIEW_GROUP_KEYS, group_rows
from gongkai.annual.model import NarrativeSection, Report
from gongkai.annual.render import (
    active_grid,
    applications_grid,
    narrative_from_sections,
    narrative_from_text,
    outline,
    reviews_grid,
)
from gongkai.annual.writers import FORMATS, render
from gongkai.annual.writers.cli import render_main
from gongkai.annual.writers.html import render_html
from gongkai.annual.writers.text import render_text

from .strategies import valid_reports

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "annual" / "golden"
REGEN = os.environ.get("GONGKAI_REGEN_GOLDEN") == "1"


def example_report() -> Report:
    """A fixed report exercising every layout case: sub-rows, a group printed as one row,
    a blank cell, a fee with four decimal places, text needing HTML escaping."""
    report = Report(agency="示例县人民政府", year=2024)
    report.active.rules = [0, 0, 0]
    report.active.normative_documents = [5, 2, 41]
    report.active.licensing = 1234
    report.active.penalty = 56
    report.active.enforcement = None  # blank in the source: rendered empty, not 0
    report.active.fees_wan_yuan = Decimal("12.3450")
    rows: dict[str, list[int | None]] = {key: [0] * 7 for key in APPLICATION_ROW_KEYS}
    rows["new"] = [30, 2, 0, 1, 1, 0, 34]
    rows["carried_in"] = [3, 0, 0, 0, 0, 0, 3]
    rows["granted"] = [12, 1, 0, 0, 1, 0, 14]
    rows["partly_granted"] = [4, 0, 0, 0, 0, 0, 4]
    rows["refused_4"] = [2, 0, 0, 0, 0, 0, 2]
    rows["unable_1"] = [8, 1, 0, 1, 0, 0, 10]
    rows["not_processed_1"] = [3, 0, 0, 0, 0, 0, 3]
    for key in group_rows("other"):
        rows[key] = [None] * 7
    rows["other"] = [1, 0, 0, 0, 0, 0, 1]
    rows["total"] = [30, 2, 0, 1, 1, 0, 34]
    rows["carried_out"] = [3, 0, 0, 0, 0, 0, 3]
    report.applications = rows
    report.reviews = {
        "reconsideration": [1, 1, 0, 1, 3],
        "litigation_direct": [0, 0, 1, 0, 1],
        "litigation_after_reconsideration": [0, 0, 0, 0, 0],
    }
    report.title = "示例县人民政府2024年政府信息公开工作年度报告"
    report.sections = [
        NarrativeSection(
            "一",
            "总体情况",
            "2024年，我县认真贯彻《中华人民共和国政府信息公开条例》。\n"
            "全年共收到政府信息公开申请34件，其中自然人30件、法人或其他组织4件。",
        ),
        NarrativeSection("一", "主动公开情况", "共主动公开信息1200条（含<政策解读>&问答）。"),
        NarrativeSection("二", "主动公开政府信息情况"),
        NarrativeSection("三", "收到和处理政府信息公开申请情况"),
        NarrativeSection("四", "政府信息公开行政复议、行政诉讼情况"),
        NarrativeSection("五", "存在的主要问题及改进情况", "一是……二是……"),
        NarrativeSection("六", "其他需要报告的事项", "本年度未收取信息处理费。"),
    ]
    return report


# -- content extraction (DOCX, XLSX) -------------------------------------------------------


def docx_content(data: bytes) -> dict[str, Any]:
    """Paragraphs (style, text) and tables (cells with their spans) of a .docx."""
    document = Document(io.BytesIO(data))
    paragraphs = [[p.style.name if p.style else "", p.text] for p in document.paragraphs]
    tables = []
    for table in document.tables:
        origins: dict[tuple[int, int], list[Any]] = {}
        cells: list[list[Any]] = []
        for r, tr in enumerate(table._tbl.tr_lst):
            c = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if tc.vMerge == "continue":
                    origin = next(
                        o for (orow, ocol), o in origins.items() if ocol == c and orow + o[2] == r
                    )
                    origin[2] += 1
                else:
                    cell = [r, c, 1, span, text]
                    origins[(r, c)] = cell
                    cells.append(cell)
                c += span
        tables.append(cells)
    return {"paragraphs": paragraphs, "tables": tables}


def xlsx_content(data: bytes) -> dict[str, Any]:
    workbook = load_workbook(io.BytesIO(data))
    sheets = {}
    for ws in workbook.worksheets:
        values = [
            [None if v is None else (str(v) if not isinstance(v, int | float) else v) for v in row]
            for row in ws.iter_rows(values_only=True)
        ]
        sheets[ws.title] = {
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "values": values,
        }
    return sheets


def grid_cells(grid: Any) -> list[list[Any]]:
    return sorted([c.row, c.col, c.rowspan, c.colspan, c.text] for c in grid.cells)


# -- golden files ---------------------------------------------------------------------------


def _golden(name: str, produced: str) -> None:
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with GONGKAI_REGEN_GOLDEN=1"
    assert produced == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if intended, regenerate (see module docstring)"
    )


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize(
    ("name", "fmt", "full_page"),
    [
        ("example.html", "html", True),
        ("example.fragment.html", "html", False),
        ("example.txt", "txt", True),
        ("example.json", "json", True),
    ],
)
def test_golden_text_outputs(name: str, fmt: str, full_page: bool) -> None:
    produced = render(example_report(), fmt, full_page=full_page).decode("utf-8")
    _golden(name, produced)


def test_golden_docx_content() -> None:
    _golden("example.docx.json", _json_text(docx_content(render(example_report(), "docx"))))


def test_golden_xlsx_content() -> None:
    _golden("example.xlsx.json", _json_text(xlsx_content(render(example_report(), "xlsx"))))


# -- layout ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(valid_reports())
def test_grids_cover_every_position_once(report: Report) -> None:
    for grid in (active_grid(report), applications_grid(report), reviews_grid(report)):
        cover = [[0] * grid.n_cols for _ in range(grid.n_rows)]
        for cell in grid.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    cover[r][c] += 1
        assert all(v == 1 for row in cover for v in row), grid.key


def test_table_three_template_merges() -> None:
    grid = applications_grid(example_report())
    merges = set(grid.merges())
    assert (0, 0, 3, 3) in merges  # the note: 3 columns × 3 rows
    assert (0, 3, 1, 7) in merges  # 申请人情况
    assert (1, 4, 1, 5) in merges  # 法人或其他组织 over five columns
    assert (1, 3, 2, 1) in merges and (1, 9, 2, 1) in merges  # 自然人, 总计
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert texts[(5, 0)] == "三、本年度办理结果"
    # （一）（二）, 8 + 3 + 5 sub-rows, （六） as one row, （七）: 20 rows.
    assert (5, 0, 20, 1) in merges
    assert texts[(7, 1)] == "（三）不予公开" and (7, 1, 8, 1) in merges
    assert texts[(23, 1)] == "（六）其他处理" and (23, 1, 1, 2) in merges
    assert grid.n_rows == 3 + 2 + 20 + 1


def test_table_four_headers() -> None:
    grid = reviews_grid(example_report())
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert texts[(0, 0)] == "行政复议" and texts[(0, 5)] == "行政诉讼"
    assert texts[(1, 5)] == "未经复议直接起诉" and texts[(1, 10)] == "复议后起诉"
    assert (0, 5, 1, 10) in grid.merges() and (1, 0, 2, 1) in grid.merges()
    assert [texts[(3, c)] for c in range(15)] == "1 1 0 1 3 0 0 1 0 1 0 0 0 0 0".split()


def test_blank_is_empty_and_fee_keeps_its_places() -> None:
    report = example_report()
    report.active.fees_wan_yuan = Decimal("24252.311082")
    grid = active_grid(report)
    texts = {c.text for c in grid.cells}
    assert "24252.311082" in texts
    enforcement = next(c for c in grid.cells if c.text == "行政强制")
    value = next(c for c in grid.cells if c.row == enforcement.row and c.col == 1)
    assert value.text == ""
    assert "24252.311082" in render_text(report)
    assert "\t24252.311082" in render_text(report)
    assert "行政强制\t\t\t" in render_text(report)
    assert '<th scope="row">行政强制</th><td colspan="3" class="num"></td>' in render_html(report)


def test_narrative_sub_headings_stay_in_their_section() -> None:
    texts = narrative_from_sections(example_report())
    assert set(texts) == {"overview", "active", "applications", "reviews", "problems", "other"}
    assert "一、主动公开情况" in texts["overview"]
    assert texts["active"] == ""
    doc = outline(example_report())
    assert doc.sections[0].heading == "一、总体情况"
    assert "一、主动公开情况" in doc.sections[0].paragraphs


def test_narrative_from_text() -> None:
    text = (
        "某镇2024年政府信息公开工作年度报告\n一、总体情况\n第一段。\n一、依申请公开\n第二段。\n"
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n问题。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    texts = narrative_from_text(text)
    assert texts["overview"] == "第一段。\n一、依申请公开\n第二段。"
    assert texts["problems"] == "问题。"
    assert texts["other"] == "无。"


# -- HTML -----------------------------------------------------------------------------------


def _html_grid(table: Any) -> list[list[str]]:
    """Lay out an HTML table by its rowspan/colspan, as a browser does; fail on overlap."""
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    assert (i, j) not in taken
                    taken[(i, j)] = cell.text_content()
            c += cs
    n_rows = 1 + max(r for r, _ in taken)
    n_cols = 1 + max(c for _, c in taken)
    assert len(taken) == n_rows * n_cols, "the table is not rectangular"
    return [[taken[(r, c)] for c in range(n_cols)] for r in range(n_rows)]


def test_html_tables_are_rectangular_and_accessible() -> None:
    page = render_html(example_report(), full_page=True)
    tree = lxml_html.fromstring(page)
    assert tree.get("lang") == "zh-CN"
    tables = tree.findall(".//table")
    assert len(tables) == 3
    shapes = [(len(g), len(g[0])) for g in (_html_grid(t) for t in tables)]
    assert shapes == [(14, 4), (26, 10), (4, 15)]
    for table in tables:
        assert table.find("caption") is not None
        assert all(th.get("scope") for th in table.iter("th") if th.text_content() != "")
    # escaping
    assert "&lt;政策解读&gt;&amp;问答" in page
    fragment = render_html(example_report())
    assert fragment.startswith('<article class="annual-report">')
    assert "<html" not in fragment


# -- DOCX -----------------------------------------------------------------------------------


def test_docx_layout_and_fonts() -> None:
    data = render(example_report(), "docx")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert section.top_margin is not None and section.left_margin is not None
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "示例县人民政府2024年政府信息公开工作年度报告")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]

    def east_asian(style: str) -> str | None:
        fonts = document.styles[style].element.rPr.rFonts
        return fonts.get(qn("w:eastAsia"))

    assert east_asian("Heading 1") == "黑体"
    assert east_asian("Normal") == "仿宋_GB2312"
    assert len(document.tables) == 3


@settings(max_examples=15, deadline=None)
@given(valid_reports())
def test_docx_tables_are_the_grids(report: Report) -> None:
    content = docx_content(render(report, "docx"))
    grids = (active_grid(report), applications_grid(report), reviews_grid(report))
    assert [sorted(t) for t in content["tables"]] == [grid_cells(g) for g in grids]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_and_xlsx_open_in_libreoffice(tmp_path: Path) -> None:
    for fmt, target in (("docx", "pdf"), ("xlsx", "pdf")):
        source = tmp_path / f"report.{fmt}"
        source.write_bytes(render(example_report(), fmt))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", target, "--outdir", str(tmp_path), source],
            check=True,
            capture_output=True,
            timeout=180,
        )
        out = tmp_path / f"report.{target}"
        assert out.exists() and out.stat().st_size > 1000
        out.unlink()


# -- XLSX -----------------------------------------------------------------------------------


def test_xlsx_sheets_merges_and_values() -> None:
    content = xlsx_content(render(example_report(), "xlsx"))
    assert list(content) == ["表二 主动公开", "表三 依申请公开", "表四 行政复议和行政诉讼"]
    three = content["表三 依申请公开"]
    assert "A2:C4" in three["merged"]  # the note, 3 × 3, below the caption row
    assert "D2:J2" in three["merged"] and "E3:I3" in three["merged"]
    assert three["values"][4][:4] == ["一、本年新收政府信息公开申请数量", None, None, 30]
    two = content["表二 主动公开"]
    fee_row = next(row for row in two["values"] if row[0] == "行政事业性收费")
    assert fee_row[1] == pytest.approx(12.345)
    enforcement = next(row for row in two["values"] if row[0] == "行政强制")
    assert enforcement[1] is None
    workbook = load_workbook(io.BytesIO(render(example_report(), "xlsx")))
    ws = workbook["表二 主动公开"]
    fee_cell = next(r[1] for r in ws.iter_rows() if r[0].value == "行政事业性收费")
    assert fee_cell.number_format == "0.0000"


def test_xlsx_fee_beyond_double_precision_is_text() -> None:
    report = example_report()
    report.active.fees_wan_yuan = Decimal("1.12345678901234567890")
    two = xlsx_content(render(report, "xlsx"))["表二 主动公开"]
    fee_row = next(row for row in two["values"] if row[0] == "行政事业性收费")
    assert fee_row[1] == "1.12345678901234567890"


# -- JSON -----------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(valid_reports())
def test_json_round_trip(report: Report) -> None:
    data = json.loads(render(report, "json"))
    again = Report.from_json(data)
    assert again.applications == report.applications
    assert again.reviews == report.reviews
    assert again.active == report.active


# -- gongkai render -------------------------------------------------------------------------


@pytest.fixture
def input_json(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(example_report().to_json(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_cli_renders_every_format(fmt: str, input_json: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out{FORMATS[fmt]}"
    assert render_main([str(input_json), "--to", fmt, "-o", str(out)]) == 0
    assert out.read_bytes()[:2] in {b"PK", b"<!", b"{\n", b"%P", "示例".encode()[:2]}


def test_cli_format_from_suffix_and_narrative(input_json: Path, tmp_path: Path) -> None:
    narrative = tmp_path / "text.txt"
    narrative.write_text("一、总体情况\n全年工作有序。\n六、其他需要报告的事项\n无。\n", "utf-8")
    out = tmp_path / "page.htm"
    assert render_main([str(input_json), "-o", str(out), "--narrative", str(narrative)]) == 0
    page = out.read_text("utf-8")
    assert "<p>全年工作有序。</p>" in page and page.startswith("<!DOCTYPE html>")


def test_cli_text_to_stdout(input_json: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert render_main([str(input_json), "--to", "txt"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("示例县人民政府2024年政府信息公开工作年度报告\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "--to", "html"], "无法读取输入文件"),
        (["{bad}", "--to", "html"], "不是有效的 JSON"),
        (["{other}", "--to", "html"], "不是有效的 gongkai.annual/1 数据"),
        (["{good}", "--to", "odt"], "不支持的输出格式"),
        (["{good}"], "请用 --to 指定输出格式"),
        (["{good}", "--to", "docx"], "二进制格式"),
    ],
)
def test_cli_errors_are_messages(
    args: list[str],
    message: str,
    input_json: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"format": "something/else"}', "utf-8")
    paths = {"{bad}": str(bad), "{other}": str(other), "{good}": str(input_json)}
    argv = [paths.get(a, str(tmp_path / a) if a.endswith(".json") else a) for a in args]
    assert render_main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_does_not_leave_partial_output(input_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "out.html"
    assert render_main([str(input_json), "-o", str(out)]) == 2
    assert not out.exists()


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render(example_report(), "odt")


def test_reviews_keys_are_all_rendered() -> None:
    grid = reviews_grid(example_report())
    assert grid.n_cols == 5 * len(REVIEW_GROUP_KEYS)


def test_gongkai_render_subcommand(input_json: Path, tmp_path: Path) -> None:
    from gongkai.cli import main

    out = tmp_path / "out.json"
    assert main(["render", str(input_json), "-o", str(out)]) == 0
    assert Report.from_json(json.loads(out.read_text("utf-8"))).applications == (
        example_report().applications
    )
