"""pdfium reads text layers without the installed fonts, and still renders with them."""

from __future__ import annotations

import hashlib
import random

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from bench.synth import expected_json, random_report, render_pdf

from gongkai.annual.readers import read_bytes
from gongkai.annual.readers.fonts import text_only
from gongkai.annual.readers.pdf import read_pdf_pages


def rendered(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[0].render(scale=0.5).to_pil()
        return hashlib.sha256(image.tobytes()).hexdigest()
    finally:
        pdf.close()


def test_a_pdf_with_a_font_it_does_not_embed_reads_every_figure() -> None:
    # reportlab's STSong-Light is referenced, not embedded: pdfium substitutes a font
    report = random_report(random.Random(11))
    data = render_pdf(report)
    back = read_bytes(data, "report.pdf").to_json(findings=[])
    want = expected_json(report)
    for key in ("year", "active", "applications", "reviews"):
        assert back[key] == want[key]


def test_rendering_still_uses_the_installed_fonts() -> None:
    data = render_pdf(random_report(random.Random(12)))
    before = rendered(data)
    read_pdf_pages(data)
    with text_only():
        pass
    assert rendered(data) == before


def test_text_only_blocks_nest() -> None:
    data = render_pdf(random_report(random.Random(13)))
    with text_only():
        with text_only():
            inner = read_pdf_pages(data)
        outer = read_pdf_pages(data)
    assert inner == outer == read_pdf_pages(data)
