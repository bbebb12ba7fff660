"""Fixtures of the applications tests: a town with one account per role and a helper that
files applications through the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from gongkai.agencies.models import Role

PERSON = {
    "applicant_kind": "natural_person",
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "zhangsan@example.com",
    "address": "测试镇幸福路1号",
    "description": "2024年本镇宅基地审批结果",
    "form_wanted": "electronic",
    "delivery_method": "email",
}


@pytest.fixture(autouse=True)
def _media_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Office:
    agency: Any
    county: Any
    other: Any
    registrar: Any
    handler: Any
    reviewer: Any
    publisher: Any
    supervisor: Any
    outsider: Any


@pytest.fixture
def office(hierarchy: Any, make_staff: Callable[..., Any]) -> Office:
    return Office(
        agency=hierarchy.town,
        county=hierarchy.county,
        other=hierarchy.other_county,
        registrar=make_staff("reg", hierarchy.town, Role.REGISTRAR),
        handler=make_staff("hdl", hierarchy.town, Role.HANDLER),
        reviewer=make_staff("rev", hierarchy.town, Role.REVIEWER),
        publisher=make_staff("pub", hierarchy.town, Role.PUBLISHER),
        supervisor=make_staff("sup", hierarchy.county, Role.REVIEWER),
        outsider=make_staff(
            "out", hierarchy.other_county, Role.REGISTRAR, Role.HANDLER, Role.REVIEWER
        ),
    )


@pytest.fixture
def file_application(office: Office) -> Callable[..., Any]:
    """file_application(received_on=date, **data) -> Application (当面提交, by the registrar)"""
    from gongkai.applications import services

    def make(received_on: date | None = None, channel: str = "in_person", **data: Any) -> Any:
        app, _code = services.application_create(
            actor=office.registrar,
            agency=office.agency,
            data={**PERSON, **data},
            channel=channel,
            received_on=received_on,
        )
        return app

    return make
