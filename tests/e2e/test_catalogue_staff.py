"""The publishing workflow in the browser (条例第十七条): a publisher drafts and submits, a
reviewer sends it back with a reason, the publisher fixes and resubmits, the reviewer approves,
the record is published with its 索引号, then withdrawn with a reason."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.demo import DEMO_PASSWORD


@pytest.fixture
def categories(transactional_db: None) -> None:
    from gongkai.catalogue.categories import standard_categories_sync

    standard_categories_sync()  # a flush by an earlier transactional test removes migration data


def log_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")
    return page


def test_draft_review_return_fix_approve_withdraw(
    browser, live_server, demo_data, categories, artifacts
) -> None:
    base = live_server.url
    publisher = log_in(browser, base, "kqz_publisher")
    publisher.get_by_role("link", name="主动公开").first.click()
    assert publisher.get_by_role("heading", level=1).inner_text() == "主动公开"
    publisher.get_by_role("link", name="新建信息").first.click()
    publisher.get_by_label("栏目").select_option(label="工作动态")
    publisher.get_by_label("标题").fill("岢曲镇开展冬季消防安全检查")
    publisher.get_by_label("正文").fill(
        "镇政府组织安全生产办公室对辖区企业开展消防安全检查。\n共检查企业12家。"
    )
    publisher.get_by_label("成文日期").fill("2026-11-02")
    publisher.get_by_role("button", name="预览").click()
    preview = publisher.locator("section.preview")
    assert "共检查企业12家。" in preview.inner_text()
    publisher.screenshot(path=str(artifacts / "catalogue-form-preview.png"), full_page=True)
    publisher.get_by_role("button", name="保存草稿").click()
    assert publisher.get_by_role("heading", level=1).inner_text() == "岢曲镇开展冬季消防安全检查"
    assert "草稿" in publisher.locator(".status").first.inner_text()
    publisher.get_by_role("button", name="提交保密审查").click()
    assert "待审查" in publisher.locator(".status").first.inner_text()
    record_url = publisher.url

    reviewer = log_in(browser, base, "kqz_reviewer")
    reviewer.goto(f"{base}/staff/catalogue/review/")
    reviewer.screenshot(path=str(artifacts / "catalogue-review-queue.png"), full_page=True)
    reviewer.get_by_role("link", name="岢曲镇开展冬季消防安全检查").click()
    reviewer.get_by_label("退回理由").fill("请写明检查发现的问题和整改要求。")
    reviewer.get_by_role("button", name="退回修改").click()
    assert "草稿" in reviewer.locator(".status").first.inner_text()

    publisher.goto(record_url)
    assert "请写明检查发现的问题和整改要求。" in publisher.inner_text("main")
    publisher.screenshot(path=str(artifacts / "catalogue-returned.png"), full_page=True)
    publisher.get_by_role("link", name="修改", exact=True).click()
    publisher.get_by_label("正文").fill(
        "镇政府组织安全生产办公室对辖区企业开展消防安全检查。\n共检查企业12家，发现隐患5处，已当场整改3处，其余限期一周整改。"
    )
    publisher.get_by_role("button", name="保存草稿").click()
    publisher.get_by_role("button", name="提交保密审查").click()
    assert "待审查" in publisher.locator(".status").first.inner_text()

    reviewer.goto(record_url)
    reviewer.get_by_label("审查意见（可选）").fill("同意公开。")
    reviewer.get_by_role("button", name="审查通过并发布").click()
    assert "已发布" in reviewer.locator(".status").first.inner_text()
    facts = reviewer.locator("dl.facts").first.inner_text()
    match = re.search(r"KQZ-GZDT-\d{4}-\d{5}", facts)
    assert match, facts
    index_no = match.group(0)
    reviewer.screenshot(path=str(artifacts / "catalogue-published.png"), full_page=True)
    assert (
        reviewer.get_by_role("button", name="撤回").count() == 0
    )  # the reviewer does not withdraw

    publisher.goto(record_url)
    publisher.get_by_label("撤回理由").fill("检查结果以县应急管理局通报为准。")
    publisher.get_by_role("button", name="撤回").click()
    assert "已撤回" in publisher.locator(".status").first.inner_text()
    main = publisher.inner_text("main")
    assert "检查结果以县应急管理局通报为准。" in main and index_no in main
    timeline = publisher.locator("ol.timeline").inner_text()
    for step in ("创建草稿", "提交保密审查", "退回修改", "修改", "审查通过并发布", "撤回"):
        assert step in timeline
    publisher.screenshot(path=str(artifacts / "catalogue-withdrawn.png"), full_page=True)
    publisher.goto(f"{base}/staff/catalogue/")
    publisher.screenshot(path=str(artifacts / "catalogue-dashboard.png"), full_page=True)
    publisher.context.close()
    reviewer.context.close()
