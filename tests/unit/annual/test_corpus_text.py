"""The recogniser on real reports: every figure equals the hand-read JSON, key by key.

Text files go straight through ``parse_text``; the HTML file through the HTML reader and
``parse_document``; the two PDFs through their text layer (pypdfium2, as the PDF reader
extracts it, and pdfplumber's ``extract_text``, which puts a row's numbers above or below
its label) and then ``parse_text``. ``shared/`` sits beside the repository; the tests are
skipped, with the reason printed, when it is absent.

Where the printed text alone cannot determine a cell, the reader must leave it ``None`` and
say so (``reader-ambiguous``) instead of matching the hand-read figure, which came from
another source: :data:`UNDETERMINED` lists those cells, with the reason.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.model import Report
from gongkai.annual.readers.errors import NotAReport
from gongkai.annual.readers.text import parse_text, read_text

SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "000_12f78b61d8e1d558"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="no shared/ beside the repo")

#: (file stem, figure path) → why the text alone does not determine it.
UNDETERMINED: dict[tuple[str, str], str] = {
    (
        "pingtan-2021",
        "active.normative_documents",
    ): "the page text glues 69, 3 and 665 into '693665'; table 二 has no sum to split it "
    "(the JSON took the figures from the page's HTML)",
}


def differences(stem: str, expected: dict[str, Any], report: Report) -> list[str]:
    """Every figure that differs from the hand-read JSON, as 'path: expected …, read …'."""
    got = report.to_json()
    out: list[str] = []
    if got["year"] != expected["year"]:
        out.append(f"year: expected {expected['year']!r}, read {got['year']!r}")
    for table in ("active", "applications", "reviews"):
        want_table: dict[str, Any] = expected[table]
        got_table: dict[str, Any] = got[table]
        for key in sorted(set(want_table) | set(got_table)):
            want, read = want_table.get(key), got_table.get(key)
            if (stem, f"{table}.{key}") in UNDETERMINED:
                width = len(want) if isinstance(want, list) else 1
                want = [None] * width if isinstance(want, list) else None
            if isinstance(want, float) and read is not None:
                read = float(read)
            if want != read:
                out.append(f"{table}.{key}: expected {want!r}, read {read!r}")
    return out


def expected_for(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def assert_figures(stem: str, expected: dict[str, Any], report: Report) -> None:
    diff = differences(stem, expected, report)
    assert diff == [], f"{stem}: {len(diff)} differences\n" + "\n".join(diff)
    for stem_key, path in UNDETERMINED:
        if stem_key == stem:
            wheres = {f.where for f in report.findings if f.code == "reader-ambiguous"}
            key = path.split(".")[1]
            assert any(key in where for where in wheres), f"{stem}: no finding for {path}"


def loose_agency(expected: str | None) -> str | None:
    """The JSON's agency without its explanatory parenthetical ('… (OCR error)')."""
    if expected is None:
        return None
    for bracket in (" (", "（", "("):
        if bracket in expected:
            return expected.split(bracket, 1)[0].strip()
    return expected


# ---------------------------------------------------------------------------
# Text files
# ---------------------------------------------------------------------------

TEXT_CASES = ["seed", "shuyang-county-2025", "pingtan-2021"]


def text_path(name: str) -> Path:
    return SEED.with_suffix(".txt") if name == "seed" else CORPUS / f"{name}.txt"


@needs_shared
@pytest.mark.parametrize("name", TEXT_CASES)
def test_text_report_figures(name: str) -> None:
    path = text_path(name)
    expected = expected_for(path)
    report = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    assert_figures(path.stem, expected, report)


@needs_shared
def test_seed_narrative() -> None:
    path = text_path("seed")
    report = parse_text(path.read_text(encoding="utf-8"))
    assert report.title == "岢曲镇人民政府 2023 年政府信息公开工作年度报告"
    assert report.agency == "岢曲镇人民政府"
    assert report.year == 2023
    # every numbered heading as printed, the sub-sections of 一 that reuse 一二三四 included
    assert [(s.number, s.title) for s in report.sections] == [
        ("一", "总体情况"),
        ("一", "依申请公开办理情况"),
        ("二", "政府信息资源规范化、标准化管理情况"),
        ("三", "政府信息公开平台建设情况"),
        ("四", "政府信息公开监督保障及教育培训情况"),
        ("二", "主动公开政府信息情况"),
        ("三", "收到和处理政府信息公开申请情况"),
        ("四", "政府信息公开行政复议、行政诉讼情况"),
        ("五", "存在的主要问题及改进情况"),
        ("六", "其他需要报告的事项"),
    ]
    assert "165" in report.text and "918" in report.text
    assert "结果维持" not in report.text  # the tables are not narrative
    assert report.findings == []


