"""In the browser: no page breaks the Content-Security-Policy (the Django admin included), the
second factor is set up and used, error and lockout pages look like their side of the site."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

from django_otp.oath import totp

from gongkai.demo import DEMO_PASSWORD

from .test_staff_and_portal import log_in


def _watch_csp(page: Any) -> list[str]:
    violations: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def test_no_page_violates_the_content_security_policy(
    page, live_server, demo_data, artifacts
) -> None:
    violations = _watch_csp(page)
    base = live_server.url
    town = demo_data.agencies["KQZ"]
    for path in ("/", f"/agencies/{town.code}/guide/", "/staff/login/", "/nope/"):
        page.goto(base + path)
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/admin/")
    for path in (
        "/admin/",
        f"/admin/agencies/agency/{town.pk}/change/",
        "/admin/agencies/membership/add/",
        "/admin/calendars/holidayschedule/add/",
        "/admin/core/auditevent/",
        "/staff/",
        "/staff/audit/",
        "/staff/2fa/",
    ):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
    # the admin's own scripts work: adding a row to an inline formset
    page.goto(f"{base}/admin/calendars/holidayschedule/add/")
    rows = page.locator("tr.form-row.dynamic-days").count()
    page.screenshot(path=str(artifacts / "admin-inline.png"), full_page=True)
    page.get_by_text("添加另一个").click()
    assert page.locator("tr.form-row.dynamic-days").count() == rows + 1
    assert violations == []


def _code(secret: str, offset: int = 0) -> str:
    return f"{totp(b32decode(secret), drift=offset):06d}"


def test_set_up_and_use_the_second_factor(page, live_server, demo_data, artifacts) -> None:
    base = live_server.url
    log_in(page, base, "kqz_admin")
    page.get_by_role("link", name="账号安全").first.click()
    page.get_by_role("button", name="设置双因素认证").click()
    assert page.locator("figure.otp-qr svg").is_visible()
    secret = page.locator("code.otp-secret").inner_text().replace(" ", "")
    page.screenshot(path=str(artifacts / "two-factor-setup.png"), full_page=True)
    page.get_by_label("动态验证码").fill(_code(secret))
    page.get_by_role("button", name="完成设置").click()
    assert "双因素认证已启用" in page.inner_text("main")
    page.get_by_role("button", name="退出（kqz_admin）").click()

    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("kqz_admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/2fa/verify/**")
    assert page.get_by_role("heading", level=1).inner_text() == "双因素认证"
    page.screenshot(path=str(artifacts / "two-factor-verify.png"), full_page=True)
    page.get_by_label("动态验证码").fill(_code(secret, 1))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{base}/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"


def test_error_and_lockout_pages(page, live_server, demo_data, artifacts) -> None:
    base = live_server.url
    response = page.goto(f"{base}/no/such/page/")
    assert response is not None and response.status == 404
    assert "portal" in page.locator("body").get_attribute("class")
    page.screenshot(path=str(artifacts / "404-public.png"))
    response = page.goto(f"{base}/staff/no/such/page/")
    assert response is not None and response.status == 404
    assert "staff" in page.locator("body").get_attribute("class")
    page.screenshot(path=str(artifacts / "404-staff.png"))
    for _ in range(5):
        page.goto(f"{base}/staff/login/")
        page.get_by_label("用户名").fill("kqz_registrar")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
    assert page.get_by_role("heading", level=1).inner_text() == "登录已暂时锁定"
    page.screenshot(path=str(artifacts / "lockout.png"))
    response = page.goto(f"{base}/staff/logout/")
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "您已退出登录"
