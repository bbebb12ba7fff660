"""The catalogue's demo: the seed town's 165 records of 2023, documents with real files, the
seed report in the 年报 column; idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gongkai import demo
from gongkai.catalogue import selectors
from gongkai.catalogue.models import Attachment, Record, RecordRelation, RecordStatus, TextStatus
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SEED_JSON = Path(__file__).resolve().parents[2] / "data" / "annual" / "checks" / "seed.json"


@pytest.fixture
def built(capsys):
    assert demo.demo_main([]) == 0
    out = capsys.readouterr().out
    assert "主动公开演示信息" in out
    from gongkai.agencies.models import Agency

    return {a.code: a for a in Agency.objects.all()}


def test_the_seed_towns_2023_figures(built) -> None:
    figures = selectors.annual_active_figures(agency=built["KQZ"], year=2023)
    assert figures.by_category == {"单位概况": 1, "机构设置": 1, "单位职责": 1, "工作动态": 162}
    assert figures.total == 165
    assert figures.rules == (0, 0, 0) and figures.normative_documents == (0, 0, 0)
    news = Record.objects.filter(
        agency=built["KQZ"], category__code="gzdt", published_on__year=2023
    )
    assert news.count() == 162 and news.values("title").distinct().count() == 162
    assert all(r.is_demo and "演示数据" in r.body_text for r in news)
    assert news.filter(publish_workdays__gt=20).count() == 3


def test_the_annual_report_record_reads_back_as_the_seed(built) -> None:
    from gongkai.annual.readers import read_bytes

    record = Record.objects.get(agency=built["KQZ"], category__code="ndbg")
    assert record.status == RecordStatus.PUBLISHED and record.index_no == "KQZ-NDBG-2024-00001"
    assert "<table" in record.body_html and "165" in record.body_text
    attachment = record.attachments.get()
    assert attachment.name.endswith(".docx") and attachment.text_status == TextStatus.DONE
    report = read_bytes(attachment.file.read(), attachment.name)
    expected = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    assert report.agency == "岢曲镇人民政府" and report.year == 2023
    assert report.active.rules == expected["active"]["rules"]
    assert report.applications["new"] == expected["applications"]["new"]


def test_policies_with_files_and_interpretations(built) -> None:
    import pypdfium2 as pdfium

    policy = Record.objects.get(document_no="内政〔2024〕9号")
    assert policy.validity == "valid" and policy.category.code == "gfxwj"
    pdf = policy.attachments.get()
    assert pdf.content_type == "application/pdf" and "宅基地" in pdf.text
    assert len(pdfium.PdfDocument(pdf.file.read())) >= 1
    labels = [i.label for i in selectors.relations_for_record(record=policy)]
    assert sorted(labels) == ["修订前的文件", "政策解读"]
    old = Record.objects.get(document_no="内政〔2019〕12号")
    assert old.validity == "abolished"
    assert selectors.annual_active_figures(agency=built["NXX"], year=2024).normative_documents == (
        1,
        1,
        2,
    )
    assert Attachment.objects.filter(text_status=TextStatus.DONE).count() >= 6
    assert RecordRelation.objects.count() == 3
    for code in ("NXZRZYJ", "NXSCJGJ"):
        assert selectors.record_list_public(agency=built[code]).exists()


def test_the_workflow_can_be_tried_at_once(built) -> None:
    from django.contrib.auth.models import User

    reviewer = User.objects.get(username="kqz_reviewer")
    queue = list(selectors.review_queue_for_user(user=reviewer))
    assert len(queue) == 1 and "低保" in queue[0].title
    client = Client()
    client.force_login(User.objects.get(username="kqz_publisher"))
    page = client.get(reverse("catalogue:record_detail", args=[queue[0].pk])).content.decode()
    assert "演示数据" in page


def test_demo_is_idempotent(built, capsys) -> None:
    before = (Record.objects.count(), Attachment.objects.count(), AuditEvent.objects.count())
    assert demo.demo_main([]) == 0
    assert "已存在" in capsys.readouterr().out
    assert (
        Record.objects.count(),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
    ) == before
