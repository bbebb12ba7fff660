"""Letters: golden texts, every outcome cites its article, DOCX and PDF read back.

Regenerate the golden files after a deliberate wording change and review the diff:
``GONGKAI_REGENERATE_GOLDEN=1 pytest tests/integration/applications/test_letters.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.annual.format import APPLICATION_BY_KEY, OUTCOME_ROW_KEYS
from gongkai.applications import letters
from gongkai.applications.fees import per_page_fee
from gongkai.applications.letters_render import (
    docx_text,
    letter_docx,
    letter_html,
    letter_pdf,
    pdf_writer_available,
)

from .letter_samples import FACTS, REPLY_ARGS, reply, samples

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "letters"
SAMPLES = samples()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_letter_text_matches_golden_file(name: str) -> None:
    text = SAMPLES[name].as_text()
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("GONGKAI_REGENERATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with GONGKAI_REGENERATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_no_stale_golden_files() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(SAMPLES)


ARTICLES = {
    "granted": "第三十六条第（二）项",
    "partly_granted": "第三十七条",
    "refused_1": "第十四条",
    "refused_2": "第十四条",
    "refused_3": "第十四条",
    "refused_4": "第十五条",
    "refused_5": "第十六条第一款",
    "refused_6": "第十六条第二款",
    "refused_7": "第十六条第二款",
    "refused_8": "第三十六条第（七）项",
    "unable_1": "第三十六条第（四）项",
    "unable_2": "第三十八条",
    "unable_3": "第三十条",
    "not_processed_1": "第三十九条第一款",
    "not_processed_2": "第三十六条第（六）项",
    "not_processed_3": "第三十九条第二款",
    "not_processed_4": "第三十五条",
    "not_processed_5": "第三十八条",
    "other_1": "第三十条",
    "other_2": "国办函〔2020〕109号",
    "other_3": "撤回",
}


@pytest.mark.parametrize("outcome", OUTCOME_ROW_KEYS)
def test_every_outcome_has_a_reply_citing_its_article(outcome: str) -> None:
    letter = reply(outcome)
    text = letter.as_text()
    assert ARTICLES[outcome] in text
    assert letter.outcome == outcome
    assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）" in text or outcome in {
        "other_2",
        "other_3",
    }
    # the remedy paragraph: 复议前置 exactly for 不予公开 and 部分公开 (行政复议法第二十三条)
    first = "应当先申请行政复议" in text
    group = APPLICATION_BY_KEY[outcome].group
    assert first == (outcome == "partly_granted" or group == "refused")
    assert "岢曲县人民政府申请行政复议" in text
    assert "60日内" in text


def test_partial_disclosure_lists_each_withheld_part_with_its_ground() -> None:
    text = reply("partly_granted").as_text()
    assert "第1页 申请人以外自然人的身份证号码 | 涉及商业秘密、个人隐私等" in text
    assert "第1页 审批会议讨论意见 | 属于讨论记录" in text
    assert "《条例》第十五条" in text and "《条例》第十六条第二款" in text


@pytest.mark.parametrize(
    ("outcome", "kwargs"),
    [
        ("partly_granted", {}),
        ("partly_granted", {"withheld": [letters.WithheldPart("x", "no-such-ground")]}),
        ("refused_2", {}),
        ("not_processed_2", {}),
        ("other_3", {}),
        ("granted", {"already_published": True}),
        ("no_such_outcome", {}),
    ],
)
def test_a_reply_without_what_its_outcome_needs_is_refused(outcome: str, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        letters.reply_letter(FACTS, outcome=outcome, **kwargs)


def test_notices_refuse_impossible_content() -> None:
    import datetime as dt

    with pytest.raises(ValueError):
        letters.supplement_letter(FACTS, items=[], deadline=dt.date(2024, 4, 1))
    with pytest.raises(ValueError):
        letters.extension_letter(
            FACTS, original_due=FACTS.issued_on, new_due=FACTS.issued_on, days=21, reason="x"
        )
    with pytest.raises(ValueError):
        letters.fee_letter(FACTS, fee=per_page_fee(30), payment_method="x")


def test_notices_before_a_decision_carry_no_remedy_paragraph() -> None:
    for name in ("supplement", "extension", "third_party", "fee_per_page", "receipt"):
        assert "行政复议" not in SAMPLES[name].as_text(), name


def test_third_party_letter_does_not_name_the_applicant() -> None:
    text = SAMPLES["third_party"].as_text()
    assert FACTS.applicant not in text and FACTS.tracking_no not in text
    assert "15个工作日" in text and "第三十二条" in text


def test_the_withheld_reason_covers_every_ground() -> None:
    for ground in letters.GROUNDS:
        text = letters.reply_letter(
            FACTS,
            outcome="partly_granted",
            withheld=[letters.WithheldPart("第1页", ground.key)],
            **{"provided": REPLY_ARGS["partly_granted"]["provided"]},  # type: ignore[arg-type]
        ).as_text()
        assert ground.label in text and ground.basis in text


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_docx_opens_and_reads_back_as_the_letter(name: str) -> None:
    letter = SAMPLES[name]
    data = letter_docx(letter)
    assert data[:2] == b"PK"
    assert docx_text(data) == letter.as_text()


def test_docx_uses_chinese_fonts_and_a4() -> None:
    import io

    from docx import Document

    document = Document(io.BytesIO(letter_docx(SAMPLES["reply_partly_granted"])))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    xml = document.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="方正小标宋简体"' in xml
    assert document.core_properties.title == "岢曲镇人民政府政府信息公开申请答复书"


def test_html_is_escaped_and_self_contained() -> None:
    hostile = letters.Facts(**{**FACTS.__dict__, "applicant": "<script>alert(1)</script>"})
    html = letter_html(letters.reply_letter(hostile, outcome="unable_2"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<style>" in html and "@page" in html


def _normalise(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(not pdf_writer_available(), reason="gongkai.annual.writers.pdf not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", ["reply_partly_granted", "fee_per_page", "supplement"])
def test_pdf_opens_in_a_viewer_with_the_letter_text(name: str, tmp_path: Path) -> None:
    letter = SAMPLES[name]
    data = letter_pdf(letter)
    assert data is not None and data.startswith(b"%PDF-")
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = _normalise(text)
    for block in letter.blocks:
        if isinstance(block, str):
            assert _normalise(block) in flat, block
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout
    assert "CJK" in fonts or "Noto" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())
