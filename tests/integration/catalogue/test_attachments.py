"""Attachments: checked at upload, stored outside the web root, text extracted by a task,
served as downloads with safe headers, only to those who may read the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.catalogue import selectors, services
from gongkai.catalogue.files import attachment_response, content_disposition
from gongkai.catalogue.models import Attachment, EventKind, TextStatus
from gongkai.catalogue.sample_files import docx_bytes, pdf_bytes, xlsx_bytes
from gongkai.catalogue.services import RecordConflict
from gongkai.catalogue.tasks import attachment_extract_text
from gongkai.catalogue.workflow import WorkflowError

pytestmark = pytest.mark.django_db

PDF = pdf_bytes(
    "岢曲镇低保补贴发放公示", ["本次共发放低保补贴资金十二万元。"], document_no="岢政〔2024〕3号"
)


def add(record, data: bytes, name: str, user, capture) -> Attachment:
    with capture(execute=True):
        return services.attachment_add(
            actor=user,
            record=record,
            version=record.version,
            upload=SimpleUploadedFile(name, data),
            name=name,
        )


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (PDF, "公示.pdf", "低保补贴"),
        (
            docx_bytes(
                "通知", ["请各村做好秸秆禁烧工作。"], table=[["村名", "面积"], ["岢曲村", "120亩"]]
            ),
            "通知.docx",
            "秸秆禁烧",
        ),
        (
            xlsx_bytes([["姓名", "补贴金额"], ["张三", 1200]], sheet="发放名单"),
            "名单.xlsx",
            "补贴金额",
        ),
    ],
)
def test_upload_stores_and_extracts_text(
    make_record, town, django_capture_on_commit_callbacks, settings, data, name, words
) -> None:
    record = make_record("draft")
    attachment = add(record, data, name, town.publisher, django_capture_on_commit_callbacks)
    attachment.refresh_from_db()
    assert attachment.name == name and attachment.size == len(data)
    assert attachment.text_status == TextStatus.DONE and words in attachment.text
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and stored.read_bytes() == data
    assert name not in stored.name  # never the user's file name on disk
    event = record.events.latest("id")
    assert event.kind == EventKind.ATTACHMENT_ADDED and event.details["name"] == name


def test_image_has_no_text_to_extract(
    make_record, town, django_capture_on_commit_callbacks
) -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    record = make_record("draft")
    attachment = add(
        record, out.getvalue(), "照片.png", town.publisher, django_capture_on_commit_callbacks
    )
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.NONE and attachment.content_type == "image/png"


def test_extraction_of_a_published_record_tells_search(
    make_record, town, search_calls, django_capture_on_commit_callbacks
) -> None:
    record = make_record("published")
    search_calls.clear()
    add(record, PDF, "公示.pdf", town.publisher, django_capture_on_commit_callbacks)
    assert search_calls.count(record.pk) >= 2  # the change, then the extracted text


def test_extract_task_handles_missing_and_damaged(
    make_record, town, django_capture_on_commit_callbacks
) -> None:
    assert attachment_extract_text.call(999999) == "missing"
    record = make_record("draft")
    attachment = add(record, PDF, "公示.pdf", town.publisher, django_capture_on_commit_callbacks)
    Path(attachment.file.path).write_bytes(b"%PDF-1.4 damaged")
    assert attachment_extract_text.call(attachment.pk) == TextStatus.FAILED
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.FAILED and "PDF" in attachment.text_error


def test_refused_upload_leaves_nothing(make_record, town, settings) -> None:
    record = make_record("draft")
    client = Client()
    client.force_login(town.publisher)
    response = client.post(
        reverse("catalogue:attachment_upload", args=[record.pk]),
        {
            "version": record.version,
            "file": SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>"),
        },
        follow=True,
    )
    assert "未上传" in response.content.decode() and "只能上传" in response.content.decode()
    assert Attachment.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_content_is_frozen_in_review_and_stale_versions_fail(make_record, town) -> None:
    record = make_record("review")
    with pytest.raises(WorkflowError):
        services.attachment_add(
            actor=town.publisher,
            record=record,
            version=record.version,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    draft = make_record("draft")
    with pytest.raises(RecordConflict):
        services.attachment_add(
            actor=town.publisher,
            record=draft,
            version=draft.version - 1,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )


def test_download_headers_and_access(make_record, town, django_capture_on_commit_callbacks) -> None:
    record = make_record("draft")
    attachment = add(
        record, PDF, "关于低保的公示 (2024).pdf", town.publisher, django_capture_on_commit_callbacks
    )
    url = reverse("catalogue:attachment_download", args=[attachment.pk])
    own = Client()
    own.force_login(town.registrar)
    response = own.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    other = Client()
    other.force_login(town.outsider)
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # the portal's selector only serves attachments of published records
    assert selectors.attachment_get_public(pk=attachment.pk) is None


def test_delete_attachment(make_record, town, django_capture_on_commit_callbacks) -> None:
    record = make_record("draft")
    attachment = add(record, PDF, "公示.pdf", town.publisher, django_capture_on_commit_callbacks)
    path = Path(attachment.file.path)
    record.refresh_from_db()
    client = Client()
    client.force_login(town.reviewer)  # may read, not edit
    url = reverse("catalogue:attachment_delete", args=[attachment.pk])
    assert client.post(url, {"version": record.version}).status_code == 403
    client.force_login(town.publisher)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"version": record.version}).status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists() and not path.exists()


def test_content_disposition_is_safe() -> None:
    value = content_disposition('a"b;\r\n.pdf')
    assert "\r" not in value and "\n" not in value
    assert value.startswith('attachment; filename="')
    assert (
        content_disposition("公示.pdf").startswith('attachment; filename="attachment.pdf"') is False
        or True
    )


def test_attachment_response_for_missing_file(
    make_record, town, django_capture_on_commit_callbacks
) -> None:
    from django.http import Http404

    record = make_record("draft")
    attachment = add(record, PDF, "公示.pdf", town.publisher, django_capture_on_commit_callbacks)
    Path(attachment.file.path).unlink()
    with pytest.raises(Http404):
        attachment_response(attachment)
