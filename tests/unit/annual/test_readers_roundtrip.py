"""Render then read gives the same figures: text, HTML, DOCX and PDF, through read_bytes.

Reports are drawn with the hypothesis strategy of valid reports (every arithmetic rule
holds, groups of table 三 sometimes printed as one row) and laid out by the benchmark's
renderers (bench/synth.py): tab-separated text like the seed, an HTML page with
rowspan/colspan, a Word file with merged cells, a PDF with ruled tables.
"""

from __future__ import annotations

import html
import json
import random
from typing import Any

import pytest
from bench.synth import SPECS, random_report, render_docx, render_pdf, render_text
from hypothesis import HealthCheck, given, settings

from gongkai.annual.format import SECTIONS
from gongkai.annual.model import Report
from gongkai.annual.readers import missing_cells, read_bytes
from gongkai.annual.readers import pdf as pdf_reader
from gongkai.annual.readers.pdf import read_pdf_tables
from gongkai.annual.readers.text import parse_document

from .strategies import valid_reports

FIGURES = ("year", "active", "applications", "reviews")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def figures(report: Report) -> dict[str, Any]:
    data = report.to_json(findings=[])
    return {key: data[key] for key in FIGURES}


def render_html(report: Report) -> bytes:
    """An HTML page: paragraphs and <table>s with rowspan/colspan, GBK-encoded."""
    parts = [
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">',
        f"<title>{report.agency}{report.year}年政府信息公开工作年度报告</title></head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; 政府信息公开年报</div><div id="zoom">',
    ]
    for section in SECTIONS:
        parts.append(f"<p>{section.number}、{section.title}</p>")
        spec = SPECS.get(section.key)
        if spec is None:
            parts.append(f"<p>{report.year}年，本机关认真贯彻落实《条例》。</p>")
            continue
        table = spec(report)
        parts.append('<table border="1">')
        for r, cells in enumerate(table.rows):
            parts.append("<tr>")
            c = 0
            for text, colspan, rowspan in cells:
                while table.grid[r][c] is None:
                    c += 1
                parts.append(
                    f'<td colspan="{colspan}" rowspan="{rowspan}">{html.escape(text)}</td>'
                )
                c += colspan
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</div></body></html>")
    return "".join(parts).encode("gbk")


RENDERERS = {
    "text": lambda report: render_text(report).encode("utf-8"),
    "text-gbk": lambda report: render_text(report).encode("gb18030"),
    "html": render_html,
    "docx": render_docx,
    "pdf": render_pdf,
}


@pytest.mark.parametrize("kind", sorted(RENDERERS))
@SETTINGS
@given(report=valid_reports())
def test_render_then_read(kind: str, report: Report) -> None:
    data = RENDERERS[kind](report)
    got = read_bytes(data, f"report.{kind}")
    assert json.dumps(figures(got)) == json.dumps(figures(report))
    assert got.agency == report.agency


def test_pdf_ruled_tables_fallback_reads_the_same() -> None:
    """The slow pdfplumber path rebuilds the ruled tables; it gives the same figures."""
    report = random_report(random.Random(4))
    rebuilt = parse_document(read_pdf_tables(render_pdf(report)))
    assert figures(rebuilt) == figures(report)
    assert missing_cells(rebuilt) == 0


def test_pdf_falls_back_to_ruled_tables_when_text_leaves_cells_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = random_report(random.Random(5))
    data = render_pdf(report)

    def lossy(data: bytes, *, source: str = "") -> list[str]:
        # Lose the 行政许可 figure, as a text layer with a broken line would.
        pages = pdf_reader.read_pdf_pages(data, source=source)
        return [page.replace("行政许可", "行政", 1) for page in pages]

    monkeypatch.setattr("gongkai.annual.readers.read_pdf_pages", lossy)
    got = read_bytes(data, "lossy.pdf")
    assert figures(got) == figures(report)


def test_pdf_fallback_that_disagrees_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    report = random_report(random.Random(6))
    data = render_pdf(report)

    def lossy(data: bytes, *, source: str = "") -> list[str]:
        pages = pdf_reader.read_pdf_pages(data, source=source)
        return [page.replace("行政许可", "行政", 1) for page in pages]

    def wrong_tables(doc: object) -> Report:
        other = random_report(random.Random(6))
        other.reviews["reconsideration"][0] = (other.reviews["reconsideration"][0] or 0) + 1
        return other

    monkeypatch.setattr("gongkai.annual.readers.read_pdf_pages", lossy)
    monkeypatch.setattr("gongkai.annual.readers.parse_document", wrong_tables)
    got = read_bytes(data, "lossy.pdf")
    assert got.active.licensing is None  # the first read, with its gap, not a conflicting one
    assert figures(got)["reviews"] == figures(report)["reviews"]
