"""A citizen files an application online and follows it on /track/ (screenshots kept).

Without scripts too: the form is a plain HTML form; the browser test runs with scripts (the
usual case) and checks that errors are announced and linked to their fields.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

GOOD_ID = "11010519491231002X"
#: axe-core from the npm registry (``make e2e-deps``); without it the axe checks are skipped.
AXE = Path(__file__).resolve().parent / ".deps" / "node_modules" / "axe-core" / "axe.min.js"


def axe_problems(page: Any) -> list[str]:
    """Serious and critical axe-core violations of the page (none when axe-core is missing)."""
    if not AXE.exists():
        return []
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def _png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "身份证.png"
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (220, 220, 220)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def test_citizen_files_online_and_tracks_it(
    page: Any, live_server: Any, demo_data: Any, artifacts: Path, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    page.goto(f"{base}/apply/KQZ/")
    assert "岢曲镇人民政府" in page.get_by_role("heading", level=1).inner_text()
    help_box = page.get_by_role("complementary", name="需要帮助？")
    assert "第四十三条" in help_box.inner_text()

    # submitting an empty form: the summary takes the focus and links to each field
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_attribute("role") == "alert"
    assert "姓名或名称" in summary.inner_text()
    name = page.get_by_label("姓名或名称")
    assert name.get_attribute("aria-invalid") == "true"
    described = name.get_attribute("aria-describedby") or ""
    assert "id_applicant_name_errors" in described
    page.screenshot(path=str(artifacts / "apply-errors.png"), full_page=True)
    assert axe_problems(page) == []
    summary.get_by_role("link", name=re.compile("姓名或名称")).click()
    assert page.evaluate("document.activeElement.id") == "id_applicant_name"

    # a wrong check digit is caught with a Chinese message
    page.get_by_label("自然人").check()
    # organisation-only fields are hidden for a person
    assert not page.get_by_label("联系人").is_visible()
    name.fill("张三")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需政府信息的名称、文号或者特征性描述").fill("2023年宅基地审批结果")
    page.get_by_label("电子文档").check()
    page.get_by_label(re.compile("^在线获取")).check()
    page.get_by_label("身份证明").set_input_files(str(_png(tmp_path)))
    page.get_by_role("button", name="提交申请").click()
    page.locator("#error-summary").wait_for()
    assert "校验位" in page.locator("#id_id_number_errors").inner_text()

    # corrected (the file is chosen again, as the help text says)
    page.get_by_label("证件号码").fill(GOOD_ID)
    page.get_by_label("身份证明").set_input_files(str(_png(tmp_path)))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/apply/KQZ/done/"))
    tracking_no = page.locator("#tracking-no").inner_text().strip()
    query_code = page.locator("#query-code").inner_text().strip()
    assert tracking_no.startswith("KQZ-")
    assert len(query_code) >= 8
    page.screenshot(path=str(artifacts / "apply-done.png"), full_page=True)
    assert axe_problems(page) == []

    # a fresh visitor looks it up on /track/
    context = page.context.browser.new_context(locale="zh-CN")
    visitor = context.new_page()
    visitor.goto(f"{base}/track/")
    visitor.get_by_label("受理编号").fill(tracking_no)
    visitor.get_by_label("查询码").fill("WRONG12345")
    visitor.get_by_role("button", name="查询").click()
    assert "受理编号或查询码不正确" in visitor.locator("#error-summary").inner_text()
    visitor.get_by_label("受理编号").fill(tracking_no)
    visitor.get_by_label("查询码").fill(query_code)
    visitor.get_by_role("button", name="查询").click()
    visitor.wait_for_url(re.compile(r"/track/status/$"))
    text = visitor.locator("main").inner_text()
    assert tracking_no in text and "待受理机关确认" in text
    assert "张三" not in text and GOOD_ID not in text
    assert "登记回执" in text
    visitor.screenshot(path=str(artifacts / "track-status.png"), full_page=True)
    assert axe_problems(visitor) == []
    with visitor.expect_download() as info:
        visitor.get_by_role("link", name=re.compile("下载")).first.click()
    assert info.value.suggested_filename.startswith(tracking_no)
    context.close()


def _portal(settings: Any, demo_data: Any) -> Any:
    """The demo with its published records and the search index built (as the portal tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = settings.GONGKAI_SEARCH_DIR.parent / "media"
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.demo import run_hooks

    standard_categories_sync()
    run_hooks(demo_data)
    return demo_data


def test_describing_the_information_shows_published_records(
    page: Any, browser: Any, live_server: Any, demo_data: Any, settings: Any, artifacts: Path
) -> None:
    _portal(settings, demo_data)
    page.goto(f"{live_server.url}/apply/KQZ/")
    suggestions = page.locator("#suggestions")
    assert suggestions.is_hidden()
    page.get_by_label("所需政府信息的名称、文号或者特征性描述").fill("低保")
    suggestions.wait_for(state="visible")
    assert suggestions.get_attribute("aria-live") == "polite"
    first = suggestions.get_by_role("link").first
    assert first.get_attribute("href").startswith("/records/")
    page.screenshot(path=str(artifacts / "apply-deflection.png"), full_page=True)

    # without scripts: the “先查一查” button asks the server
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server.url}/apply/KQZ/")
    plain.get_by_label("姓名或名称").fill("张三")
    plain.get_by_label("所需政府信息的名称、文号或者特征性描述").fill("低保")
    plain.get_by_role("button", name="先查一查已公开的信息").click()
    section = plain.locator("#suggestions")
    assert section.is_visible()
    assert "已公开的相关信息" in section.inner_text()
    assert section.get_by_role("link").count() >= 1
    # what was typed is kept, and nothing was checked yet
    assert plain.get_by_label("姓名或名称").input_value() == "张三"
    assert plain.locator("#error-summary").count() == 0
    context.close()
