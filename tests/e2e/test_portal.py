"""The public portal in the browser: the category tree, search, a download, the feed, the
record's way from draft to the portal and back out, and axe-core on every public page type.

axe-core comes from the npm registry (``make e2e-deps``); it is evaluated through the browser's
devtools protocol, so the pages keep their Content-Security-Policy while it runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from gongkai.demo import DEMO_PASSWORD

AXE = Path(__file__).resolve().parent / ".deps" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def portal(settings: Any, transactional_db: None, demo_data: Any) -> Any:
    """The demo with its records (the catalogue's demo hook) and the search index built (the
    search hook); the index follows changes inline (no worker here)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = settings.GONGKAI_SEARCH_DIR.parent / "media"
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.demo import run_hooks

    standard_categories_sync()  # a flush by an earlier transactional test removes them
    run_hooks(demo_data)
    return demo_data


def test_browse_tree_search_download_and_feed(
    page: Any, live_server: Any, portal: Any, artifacts: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/")
    page.screenshot(path=str(artifacts / "portal-home.png"), full_page=True)
    page.get_by_role("link", name="岢曲镇人民政府", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "岢曲镇人民政府政府信息公开"
    page.get_by_role("navigation", name="岢曲镇人民政府政府信息公开栏目").get_by_role(
        "link", name="法定主动公开内容"
    ).click()
    assert "法定主动公开内容" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="工作动态", exact=True).click()
    assert "共 162 条" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "portal-list.png"), full_page=True)

    # search a two-character word from the home page and open the first result
    page.goto(f"{base}/")
    page.get_by_label("检索政府信息").fill("低保")
    page.get_by_role("button", name="检索").click()
    assert "找到" in page.get_by_role("status").inner_text()
    first = page.locator("ol.hits li h2 a").first
    assert "低保" in page.locator("ol.hits mark").first.inner_text()
    page.screenshot(path=str(artifacts / "portal-search.png"), full_page=True)
    title = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "索引号" in page.inner_text("table.meta-table")

    # a record with an attachment: download it
    from gongkai.catalogue.models import Attachment

    attachment = Attachment.objects.filter(record__status="published").order_by("pk").first()
    assert attachment is not None
    page.goto(f"{base}/records/{attachment.record_id}/")
    page.screenshot(path=str(artifacts / "portal-detail.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=attachment.name).click()
    download = download_info.value
    assert download.suggested_filename == attachment.name
    assert Path(download.path()).stat().st_size == attachment.size

    # the agency's Atom feed
    response = page.request.get(f"{base}/feeds/KQZ/")
    assert response.ok and "atom" in response.headers["content-type"]
    feed = ElementTree.fromstring(response.body())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 50


def _log_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")
    return page


def test_a_record_reaches_the_portal_and_search_and_leaves_them(
    browser: Any, page: Any, live_server: Any, portal: Any
) -> None:
    base = live_server.url
    title = "岢曲镇开展秸秆禁烧巡查"
    publisher = _log_in(browser, base, "kqz_publisher")
    publisher.goto(f"{base}/staff/catalogue/records/new/")
    publisher.get_by_label("栏目").select_option(label="工作动态")
    publisher.get_by_label("标题").fill(title)
    publisher.get_by_label("正文").fill("镇政府组织人员对辖区农田开展秸秆禁烧巡查。")
    publisher.get_by_label("成文日期").fill("2026-11-02")
    publisher.get_by_role("button", name="保存草稿").click()
    publisher.get_by_role("button", name="提交保密审查").click()
    record_url = publisher.url

    def visible() -> tuple[bool, bool]:
        page.goto(f"{base}/search/?q=秸秆禁烧")
        found = title in page.inner_text("main").replace("\n", "")
        page.goto(f"{base}/records/?agency=KQZ")
        listed = title in page.inner_text("main")
        return found, listed

    assert visible() == (False, False)  # in review: nowhere public

    reviewer = _log_in(browser, base, "kqz_reviewer")
    reviewer.goto(record_url)
    reviewer.get_by_label("退回理由").fill("请补充巡查发现的问题。")
    reviewer.get_by_role("button", name="退回修改").click()
    publisher.goto(record_url)
    publisher.get_by_role("link", name="修改", exact=True).click()
    publisher.get_by_label("正文").fill(
        "镇政府组织人员对辖区农田开展秸秆禁烧巡查，未发现焚烧现象。"
    )
    publisher.get_by_role("button", name="保存草稿").click()
    publisher.get_by_role("button", name="提交保密审查").click()
    assert visible() == (False, False)

    reviewer.goto(record_url)
    reviewer.get_by_role("button", name="审查通过并发布").click()
    assert "已发布" in reviewer.locator(".status").first.inner_text()
    assert visible() == (True, True)
    page.goto(f"{base}/search/?q=秸秆")
    page.locator("ol.hits li h2 a").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title

    publisher.goto(record_url)
    publisher.get_by_label("撤回理由").fill("巡查结果以县通报为准。")
    publisher.get_by_role("button", name="撤回").click()
    assert "已撤回" in publisher.locator(".status").first.inner_text()
    assert visible() == (False, False)
    publisher.context.close()
    reviewer.context.close()


def _axe(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in result if v.get("impact") in ("serious", "critical")]


def test_axe_finds_no_serious_problems_on_any_public_page_type(
    page: Any, live_server: Any, portal: Any
) -> None:
    if not AXE.exists():
        if os.environ.get("GONGKAI_REQUIRE_E2E") == "1":
            pytest.fail("axe-core missing: run `make e2e-deps`")
        pytest.skip("axe-core missing: run `make e2e-deps`")
    from gongkai.catalogue.models import Attachment, Record

    base = live_server.url
    record = Record.objects.filter(status="published", agency__code="KQZ").order_by("pk").first()
    with_attachment = Attachment.objects.filter(record__status="published").first()
    assert record is not None and with_attachment is not None
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    paths = [
        "/",
        "/agencies/KQZ/",
        "/agencies/NXX/",
        "/agencies/KQZ/guide/",
        "/agencies/KQZ/rules/",
        "/agencies/KQZ/catalogue/",
        "/agencies/KQZ/policies/",
        "/agencies/KQZ/reports/",
        "/agencies/KQZ/apply/",
        "/records/",
        "/records/?agency=KQZ&category=gzdt&page=2",
        f"/records/{record.pk}/",
        f"/records/{with_attachment.record_id}/",
        "/search/",
        "/search/?q=低保",
        "/search/?q=没有这个词的检索",
    ]
    problems: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{base}{path}")
        found = _axe(page)
        if found:
            problems[path] = [f"{v['id']} ({v['impact']}): {v['help']}" for v in found]
    # the font-size switch works without JavaScript, and the large size passes too
    page.goto(f"{base}/font-size/?size=larger&next=/records/")
    assert "font-larger" in (page.get_attribute("body", "class") or "")
    if _axe(page):
        problems["/records/ (特大字号)"] = [v["id"] for v in _axe(page)]
    assert not problems, problems
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_many_agencies_make_the_agency_filter_a_text_field(
    page: Any, live_server: Any, portal: Any, settings: Any
) -> None:
    """Above PORTAL_AGENCY_SELECT_MAX agencies the 发布机关 is typed: part of one agency's name
    finds its records; part of several names offers them as links. axe-core on both pages."""
    if not AXE.exists():
        if os.environ.get("GONGKAI_REQUIRE_E2E") == "1":
            pytest.fail("axe-core missing: run `make e2e-deps`")
        pytest.skip("axe-core missing: run `make e2e-deps`")
    from gongkai.catalogue.models import Record

    settings.PORTAL_AGENCY_SELECT_MAX = 2  # the demo's four agencies are too many
    base = live_server.url
    town = Record.objects.filter(status="published", agency__code="KQZ").count()
    page.goto(f"{base}/records/")
    field = page.get_by_label("发布机关")
    assert field.evaluate("e => e.tagName") == "INPUT"
    assert page.locator("#id_agency_helptext").inner_text() == "输入机关名称或代码"
    field.fill("岢曲")
    page.get_by_role("button", name="筛选").click()
    assert page.get_by_label("发布机关").input_value() == "岢曲镇人民政府"
    assert f"共 {town} 条" in page.get_by_role("status").inner_text()
    shown = page.locator(".record-list .record-meta").all_inner_texts()
    assert shown and all(meta.startswith("岢曲镇人民政府") for meta in shown)
    problems = {"/records/?agency=岢曲": _axe(page)}

    page.get_by_label("发布机关").fill("内乡县")
    page.get_by_role("button", name="筛选").click()
    assert "有多个机关符合“内乡县”，请选择：" in page.inner_text("main")
    assert "以下结果未按发布机关筛选。" in page.inner_text("main")
    problems["/records/?agency=内乡县"] = _axe(page)
    page.get_by_role("link", name="内乡县自然资源局").click()
    assert page.get_by_label("发布机关").input_value() == "内乡县自然资源局"
    assert "有多个机关符合" not in page.inner_text("main")
    found = {
        k: [f"{v['id']} ({v['impact']}): {v['help']}" for v in vs] for k, vs in problems.items()
    }
    assert not any(found.values()), found
