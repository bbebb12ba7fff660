"""Table 三 from the platform's own applications: the identity 一 + 二 = 三（七） + 四 holds by
construction, checked by ``gongkai.annual`` on random histories of thousands of applications."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.checks import check
from gongkai.annual.format import APPLICANT_COLUMN_KEYS, OUTCOME_ROW_KEYS
from gongkai.annual.model import Report
from gongkai.applications import selectors
from gongkai.applications.models import Application, Stage

pytestmark = pytest.mark.django_db

_TYPES = APPLICANT_COLUMN_KEYS[:-1]


def _history(agencies: list[Any], n: int, seed: int) -> list[Application]:
    rng = random.Random(seed)
    start = date(2022, 6, 1)
    apps = []
    for i in range(n):
        agency = rng.choice(agencies)
        column = rng.choice(_TYPES)
        received = start + timedelta(days=rng.randrange(0, 1000))
        closed: date | None = None
        outcome = ""
        roll = rng.random()
        if roll < 0.75:
            closed = received + timedelta(days=rng.randrange(0, 80))
            outcome = rng.choice(OUTCOME_ROW_KEYS)
        elif roll < 0.8:
            received = None  # never confirmed (待确认) or discarded: not counted
        stage = (
            Stage.ARCHIVED if closed else (Stage.PENDING if received is None else Stage.HANDLING)
        )
        apps.append(
            Application(
                agency=agency,
                tracking_no=f"H{seed}-{i}",
                applicant_kind="natural_person" if column == "natural_person" else "organisation",
                applicant_type=column,
                applicant_name=f"申请人{i % 97}",
                id_type="resident_id",
                description="随机历史",
                form_wanted="electronic",
                delivery_method="online",
                channel="online",
                submitted_at=timezone.make_aware(
                    datetime.combine(received or start, datetime.min.time())
                ),
                received_on=received,
                closed_on=closed,
                outcome=outcome,
                stage=stage,
            )
        )
    Application.objects.bulk_create(apps, batch_size=1000)
    return apps


def _report(table: dict[str, list[int]], year: int) -> Report:
    report = Report(agency="测试", year=year)
    report.applications = {k: list(v) for k, v in table.items()}
    return report


def _table_findings(report: Report, previous: Report | None = None) -> list[Any]:
    return [f for f in check(report, previous=previous) if f.where.startswith("三")]


@settings(
    max_examples=6,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=10**6), n=st.integers(min_value=1000, max_value=3000)
)
def test_random_histories_pass_the_checks(hierarchy: Any, seed: int, n: int) -> None:
    Application.objects.all().delete()
    agencies = [hierarchy.town, hierarchy.dept, hierarchy.county]
    apps = _history(agencies, n, seed)
    ids = [a.pk for a in agencies]
    for year in (2022, 2023, 2024, 2025):
        tables = selectors.annual_applications_tables(year=year, agency_ids=ids)
        for agency_id in ids:
            report = _report(tables[agency_id], year)
            previous = _report(
                selectors.annual_applications_table(agency_ids=[agency_id], year=year - 1),
                year - 1,
            )
            assert _table_findings(report, previous) == []
        # the roll-up equals the sum of the agencies, and the cells drill down to the rows
        together = selectors.annual_applications_table(agency_ids=ids, year=year)
        assert together["new"][-1] == sum(
            1 for a in apps if a.received_on and a.received_on.year == year
        )
        closed = selectors.application_ids_for_cell(
            agency_ids=ids, year=year, row_key="total", column_key="total"
        )
        assert closed.count() == together["total"][-1]
        for row in ("granted", "carried_in", "carried_out"):
            for column in ("natural_person", "total"):
                cell = selectors.application_ids_for_cell(
                    agency_ids=ids, year=year, row_key=row, column_key=column
                )
                assert cell.count() == together[row][APPLICANT_COLUMN_KEYS.index(column)]


def test_an_asked_agency_without_applications_gets_zeros(hierarchy: Any) -> None:
    tables = selectors.annual_applications_tables(year=2024, agency_ids=[hierarchy.town.pk])
    assert tables[hierarchy.town.pk]["total"] == [0] * 7