@needs_shared
def test_shuyang_agency_is_what_the_report_prints() -> None:
    path = text_path("shuyang-county-2025")
    expected = expected_for(path)
    report = parse_text(path.read_text(encoding="utf-8"))
    # the OCR'd file prints 沐阳县; the JSON names 沭阳县 and notes the misprint
    assert report.agency == "沐阳县人民政府"
    assert loose_agency(expected["agency"]) == "沭阳县人民政府"
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert report.sections[4].title == "政府信息公开工作存在的主要问题及改进情况"


@needs_shared
def test_pingtan_narrative_from_metadata_and_inline_headings() -> None:
    path = text_path("pingtan-2021")
    report = parse_text(path.read_text(encoding="utf-8"))
    assert report.title == "平潭综合实验区2021年度政府信息公开工作年度报告"
    assert report.year == 2021
    expected = loose_agency(expected_for(path)["agency"])
    assert report.agency is not None and expected is not None
    assert expected.startswith(report.agency)
    # the report is one line: its six headings are found inside it
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五", "六"]
    # the glued digits were split by the table's arithmetic, with one documented exception
    assert [f.where for f in report.findings] == [
        f"二/normative_documents/{column}"
        for column in ("本年制发件数", "本年废止件数", "现行有效件数")
    ]


# ---------------------------------------------------------------------------
# PDF text layers
# ---------------------------------------------------------------------------

PDF_CASES = ["huaian-city-2024", "hongze-district-2024"]


def pdfium_text(path: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    pages = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for page in document:
            pages.append(page.get_textpage().get_text_range())
    document.close()
    return "\n".join(pages)


def pdfplumber_text(path: Path) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@needs_shared
@pytest.mark.parametrize("extract", [pdfium_text, pdfplumber_text], ids=["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", PDF_CASES)
def test_pdf_text_layer_figures(name: str, extract: Any) -> None:
    path = CORPUS / f"{name}.pdf"
    expected = expected_for(path)
    report = parse_text(extract(path), source=path.name)
    assert_figures(name, expected, report)
    assert report.agency == expected["agency"]
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五", "六"]


@needs_shared
def test_hongze_group_printed_as_one_row() -> None:
    path = CORPUS / "hongze-district-2024.pdf"
    report = parse_text(pdfium_text(path))
    assert report.applications["other"] == [0] * 7
    for key in ("other_1", "other_2", "other_3"):
        assert report.applications[key] == [None] * 7
    assert not [f for f in report.findings if "other" in f.where]


# ---------------------------------------------------------------------------
# HTML (real table grids)
# ---------------------------------------------------------------------------


@needs_shared
def test_html_report_figures() -> None:
    html = pytest.importorskip("gongkai.annual.readers.html")
    from gongkai.annual.readers.text import parse_document

    path = CORPUS / "sample-city-2025.html"
    expected = expected_for(path)
    report = parse_document(html.read_html(path.read_bytes(), source=path.name))
    assert_figures(path.stem, expected, report)
    assert report.findings == []


# ---------------------------------------------------------------------------
# Structured fuzz on the real texts
# ---------------------------------------------------------------------------


@needs_shared
@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TEXT_CASES), st.randoms(use_true_random=False))
def test_damaged_real_texts_give_a_report_or_not_a_report(name: str, rng: Any) -> None:
    """Lines (or, for the one-line page, spans) deleted or duplicated: never a crash."""
    text = text_path(name).read_text(encoding="utf-8")
    lines = text.split("\n") if text.count("\n") > 20 else list(text)
    for _ in range(rng.randint(1, 12)):
        index = rng.randrange(len(lines))
        if rng.random() < 0.6:
            del lines[index : index + rng.randint(1, 3)]
        else:
            lines.insert(index, lines[index])
    joiner = "\n" if text.count("\n") > 20 else ""
    try:
        read_text(joiner.join(lines))
    except NotAReport:
        pass
