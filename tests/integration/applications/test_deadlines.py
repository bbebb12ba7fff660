"""Reply deadlines of applications computed from recorded events (条例第三十条、第三十二至三十四条).

Dates are the test vectors of DOMAIN.md §7.3 plus cases for each event kind; the receipt day is
day 0 and make-up Saturdays count (DOMAIN.md §7.1).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import clocks, services
from gongkai.applications.models import Application
from gongkai.calendars.selectors import calendar_for_platform

pytestmark = pytest.mark.django_db


def _due(received: date, *events: tuple[str, date, dict[str, Any]]) -> clocks.DueInfo:
    start = ("created", received, {"received_on": received.isoformat()})
    return clocks.reply_due(received, [start, *events], calendar_for_platform())


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2024, 2, 5), date(2024, 3, 8)),  # before 春节 2024 (2-10..2-17 off; 2-18 make-up)
        (date(2025, 1, 20), date(2025, 2, 21)),  # before 春节 2025 (make-up 1-26 and 2-8)
        (date(2026, 2, 10), date(2026, 3, 16)),  # before the 9-day 春节 2026 (make-up 2-14, 2-28)
        (date(2024, 9, 27), date(2024, 10, 30)),  # before 国庆 2024 (make-up 9-29 and 10-12)
        (date(2025, 9, 25), date(2025, 10, 29)),  # before 国庆/中秋 2025 (8 days)
        (date(2026, 9, 28), date(2026, 10, 30)),  # before 国庆 2026 (make-up Saturday 10-10)
    ],
)
def test_twenty_workdays_across_festivals(received: date, due: date) -> None:
    info = _due(received)
    cal = calendar_for_platform()
    assert info.due_on == cal.add_workdays(received, 20).day
    assert info.due_on == due
    assert not info.provisional


def test_make_up_saturday_is_a_workday() -> None:
    # DOMAIN.md §7.3: 2025-09-25 + 7 working days (the 补正 window) is Saturday 2025-10-11.
    cal = calendar_for_platform()
    assert cal.add_workdays(date(2025, 9, 25), clocks.SUPPLEMENT_NOTICE_WORKDAYS).day == date(
        2025, 10, 11
    )


def test_extension_adds_twenty() -> None:
    received = date(2025, 1, 20)
    info = _due(received, ("extended", date(2025, 2, 10), {"workdays": 20}))
    assert info.due_on == date(2025, 3, 21)  # DOMAIN.md §7.3
    assert "延期" in info.note


def test_consultation_time_is_excluded() -> None:
    received = date(2025, 3, 3)  # Monday
    plain = _due(received).due_on
    paused = _due(
        received,
        ("consultation_started", date(2025, 3, 10), {}),
        ("consultation_answered", date(2025, 3, 17), {}),  # 5 working days paused
    )
    cal = calendar_for_platform()
    assert plain is not None and paused.due_on == cal.add_workdays(plain, 5).day
    waiting = _due(received, ("consultation_started", date(2025, 3, 10), {}))
    assert waiting.due_on is None and waiting.paused and "第三十三条" in waiting.note


def test_supplement_restarts_the_clock() -> None:
    received = date(2025, 3, 3)
    asked = _due(received, ("supplement_requested", date(2025, 3, 5), {}))
    assert asked.due_on is None and "第三十条" in asked.note
    restarted = _due(
        received,
        ("supplement_requested", date(2025, 3, 5), {}),
        ("supplement_received", date(2025, 3, 20), {}),
    )
    assert restarted.due_on == calendar_for_platform().add_workdays(date(2025, 3, 20), 20).day


def test_fee_pause_is_configurable(settings: Any) -> None:
    received = date(2025, 3, 3)
    events = [
        ("created", received, {"received_on": received.isoformat()}),
        ("fee_notified", date(2025, 3, 10), {}),
        ("fee_paid", date(2025, 3, 14), {}),
    ]
    cal = calendar_for_platform()
    paused = clocks.reply_due(received, events, cal, fee_pauses=True).due_on
    not_paused = clocks.reply_due(received, events, cal, fee_pauses=False).due_on
    assert not_paused == cal.add_workdays(received, 20).day
    assert paused == cal.add_workdays(not_paused, 4).day


def test_december_2026_receipt_is_provisional(office: Any, file_application: Any) -> None:
    info = _due(date(2026, 12, 15))
    assert info.provisional and info.due_on == date(2027, 1, 12)
    assert "2027" in info.note


def test_recorded_events_drive_the_cache(office: Any, file_application: Any) -> None:
    received = date(2025, 9, 25)
    app = file_application(received_on=received)
    assert app.due_on == date(2025, 10, 29)
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    app = services.application_extend(
        actor=office.reviewer,
        application=app,
        workdays=10,
        reason="需要调取档案",
        day=date(2025, 10, 20),
    )
    assert app.due_on == calendar_for_platform().add_workdays(date(2025, 10, 29), 10).day
    with pytest.raises(ValidationError):  # at most 20 in total
        services.application_extend(
            actor=office.reviewer, application=app, workdays=11, reason="x", day=date(2025, 10, 21)
        )


def test_extension_after_the_deadline_is_refused(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date(2025, 1, 20))
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    with pytest.raises(ValidationError) as exc:
        services.application_extend(
            actor=office.reviewer, application=app, workdays=5, reason="x", day=date(2025, 2, 24)
        )
    assert "届满前" in exc.value.messages[0]


def test_supplement_lapse_closes_as_other_1(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date(2025, 3, 3))
    app = services.application_request_supplement(
        actor=office.registrar,
        application=app,
        reason="请写明所需信息的名称或文号",
        day=date(2025, 3, 5),
    )
    assert app.supplement_due_on == calendar_for_platform().add_workdays(date(2025, 3, 5), 15).day
    with pytest.raises(ValidationError):
        services.application_lapse_supplement(
            actor=office.registrar, application=app, day=app.supplement_due_on
        )
    app = services.application_lapse_supplement(
        actor=office.registrar, application=app, day=date(2025, 4, 30)
    )
    assert (app.outcome, app.closed_on, app.stage) == ("other_1", date(2025, 4, 30), "replied")


def test_late_supplement_notice_is_recorded_with_warning(
    office: Any, file_application: Any
) -> None:
    app = file_application(received_on=date(2025, 3, 3))
    app = services.application_request_supplement(
        actor=office.registrar, application=app, reason="请补充", day=date(2025, 3, 20)
    )
    event = app.events.get(kind="supplement_requested")
    assert event.data["late"] is True


def test_calendar_load_moves_open_deadlines(
    office: Any, file_application: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.calendars.services import calendar_load

    app = file_application(received_on=date(2025, 12, 1))
    received = date(2026, 12, 15)
    later = Application.objects.get(pk=app.pk)
    later_app, _ = services.application_create(
        actor=office.registrar,
        agency=office.agency,
        data={**_person()},
        channel="in_person",
        received_on=received,
        is_demo=True,
    )
    assert later_app.due_provisional and later_app.due_on == date(2027, 1, 12)
    # 2027's schedule published: 1 January off (Friday), so the deadline moves one day
    with django_capture_on_commit_callbacks(execute=True):
        calendar_load(text="year 2027\nsource 测试通知\nholiday 2027-01-01 元旦\n", replace=False)
    later_app.refresh_from_db()
    assert not later_app.due_provisional
    assert later_app.due_on == date(2027, 1, 13)
    assert later_app.events.filter(kind="due_changed").exists()
    assert Application.objects.get(pk=later.pk).due_on == later.due_on


def _person() -> dict[str, str]:
    from .conftest import PERSON

    return dict(PERSON)
