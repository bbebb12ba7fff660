"""The PDF writer: official layout, fonts embedded, read back with every figure right.

Rendering takes about 0.5 s a report (WeasyPrint), so the property test draws few
examples; the seed and every hand-read corpus report are rendered once each.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.annual.model import Report
from gongkai.annual.readers import read_bytes
from gongkai.annual.writers import render
from gongkai.annual.writers.pdf import html_to_pdf, render_pdf

from .strategies import valid_reports

SHARED = Path(__file__).resolve().parents[4] / "shared"
TRUTHS = sorted((SHARED / "corpus").glob("*.json")) + sorted((SHARED / "seed").glob("*.json"))
MM = 72 / 25.4


def _figures(report: Report) -> dict[str, object]:
    data = report.to_json(findings=[])
    return {key: data[key] for key in ("year", "active", "applications", "reviews")}


def _assert_reads_back(report: Report) -> None:
    back = read_bytes(render_pdf(report), "report.pdf")
    assert _figures(back) == _figures(report)


@pytest.mark.skipif(not TRUTHS, reason="the shared corpus is not next to the repository")
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.stem)
def test_corpus_reports_read_back_exactly(truth: Path) -> None:
    report = Report.from_json(json.loads(truth.read_text("utf-8")))
    _assert_reads_back(report)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_reports())
def test_generated_reports_read_back_exactly(report: Report) -> None:
    _assert_reads_back(report)


def test_layout_a4_fonts_embedded() -> None:
    report = Report.from_json(json.loads(TRUTHS[0].read_text("utf-8"))) if TRUTHS else Report()
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0]
        assert round(first.width / MM) == 210 and round(first.height / MM) == 297
        fonts = {str(c["fontname"]) for c in first.chars}
        words = first.extract_words()
    # GB/T 9704 margins: text starts 28 mm from the left edge, 37 mm from the top.
    assert min(float(w["x0"]) for w in words) >= 27 * MM
    assert min(float(w["top"]) for w in words) >= 36 * MM
    # Headings in a sans (黑体-style) face, body and tables in a serif (仿宋-style) face.
    assert any("Sans" in f or "Hei" in f for f in fonts), fonts
    assert any("Serif" in f or "Song" in f or "FangSong" in f for f in fonts), fonts
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", "-"], input=pdf, capture_output=True, check=False
        ).stdout.decode()
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        assert rows and all("yes" in row[-5:-3] for row in rows), listing


def test_html_to_pdf_letter(tmp_path: Path) -> None:
    (tmp_path / "seal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<circle cx="5" cy="5" r="4" fill="red"/></svg>',
        "utf-8",
    )
    html = (
        "<html><body><h1>政府信息公开申请答复书</h1>"
        "<p>张三：本机关于2024年3月1日收到您的申请。</p>"
        '<img src="seal.svg" alt="印章"><img src="http://192.0.2.1/x.png" alt="外部">'
        '<img src="../outside.png" alt="上级目录"></body></html>'
    )
    pdf = html_to_pdf(html, base_url=str(tmp_path))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
        assert round(doc.pages[0].width / MM) == 210
    assert "政府信息公开申请答复书" in text and "张三" in text


def test_html_to_pdf_refuses_remote_base_url() -> None:
    with pytest.raises(ValueError):
        html_to_pdf("<p>答复</p>", base_url="http://example.org/")


def test_writing_a_pdf_leaves_pillow_strict() -> None:
    from PIL import ImageFile

    render_pdf(Report())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
