"""The file readers: type detection, encodings, HTML/DOCX tables with merged cells, PDF text."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from reportlab.pdfgen import canvas

from gongkai.annual.readers import (
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    NotAReport,
    ScannedPdf,
    UnsupportedFile,
    read_bytes,
)
from gongkai.annual.readers.detect import decode_text, detect
from gongkai.annual.readers.document import Table
from gongkai.annual.readers.docx import read_docx
from gongkai.annual.readers.html import read_html
from gongkai.annual.readers.pdf import read_pdf_pages

# --------------------------------------------------------------------------------------
# Detection by content
# --------------------------------------------------------------------------------------


def _docx_bytes(build: object = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    if callable(build):
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7\n...", "report.txt", "pdf"),  # content wins over the extension
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "report.doc", "html"),
        (b"<p>a</p><p>b</p><table><tr><td>1</td></tr></table>", "", "html"),
        ("一、总体情况\n二、主动公开政府信息情况".encode(), "report.html", "text"),
        (b'{"format": "gongkai.annual/1"}', "", "json"),
    ],
)
def test_detect_by_content(data: bytes, name: str, kind: str) -> None:
    assert detect(data, name) == kind


def test_docx_is_recognised_inside_its_zip() -> None:
    assert detect(_docx_bytes(), "report.zip") == "docx"


def test_old_word_doc_has_a_clear_reason() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnsupportedFile) as caught:
        read_bytes(ole, "2023年报.doc")
    assert "不支持旧版 Word .doc 格式，请另存为 .docx" in caught.value.reason


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyFile, "空"),
        (b"  \r\n\t ", EmptyFile, "空"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, UnsupportedFile, "PNG"),
        (_zip({"xl/workbook.xml": b"<x/>"}), UnsupportedFile, "Excel"),
        (_zip({"a.txt": b"x"}), UnsupportedFile, "压缩包"),
        (b"PK\x03\x04 broken zip", DamagedFile, "损坏"),
        (bytes(range(256)) * 8, UnsupportedFile, "不支持"),
    ],
)
def test_unreadable_kinds(data: bytes, error: type[NotAReport], words: str) -> None:
    with pytest.raises(error) as caught:
        read_bytes(data, "file")
    assert words in caught.value.reason
    assert "\n" not in caught.value.reason


# --------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------

SAMPLE = "二、主动公开政府信息情况\n行政许可\t447228"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("utf-16-le"),  # without BOM
    ],
)
def test_decode_text(encoded: bytes) -> None:
    assert decode_text(encoded) == SAMPLE
    assert detect(encoded, "") == "text"


def test_html_meta_charset_is_honoured() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>行政处罚</p><p>“三安全一稳定”</p></body></html>"
    ).encode("gb18030")
    assert read_html(page).blocks == ["行政处罚", "“三安全一稳定”"]


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def _tables(blocks: list[object]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def test_html_rowspan_colspan_expand_to_a_grid() -> None:
    page = """<html><body>
    <table>
      <tr><th colspan="2" rowspan="2">note</th><th colspan="3">申请人情况</th></tr>
      <tr><th>自然人</th><th>商业企业</th><th>总计</th></tr>
      <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td>
          <td>1</td><td>2</td><td>3</td></tr>
      <tr><td>（二）部分公开</td><td>4</td><td>5</td><td>9</td></tr>
    </table></body></html>"""
    [table] = _tables(read_html(page).blocks)
    assert table.rows == [
        ["note", None, "申请人情况", None, None],
        [None, None, "自然人", "商业企业", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "1", "2", "3"],
        [None, "（二）部分公开", "4", "5", "9"],
    ]


def test_html_missing_tr_thead_and_ragged_rows() -> None:
    page = """<table><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>
    <tbody><tr><td>1</td></tr><td>x</td><td>y</td></tbody></table>"""
    [table] = _tables(read_html(page).blocks)
    assert table.rows[0] == ["a", "b", "c"]
    assert table.rows[1] == ["1", "", ""]  # a short row is padded with blanks, not None
    assert ["x", "y", ""] in table.rows


def test_html_layout_table_gives_its_inner_tables() -> None:
    page = """<table><tr><td><p>二、主动公开政府信息情况</p>
      <table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>"""
    blocks = read_html(page).blocks
    assert blocks[0] == "二、主动公开政府信息情况"
    assert _tables(blocks)[0].rows == [["规章", "0"]]


def test_html_single_column_table_is_layout() -> None:
    page = "<table><tr><td><p>一、总体情况</p><p>2024年，本县……</p></td></tr></table>"
    assert read_html(page).blocks == ["一、总体情况", "2024年，本县……"]


def test_html_drops_scripts_styles_and_navigation() -> None:
    page = """<html><head><title>某县2024年政府信息公开工作年度报告</title>
    <style>p{color:red}</style><script>var x = "一、总体情况";</script></head>
    <body><nav><a href="/">首页</a></nav><div class="breadcrumb">当前位置：首页</div>
    <div id="zoom"><p>一、总体情况</p>第一行<br>第二行<br/>第三行</div>
    <div style="display: none">分享到微信</div>
    <div class="footer">版权所有</div></body></html>"""
    blocks = read_html(page).blocks
    assert blocks == [
        "某县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "第一行",
        "第二行",
        "第三行",
    ]


def test_html_cell_with_paragraphs_keeps_lines() -> None:
    page = "<table><tr><td><p>结果</p><p>维持</p></td><td>1<br>2</td></tr></table>"
    [table] = _tables(read_html(page).blocks)
    assert table.rows == [["结果\n维持", "1\n2"]]


def test_html_absurd_spans_are_capped() -> None:
    page = '<table><tr><td colspan="100000000" rowspan="99999999">x</td></tr></table>'
    [table] = _tables(read_html(page).blocks)
    assert len(table.rows) == 1
    assert len(table.rows[0]) <= 200


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order_with_merges() -> None:
    def build(document: docx.document.Document) -> None:
        table = document.add_table(rows=3, cols=4)
        for r in range(3):
            for c in range(4):
                table.cell(r, c).text = f"{r}{c}"
        table.cell(0, 0).merge(table.cell(1, 1))  # 2×2 block: gridSpan + vMerge
        table.cell(2, 2).merge(table.cell(2, 3))  # horizontal only
        document.add_paragraph("二、主动公开政府信息情况")
        cell_table = document.add_table(rows=1, cols=2)
        cell_table.cell(0, 0).text = "结果"
        cell_table.cell(0, 0).add_paragraph("维持")
        cell_table.cell(0, 1).text = "7"

    blocks = read_docx(_docx_bytes(build)).blocks
    assert blocks[0] == "一、总体情况"
    assert isinstance(blocks[1], Table)
    rows = blocks[1].rows
    # python-docx keeps the merged cells' paragraphs: they are joined by newlines.
    assert rows == [
        ["00\n01\n10\n11", None, "02", "03"],
        [None, None, "12", "13"],
        ["20", "21", "22\n23", None],
    ]
    assert blocks[2] == "二、主动公开政府信息情况"
    assert isinstance(blocks[3], Table)
    assert blocks[3].rows == [["结果\n维持", "7"]]


def test_docx_single_column_table_is_text() -> None:
    def build(document: docx.document.Document) -> None:
        frame = document.add_table(rows=1, cols=1)
        frame.cell(0, 0).text = "二、主动公开政府信息情况"
        frame.cell(0, 0).add_paragraph("第二十条第（一）项")

    blocks = read_docx(_docx_bytes(build)).blocks
    assert blocks == ["一、总体情况", "二、主动公开政府信息情况", "第二十条第（一）项"]


def test_docx_tabs_and_line_breaks_in_paragraphs() -> None:
    def build(document: docx.document.Document) -> None:
        paragraph = document.add_paragraph("规章\t0")
        paragraph.add_run().add_break()
        paragraph.add_run("行政许可\t12")

    blocks = read_docx(_docx_bytes(build)).blocks
    assert blocks[1] == "规章\t0\n行政许可\t12"


def test_docx_strict_open_xml_namespace() -> None:
    xml = (
        b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
        b"<w:body><w:p><w:r><w:t>\xe8\xa7\x84\xe7\xab\xa0</w:t></w:r></w:p></w:body></w:document>"
    )
    assert read_docx(_zip({"word/document.xml": xml})).blocks == ["规章"]


def test_docx_damaged_body_xml() -> None:
    data = _zip({"word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(DamagedFile):
        read_bytes(data, "a.docx")


def test_docx_external_entities_are_not_resolved(tmp_path: object) -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    blocks = read_docx(_zip({"word/document.xml": xml})).blocks
    assert not any("root:" in str(b) for b in blocks)


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------


def _pdf(draw: object, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    if callable(draw):
        draw(page)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_pdf_text_layer_lines_and_page_numbers() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(page: canvas.Canvas) -> None:
        page.setFont("STSong-Light", 10)
        page.drawString(50, 750, "二、主动公开政府信息情况")
        page.drawString(50, 730, "行政许可")
        page.drawString(300, 730, "447228")
        page.drawCentredString(300, 30, "- 3 -")

    [text] = read_pdf_pages(_pdf(draw))
    assert text.split("\n") == ["二、主动公开政府信息情况", "行政许可 447228"]


def test_pdf_without_text_is_a_scan() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(page: canvas.Canvas) -> None:
        page.drawImage(ImageReader(Image.new("RGB", (120, 80), "white")), 50, 500, 240, 160)

    with pytest.raises(ScannedPdf) as caught:
        read_bytes(_pdf(draw), "scan.pdf")
    assert caught.value.reason.startswith("扫描版 PDF，没有文字层")


def test_pdf_with_scanned_table_pages() -> None:
    """Text on the first page, the tables as images on the next: say so, not 'no tables'."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(page: canvas.Canvas) -> None:
        page.setFont("STSong-Light", 12)
        page.drawString(50, 750, "某县人民政府2024年政府信息公开工作年度报告")
        page.drawString(50, 720, "一、总体情况")
        page.drawString(50, 700, "2024年，本县认真贯彻落实《中华人民共和国政府信息公开条例》。")
        page.showPage()
        page.drawImage(ImageReader(Image.new("RGB", (120, 80), "white")), 50, 500, 240, 160)

    with pytest.raises(ScannedPdf) as caught:
        read_bytes(_pdf(draw), "mixed.pdf")
    assert "1 页是扫描图片" in caught.value.reason


def test_pdf_encrypted() -> None:
    data = _pdf(lambda page: page.drawString(50, 700, "report"), encrypt="secret")
    with pytest.raises(EncryptedFile):
        read_bytes(data, "locked.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj garbage", b"%PDF-" + b"\x00" * 100])
def test_pdf_damaged(data: bytes) -> None:
    with pytest.raises(DamagedFile) as caught:
        read_bytes(data, "broken.pdf")
    assert "PDF" in caught.value.reason


def test_read_path_refuses_devices_and_directories(tmp_path: object) -> None:
    from gongkai.annual.readers import read_path

    with pytest.raises(UnsupportedFile, match="不是普通文件"):
        read_path("/dev/zero")
    with pytest.raises(UnsupportedFile, match="目录"):
        read_path(str(tmp_path))
    with pytest.raises(NotAReport, match="文件不存在"):
        read_path("/nonexistent/report.pdf")
