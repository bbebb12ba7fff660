"""``gongkai applications stats`` and ``gongkai remind``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from gongkai.applications import services
from gongkai.applications.cli import applications_main, remind_main
from gongkai.applications.models import Application

pytestmark = pytest.mark.django_db


def test_stats_json(office: Any, file_application: Any, capsys: Any) -> None:
    app = file_application(received_on=date(2024, 3, 4))
    app = services.application_register(actor=office.registrar, application=app)
    Application.objects.filter(pk=app.pk).update(
        closed_on=date(2024, 3, 20), outcome="granted", stage="archived"
    )
    file_application(received_on=date(2024, 12, 30))
    assert applications_main(["stats", "--agency", "TWN", "--year", "2024", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "gongkai.annual/1" and doc["active"] is None and doc["reviews"] is None
    assert doc["applications"]["new"] == [2, 0, 0, 0, 0, 0, 2]
    assert doc["applications"]["granted"][-1] == 1
    assert doc["applications"]["carried_out"][-1] == 1
    assert doc["findings"] == []
    assert applications_main(["stats", "--agency", "TWN", "--year", "2024"]) == 0
    assert "本年新收" in capsys.readouterr().out
    assert applications_main(["stats", "--agency", "NOPE", "--year", "2024"]) == 1


def test_remind_is_idempotent(office: Any, file_application: Any, capsys: Any) -> None:
    office.handler.email = "hdl@example.com"
    office.handler.save(update_fields=["email"])
    office.registrar.email = "reg@example.com"
    office.registrar.save(update_fields=["email"])
    old = file_application(received_on=date.today() - timedelta(days=60))  # overdue, unassigned
    app = file_application(received_on=date.today() - timedelta(days=60))
    app = services.application_register(actor=office.registrar, application=app)
    services.application_assign(actor=office.registrar, application=app, handler=office.handler)
    assert remind_main(["--dry-run"]) == 0
    assert "将发送" in capsys.readouterr().out and not mail.outbox
    assert remind_main([]) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["hdl@example.com", "reg@example.com"]
    assert old.tracking_no in next(m.body for m in mail.outbox if m.to == ["reg@example.com"])
    assert remind_main([]) == 0  # again the same day: nothing more
    assert len(mail.outbox) == 2
