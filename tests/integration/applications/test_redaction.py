"""Redaction: the text under a box is gone from the output, the rest can still be found."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.applications.letters import reply_letter
from gongkai.applications.redaction import (
    Box,
    RedactionError,
    redact_pdf,
    withheld_parts,
)

from .letter_samples import FACTS

SECRET_ID = "11010519491231002X"
SECRET_NAME = "李四"


def source_pdf() -> bytes:
    """Two pages: an approval list with a third person's ID number, and a second page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842))
    pdf.setTitle(f"审批表 {SECRET_NAME}")
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(72, 842 - 100, "岢曲镇2023年宅基地审批结果")
    pdf.drawString(72, 842 - 140, f"申请人：{SECRET_NAME}")
    pdf.drawString(72, 842 - 180, f"身份证号：{SECRET_ID}")
    pdf.drawString(72, 842 - 220, "审批结果：同意")
    pdf.showPage()
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(72, 842 - 100, "第二页 公示期十个工作日")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _positions(data: bytes, needle: str) -> tuple[float, float, float, float]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found = pdf.pages[0].search(needle)
    assert found, needle
    return found[0]["x0"], found[0]["top"], found[0]["x1"], found[0]["bottom"]


@pytest.fixture(scope="module")
def redacted() -> tuple[bytes, list[Box]]:
    source = source_pdf()
    x0, top, x1, bottom = _positions(source, SECRET_ID)
    nx0, ntop, nx1, nbottom = _positions(source, SECRET_NAME)
    boxes = [
        Box(1, x0 - 1, top - 1, x1 + 1, bottom + 1, "third_party", "第三人身份证号码"),
        Box(1, nx0 - 1, ntop - 1, nx1 + 1, nbottom + 1, "third_party", "第三人姓名"),
    ]
    return redact_pdf(source, boxes).pdf, boxes


def _plumber_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_text_under_the_boxes_is_absent(redacted: tuple[bytes, list[Box]]) -> None:
    data, _ = redacted
    text = _plumber_text(data)
    assert SECRET_ID not in text and SECRET_NAME not in text
    assert "1949" not in text and "002X" not in text
    # nor anywhere in the file's bytes (metadata, streams decompressed by pdfplumber above)
    assert SECRET_NAME.encode("utf-16-be") not in data and SECRET_ID.encode() not in data


def test_text_outside_the_boxes_is_still_there(redacted: tuple[bytes, list[Box]]) -> None:
    text = "".join(_plumber_text(redacted[0]).split())
    assert "岢曲镇2023年宅基地审批结果" in text
    assert "审批结果：同意" in text
    assert "第二页公示期十个工作日" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_agrees(redacted: tuple[bytes, list[Box]], tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(redacted[0])
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert SECRET_ID not in flat and SECRET_NAME not in flat
    assert "宅基地审批结果" in flat and "审批结果：同意" in flat
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert SECRET_NAME not in info
    assert re.search(r"^Pages:\s+2$", info, re.M) and "595 x 842 pts" in info


def test_the_boxes_are_black_in_the_image(redacted: tuple[bytes, list[Box]]) -> None:
    import pypdfium2 as pdfium

    data, boxes = redacted
    document = pdfium.PdfDocument(data)
    image = document[0].render(scale=2).to_pil().convert("L")
    box = boxes[0]
    # the left part of the box (the label is drawn towards the left-middle): sample a grid
    dark = 0
    samples = 0
    for fx in (0.6, 0.75, 0.9):
        for fy in (0.15, 0.85):
            x = int((box.x0 + (box.x1 - box.x0) * fx) * 2)
            y = int((box.top + (box.bottom - box.top) * fy) * 2)
            samples += 1
            dark += image.getpixel((x, y)) < 40
    assert dark == samples
    document.close()


def test_the_source_had_the_secret_in_it() -> None:
    # the positive control: without a box the text comes through
    data = redact_pdf(source_pdf(), []).pdf
    assert SECRET_ID in "".join(_plumber_text(data).split())


def test_every_box_needs_a_ground_and_must_lie_on_a_page() -> None:
    source = source_pdf()
    with pytest.raises(RedactionError, match="理由"):
        redact_pdf(source, [Box(1, 10, 10, 20, 20, "")])
    with pytest.raises(RedactionError, match="第3页"):
        redact_pdf(source, [Box(3, 10, 10, 20, 20, "third_party")])
    with pytest.raises(RedactionError, match="超出"):
        redact_pdf(source, [Box(1, 10, 10, 900, 20, "third_party")])
    with pytest.raises(RedactionError, match="无法打开"):
        redact_pdf(b"%PDF-1.4 nonsense", [])


def test_the_reply_letter_lists_the_boxes_with_their_grounds(
    redacted: tuple[bytes, list[Box]],
) -> None:
    parts = withheld_parts(redacted[1] + [Box(2, 10, 10, 40, 20, "process", "审批会议意见")])
    assert [(p.description, p.ground) for p in parts] == [
        ("第1页 第三人姓名、第三人身份证号码", "third_party"),
        ("第2页 审批会议意见", "process"),
    ]
    text = reply_letter(FACTS, outcome="partly_granted", withheld=parts).as_text()
    assert "第1页 第三人姓名、第三人身份证号码 | 涉及商业秘密、个人隐私等" in text
    assert "《条例》第十五条" in text and "《条例》第十六条第二款" in text
