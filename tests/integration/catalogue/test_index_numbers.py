"""索引号: format, stability, and no duplicates when reviewers publish at the same moment."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import close_old_connections, connection

from gongkai.catalogue import services
from gongkai.catalogue.models import IndexSequence, Record
from gongkai.catalogue.services import RecordData
from gongkai.catalogue.services.index_numbers import INDEX_NO_RE, format_index_no

from .conftest import category


def test_format() -> None:
    number = format_index_no(agency_code="KQZ", category_code="jc-shjz", year=2023, sequence=7)
    assert number == "KQZ-JC-SHJZ-2023-00007"
    match = INDEX_NO_RE.match(number)
    assert (
        match
        and match["agency"] == "KQZ"
        and match["category"] == "JC-SHJZ"
        and match["seq"] == "00007"
    )


@pytest.mark.django_db
def test_sequence_per_agency_category_and_year(town) -> None:
    def publish(code: str, day: date, agency=None) -> str:
        return services.record_migrate_published(
            actor=None,
            agency=agency or town.agency,
            data=RecordData(category=category(code), title="t", written_on=day),
            published_on=day,
        ).index_no

    assert publish("gzdt", date(2023, 3, 1)) == "TWN-GZDT-2023-00001"
    assert publish("gzdt", date(2023, 4, 1)) == "TWN-GZDT-2023-00002"
    assert publish("gzdt", date(2024, 1, 2)) == "TWN-GZDT-2024-00001"
    assert publish("dwgk", date(2023, 3, 1)) == "TWN-DWGK-2023-00001"
    assert publish("gzdt", date(2023, 3, 1), agency=town.other) == "DEP-GZDT-2023-00001"


@pytest.mark.django_db
def test_a_number_kept_from_an_old_site_is_skipped(town) -> None:
    services.record_migrate_published(
        actor=None,
        agency=town.agency,
        data=RecordData(category=category("gzdt"), title="旧站信息", written_on=date(2023, 1, 3)),
        published_on=date(2023, 1, 3),
        index_no="TWN-GZDT-2023-00001",
    )
    second = services.record_migrate_published(
        actor=None,
        agency=town.agency,
        data=RecordData(category=category("gzdt"), title="新信息", written_on=date(2023, 1, 4)),
        published_on=date(2023, 1, 4),
    )
    assert second.index_no == "TWN-GZDT-2023-00002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_gives_distinct_numbers(town, make_record, monkeypatch) -> None:
    if connection.vendor != "postgresql":
        print("\nskipping the concurrency test on SQLite (one database lock serialises writers)")
        pytest.skip("row locks are only exercised on PostgreSQL")
    records = [make_record("review", title=f"并发{i}") for i in range(8)]
    # widen the window between reading the sequence and writing it back
    from gongkai.catalogue.services import index_numbers

    def slow_format(**kwargs):
        time.sleep(0.05)
        return format_index_no(**kwargs)

    monkeypatch.setattr(index_numbers, "format_index_no", slow_format)
    barrier = threading.Barrier(len(records))
    errors: list[BaseException] = []

    def approve(record: Record) -> None:
        try:
            barrier.wait()
            services.record_approve(actor=town.reviewer, record=record, version=record.version)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in records]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(
        Record.objects.filter(pk__in=[r.pk for r in records]).values_list("index_no", flat=True)
    )
    year = numbers[0].split("-")[2]
    assert numbers == [f"TWN-GZDT-{year}-{i:05d}" for i in range(1, 9)]
    assert IndexSequence.objects.get(category_code="gzdt").last == 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_sequence_draws_never_repeat(town, monkeypatch) -> None:
    """The sequence row lock alone: eight transactions draw numbers at the same moment."""
    if connection.vendor != "postgresql":
        print("\nskipping the concurrency test on SQLite (one database lock serialises writers)")
        pytest.skip("row locks are only exercised on PostgreSQL")
    from django.db import transaction

    from gongkai.catalogue.services import index_numbers

    # the row exists already (the common case: not the first number of the year)
    IndexSequence.objects.create(agency=town.agency, category_code="gzdt", year=2024, last=0)

    def slow_format(**kwargs):
        time.sleep(0.05)
        return format_index_no(**kwargs)

    monkeypatch.setattr(index_numbers, "format_index_no", slow_format)
    barrier = threading.Barrier(8)
    drawn: list[str] = []

    def draw() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                drawn.append(
                    index_numbers.index_no_next(
                        agency_id=town.agency.pk, agency_code="TWN", category_code="gzdt", year=2024
                    )
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(drawn) == [f"TWN-GZDT-2024-{i:05d}" for i in range(1, 9)]
