"""Repeat applications, the 第三十五条 signal, the 补正 window, consultation, fees, per-item
outcomes and 第四十四条 publication."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import selectors, services
from gongkai.applications.models import Waiting
from gongkai.applications.outcomes import derive_outcome

pytestmark = pytest.mark.django_db


def _assigned(office: Any, file_application: Any, **kw: Any) -> Any:
    app = file_application(**kw)
    app = services.application_register(actor=office.registrar, application=app)
    return services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )


def test_duplicate_candidates_and_volume(office: Any, file_application: Any) -> None:
    first = file_application(received_on=date.today(), description="2024年本镇宅基地审批结果")
    other = file_application(received_on=date.today(), description="本镇年度财政预算")
    again = file_application(received_on=date.today(), description="本镇2024年宅基地审批结果")
    found = [a for a, _score in selectors.duplicate_candidates(again)]
    assert first in found and other not in found
    stranger = file_application(
        received_on=date.today(),
        description="2024年本镇宅基地审批结果",
        applicant_name="李四",
        id_number="110101199003074477",
    )
    assert selectors.duplicate_candidates(stranger) == []
    assert not selectors.applicant_volume(again)["signal"]
    for _ in range(8):
        file_application(received_on=date.today(), description="又一件")
    latest = file_application(received_on=date.today(), description="再一件")
    volume = selectors.applicant_volume(latest)
    assert volume["window"] >= 10 and volume["signal"] and volume["month"] >= 10
    groups = selectors.requests_asked_by_several(agency_ids=[office.agency.pk])
    assert any(g["applicants"] == 2 for g in groups)


def test_supplement_window_warning(office: Any, file_application: Any) -> None:
    app = file_application(received_on=date(2025, 9, 25))
    window = selectors.supplement_window_closing(app, today=date(2025, 10, 10))
    assert window is not None and window["end"] == date(2025, 10, 11)  # a make-up Saturday
    assert window["closing"] and not window["passed"]
    assert selectors.supplement_window_closing(app, today=date(2025, 10, 13))["passed"]


def test_consultation_pauses_and_resumes(office: Any, file_application: Any) -> None:
    app = _assigned(office, file_application, received_on=date.today() - timedelta(days=10))
    due = app.due_on
    app = services.application_start_consultation(
        actor=office.handler,
        application=app,
        kind="third_party",
        party="某公司",
        day=date.today() - timedelta(days=5),
    )
    assert app.waiting == Waiting.CONSULTATION and app.due_on is None
    consultation = app.consultations.get()
    assert consultation.answer_due_on is not None
    app = services.application_end_consultation(
        actor=office.handler, application=app, answer="同意"
    )
    assert app.waiting == "" and app.due_on is not None and app.due_on >= due


def test_fee_notice_payment_and_lapse(office: Any, file_application: Any) -> None:
    app = _assigned(office, file_application, received_on=date(2025, 3, 3))
    app = services.application_notify_fee(
        actor=office.handler,
        application=app,
        method="per_page",
        amount=Decimal("700.00"),
        breakdown=[{"pages": "31–100", "rate": 10, "count": 70}],
        day=date(2025, 3, 10),
    )
    assert app.waiting == Waiting.FEE and app.fee_due_on is not None
    with pytest.raises(ValidationError):
        services.application_lapse_fee(actor=office.handler, application=app, day=app.fee_due_on)
    paid = services.application_record_payment(
        actor=office.handler, application=app, day=date(2025, 3, 14)
    )
    assert paid.waiting == "" and paid.fees.get().paid_amount == Decimal("700.00")

    other = _assigned(office, file_application, received_on=date(2025, 3, 3))
    other = services.application_notify_fee(
        actor=office.handler,
        application=other,
        method="per_application",
        amount=Decimal("100"),
        day=date(2025, 3, 10),
    )
    other = services.application_lapse_fee(
        actor=office.handler, application=other, day=date(2025, 4, 30)
    )
    assert (other.outcome, other.stage, other.closed_on) == (
        "other_2",
        "replied",
        date(2025, 4, 30),
    )
    assert other.fees.get().lapsed


def test_items_and_precedence(office: Any, file_application: Any) -> None:
    assert derive_outcome(["granted", "granted"]) == "granted"
    assert derive_outcome(["granted", "unable_1"]) == "partly_granted"
    assert derive_outcome(["unable_1", "refused_6", "not_processed_2"]) == "refused_6"
    assert derive_outcome(["unable_2", "unable_1"]) == "unable_1"
    assert derive_outcome([]) == ""
    app = _assigned(office, file_application, received_on=date.today())
    app = services.application_submit_draft(
        actor=office.handler,
        application=app,
        reply_text="见答复书",
        items=[
            services.ItemOutcome("甲", "granted"),
            services.ItemOutcome("乙", "refused_4", "第三方不同意"),
        ],
    )
    assert app.outcome == "partly_granted" and not app.outcome_overridden
    app = services.application_send_back(actor=office.reviewer, application=app, reason="改")
    app = services.application_submit_draft(
        actor=office.handler,
        application=app,
        reply_text="见答复书",
        outcome="refused_4",
        items=[
            services.ItemOutcome("甲", "granted"),
            services.ItemOutcome("乙", "refused_4"),
        ],
    )
    assert app.outcome == "refused_4" and app.outcome_overridden
    assert app.items.count() == 2


def test_publish_reply_to_catalogue(office: Any, file_application: Any) -> None:
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category, RecordStatus

    standard_categories_sync()
    app = _assigned(office, file_application, received_on=date.today())
    category = Category.objects.get(code="gzdt", agency__isnull=True)
    with pytest.raises(ValidationError):  # not answered yet
        services.application_publish_to_catalogue(
            actor=office.handler, application=app, category=category, title="x"
        )
    app = services.application_submit_draft(
        actor=office.handler, application=app, reply_text="名单如下。", outcome="granted"
    )
    app = services.application_approve(actor=office.reviewer, application=app)
    app = services.application_reply(actor=office.handler, application=app)
    record = services.application_publish_to_catalogue(
        actor=office.handler, application=app, category=category, title="2024年宅基地审批结果"
    )
    assert record.status == RecordStatus.REVIEW and record.agency_id == office.agency.pk
    assert app.events.filter(kind="published").exists()


def test_discard_before_receipt(office: Any) -> None:
    from .conftest import PERSON

    app, _code = services.submit_online_application(agency=office.agency, data=dict(PERSON))
    with pytest.raises(ValidationError):
        services.application_discard(actor=office.registrar, application=app, reason="")
    app = services.application_discard(actor=office.registrar, application=app, reason="测试提交")
    assert app.stage == "discarded" and app.received_on is None
    assert selectors.application_for_tracking(tracking_no=app.tracking_no, query_code="x") is None


def test_invalid_data_is_refused_in_chinese(office: Any) -> None:
    from .conftest import PERSON

    with pytest.raises(ValidationError) as exc:
        services.submit_online_application(
            agency=office.agency,
            data={**PERSON, "id_number": "110105194912310021", "applicant_type": "commercial"},
        )
    errors = exc.value.message_dict
    assert "id_number" in errors and "applicant_type" in errors
