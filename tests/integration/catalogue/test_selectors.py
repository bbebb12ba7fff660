"""The selectors other parts of the platform read (the portal, the annual report)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalogue import selectors, services
from gongkai.catalogue.models import Category, Record, RecordStatus
from gongkai.catalogue.services import RecordData

from .conftest import category

pytestmark = pytest.mark.django_db


def migrate(town, code: str, published_on: date, **kw) -> Record:
    values = {
        "category": category(code),
        "title": kw.pop("title", f"{code} {published_on}"),
        "written_on": kw.pop("written_on", published_on),
    }
    values.update(kw)
    return services.record_migrate_published(
        actor=None, agency=town.agency, data=RecordData(**values), published_on=published_on
    )


def test_record_list_public_only_published_newest_first(make_record, town) -> None:
    draft = make_record("draft")
    review = make_record("review")
    withdrawn = make_record("withdrawn")
    old = migrate(town, "gzdt", date(2023, 5, 1))
    new = migrate(town, "gzdt", date(2024, 2, 1))
    policy = migrate(town, "gfxwj", date(2024, 3, 1), validity="valid")
    listed = list(selectors.record_list_public(agency=town.agency))
    assert listed[0].published_on >= listed[-1].published_on
    ids = {r.pk for r in listed}
    assert {old.pk, new.pk, policy.pk} <= ids
    assert not ids & {draft.pk, review.pk, withdrawn.pk}
    assert [r.pk for r in selectors.record_list_public(agency=town.agency, year=2023)] == [old.pk]
    assert [r.pk for r in selectors.record_list_public(category=category("zcwj"))] == [policy.pk]
    assert [r.pk for r in selectors.record_list_public(validity="valid")] == [policy.pk]
    from gongkai.portal.selectors import record_page

    assert record_page(draft.pk) is None and record_page(withdrawn.pk) is None
    page = record_page(old.pk)
    assert page is not None and page.record.pk == old.pk and page.attachments == []
    with CaptureQueriesContext(connection) as queries:
        rows = list(selectors.record_list_public())
        _ = [(r.agency.name, r.category.name) for r in rows]
    assert len(queries) == 1


def test_category_includes_agency_sub_categories(town) -> None:
    own = services.category_create(
        actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务动态", code="cwdt"
    )
    record = services.record_migrate_published(
        actor=None,
        agency=town.agency,
        data=RecordData(category=own, title="岢曲村召开村民代表大会", written_on=date(2024, 1, 5)),
        published_on=date(2024, 1, 8),
    )
    assert [r.pk for r in selectors.record_list_public(category=category("gzdt"))] == [record.pk]
    assert record.index_no == "TWN-CWDT-2024-00001"


def test_category_tree_for_a_town(town) -> None:
    migrate(town, "gzdt", date(2024, 1, 3))
    migrate(town, "dwgk", date(2024, 1, 3))
    services.category_setting_set(
        actor=town.admin,
        agency=town.agency,
        category=category("jc-fwzs"),
        applicable=False,
        reason="本镇无国有土地上房屋征收事项",
    )
    with CaptureQueriesContext(connection) as queries:
        roots = selectors.category_tree_for_agency(agency=town.agency)
    assert len(queries) <= 3
    by_code = {n.code: n for root in roots for n in root.walk()}
    assert by_code["jgxx"].count == 1 and by_code["jgxx"].own_count == 0
    assert by_code["gzdt"].count == 1
    assert "zjdsh" in by_code  # 第二十一条第二款: a town's item
    assert "szjs" not in by_code  # 第二十一条第一款: counties and departments only
    assert by_code["jc-fwzs"].applicable is False and "房屋征收" in by_code["jc-fwzs"].reason
    assert [r.code for r in roots][:2] == ["jgxx", "zcwj"] and roots[-1].code == "ndbg"


def test_category_tree_for_a_department(town) -> None:
    roots = selectors.category_tree_for_agency(agency=town.other)
    codes = {n.code for root in roots for n in root.walk()}
    assert (
        "szjs" in codes
        and "zjdsh" not in codes
        and "jcbzml" not in codes
        and "jc-shjz" not in codes
    )


def test_annual_active_figures_reproduce_the_seed(town) -> None:
    for code, n in (("dwgk", 1), ("jgsz", 1), ("dwzz", 1), ("gzdt", 162)):
        for i in range(n):
            migrate(town, code, date(2023, 1 + i % 12, 1 + i % 28), title=f"{code}{i}")
    migrate(town, "gzdt", date(2022, 12, 30))  # another year
    migrate(town, "gzdt", date(2024, 1, 2))
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.annual_active_figures(agency=town.agency, year=2023)
    assert len(queries) <= 4
    assert figures.by_category == {"单位概况": 1, "机构设置": 1, "单位职责": 1, "工作动态": 162}
    assert list(figures.by_category) == ["单位概况", "机构设置", "单位职责", "工作动态"]
    assert figures.total == 165 and len(figures.total_ids) == 165
    assert figures.rules == (0, 0, 0) and figures.normative_documents == (0, 0, 0)
    assert figures.records(figures.by_category_ids["单位概况"]).get().category.code == "dwgk"


def test_normative_documents_issued_abolished_in_force(town) -> None:
    # in force since 2021, abolished in 2023
    a = migrate(
        town, "gfxwj", date(2021, 3, 10), validity="abolished", abolished_on=date(2023, 6, 1)
    )
    # issued in 2023 (written 2023-12-28, published 2024-01-05), valid
    b = migrate(town, "gfxwj", date(2024, 1, 5), written_on=date(2023, 12, 28), validity="valid")
    # issued in 2022, amended (still in force)
    c = migrate(town, "gfxwj", date(2022, 5, 1), validity="amended")
    # abolished in 2024: in force at the end of 2023
    d = migrate(
        town, "gfxwj", date(2020, 5, 1), validity="abolished", abolished_on=date(2024, 2, 1)
    )
    # withdrawn during 2023: does not count
    e = migrate(town, "gfxwj", date(2023, 2, 1), validity="valid")
    services.record_withdraw(actor=town.publisher, record=e, version=e.version, reason="发布有误")
    Record.objects.filter(pk=e.pk).update(
        withdrawn_at=datetime(2023, 8, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    # a 规章 (rules) issued in 2023
    f = migrate(town, "gz", date(2023, 4, 1), validity="valid")
    figures = selectors.annual_active_figures(agency=town.agency, year=2023)
    assert figures.normative_documents == (1, 1, 3)
    assert figures.normative_documents_ids == (
        [b.pk],
        [a.pk],
        sorted([b.pk, c.pk, d.pk], key=lambda pk: Record.objects.get(pk=pk).written_on),
    )
    assert figures.rules == (1, 0, 1) and figures.rules_ids[0] == [f.pk]


def test_later_withdrawal_does_not_change_a_past_year(town) -> None:
    record = migrate(town, "gzdt", date(2023, 6, 1))
    services.record_withdraw(
        actor=town.publisher, record=record, version=record.version, reason="过期"
    )
    stored = Record.objects.get(pk=record.pk)
    assert stored.withdrawn_at > datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    figures = selectors.annual_active_figures(agency=town.agency, year=2023)
    assert figures.by_category == {"工作动态": 1}
    assert record.pk not in [r.pk for r in selectors.record_list_public()]


def test_staff_selectors(make_record, town) -> None:
    make_record("review", title="待审1")
    make_record("review", title="待审2", agency=town.agency)
    queue = list(selectors.review_queue_for_user(user=town.reviewer))
    assert [r.title for r in queue] == ["待审1", "待审2"]
    assert list(selectors.review_queue_for_user(user=town.publisher)) == []
    assert list(selectors.review_queue_for_user(user=town.supervisor)) == []
    counts = selectors.dashboard_counts(user=town.supervisor)
    assert counts.in_review == 2  # the county reads the town's figures
    assert selectors.dashboard_counts(user=town.outsider).in_review == 0
    assert Record.objects.filter(status=RecordStatus.REVIEW).count() == 2


def test_relations_both_ways(town) -> None:
    policy = migrate(
        town, "gfxwj", date(2024, 3, 1), validity="valid", title="岢曲镇村规民约管理办法"
    )
    reading = migrate(town, "zcjd", date(2024, 3, 2), title="《岢曲镇村规民约管理办法》解读")
    services.relation_add(
        actor=town.publisher,
        record=policy,
        version=policy.version,
        target=reading,
        kind="interpretation",
    )
    assert [(i.label, i.record.pk) for i in selectors.relations_for_record(record=policy)] == [
        ("政策解读", reading.pk)
    ]
    assert [(i.label, i.record.pk) for i in selectors.relations_for_record(record=reading)] == [
        ("解读的文件", policy.pk)
    ]
    services.record_withdraw(
        actor=town.publisher,
        record=Record.objects.get(pk=reading.pk),
        version=Record.objects.get(pk=reading.pk).version,
        reason="重写",
    )
    assert selectors.relations_for_record(record=policy) == []
    assert len(selectors.relations_for_record(record=policy, public=False)) == 1
    assert Category.objects.get(code="zcjd", agency__isnull=True).name == "政策解读"
