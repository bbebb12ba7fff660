"""The staff pages: the flow through HTTP, masking, the audit of personal-data views."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, Stage
from gongkai.core.models import AuditEvent

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, app: Application, action: str, **data: Any) -> Any:
    app.refresh_from_db()
    return client.post(
        reverse("applications:act", args=[app.pk, action]), {"version": app.version, **data}
    )


def test_register_and_handle_through_pages(office: Any) -> None:
    registrar, handler, reviewer = (
        _client(office.registrar),
        _client(office.handler),
        _client(office.reviewer),
    )
    response = registrar.post(
        reverse("applications:create"),
        {**PERSON, "channel": "in_person", "received_on": date.today().isoformat()},
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.stage == Stage.RECEIVED and app.due_on is not None
    assert _post(registrar, app, "register").status_code == 302
    _post(registrar, app, "assign", handler=office.handler.pk)
    _post(handler, app, "submit_draft", outcome="granted", reply_text="予以公开。")
    _post(reviewer, app, "approve")
    _post(handler, app, "reply")
    app.refresh_from_db()
    assert app.stage == Stage.REPLIED and app.outcome == "granted"
    page = handler.get(reverse("applications:detail", args=[app.pk]))
    assert page.status_code == 200
    assert "11010519491231002X" in page.content.decode()  # own agency's handler: full number
    assert AuditEvent.objects.filter(action="application.view_personal").exists()


def test_refused_step_shows_chinese_message(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date.today())
    client = _client(office.handler)
    response = _post(client, app, "reply")  # not in the table for 已接收: refused, explained
    assert response.status_code == 302
    page = client.get(response.url)
    assert "申请当前处于“已接收”阶段，不能执行“答复”。" in page.content.decode()
    assert Application.objects.get(pk=app.pk).stage == Stage.RECEIVED
    response = _post(_client(office.registrar), app, "reply")  # no role for any 答复 step
    assert response.status_code == 403


def test_supervisor_reads_masked(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date.today())
    page = _client(office.supervisor).get(reverse("applications:detail", args=[app.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "11010519491231002X" not in text and "110105********002X" in text
    listing = _client(office.supervisor).get(reverse("applications:list"))
    assert app.tracking_no in listing.content.decode()
    assert "11010519491231002X" not in listing.content.decode()


def test_publisher_without_application_role_is_refused(office: Any) -> None:
    assert _client(office.publisher).get(reverse("applications:index")).status_code == 403


def test_dashboard_counts(office: Any, file_application: Any) -> None:
    file_application(received_on=date.today())
    page = _client(office.handler).get(reverse("applications:index"))
    assert page.status_code == 200
    assert page.context["counts"]["open"] == 1


def test_export_masks_for_supervisors(office: Any, file_application: Any) -> None:
    file_application(received_on=date.today())
    own = _client(office.registrar).get(reverse("applications:export")).content.decode()
    assert "11010519491231002X" in own
    supervised = _client(office.supervisor).get(reverse("applications:export")).content.decode()
    assert "11010519491231002X" not in supervised and "110105********002X" in supervised
    assert AuditEvent.objects.filter(action="application.export").count() == 2


def test_list_views_are_audited(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date.today())
    _client(office.handler).get(reverse("applications:list"))
    row = AuditEvent.objects.filter(action="application.view_list").latest("pk")
    assert row.details["tracking_nos"] == [app.tracking_no]


def test_list_and_dashboard_queries_do_not_grow(office: Any, file_application: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        client = _client(office.handler)
        client.get(url)  # warm the session and the calendar cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    file_application(received_on=date.today())
    few = (count(reverse("applications:list")), count(reverse("applications:index")))
    for _ in range(6):
        file_application(received_on=date.today())
    many = (count(reverse("applications:list")), count(reverse("applications:index")))
    assert many == few


def test_draft_with_items_through_the_page(office: Any, file_application: Any) -> None:
    from gongkai.applications import services

    app = file_application(received_on=date.today())
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    client = _client(office.handler)
    _post(
        client,
        app,
        "submit_draft",
        reply_text="见答复书",
        item1_description="中标公告",
        item1_outcome="granted",
        item2_description="报价明细",
        item2_outcome="refused_4",
    )
    app.refresh_from_db()
    assert app.stage == Stage.REVIEW and app.outcome == "partly_granted"
    assert [i.outcome for i in app.items.all()] == ["granted", "refused_4"]
