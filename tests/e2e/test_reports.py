"""The annual report in the browser: a 审核人 of 岢曲镇 opens the 2024 report, sees the figure
the checks flag (行政许可 not entered), enters it, publishes; the public page shows the report;
the county office sees the roll-up with the town's report published. Screenshots are kept in
test-results/e2e/."""

from __future__ import annotations

from typing import Any

from gongkai.demo import DEMO_PASSWORD


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


def _unpublish_with_a_blank_figure(demo_data: Any) -> None:
    """The demo publishes the 2024 report; here it is a draft whose 行政许可 was not entered."""
    from gongkai.demo import run_hooks
    from gongkai.reports.models import AnnualReport, ReportVersion

    run_hooks(demo_data)
    report = AnnualReport.objects.get(agency__code="KQZ", year=2024)
    ReportVersion.objects.filter(report=report).delete()
    AnnualReport.objects.filter(pk=report.pk).update(licensing=None)


def test_fix_flagged_figure_publish_and_county_rollup(
    browser: Any, live_server: Any, demo_data: Any, artifacts: Any
) -> None:
    _unpublish_with_a_blank_figure(demo_data)
    base = live_server.url
    staff = log_in(browser, base, "kqz_reviewer")
    staff.get_by_role("link", name="年度报告").first.click()
    staff.get_by_role("link", name="岢曲镇人民政府2024年政府信息公开工作年度报告").first.click()
    assert "2024年政府信息公开工作年度报告" in staff.get_by_role("heading", level=1).inner_text()
    flagged = staff.locator(".finding-error", has_text="行政许可")
    assert flagged.count() >= 1
    assert staff.locator("#publish-form").count() == 0
    staff.screenshot(path=str(artifacts / "reports-flagged.png"), full_page=True)

    staff.get_by_label("行政许可 本年处理决定数量").fill("2")
    staff.get_by_role("button", name="保存数字").click()
    assert "数字已保存" in staff.locator(".messages").inner_text()
    assert staff.locator(".finding-error", has_text="行政许可").count() == 0
    # any warning still open is acknowledged with a note
    while staff.locator(".ack-form").count():
        form = staff.locator(".ack-form").first
        form.get_by_label("确认说明").fill("已核实")
        form.get_by_role("button", name="确认").click()
    staff.get_by_role("button", name="发布到公开年报栏目").click()
    assert "已发布（第1版）" in staff.locator(".messages").inner_text()
    staff.screenshot(path=str(artifacts / "reports-published.png"), full_page=True)

    staff.get_by_role("link", name="公开页面").first.click()
    assert "发布日期" in staff.locator("main").inner_text()
    assert staff.locator("table.annual-table").count() == 3
    staff.screenshot(path=str(artifacts / "reports-public-page.png"), full_page=True)

    county = log_in(browser, base, "nxx_supervisor")
    county.goto(f"{base}/staff/reports/county/?year=2024")
    row = county.locator("#status-table tr", has_text="岢曲镇人民政府")
    assert "已发布" in row.inner_text()
    county.get_by_role("button", name="检查全部草稿").click()
    resources = county.locator("#status-table tr", has_text="内乡县自然资源局")
    assert "有错误" in resources.inner_text()
    assert county.locator("svg.chart").count() >= 2
    county.screenshot(path=str(artifacts / "reports-county-rollup.png"), full_page=True)
