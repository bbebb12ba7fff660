"""The body is sanitised with an allow-list: what a document needs stays, scripts never do."""

from __future__ import annotations

import pytest

from gongkai.catalogue.richtext import html_to_text, sanitize_html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<svg onload="alert(1)"></svg>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<form action="https://evil.example"><input name=a></form>',
        "<object data=x></object><embed src=x>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<p onmouseover="alert(1)">x</p>',
    ],
)
def test_hostile_markup_is_removed(hostile: str) -> None:
    clean = sanitize_html(f"<p>前</p>{hostile}<p>后</p>").lower()
    for needle in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "style=",
        "<form",
        "<input",
        "<object",
        "<embed",
        "<img",
        "onmouseover",
    ):
        assert needle not in clean, (hostile, clean)
    assert "前" in clean  # (an unclosed hostile tag may swallow what follows it)


def test_document_structure_survives() -> None:
    source = (
        "<h2>第一章 总则</h2><p><strong>第一条</strong> 为了规范……</p>"
        "<ol start=2><li>甲</li><li>乙</li></ol>"
        "<table><caption>补贴标准</caption>"
        '<thead><tr><th scope="col">类别</th><th>金额</th></tr></thead>'
        '<tbody><tr><td colspan="2">合计</td></tr></tbody></table>'
        '<p><a href="https://www.gov.cn/zhengce/">中国政府网</a></p>'
    )
    clean = sanitize_html(source)
    for kept in (
        "<h2>",
        "<strong>",
        '<ol start="2">',
        "<caption>",
        'scope="col"',
        'colspan="2"',
        'href="https://www.gov.cn/zhengce/"',
        'rel="noopener noreferrer"',
    ):
        assert kept in clean, kept
    text = html_to_text(clean)
    assert text.splitlines()[0] == "第一章 总则" and "合计" in text


def test_plain_text_becomes_paragraphs_escaped() -> None:
    assert (
        sanitize_html("第一段\r\n\r\n第二段 a<b & c") == "<p>第一段</p><p>第二段 a&lt;b &amp; c</p>"
    )
    assert sanitize_html("   ") == "" and html_to_text("") == ""
