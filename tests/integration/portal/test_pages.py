"""The public portal: pages, filters, search, feeds, sitemap and the JSON API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from gongkai.catalogue import search
from gongkai.catalogue.models import Category, Record

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def text(response: Any) -> str:
    return response.content.decode()


def test_guide_is_structured_with_headings(town: Any, client: Client) -> None:
    from gongkai.agencies import services

    services.agency_update(
        actor=None,
        agency=town.agency,
        data={
            "guide": "前言。\n一、主动公开\n（一）公开范围。本机关主动公开……\n二、依申请公开\n正文"
        },
    )
    page = text(client.get(f"/agencies/{town.agency.code}/guide/"))
    assert '<h2 id="section-1">一、主动公开</h2>' in page
    assert "<h3>（一）公开范围</h3>" in page
    assert '<a href="#section-2">二、依申请公开</a>' in page


def test_agency_landing_has_columns_contact_and_supervision_phone(
    town: Any, client: Client
) -> None:
    from gongkai.agencies import services

    services.agency_update(
        actor=None, agency=town.agency, data={"supervision_phone": "0377-65320099"}
    )
    page = text(client.get(f"/agencies/{town.agency.code}/"))
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in page
    assert "0377-65320099" in page and "监督电话" in page
    county = text(client.get(f"/agencies/{town.county.code}/"))
    assert town.agency.name in county  # the county lists the agencies under it


def test_catalogue_tree_and_areas_that_do_not_apply(
    town: Any, publish: Any, client: Client
) -> None:
    from gongkai.catalogue.services import category_setting_set

    publish(code="gzdt", title="动态一")
    area = Category.objects.filter(kind="area", agency__isnull=True).first()
    assert area is not None
    category_setting_set(
        actor=town.admin, agency=town.agency, category=area, applicable=False, reason="本镇无此事项"
    )
    page = text(client.get(f"/agencies/{town.agency.code}/catalogue/"))
    assert '工作动态</a> <span class="count">（1）</span>' in page
    assert "未涉及领域事项说明" in page and "本镇无此事项" in page
    assert "category=ndbg" not in page and "category=gkzd" not in page  # columns of their own


def test_reports_column_lists_annual_report_records(
    town: Any, publish: Any, client: Client
) -> None:
    publish(code="ndbg", title="岢曲镇2023年政府信息公开工作年度报告")
    page = text(client.get(f"/agencies/{town.agency.code}/reports/"))
    assert "2023年政府信息公开工作年度报告" in page


def test_record_list_filters_and_pages(town: Any, publish: Any, client: Client) -> None:
    from datetime import date

    for n in range(23):
        publish(code="gzdt", title=f"动态{n:02d}")
    policy = publish(code="qtwj", title="政策一", validity="valid")
    Record.objects.filter(pk=policy.pk).update(published_on=date(2020, 5, 1))
    search.index_records([policy.pk])
    page1 = text(client.get("/records/"))
    assert "共 24 条" in page1 and "第 1 页，共 2 页" in page1
    assert "动态00" not in page1 and "动态00" in text(client.get("/records/?page=2"))
    only_policies = text(client.get(f"/records/?agency={town.agency.code}&category=zcwj"))
    assert "共 1 条" in only_policies and "政策一" in only_policies
    assert "共 1 条" in text(client.get("/records/?year=2020"))
    assert "共 1 条" in text(client.get("/records/?validity=valid"))
    assert client.get("/records/?year=abc&page=zz").status_code == 200


def test_detail_shows_metadata_attachments_and_related(
    town: Any, make_record: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalogue import services
    from gongkai.catalogue.sample_files import pdf_bytes

    policy = make_record(
        "draft", code="qtwj", title="关于低保的办法", document_no="岢政〔2024〕1号"
    )
    services.attachment_add(
        actor=town.publisher,
        record=policy,
        version=policy.version,
        upload=SimpleUploadedFile("办法.pdf", pdf_bytes("办法", ["正文"]), "application/pdf"),
    )
    policy.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        policy = services.record_submit(actor=town.publisher, record=policy, version=policy.version)
        policy = services.record_approve(actor=town.reviewer, record=policy, version=policy.version)
        reading = make_record("published", code="zcjd", title="《关于低保的办法》解读")
    services.relation_add(
        actor=town.publisher,
        record=policy,
        version=policy.version,
        target=reading,
        kind="interpretation",
    )
    page = text(client.get(f"/records/{policy.pk}/"))
    assert policy.index_no in page and "岢政〔2024〕1号" in page
    assert "办法.pdf" in page and "《关于低保的办法》解读" in page
    attachment = policy.attachments.get()
    download = client.get(f"/records/{policy.pk}/attachments/{attachment.pk}/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/records/{reading.pk}/attachments/{attachment.pk}/").status_code == 404


def test_search_page_highlights_counts_and_filters(town: Any, publish: Any, client: Client) -> None:
    publish(title="关于发放低保补贴的通知", body_html="<p>低保户按月领取补贴。</p>")
    publish(title="拆迁公告", agency=town.other)
    page = text(client.get("/search/?q=低保"))
    assert "找到 1 条信息" in page and "<mark>低保</mark>" in page
    assert "找到 1 条信息" in text(client.get(f"/search/?q=拆迁&agency={town.other.code}"))
    assert "找到 0 条信息" in text(client.get(f"/search/?q=拆迁&agency={town.agency.code}"))
    assert "找到" not in text(client.get("/search/"))


def test_api_records_shape_paging_and_errors(town: Any, publish: Any, client: Client) -> None:
    for n in range(21):
        publish(title=f"补贴通知{n}", document_no=f"岢政〔2024〕{n}号")
    data = client.get("/api/v1/records", {"agency": town.agency.code}).json()
    assert data["count"] == 21 and len(data["results"]) == 20
    assert data["next"].endswith("page=2")
    item = data["results"][0]
    assert set(item) == {
        "index_no",
        "title",
        "agency",
        "category",
        "document_no",
        "written_on",
        "published_on",
        "url",
    }
    assert item["agency"] == town.agency.code and item["url"].startswith("http")
    page2 = client.get(data["next"]).json()
    assert len(page2["results"]) == 1 and page2["next"] is None
    found = client.get("/api/v1/records", {"q": "补贴", "sort": "date"}).json()
    assert found["count"] == 21
    for bad in ({"sort": "x"}, {"year": "abc"}, {"page": "0"}, {"agency": "NOSUCH"}):
        response = client.get("/api/v1/records", bad)
        assert response.status_code == 400 and "error" in response.json()


def test_openapi_is_committed_and_current(client: Client) -> None:
    from gongkai.api.schema import openapi_schema

    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == openapi_schema(), "regenerate docs/openapi.json (see README, API)"
    served = client.get("/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.") and "/records" in served["paths"]


def test_atom_feed_per_agency_and_category(town: Any, publish: Any, client: Client) -> None:
    publish(code="gzdt", title="动态一")
    publish(code="qtwj", title="文件一")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(client.get(f"/feeds/{town.agency.code}/").content)
    assert len(feed.findall("a:entry", ns)) == 2
    only = ElementTree.fromstring(client.get(f"/feeds/{town.agency.code}/gzdt/").content)
    assert [e.findtext("a:title", namespaces=ns) for e in only.findall("a:entry", ns)] == ["动态一"]
    assert client.get(f"/feeds/{town.agency.code}/nosuch/").status_code == 404


def test_sitemap_lists_published_records(town: Any, publish: Any, client: Client) -> None:
    record = publish(title="动态一")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(f"/records/{record.pk}/") for loc in locs)
    assert any(loc.endswith(f"/agencies/{town.agency.code}/guide/") for loc in locs)


def test_font_size_switch_sets_a_cookie_and_stays_on_the_site(client: Client) -> None:
    response = client.get("/font-size/", {"size": "large", "next": "/records/"})
    assert response.status_code == 302 and response["Location"] == "/records/"
    assert client.cookies["fontsize"].value == "large"
    assert 'class="portal font-large"' in text(client.get("/"))
    away = client.get("/font-size/", {"size": "large", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_list_page_query_count_does_not_grow(
    publish: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        publish(title=f"动态{n}")
    with django_assert_max_num_queries(12):
        client.get("/records/")
    for n in range(10):
        publish(title=f"更多动态{n}")
    with django_assert_max_num_queries(12):
        client.get("/records/")


def test_every_page_type_has_one_h1_landmarks_and_labelled_controls(
    town: Any, publish: Any, client: Client
) -> None:
    from tests.integration.agencies.test_views import assert_page_is_accessible

    record = publish(title="补贴发放通知")
    code = town.agency.code
    for path in (
        "/",
        f"/agencies/{code}/",
        f"/agencies/{code}/guide/",
        f"/agencies/{code}/rules/",
        f"/agencies/{code}/catalogue/",
        f"/agencies/{code}/policies/",
        f"/agencies/{code}/reports/",
        f"/agencies/{code}/apply/",
        "/records/",
        f"/records/{record.pk}/",
        "/search/",
        "/search/?q=补贴",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_page_is_accessible(response.content)


def test_filter_choices_are_cached_and_follow_category_changes(
    settings: Any, town: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    from gongkai.catalogue.services.categories import category_create

    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the page is rendered each time, not kept
    url = f"/search/?q=补贴&agency={town.agency.code}"
    assert "村级公益事业" not in text(client.get(url))
    # the agencies and the category tree are not read again: the agency, two years, the rows
    with django_assert_max_num_queries(4):
        client.get(url)
    parent = Category.objects.get(agency__isnull=True, code="gzdt")
    category_create(
        actor=town.admin, agency=town.agency, parent=parent, name="村级公益事业", code="cjgy"
    )
    assert '<option value="cjgy">' in text(client.get(url)).replace("\u3000", "")


def test_record_rows_escape_and_show_validity_demo_agency_and_date(town: Any, publish: Any) -> None:
    from django.template.loader import render_to_string

    from gongkai.portal import selectors

    record = publish(code="qtwj", title='<script>alert("x")</script>政策', validity="valid")
    rows = render_to_string(
        "portal/_records.html",
        {"records": selectors.records_by_ids([record.pk]), "show_agency": True},
    )
    assert "<script>" not in rows and "&lt;script&gt;alert(&quot;x&quot;)" in rows
    assert f'href="/records/{record.pk}/"' in rows
    assert '<span class="validity validity-valid">现行有效</span>' in rows
    assert town.agency.name in rows
    day = record.published_on.isoformat()
    assert f'<time datetime="{day}">{day}</time>' in rows
    assert "暂无信息。" in render_to_string("portal/_records.html", {"records": []})
