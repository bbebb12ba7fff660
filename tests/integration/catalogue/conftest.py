"""Fixtures of the catalogue tests: a town with one account per role, records in every state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from gongkai.agencies.models import Role


@pytest.fixture(autouse=True)
def _media_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def search_calls(monkeypatch: Any) -> list[int]:
    """Every ``search.record_changed`` call (the portal's index is not under test here)."""
    calls: list[int] = []
    from gongkai.catalogue import search

    monkeypatch.setattr(search, "record_changed", calls.append)
    return calls


@dataclass
class Town:
    agency: Any
    county: Any
    other: Any  # a department of the county: another agency
    publisher: Any
    reviewer: Any
    handler: Any
    registrar: Any  # no catalogue role
    admin: Any
    supervisor: Any  # county reviewer: reads the town, acts on nothing
    outsider: Any  # publisher+reviewer of another agency
    nobody: Any  # an account without membership


@pytest.fixture
def town(hierarchy: Any, make_staff: Callable[..., Any], django_user_model: Any) -> Town:
    from gongkai.catalogue.categories import standard_categories_sync

    # a transactional test before this one may have flushed the tree loaded by migration 0002
    standard_categories_sync()
    return Town(
        agency=hierarchy.town,
        county=hierarchy.county,
        other=hierarchy.dept,
        publisher=make_staff("pub", hierarchy.town, Role.PUBLISHER),
        reviewer=make_staff("rev", hierarchy.town, Role.REVIEWER),
        handler=make_staff("hdl", hierarchy.town, Role.HANDLER),
        registrar=make_staff("reg", hierarchy.town, Role.REGISTRAR),
        admin=make_staff("adm", hierarchy.town, Role.ADMIN),
        supervisor=make_staff("sup", hierarchy.county, Role.REVIEWER, Role.PUBLISHER),
        outsider=make_staff("out", hierarchy.dept, Role.PUBLISHER, Role.REVIEWER),
        nobody=django_user_model.objects.create_user("nobody", password="x-y-z-12345"),
    )


def category(code: str) -> Any:
    from gongkai.catalogue.models import Category

    return Category.objects.get(code=code, agency__isnull=True)


def record_data(code: str = "gzdt", **kw: Any) -> Any:
    from gongkai.catalogue.services import RecordData

    values: dict[str, Any] = {
        "category": category(code),
        "title": "岢曲镇召开安全生产工作会议",
        "written_on": date(2024, 3, 1),
        "body_html": "<p>会议部署了近期安全生产工作。</p>",
    }
    values.update(kw)
    return RecordData(**values)


@pytest.fixture
def make_record(town: Town) -> Callable[..., Any]:
    """make_record(status="draft", code="gzdt", agency=None, **fields) through the services."""
    from gongkai.catalogue import services

    def make(status: str = "draft", code: str = "gzdt", agency: Any = None, **kw: Any) -> Any:
        agency = agency or town.agency
        record = services.record_create(
            actor=town.publisher, agency=agency, data=record_data(code, **kw)
        )
        if status == "draft":
            return record
        record = services.record_submit(actor=town.publisher, record=record, version=record.version)
        if status == "review":
            return record
        record = services.record_approve(actor=town.reviewer, record=record, version=record.version)
        if status == "published":
            return record
        record = services.record_withdraw(
            actor=town.publisher, record=record, version=record.version, reason="信息有误"
        )
        assert status == "withdrawn", status
        return record

    return make
