"""Access cases of the applications' back-office pages: see tests/integration/url_access.py.

Every page needs a role that works on applications (登记员, 承办人, 审核人) in the application's
agency or above it (supervisors read); another agency's application answers 404; acting needs
the workflow table's permission in the application's own agency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.integration.url_access import (
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    AccessCase,
    Target,
    World,
)

NAME = "访问测试申请人李四"
PERSON = {
    "applicant_kind": "natural_person",
    "applicant_type": "natural_person",
    "applicant_name": NAME,
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "description": "访问测试：本镇2024年低保名单",
    "form_wanted": "electronic",
    "delivery_method": "online",
}


def _app(world: World, **kw: Any) -> Any:
    from gongkai.applications import services

    registrar = world.make_member(world.agency, "registrar")
    app, _code = services.application_create(
        actor=registrar,
        agency=world.agency,
        data=dict(PERSON),
        channel="in_person",
        received_on=date.today(),
    )
    return app


def _unchanged(app: Any) -> Any:
    from gongkai.applications.models import Application

    before = (app.stage, app.version)

    def check() -> bool:
        now = Application.objects.get(pk=app.pk)
        return (now.stage, now.version) == before

    return check


def _detail(world: World) -> Target:
    return Target({"pk": _app(world).pk}, secret=NAME)


def _list(world: World) -> Target:
    _app(world)
    return Target(secret=NAME)


def _act(world: World) -> Target:
    app = _app(world)
    return Target(
        {"pk": app.pk, "action": "register"},
        data={"version": app.version},
        unchanged=_unchanged(app),
    )


def _document(world: World) -> Target:
    from django.core.files.base import ContentFile

    from gongkai.applications import services

    app = _app(world)
    doc = services.attach_document(
        application=app, kind="other", file=ContentFile(NAME.encode(), name="note.txt")
    )
    return Target({"pk": app.pk, "doc_pk": doc.pk}, secret="")


def _publish(world: World) -> Target:
    app = _app(world)
    return Target({"pk": app.pk}, data={"category": 1, "title": "x"}, unchanged=_unchanged(app))


def _create_post(world: World) -> Target:
    from gongkai.applications.models import Application

    def unchanged() -> bool:
        return not Application.objects.filter(agency=world.agency).exists()

    return Target(
        data={**PERSON, "channel": "in_person", "received_on": date.today().isoformat()},
        unchanged=unchanged,
    )


CASES = [
    # another agency's staff see their own (empty) dashboard and lists, never this agency's
    AccessCase("applications:index", owner_roles=("handler",), other_agency=OK_WITHOUT_SECRET),
    AccessCase(
        "applications:list",
        build=_list,
        owner_roles=("handler",),
        other_agency=OK_WITHOUT_SECRET,
    ),
    AccessCase(
        "applications:export",
        build=_list,
        owner_roles=("handler",),
        other_agency=OK_WITHOUT_SECRET,
    ),
    AccessCase("applications:several", owner_roles=("reviewer",), other_agency=OK_WITHOUT_SECRET),
    # registration is always into the member's own agency
    AccessCase("applications:create", owner_roles=("registrar",), other_agency=OK_WITHOUT_SECRET),
    AccessCase(
        "applications:create",
        method="POST",
        build=_create_post,
        owner_roles=("registrar",),
        other_agency=OK,  # creates in the member's own agency; this agency stays unchanged
        note="post",
    ),
    AccessCase("applications:detail", build=_detail, owner_roles=("handler",)),
    AccessCase(
        "applications:act",
        method="POST",
        build=_act,
        owner_roles=("registrar",),
        other_agency=NOT_FOUND,
    ),
    AccessCase(
        "applications:document",
        build=_document,
        owner_roles=("handler",),
        other_agency=NOT_FOUND,
    ),
    AccessCase(
        "applications:publish",
        method="POST",
        build=_publish,
        owner_roles=("handler",),
        other_agency=NOT_FOUND,
        owner=OK,
    ),
]
