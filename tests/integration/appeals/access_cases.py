"""Access cases of the appeals pages: see tests/integration/url_access.py.

Reading needs VIEW; registering and changing a case needs APPEAL_EDIT (承办人, 管理员) in the
case's own agency; another agency's case answers 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.integration.url_access import (
    FORBIDDEN,
    OK,
    OK_WITHOUT_SECRET,
    AccessCase,
    Target,
    World,
)

BODY = "访问测试县人民法院"


def _case(world: World) -> Any:
    from gongkai.appeals import services

    return services.case_create(
        actor=None,
        agency=world.agency,
        data=services.CaseData(
            kind="litigation_direct",
            body=BODY,
            filed_on=date(2024, 5, 6),
            case_number="（2024）豫1325行初12号",
        ),
    )


def _unchanged(case: Any) -> Any:
    from gongkai.appeals.models import AppealCase

    before = (case.body, case.result, case.stages.count(), case.documents.count())

    def check() -> bool:
        now = AppealCase.objects.get(pk=case.pk)
        return (now.body, now.result, now.stages.count(), now.documents.count()) == before

    return check


def _list(world: World) -> Target:
    _case(world)
    return Target(secret=BODY)


def _detail(world: World) -> Target:
    return Target({"pk": _case(world).pk}, secret=BODY)


def _create_post(world: World) -> Target:
    from gongkai.appeals.models import AppealCase

    return Target(
        data={"kind": "reconsideration", "body": "被篡改", "filed_on": "2024-01-02"},
        unchanged=lambda: not AppealCase.objects.filter(agency=world.agency).exists(),
    )


def _edit_post(world: World) -> Target:
    case = _case(world)
    return Target(
        {"pk": case.pk},
        data={"kind": "litigation_direct", "body": "被篡改", "filed_on": "2024-05-06"},
        unchanged=_unchanged(case),
    )


def _stage_post(world: World) -> Target:
    case = _case(world)
    return Target(
        {"pk": case.pk}, data={"kind": "hearing", "on": "2024-06-01"}, unchanged=_unchanged(case)
    )


def _document_post(world: World) -> Target:
    from gongkai.catalogue.sample_files import pdf_bytes

    case = _case(world)
    return Target(
        {"pk": case.pk},
        data={"title": "判决书", "file": SimpleUploadedFile("a.pdf", pdf_bytes("判决书", ["x"]))},
        unchanged=_unchanged(case),
    )


def _document(world: World) -> Target:
    from gongkai.appeals import services
    from gongkai.catalogue.sample_files import pdf_bytes

    case = _case(world)
    document = services.document_add(
        actor=None,
        case=case,
        title="答辩状",
        upload=SimpleUploadedFile("a.pdf", pdf_bytes("答辩状", ["访问测试"])),
    )
    return Target({"pk": document.pk})


CASES = [
    AccessCase(
        "appeals:case_list", _list, owner_roles=("registrar",), other_agency=OK_WITHOUT_SECRET
    ),
    AccessCase("appeals:case_detail", _detail, owner_roles=("registrar",)),
    AccessCase("appeals:case_create", owner_roles=("handler",), other_agency=OK_WITHOUT_SECRET),
    AccessCase(
        "appeals:case_create",
        _create_post,
        method="POST",
        owner_roles=("handler",),
        other_agency=OK,
        note="other agency registers in its own agency only",
    ),
    AccessCase("appeals:case_edit", _detail, owner_roles=("admin",)),
    AccessCase("appeals:case_edit", _edit_post, method="POST", owner_roles=("handler",)),
    AccessCase("appeals:stage_add", _stage_post, method="POST", owner_roles=("handler",)),
    AccessCase("appeals:document_add", _document_post, method="POST", owner_roles=("handler",)),
    AccessCase("appeals:document_download", _document, owner_roles=("registrar",)),
]
# a member of the agency without APPEAL_EDIT (a 审核人) may read but not change
CASES += [
    AccessCase(
        "appeals:case_edit", _detail, owner_roles=("reviewer",), owner=FORBIDDEN, note="no perm"
    ),
]
