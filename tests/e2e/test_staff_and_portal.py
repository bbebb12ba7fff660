"""What a person does in the browser: log in, see their agency, stay out of others'."""

from __future__ import annotations

import re
from typing import Any

from gongkai.demo import DEMO_PASSWORD


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")


def test_staff_logs_in_and_sees_agency(page, live_server, demo_data, artifacts) -> None:
    log_in(page, live_server.url, "kqz_handler")
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"
    own = page.locator("section", has=page.get_by_role("heading", name="我的机关"))
    assert "岢曲镇人民政府" in own.inner_text()
    assert "承办人" in own.inner_text()
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    page.get_by_role("button", name="退出（kqz_handler）").click()
    page.wait_for_url(f"{live_server.url}/")


def test_town_staff_gets_404_for_county_department(page, live_server, demo_data) -> None:
    department = demo_data.agencies["NXZRZYJ"]
    log_in(page, live_server.url, "kqz_admin")
    response = page.goto(f"{live_server.url}/staff/agencies/{department.pk}/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
    assert "内乡县自然资源局" not in page.content()


def test_supervisor_sees_subordinates(page, live_server, demo_data) -> None:
    log_in(page, live_server.url, "nxx_supervisor")
    section = page.locator("section", has=page.get_by_role("heading", name="下级机关（只读）"))
    text = section.inner_text()
    for name in ("岢曲镇人民政府", "内乡县自然资源局", "内乡县市场监督管理局"):
        assert name in text
    section.get_by_role("link", name="岢曲镇人民政府").click()
    assert page.get_by_role("heading", level=1).inner_text() == "岢曲镇人民政府"
    assert page.get_by_role("link", name="编辑联系信息和指南").count() == 0


def test_keyboard_only_login(page, live_server, demo_data) -> None:
    # the first Tab stop of a page is the skip link, and it moves focus to the main content
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"{live_server.url}/staff/login/")
    for _ in range(15):
        if page.evaluate("document.activeElement.id") == "id_username":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("kqz_registrar")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert "登记员" in page.inner_text("main")


def test_portal_guide_on_a_phone(browser, live_server, demo_data, artifacts) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name=re.compile(r"岢曲镇人民政府\s*政府信息公开指南")).click()
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "岢曲镇人民政府政府信息公开指南"
        main = page.inner_text("main")
        assert "依申请公开" in main and "0377-65420001" in main
        # nothing wider than the screen: no horizontal scrolling
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        page.screenshot(path=str(artifacts / "guide-phone.png"))
    finally:
        context.close()
