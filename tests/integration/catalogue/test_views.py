"""The staff pages over HTTP: who sees what, who may act, and the pages themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.catalogue.models import Category, Record, RecordStatus

pytestmark = pytest.mark.django_db

SECRET = "绝密草稿标题XYZ"


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_accessible(content: bytes) -> None:
    doc = lxml_html.fromstring(content)
    assert doc.get("lang") == "zh-Hans"
    assert len(doc.xpath("//h1")) == 1
    labelled = set(doc.xpath("//label/@for"))
    for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled, lxml_html.tostring(control)


# --- every page: anonymous → login, outsiders → 404/403, never the data --------------------


def _record_urls(record: Record) -> list[tuple[str, str]]:
    pk = record.pk
    return [
        ("get", reverse("catalogue:record_detail", args=[pk])),
        ("get", reverse("catalogue:record_edit", args=[pk])),
        ("post", reverse("catalogue:record_edit", args=[pk])),
        ("post", reverse("catalogue:record_step", args=[pk, "submit"])),
        ("post", reverse("catalogue:record_step", args=[pk, "delete"])),
        ("post", reverse("catalogue:attachment_upload", args=[pk])),
        ("post", reverse("catalogue:relation_add", args=[pk])),
    ]


def test_anonymous_is_sent_to_login_everywhere(make_record) -> None:
    record = make_record("draft", title=SECRET)
    urls = [
        ("get", reverse(f"catalogue:{n}"))
        for n in (
            "index",
            "record_list",
            "review_queue",
            "category_list",
            "record_create",
            "record_import",
        )
    ]
    urls += [("get", reverse("catalogue:record_export", args=["csv"]))]
    for method, url in urls + _record_urls(record):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/staff/login/" in response.url, url
    assert Record.objects.get(pk=record.pk).version == record.version


def test_another_agency_gets_404_and_no_data(make_record, town) -> None:
    record = make_record("draft", title=SECRET)
    client = client_for(town.outsider)
    for method, url in _record_urls(record):
        response = getattr(client, method)(url, {"version": record.version, "reason": "x"})
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
    for name in ("index", "record_list"):
        response = client.get(reverse(f"catalogue:{name}"))
        assert response.status_code == 200 and SECRET not in response.content.decode()
    export = client.get(reverse("catalogue:record_export", args=["csv"]))
    assert SECRET not in b"".join(export.streaming_content).decode("utf-8-sig")
    assert Record.objects.get(pk=record.pk).status == RecordStatus.DRAFT


def test_account_without_membership_gets_403(make_record, town) -> None:
    make_record("draft", title=SECRET)
    client = client_for(town.nobody)
    for name in (
        "index",
        "record_list",
        "review_queue",
        "category_list",
        "record_create",
        "record_import",
    ):
        response = client.get(reverse(f"catalogue:{name}"))
        assert response.status_code == 403, name
        assert SECRET not in response.content.decode()


def test_roles_decide_who_acts(make_record, town) -> None:
    draft = make_record("draft", title=SECRET)
    review = make_record("review")
    published = make_record("published")
    # a registrar reads (VIEW) but may not edit, submit, review or withdraw
    registrar = client_for(town.registrar)
    assert registrar.get(reverse("catalogue:record_detail", args=[draft.pk])).status_code == 200
    assert registrar.get(reverse("catalogue:record_edit", args=[draft.pk])).status_code == 403
    assert (
        registrar.post(
            reverse("catalogue:record_step", args=[draft.pk, "submit"]), {"version": draft.version}
        ).status_code
        == 403
    )
    assert registrar.get(reverse("catalogue:record_create")).status_code == 403
    # a publisher may not approve (条例第十七条: the reviewer does)
    publisher = client_for(town.publisher)
    response = publisher.post(
        reverse("catalogue:record_step", args=[review.pk, "approve"]), {"version": review.version}
    )
    assert response.status_code == 403
    assert Record.objects.get(pk=review.pk).status == RecordStatus.REVIEW
    # a reviewer may not withdraw nor edit a published record
    reviewer = client_for(town.reviewer)
    response = reviewer.post(
        reverse("catalogue:record_step", args=[published.pk, "withdraw"]),
        {"version": published.version, "reason": "x"},
    )
    assert response.status_code == 403
    assert reviewer.get(reverse("catalogue:record_edit", args=[published.pk])).status_code == 403
    # a handler drafts but may not change what is published
    handler = client_for(town.handler)
    assert handler.get(reverse("catalogue:record_edit", args=[draft.pk])).status_code == 200
    assert handler.get(reverse("catalogue:record_edit", args=[published.pk])).status_code == 403
    assert Record.objects.get(pk=published.pk).status == RecordStatus.PUBLISHED


def test_supervisor_reads_but_never_acts(make_record, town) -> None:
    draft = make_record("draft", title=SECRET)
    review = make_record("review")
    client = client_for(town.supervisor)
    detail = client.get(reverse("catalogue:record_detail", args=[draft.pk]))
    assert detail.status_code == 200 and SECRET in detail.content.decode()
    assert reverse("catalogue:record_edit", args=[draft.pk]) not in detail.content.decode()
    assert client.get(reverse("catalogue:record_edit", args=[draft.pk])).status_code == 403
    response = client.post(
        reverse("catalogue:record_step", args=[review.pk, "approve"]), {"version": review.version}
    )
    assert response.status_code == 403
    assert Record.objects.get(pk=review.pk).status == RecordStatus.REVIEW
    # the county's own review queue does not list the town's records
    queue = client.get(reverse("catalogue:review_queue"))
    assert queue.status_code == 200 and review.title not in queue.content.decode()


def test_staff_pages_render_and_are_accessible(make_record, town) -> None:
    make_record("published")
    record = make_record("draft", title=SECRET)
    client = client_for(town.publisher)
    for url in (
        reverse("catalogue:index"),
        reverse("catalogue:record_list"),
        reverse("catalogue:record_create"),
        reverse("catalogue:record_detail", args=[record.pk]),
        reverse("catalogue:record_edit", args=[record.pk]),
        reverse("catalogue:category_list"),
        reverse("catalogue:record_import"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_accessible(response.content)
    admin = client_for(town.admin)
    for url in (
        reverse("catalogue:category_create"),
        reverse("catalogue:category_setting", args=[category_of("jc-fwzs").pk]),
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert_accessible(response.content)
        assert b'for=""' not in response.content
    reviewer = client_for(town.reviewer)
    queue = reviewer.get(reverse("catalogue:review_queue"))
    assert queue.status_code == 200
    assert_accessible(queue.content)
    staff_base = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("catalogue:index") in staff_base


# --- the workflow through the pages --------------------------------------------------------


def test_draft_submit_return_fix_approve_withdraw(
    town, search_calls, django_capture_on_commit_callbacks
) -> None:
    publisher, reviewer = client_for(town.publisher), client_for(town.reviewer)
    gzdt = Category.objects.get(code="gzdt", agency__isnull=True)
    form = {
        "category": gzdt.pk,
        "title": "岢曲镇开展秸秆禁烧巡查",
        "body_html": "<p>镇政府组织巡查。</p><script>alert(1)</script>",
        "written_on": "2024-05-06",
        "validity": "",
    }
    preview = publisher.post(reverse("catalogue:record_create"), {**form, "preview": "1"})
    assert preview.status_code == 200 and "预览" in preview.content.decode()
    assert (
        "<script>" not in preview.content.decode().split("preview-body")[1].split("</article>")[0]
    )
    assert Record.objects.count() == 0
    created = publisher.post(reverse("catalogue:record_create"), {**form, "save": "1"})
    assert created.status_code == 302
    record = Record.objects.get()
    assert "<script" not in record.body_html and record.body_text == "镇政府组织巡查。"
    assert record.publisher == town.agency.name and record.created_by == town.publisher
    submit = publisher.post(
        reverse("catalogue:record_step", args=[record.pk, "submit"]), {"version": record.version}
    )
    assert submit.status_code == 302
    record.refresh_from_db()
    queue = reviewer.get(reverse("catalogue:review_queue")).content.decode()
    assert record.title in queue
    # sending back needs a reason
    empty = reviewer.post(
        reverse("catalogue:record_step", args=[record.pk, "return"]),
        {"version": record.version, "reason": ""},
        follow=True,
    )
    assert "请填写理由" in empty.content.decode()
    reviewer.post(
        reverse("catalogue:record_step", args=[record.pk, "return"]),
        {"version": record.version, "reason": "请补充巡查时间"},
    )
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT
    detail = publisher.get(reverse("catalogue:record_detail", args=[record.pk])).content.decode()
    assert "请补充巡查时间" in detail
    edit = publisher.post(
        reverse("catalogue:record_edit", args=[record.pk]),
        {**form, "body_html": "5月6日，镇政府组织巡查。", "version": record.version, "save": "1"},
    )
    assert edit.status_code == 302
    record.refresh_from_db()
    publisher.post(
        reverse("catalogue:record_step", args=[record.pk, "submit"]), {"version": record.version}
    )
    record.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        approve = reviewer.post(
            reverse("catalogue:record_step", args=[record.pk, "approve"]),
            {"version": record.version, "note": "同意公开"},
        )
    assert approve.status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED and record.index_no.startswith("TWN-GZDT-")
    assert search_calls == [record.pk]
    page = publisher.get(reverse("catalogue:record_detail", args=[record.pk])).content.decode()
    assert record.index_no in page and "已发布" in page
    assert "修改项：正文" in page
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(
            reverse("catalogue:record_step", args=[record.pk, "withdraw"]),
            {"version": record.version, "reason": "内容重复"},
        )
    record.refresh_from_db()
    assert record.status == RecordStatus.WITHDRAWN and record.withdrawn_reason == "内容重复"
    assert search_calls == [record.pk, record.pk]
    kinds = list(record.events.values_list("kind", flat=True))
    assert kinds == [
        "created",
        "submitted",
        "returned",
        "edited",
        "submitted",
        "approved",
        "withdrawn",
    ]


def test_stale_form_is_refused_with_a_message(make_record, town) -> None:
    record = make_record("review")
    reviewer = client_for(town.reviewer)
    reviewer.post(
        reverse("catalogue:record_step", args=[record.pk, "return"]),
        {"version": record.version, "reason": "改"},
    )
    response = reviewer.post(
        reverse("catalogue:record_step", args=[record.pk, "approve"]),
        {"version": record.version},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode() or "不能执行" in response.content.decode()
    assert Record.objects.get(pk=record.pk).status == RecordStatus.DRAFT


def test_published_change_needs_a_note(make_record, town) -> None:
    record = make_record("published")
    client = client_for(town.publisher)
    url = reverse("catalogue:record_edit", args=[record.pk])
    data = {
        "category": record.category_id,
        "title": "更正后的标题",
        "written_on": record.written_on.isoformat(),
        "version": record.version,
        "save": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "变更说明" in response.content.decode()
    assert client.post(url, {**data, "note": "更正错别字"}).status_code == 302
    assert Record.objects.get(pk=record.pk).title == "更正后的标题"


# --- lists: filters and a constant number of queries ---------------------------------------


def test_list_filters_and_query_count(make_record, town) -> None:
    for i in range(3):
        make_record("published", title=f"已发布{i}")
    make_record("draft", title="草稿甲")
    client = client_for(town.publisher)
    url = reverse("catalogue:record_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        make_record("published", title=f"更多{i}", code="qtwj" if i % 2 else "gzdt")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    drafts = client.get(url, {"status": "draft"}).content.decode()
    assert "草稿甲" in drafts and "已发布0" not in drafts
    qtwj = Category.objects.get(code="qtwj", agency__isnull=True)
    by_category = client.get(url, {"category": qtwj.pk}).content.decode()
    assert "更多1" in by_category and "更多0" not in by_category
    assert "共 16 条" in response.content.decode()


def test_dashboard_counts_and_late_list(make_record, town) -> None:
    from datetime import date

    from gongkai.catalogue import services

    late = make_record("review", title="迟到的信息", written_on=date(2020, 1, 2))
    services.record_approve(actor=town.reviewer, record=late, version=late.version)
    make_record("draft")
    make_record("review")
    client = client_for(town.publisher)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("catalogue:index")).content.decode()
    assert len(queries) < 15
    doc = lxml_html.fromstring(page)
    figures = [el.text_content().strip() for el in doc.xpath("//span[@class='stat-figure']")]
    assert figures == ["1", "1", "1", "1"]
    assert "迟到的信息" in page
    late_list = client.get(reverse("catalogue:record_list"), {"late": "on"}).content.decode()
    assert "迟到的信息" in late_list


def test_relations_and_draft_deletion_through_the_pages(make_record, town) -> None:
    from gongkai.catalogue.models import RecordRelation

    policy = make_record("draft", code="gfxwj", title="岢曲镇某管理办法")
    reading = make_record("draft", code="zcjd", title="《岢曲镇某管理办法》解读")
    client = client_for(town.publisher)
    response = client.post(
        reverse("catalogue:relation_add", args=[policy.pk]),
        {"kind": "interpretation", "target": reading.pk, "version": policy.version},
    )
    assert response.status_code == 302
    relation = RecordRelation.objects.get()
    page = client.get(reverse("catalogue:record_detail", args=[reading.pk])).content.decode()
    assert "解读的文件" in page and "岢曲镇某管理办法" in page
    other = make_record("draft", agency=town.other, title="他机关信息")
    refused = client.post(
        reverse("catalogue:relation_add", args=[policy.pk]),
        {"kind": "related", "target": other.pk, "version": policy.version + 1},
        follow=True,
    )
    assert "请选择关联信息" in refused.content.decode()  # not offered: another agency's record
    policy.refresh_from_db()
    assert (
        client_for(town.outsider)
        .post(reverse("catalogue:relation_delete", args=[relation.pk]), {"version": policy.version})
        .status_code
        == 404
    )
    client.post(
        reverse("catalogue:relation_delete", args=[relation.pk]), {"version": policy.version}
    )
    assert not RecordRelation.objects.exists()
    reading.refresh_from_db()
    response = client.post(
        reverse("catalogue:record_step", args=[reading.pk, "delete"]), {"version": reading.version}
    )
    assert response.status_code == 302 and not Record.objects.filter(pk=reading.pk).exists()


def test_navigation_marks_only_the_current_section(town) -> None:
    page = client_for(town.publisher).get(reverse("catalogue:index")).content.decode()
    doc = lxml_html.fromstring(page)
    current = [a.text_content() for a in doc.xpath("//nav[@class='site-nav']//a[@aria-current]")]
    assert current == ["主动公开"]


def test_every_url_refuses_anonymous_and_other_agencies(
    make_record, town, django_capture_on_commit_callbacks
) -> None:
    """One table of every catalogue URL: anonymous → login; another agency → 404 for its
    objects and nothing of them in the answer; a member without the role → 403 on actions."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalogue import services
    from gongkai.catalogue.models import RecordRelation
    from gongkai.catalogue.sample_files import pdf_bytes

    record = make_record("draft", title=SECRET)
    other = make_record("draft", code="zcjd", title=SECRET + "解读")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(
            actor=town.publisher,
            record=record,
            version=record.version,
            upload=SimpleUploadedFile("机密.pdf", pdf_bytes(SECRET, ["正文"])),
            name="机密.pdf",
        )
    record.refresh_from_db()
    relation = services.relation_add(
        actor=town.publisher, record=record, version=record.version, target=other, kind="related"
    )
    own = services.category_create(
        actor=town.admin,
        agency=town.agency,
        parent=category_of("gzdt"),
        name=SECRET + "栏目",
        code="secret",
    )
    object_urls = [
        ("get", reverse("catalogue:record_detail", args=[record.pk])),
        ("get", reverse("catalogue:record_edit", args=[record.pk])),
        ("post", reverse("catalogue:record_step", args=[record.pk, "submit"])),
        ("post", reverse("catalogue:attachment_upload", args=[record.pk])),
        ("get", reverse("catalogue:attachment_download", args=[attachment.pk])),
        ("post", reverse("catalogue:attachment_delete", args=[attachment.pk])),
        ("post", reverse("catalogue:relation_add", args=[record.pk])),
        ("post", reverse("catalogue:relation_delete", args=[relation.pk])),
        ("get", reverse("catalogue:category_edit", args=[own.pk])),
        ("post", reverse("catalogue:category_delete", args=[own.pk])),
    ]
    page_urls = [
        ("get", reverse(f"catalogue:{name}"))
        for name in (
            "index",
            "record_list",
            "record_create",
            "review_queue",
            "category_list",
            "record_import",
        )
    ] + [
        ("get", reverse("catalogue:record_export", args=["xlsx"])),
        ("get", reverse("catalogue:import_template", args=["csv"])),
        ("get", reverse("catalogue:category_setting", args=[category_of("jc-fwzs").pk])),
    ]
    for method, url in object_urls + page_urls:
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/staff/login/" in response.url, url
    outsider = client_for(town.outsider)
    for method, url in object_urls:
        response = getattr(outsider, method)(url, {"version": record.version})
        assert response.status_code == 404, url
        assert SECRET.encode() not in response.content
    registrar = client_for(town.registrar)  # a member of the town without a catalogue role
    for method, url in object_urls[1:4] + object_urls[5:]:
        response = getattr(registrar, method)(url, {"version": record.version})
        assert response.status_code == 403, url
        assert SECRET.encode() not in response.content
    record.refresh_from_db()
    assert record.status == "draft" and record.attachments.count() == 1
    assert RecordRelation.objects.count() == 1 and Category.objects.filter(pk=own.pk).exists()


def category_of(code: str) -> Category:
    return Category.objects.get(code=code, agency__isnull=True)


@pytest.mark.parametrize("name", ["review_queue", "category_list", "index"])
def test_other_lists_do_not_grow_with_records(make_record, town, name) -> None:
    client = client_for(town.reviewer)
    make_record("review")
    make_record("published")
    url = reverse(f"catalogue:{name}")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(10):
        make_record("review", title=f"待审{i}", code="qtwj" if i % 2 else "gzdt")
        make_record("published", title=f"已发布{i}", code="dwgk" if i % 2 else "gzdt")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), name
