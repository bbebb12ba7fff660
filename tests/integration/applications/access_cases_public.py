"""Access cases of the public side of 依申请公开: see tests/integration/url_access.py.

The form and the look-up answer everybody alike (no login); the status page and the documents
answer only a visitor who has just proved to hold the 受理编号 and query code — none of the
audiences here has, so they are sent back to the look-up form or get a 404.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.base import ContentFile
from tests.integration.url_access import (
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    REDIRECT,
    AccessCase,
    Target,
    World,
)

PUBLIC = {"owner": OK, "anonymous": OK, "other_agency": OK, "no_role": OK}
NOWHERE = {
    "owner": NOT_FOUND,
    "anonymous": NOT_FOUND,
    "other_agency": NOT_FOUND,
    "no_role": NOT_FOUND,
}
SENT_BACK = {
    "owner": REDIRECT,
    "anonymous": REDIRECT,
    "other_agency": REDIRECT,
    "no_role": REDIRECT,
}


def _fresh(world: World) -> None:
    cache.clear()  # the rate limits count per address; every audience here is 127.0.0.1


def _form(world: World) -> Target:
    _fresh(world)
    return Target({"code": world.agency.code}, secret=world.agency.name)


def _count() -> int:
    from gongkai.applications.models import Application

    return Application.objects.count()


def _invalid_post(world: World) -> Target:
    _fresh(world)
    before = _count()
    return Target(
        {"code": world.agency.code},
        secret=world.agency.name,
        data={"applicant_kind": "natural_person", "description": "访问测试"},
        unchanged=lambda: _count() == before,
    )


def _application(world: World) -> object:
    from gongkai.applications import services

    application, _code = services.submit_online_application(
        agency=world.agency,
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "访问测试申请人",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "description": "访问测试所需信息",
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )
    return application


def _document(world: World) -> Target:
    from gongkai.applications import services

    _fresh(world)
    application = _application(world)
    document = services.attach_document(
        application=application,
        kind="reply",
        file=ContentFile(b"%PDF-1.4 access-test-secret", name="reply.pdf"),
        title="访问测试答复书",
        issued=True,
        content_type="application/pdf",
    )
    return Target({"pk": document.pk}, secret="access-test-secret")


def _track_post(world: World) -> Target:
    _fresh(world)
    application = _application(world)
    return Target(
        secret="访问测试所需信息",
        data={"tracking_no": application.tracking_no, "query_code": "WRONGCODE1"},
    )


CASES = [
    AccessCase("applications_public:apply", build=_form, **PUBLIC),
    AccessCase("applications_public:apply", build=_invalid_post, method="POST", **PUBLIC),
    AccessCase(
        "applications_public:apply",
        build=lambda w: Target({"code": "NOSUCH"}),
        note="unknown",
        **NOWHERE,
    ),
    AccessCase(
        "applications_public:apply_done",
        build=lambda w: Target({"code": w.agency.code}),
        **SENT_BACK,
    ),
    AccessCase(
        "applications_public:apply_suggest",
        build=lambda w: (_fresh(w), Target({"code": w.agency.code}, query="q=宅基地"))[1],
        **PUBLIC,
    ),
    AccessCase("applications_public:track", build=lambda w: (_fresh(w), Target())[1], **PUBLIC),
    # a wrong code: the form again, nothing of the application
    AccessCase(
        "applications_public:track",
        build=_track_post,
        method="POST",
        owner=OK_WITHOUT_SECRET,
        anonymous=OK_WITHOUT_SECRET,
        other_agency=OK_WITHOUT_SECRET,
        no_role=OK_WITHOUT_SECRET,
        note="wrong_code",
    ),
    AccessCase("applications_public:track_status", **SENT_BACK),
    AccessCase("applications_public:track_document", build=_document, **NOWHERE),
    AccessCase("applications_public:track_end", method="POST", **SENT_BACK),
]
