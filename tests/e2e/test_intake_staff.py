"""A handler redacts a PDF in the browser (drawing the box with the mouse) and drafts the
部分公开 reply that lists the withheld part; screenshots kept."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from gongkai.demo import DEMO_PASSWORD

SECRET = "11010519491231002X"


def _source(path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842))
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(72, 842 - 100, "岢曲镇2023年宅基地审批结果")
    pdf.drawString(72, 842 - 200, f"身份证号：{SECRET}")
    pdf.drawString(72, 842 - 300, "审批结果：同意")
    pdf.showPage()
    pdf.save()
    path.write_bytes(out.getvalue())
    return path


def _wait_for_image(image: Any) -> None:
    """Until the page image has loaded (polled: the CSP forbids evaluating strings)."""
    image.wait_for()
    for _ in range(100):
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            return
        image.page.wait_for_timeout(100)
    raise AssertionError("the page image did not load")


def test_handler_redacts_and_drafts_the_partial_reply(
    page: Any, live_server: Any, demo_data: Any, artifacts: Path, tmp_path: Path, settings: Any
) -> None:
    import pdfplumber

    from gongkai.applications import services
    from gongkai.applications.models import Application

    settings.MEDIA_ROOT = tmp_path / "media"
    application, _code = services.submit_online_application(
        agency=demo_data.agencies["KQZ"],
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": SECRET,
            "phone": "13812345678",
            "description": "2023年宅基地审批结果",
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )
    base = live_server.url
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("kqz_handler")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")

    page.goto(f"{base}/staff/applications/{application.pk}/redaction/documents/")
    page.get_by_label("需要区分处理的 PDF 文件").set_input_files(
        str(_source(tmp_path / "审批表.pdf"))
    )
    page.get_by_role("button", name="上传").click()
    page.wait_for_url(re.compile(r"/redaction/\d+/$"))

    # draw the box over the ID number with the mouse (the page image is 1 px per point)
    image = page.get_by_role("img", name="第1页")
    image.wait_for()
    page.wait_for_function("document.querySelector('.redaction-page img').naturalWidth > 0")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    assert box is not None
    scale = box["width"] / 595
    page.mouse.move(box["x"] + 150 * scale, box["y"] + 182 * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + 330 * scale, box["y"] + 206 * scale)
    page.mouse.up()
    assert page.get_by_label("页码").input_value() == "1"
    assert 140 < float(page.get_by_label("左").input_value()) < 160
    page.get_by_label("不予公开的理由").select_option("third_party")
    page.get_by_label("不予公开的内容（写入答复书）").fill("第三人身份证号码")
    page.get_by_role("button", name="添加遮盖框").click()
    assert "第十五条" in page.locator("table").inner_text()
    _wait_for_image(page.get_by_role("img", name="第1页"))
    page.screenshot(path=str(artifacts / "redaction-editor.png"), full_page=True)
    page.get_by_role("button", name="生成区分处理后的 PDF").click()
    page.wait_for_url(re.compile(rf"/staff/applications/{application.pk}/$"))

    redacted = Application.objects.get(pk=application.pk).documents.get(kind="redacted")
    with redacted.file.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        text = "".join((pdf.pages[0].extract_text() or "").split())
    assert SECRET not in text and "审批结果：同意" in text

    page.goto(f"{base}/staff/applications/{application.pk}/letters/reply/")
    page.get_by_label("办理结果").select_option("partly_granted")
    page.get_by_label("提供的信息").fill("2023年宅基地审批结果（区分处理后）")
    page.get_by_role("button", name="预览").click()
    preview = page.locator(".letter-preview").inner_text()
    assert "第1页 第三人身份证号码 | 涉及商业秘密、个人隐私等" in preview
    assert "应当先申请行政复议" in preview
    page.screenshot(path=str(artifacts / "reply-preview.png"), full_page=True)
