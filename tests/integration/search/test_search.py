"""The search selector and its index: publish → found, withdraw → gone, filters, the check."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.catalogue import search, services
from gongkai.catalogue.models import Record
from gongkai.catalogue.services import RecordData

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(make_record: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def do(**kw: Any) -> Record:
        with django_capture_on_commit_callbacks(execute=True):
            return make_record("published", **kw)

    return do


def test_two_character_words_single_characters_and_document_numbers(publish: Any) -> None:
    subsidy = publish(
        title="关于发放2024年低保补贴的通知",
        document_no="岢曲政发〔2024〕3号",
        body_html="<p>各村：现将城乡低保户补贴发放工作通知如下。</p>",
    )
    relocation = publish(title="房屋拆迁补偿方案", body_html="<p>镇政府召开会议。</p>")
    assert search.search_records("低保").ids == [subsidy.pk]
    assert search.search_records("补贴").count == 1
    assert search.search_records("拆迁").ids == [relocation.pk]
    assert search.search_records("镇").ids == [relocation.pk]
    assert search.search_records("岢曲政发〔2024〕3号").ids == [subsidy.pk]
    assert search.search_records(subsidy.index_no).ids == [subsidy.pk]
    assert search.search_records("低保 拆迁").count == 0
    assert search.search_records("，。").count == 0
    assert search.search_records("").count == 2


def test_title_ranks_first_and_date_sort(publish: Any) -> None:
    in_body = publish(title="工作会议", body_html="<p>会议研究了补贴发放。</p>")
    in_title = publish(title="补贴发放公告", body_html="<p>见附件。</p>")
    assert search.search_records("补贴").ids == [in_title.pk, in_body.pk]
    Record.objects.filter(pk=in_body.pk).update(published_on=date(2030, 1, 1))
    search.index_records([in_body.pk])
    assert search.search_records("补贴", sort="date").ids == [in_body.pk, in_title.pk]
    page = search.search_records("补贴", offset=1, limit=1)
    assert (page.count, page.ids) == (2, [in_body.pk])
    with pytest.raises(ValueError):
        search.search_records("补贴", sort="nonsense")


def test_filters_agency_category_with_sub_categories_and_year(publish: Any, town: Any) -> None:
    news = publish(code="gzdt", title="补贴工作动态")
    policy = publish(code="qtwj", title="补贴政策文件")
    other = publish(code="gzdt", title="补贴会议", agency=town.other)
    assert search.search_records("补贴", agency_code=town.agency.code).count == 2
    assert search.search_records("补贴", agency_code=town.other.code).ids == [other.pk]
    assert search.search_records("补贴", category="zcwj").ids == [policy.pk]  # parent of qtwj
    year = news.published_on.year
    assert search.search_records("补贴", year=year).count == 3
    assert search.search_records("补贴", year=year - 1).count == 0


def test_withdrawn_and_drafts_are_never_found(
    publish: Any, make_record: Any, town: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = publish(title="补贴发放公告")
    make_record("draft", title="补贴草稿")
    make_record("review", title="补贴待审")
    assert search.search_records("补贴").ids == [record.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(
            actor=town.publisher, record=record, version=record.version, reason="信息有误"
        )
    assert search.search_records("补贴").count == 0


def test_a_change_after_publication_is_searchable(
    publish: Any, town: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = publish(title="会议通知")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_update(
            actor=town.publisher,
            record=record,
            version=record.version,
            data=RecordData(
                category=record.category, title="拆迁会议通知", written_on=record.written_on
            ),
            note="更正标题",
        )
    assert search.search_records("拆迁").ids == [record.pk]
    assert search.check().ok


def test_check_finds_and_repair_fixes_differences(publish: Any) -> None:
    a = publish(title="补贴一")
    b = publish(title="补贴二")
    assert search.check().ok
    search.backend().update([], remove=[a.pk])  # lost update
    Record.objects.filter(pk=b.pk).update(version=99)  # changed behind the index's back
    result = search.check()
    assert (result.missing, result.stale, result.extra) == ([a.pk], [b.pk], [])
    assert search.repair(result) == 2
    assert search.check().ok
    Record.objects.filter(pk=a.pk).update(status="withdrawn")
    assert search.check().extra == [a.pk]


def test_reindex_rebuilds_from_the_database(publish: Any) -> None:
    a = publish(title="补贴一")
    search.backend().clear()
    assert search.search_records("补贴").count == 0
    assert search.reindex() == 1
    assert search.search_records("补贴").ids == [a.pk]


@pytest.mark.django_db(transaction=True)
def test_database_task_backend_indexes_when_the_worker_runs(
    make_record: Any, settings: Any
) -> None:
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    record = make_record("published", title="补贴发放公告")
    assert search.search_records("补贴").count == 0  # queued, not yet done
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert search.search_records("补贴").ids == [record.pk]


def test_reindex_command(publish: Any, capsys: Any) -> None:
    from gongkai.catalogue.search.cli import reindex_main

    publish(title="补贴一")
    assert reindex_main(["--check"]) == 0
    search.backend().clear()
    assert reindex_main(["--check"]) == 1
    assert "缺失 1" in capsys.readouterr().out
    assert reindex_main(["--quiet", "--jobs", "1"]) == 0
    assert "1 条" in capsys.readouterr().out
    assert reindex_main(["--check"]) == 0


def test_extracted_attachment_text_is_a_new_version_the_check_sees(
    publish: Any, town: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalogue.sample_files import pdf_bytes
    from gongkai.catalogue.tasks import attachment_extract_text

    record = publish(title="公示")
    pdf = pdf_bytes("公示", ["本次共发放秸秆禁烧补助资金。"])
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(
            actor=town.publisher,
            record=record,
            version=record.version,
            upload=SimpleUploadedFile("公示.pdf", pdf),
            name="公示.pdf",
        )
    assert search.search_records("秸秆").ids == [record.pk]
    assert search.check().ok
    # text read again (a better extractor) while the index kept the old entry
    version = Record.objects.get(pk=record.pk).version
    type(attachment).objects.filter(pk=attachment.pk).update(text="")
    attachment_extract_text.call(attachment.pk)  # without telling the index
    assert Record.objects.get(pk=record.pk).version == version + 1
    assert search.check().stale == [record.pk]


def test_any_word_finds_records_with_one_of_the_words(publish: Any, town: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    both = publish(title="宅基地审批和房屋拆迁", body_html="<p>补偿标准。</p>")
    one = publish(title="宅基地审批结果公示")
    publish(title="低保补贴发放")
    assert search.search_records("宅基地 拆迁").ids == [both.pk]
    page = search.search_records("宅基地 拆迁", any_word=True)
    assert (page.count, page.ids) == (2, [both.pk, one.pk])
    assert search.search_records("宅基地 拆迁", any_word=True, sort="date").count == 2
    # the application form's suggestions: a description, not a query
    description = "我想申请公开本村宅基地的审批材料"
    assert search.search_records(description).count == 0
    response = Client().get(
        reverse("applications_public:apply_suggest", args=[town.agency.code]),
        {"q": description},
    )
    titles = {r["title"] for r in response.json()["results"]}
    assert {"宅基地审批和房屋拆迁", "宅基地审批结果公示"} <= titles
