"""An application from the online form to the archive, in the browser (screenshots kept):

a citizen files online → the registrar confirms receipt (条例第三十一条) → 补正 notice and the
supplement (第三十条) → registration and assignment → the handler drafts the reply → the reviewer
sends it back once, then approves → reply → delivery → archive → the citizen sees the reply on
/track/.

The public form and /track/ are used when they are installed (``/apply/<code>/``); otherwise the
submission goes through ``submit_online_application`` and the status through ``public_status``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.urls import Resolver404, resolve

from gongkai.demo import DEMO_PASSWORD

GOOD_ID = "11010519491231002X"
DESCRIPTION = "2024年岢曲镇农村危房改造补助发放名单"


def _public_form_installed() -> bool:
    try:
        return resolve("/apply/KQZ/").url_name is not None and resolve("/track/") is not None
    except Resolver404:
        return False


def log_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")
    return page


def step(page: Any, label: str, **fields: str) -> None:
    """Open the step's panel on the detail page, fill its fields, press its button."""
    panel = page.locator("details.action", has=page.locator("summary", has_text=label)).first
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for field, value in fields.items():
        control = panel.get_by_label(field, exact=True)
        tag = control.evaluate("el => el.tagName")
        if tag == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    panel.get_by_role("button", name=label).click()
    page.wait_for_load_state()
    assert f"已完成：{label}" in page.locator("body").inner_text(), page.locator(
        "body"
    ).inner_text()


def _file_online(page: Any, base: str, tmp_path: Path) -> tuple[str, str]:
    import io

    from PIL import Image

    proof = tmp_path / "身份证.png"
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (220, 220, 220)).save(out, format="PNG")
    proof.write_bytes(out.getvalue())
    page.goto(f"{base}/apply/KQZ/")
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(GOOD_ID)
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需政府信息的名称、文号或者特征性描述").fill(DESCRIPTION)
    page.get_by_label("电子文档").check()
    page.get_by_label(re.compile("^在线获取")).check()
    page.get_by_label("身份证明").set_input_files(str(proof))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/apply/KQZ/done/"))
    return (
        page.locator("#tracking-no").inner_text().strip(),
        page.locator("#query-code").inner_text().strip(),
    )


def _file_by_service() -> tuple[str, str]:
    from gongkai.agencies.models import Agency
    from gongkai.applications.services import submit_online_application

    app, code = submit_online_application(
        agency=Agency.objects.get(code="KQZ"),
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": GOOD_ID,
            "phone": "13812345678",
            "description": DESCRIPTION,
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )
    return app.tracking_no, code


def test_online_to_archive(
    browser: Any,
    page: Any,
    live_server: Any,
    demo_data: Any,
    artifacts: Path,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    public = _public_form_installed()
    if public:
        tracking_no, query_code = _file_online(page, base, tmp_path)
        page.screenshot(path=str(artifacts / "applications-01-filed.png"), full_page=True)
    else:
        tracking_no, query_code = _file_by_service()

    registrar = log_in(browser, base, "kqz_registrar")
    registrar.get_by_role("link", name="依申请公开").first.click()
    assert registrar.get_by_role("heading", level=1).inner_text() == "依申请公开"
    registrar.screenshot(path=str(artifacts / "applications-02-dashboard.png"), full_page=True)
    registrar.get_by_role("link", name=tracking_no).first.click()
    assert "待确认" in registrar.locator(".status-line").inner_text()
    step(registrar, "确认收到申请")
    due_before = registrar.locator("#due-on").inner_text()
    assert re.search(r"\d{4}-\d{2}-\d{2}", due_before)
    step(registrar, "发出补正告知", 理由="请写明所需信息所属的村组。")
    assert "等待补正" in registrar.locator(".status-line").inner_text()
    assert "条例第三十条" in registrar.locator("#due-on").inner_text()
    step(registrar, "收到补正材料")
    step(registrar, "登记")
    step(registrar, "分配承办人", 承办人="kqz_handler")
    registrar.screenshot(path=str(artifacts / "applications-03-assigned.png"), full_page=True)
    detail_url = registrar.url

    handler = log_in(browser, base, "kqz_handler")
    handler.goto(detail_url)
    step(handler, "提交答复稿审核", 办理结果="（一）予以公开", 答复意见="经查，现将名单提供给您。")

    reviewer = log_in(browser, base, "kqz_reviewer")
    reviewer.goto(detail_url)
    step(reviewer, "退回修改", 理由="请写明提供方式。")
    handler.goto(detail_url)
    assert "请写明提供方式。" in handler.locator(".timeline").inner_text()
    step(
        handler,
        "提交答复稿审核",
        办理结果="（一）予以公开",
        答复意见="经查，现将名单以电子文档形式提供给您。",
    )
    reviewer.goto(detail_url)
    step(reviewer, "审核通过")
    handler.goto(detail_url)
    step(handler, "答复")
    _issue_reply(tracking_no)
    handler.goto(detail_url)
    step(handler, "登记送达", 送达方式="网上获取", 送达凭证="已在查询页提供答复书")
    step(handler, "归档")
    assert "已归档" in handler.locator(".status-line").inner_text()
    timeline = handler.locator(".timeline").inner_text()
    for label in (
        "提交申请",
        "确认收到申请",
        "发出补正告知",
        "收到补正材料",
        "退回修改",
        "答复",
        "归档",
    ):
        assert label in timeline
    handler.screenshot(path=str(artifacts / "applications-04-archived.png"), full_page=True)

    if public:
        citizen = browser.new_context(locale="zh-CN").new_page()
        citizen.goto(f"{base}/track/")
        citizen.get_by_label("受理编号").fill(tracking_no)
        citizen.get_by_label("查询码").fill(query_code)
        citizen.get_by_role("button", name="查询").click()
        citizen.wait_for_url(re.compile(r"/track/status/$"))
        text = citizen.locator("main").inner_text()
        assert tracking_no in text and "答复书" in text
        assert GOOD_ID not in text
        citizen.screenshot(path=str(artifacts / "applications-05-track.png"), full_page=True)
    else:
        from gongkai.applications.selectors import application_for_tracking, public_status

        app = application_for_tracking(tracking_no=tracking_no, query_code=query_code)
        assert app is not None
        status = public_status(app)
        assert status["stage"] == "archived"
        assert [d["kind"] for d in status["documents"]] == ["reply"]


def _issue_reply(tracking_no: str) -> None:
    """The reply letter (the letters' own pages are tested with them): attached as issued."""
    from django.core.files.base import ContentFile

    from gongkai.applications.models import Application
    from gongkai.applications.services import attach_document

    app = Application.objects.get(tracking_no=tracking_no)
    attach_document(
        application=app,
        kind="reply",
        file=ContentFile("政府信息公开申请答复书".encode(), name=f"{tracking_no}-答复书.txt"),
        title="政府信息公开申请答复书",
        issued=True,
        content_type="text/plain",
    )
