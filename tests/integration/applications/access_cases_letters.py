"""Access cases of the staff pages that issue letters and redact PDFs: see
tests/integration/url_access.py. The handling agency's 承办人 (positive control) may; anonymous
visitors log in; another agency gets 404; a member without an applications role gets 403."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from tests.integration.url_access import NOT_FOUND, OK, AccessCase, Target, World

HANDLER = ("handler",)


def _application(world: World) -> Any:
    from gongkai.applications import services

    application, _code = services.submit_online_application(
        agency=world.agency,
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "文书测试申请人",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "description": "文书测试所需信息",
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )
    return application


def _documents(application: Any) -> int:
    return application.documents.count()


def _page(world: World, **kw: Any) -> Target:
    application = _application(world)
    return Target({"pk": application.pk, **kw}, secret=application.tracking_no)


def _issue_post(world: World) -> Target:
    application = _application(world)
    before = _documents(application)
    return Target(
        {"pk": application.pk, "kind": "supplement"},
        data={"items": "请写明年份", "deadline": "2030-01-10", "issue": "1"},
        unchanged=lambda: _documents(application) == before,
    )


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 200))
    pdf.drawString(20, 150, "access test")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _with_source(world: World) -> tuple[Any, Any]:
    from gongkai.applications import services

    application = _application(world)
    source = services.attach_document(
        application=application,
        kind="attachment",
        file=ContentFile(_pdf(), name="source.pdf"),
        title="待区分处理的测试文件",
        content_type="application/pdf",
    )
    return application, source


def _edit(world: World) -> Target:
    application, source = _with_source(world)
    return Target({"pk": application.pk, "doc_pk": source.pk}, secret="待区分处理的测试文件")


def _make(world: World) -> Target:
    application, source = _with_source(world)
    before = _documents(application)
    box = '[{"page": 1, "x0": 10, "top": 10, "x1": 100, "bottom": 40, "ground": "third_party"}]'
    return Target(
        {"pk": application.pk, "doc_pk": source.pk},
        data={"boxes": box, "action": "make"},
        unchanged=lambda: _documents(application) == before,
    )


def _preview(world: World) -> Target:
    application, source = _with_source(world)
    return Target({"pk": application.pk, "doc_pk": source.pk, "page": 1})


CASES = [
    AccessCase(
        "applications_letters:issue",
        build=lambda w: _page(w, kind="supplement"),
        owner_roles=HANDLER,
    ),
    AccessCase(
        "applications_letters:issue",
        build=lambda w: _page(w, kind="reply"),
        owner_roles=HANDLER,
        note="reply",
    ),
    AccessCase(
        "applications_letters:issue",
        build=lambda w: _page(w, kind="fee_notice"),
        owner_roles=HANDLER,
        note="fee",
    ),
    AccessCase(
        "applications_letters:issue",
        build=lambda w: Target({"pk": _application(w).pk, "kind": "nonsense"}),
        owner_roles=HANDLER,
        owner=NOT_FOUND,
        note="unknown_kind",
    ),
    AccessCase("applications_letters:issue", build=_issue_post, method="POST", owner_roles=HANDLER),
    AccessCase("applications_letters:redaction", build=_page, owner_roles=HANDLER),
    AccessCase("applications_letters:redaction_edit", build=_edit, owner_roles=HANDLER),
    AccessCase(
        "applications_letters:redaction_edit",
        build=_make,
        method="POST",
        owner_roles=HANDLER,
        owner=OK,
        note="make",
    ),
    AccessCase("applications_letters:redaction_page", build=_preview, owner_roles=HANDLER),
]
