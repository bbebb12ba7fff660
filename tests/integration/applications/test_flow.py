"""The whole handling of an application through the services, and what the table refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import selectors, services
from gongkai.applications.models import Application, Stage, Waiting
from gongkai.core.models import AuditEvent

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def test_online_application_waits_for_confirmation(office: Any) -> None:
    app, code = services.submit_online_application(agency=office.agency, data=dict(PERSON))
    assert app.stage == Stage.PENDING
    assert app.received_on is None and app.due_on is None
    assert app.tracking_no.startswith("TWN-")
    # the code is stored hashed; the tracking page finds the application with it only
    assert code not in app.query_code_hash
    assert selectors.application_for_tracking(tracking_no=app.tracking_no, query_code=code) == app
    assert (
        selectors.application_for_tracking(tracking_no=app.tracking_no, query_code="WRONG") is None
    )
    # the ID number and phone are encrypted at rest
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM applications_application WHERE id = %s", [app.pk]
        )
        stored_id, stored_phone = cursor.fetchone()
    assert "11010519491231002X" not in stored_id and "13800138000" not in stored_phone
    assert Application.objects.get(pk=app.pk).id_number == "11010519491231002X"
    assert app.id_number_masked == "110105********002X"
    status = selectors.public_status(app)
    assert status["stage"] == "pending" and status["documents"] == []


def test_full_flow(office: Any) -> None:
    app, _code = services.submit_online_application(agency=office.agency, data=dict(PERSON))
    app = services.application_confirm(
        actor=office.registrar, application=app, received_on=date.today()
    )
    assert app.stage == Stage.RECEIVED and app.due_on is not None
    app = services.application_request_supplement(
        actor=office.registrar, application=app, reason="请说明所需信息的年份"
    )
    assert app.waiting == Waiting.SUPPLEMENT and app.due_on is None
    with pytest.raises(ValidationError):  # 一次性告知
        services.application_receive_supplement(actor=office.registrar, application=app)
        services.application_request_supplement(
            actor=office.registrar, application=app, reason="again"
        )
    app = Application.objects.get(pk=app.pk)
    assert app.waiting == "" and app.due_on is not None
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    assert app.stage == Stage.HANDLING
    with pytest.raises(ValidationError):  # not in the table: a draft must be submitted first
        services.application_approve(actor=office.reviewer, application=app)
    app = services.application_submit_draft(
        actor=office.handler, application=app, reply_text="经查，现予以公开。", outcome="granted"
    )
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=office.handler, application=app)
    app = services.application_send_back(actor=office.reviewer, application=app, reason="补充依据")
    assert app.stage == Stage.HANDLING
    app = services.application_submit_draft(
        actor=office.handler, application=app, reply_text="经查，现予以公开。", outcome="granted"
    )
    app = services.application_approve(actor=office.reviewer, application=app)
    app = services.application_reply(actor=office.handler, application=app)
    assert app.closed_on == date.today() and app.due_on is None
    app = services.application_deliver(
        actor=office.handler, application=app, method="email", proof="已发送至申请人邮箱"
    )
    app = services.application_archive(actor=office.handler, application=app)
    assert app.stage == Stage.ARCHIVED
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds[0] == "submitted" and kinds[-1] == "archived"
    assert (
        AuditEvent.objects.filter(object_id=str(app.pk), action__startswith="application.").count()
        >= 12
    )


def test_table_refuses_with_chinese_message(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date.today())
    with pytest.raises(ValidationError) as exc:
        services.application_reply(actor=office.handler, application=app)
    assert "不能执行" in exc.value.messages[0]


def test_supervisor_and_outsider_cannot_act(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date.today())
    for user in (office.supervisor, office.outsider):
        with pytest.raises(PermissionDenied):
            services.application_register(actor=user, application=app)
    assert Application.objects.get(pk=app.pk).stage == Stage.RECEIVED


#: ESC, NUL, BEL, backspace, DEL and a C1 control: DOCX (XML) cannot hold them.
CONTROLS = "\x1b\x00\x07\x08\x7f\x9b"


def test_staff_text_is_stored_without_control_characters(
    office: Any, file_application: Any
) -> None:
    app = file_application(received_on=date.today())
    app = services.application_register(
        actor=office.registrar, application=app, note=f"已登记{CONTROLS}\n\t附件两份"
    )
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    app = services.application_start_consultation(
        actor=office.handler, application=app, kind="third_party", party=f"某\x1b公司\n{CONTROLS}"
    )
    app = services.application_end_consultation(
        actor=office.handler, application=app, answer="同意\x1b公开\n第二行"
    )
    app = services.application_submit_draft(
        actor=office.handler,
        application=app,
        reply_text=f"经查，\x1b现予以公开。{CONTROLS}\n\t附：清单",
        items=[services.ItemOutcome("事项\x1b一", "granted", "说明\x00\n第二行")],
    )
    app = services.application_send_back(
        actor=office.reviewer, application=app, reason="补充\x1b依据"
    )
    app = Application.objects.get(pk=app.pk)
    assert app.reply_text == "经查，现予以公开。\n\t附：清单"
    item = app.items.get()
    assert (item.description, item.note) == ("事项一", "说明\n第二行")
    consultation = app.consultations.get()
    assert (consultation.party, consultation.answer) == ("某公司", "同意公开\n第二行")
    notes = dict(app.events.values_list("kind", "note"))
    assert notes["registered"] == "已登记\n\t附件两份"
    assert notes["consultation_answered"] == "同意公开\n第二行"
    assert notes["returned"] == "补充依据"
    assert AuditEvent.objects.get(action="application.send_back").details["reason"] == "补充依据"


def test_a_letter_renders_for_an_agency_entered_with_control_characters(
    make_agency: Any, settings: Any, tmp_path: Any
) -> None:
    from gongkai.applications import letters_issue
    from gongkai.applications.letters_render import docx_text

    settings.MEDIA_ROOT = tmp_path / "media"
    agency = make_agency(
        "CTLA",
        f"控制字符\x1b测试镇人民政府{CONTROLS}",
        "township",
        address=f"幸福路\x1b1号{CONTROLS}",
        phone="0377-65320001\x1b",
    )
    app, _code = services.submit_online_application(agency=agency, data=dict(PERSON))
    documents = letters_issue.issue_receipt(application=app)
    docx = next(d for d in documents if "wordprocessingml" in d.content_type)
    with docx.file.open("rb") as handle:
        text = docx_text(handle.read())
    assert "控制字符测试镇人民政府" in text and "幸福路1号" in text and "0377-65320001" in text
