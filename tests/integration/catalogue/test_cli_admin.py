"""``gongkai catalogue …`` and the read-only admin."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from gongkai.catalogue import services
from gongkai.catalogue.cli import catalogue_main
from gongkai.catalogue.models import Category, Record
from gongkai.catalogue.services import RecordData

from .conftest import category

pytestmark = pytest.mark.django_db


def test_figures(town, capsys) -> None:
    for code in ("dwgk", "gzdt", "gzdt"):
        services.record_migrate_published(
            actor=None,
            agency=town.agency,
            data=RecordData(category=category(code), title="t", written_on=date(2023, 5, 4)),
            published_on=date(2023, 5, 5),
        )
    assert catalogue_main(["figures", "--agency", "TWN", "--year", "2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 3 and data["by_category"] == {"单位概况": 1, "工作动态": 2}
    assert data["normative_documents"] == [0, 0, 0]
    assert catalogue_main(["figures", "--agency", "TWN", "--year", "2023"]) == 0
    assert "工作动态 2 条" in capsys.readouterr().out
    assert catalogue_main(["figures", "--agency", "NOPE", "--year", "2023"]) == 1
    assert "NOPE" in capsys.readouterr().err


def test_sync_and_recompute(town, capsys) -> None:
    Category.objects.filter(code="gzdt", agency__isnull=True).update(name="x")
    assert catalogue_main(["sync-categories"]) == 0
    assert "1 个栏目" in capsys.readouterr().out
    record = services.record_migrate_published(
        actor=None,
        agency=town.agency,
        data=RecordData(category=category("gzdt"), title="t", written_on=date(2024, 3, 1)),
        published_on=date(2024, 4, 8),
    )
    Record.objects.filter(pk=record.pk).update(publish_workdays=3)  # as if the calendar changed
    assert catalogue_main(["recompute-timeliness", "--agency", "TWN"]) == 0
    assert "1 条" in capsys.readouterr().out
    assert Record.objects.get(pk=record.pk).publish_workdays == 25


def test_admin_lists_are_read_only(make_record, django_user_model) -> None:
    record = make_record("published")
    admin = django_user_model.objects.create_superuser("root", password="x-y-z-12345")
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/catalogue/record/").status_code == 200
    assert client.get(f"/admin/catalogue/record/{record.pk}/change/").status_code == 200
    assert client.get("/admin/catalogue/record/add/").status_code == 403
    assert client.get("/admin/catalogue/category/").status_code == 200
