"""The workflow table (条例第十七条), walked pair by pair through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import Perm
from gongkai.catalogue import services
from gongkai.catalogue.models import EventKind, Record, RecordEvent, RecordStatus
from gongkai.catalogue.services import RecordConflict
from gongkai.catalogue.workflow import TRANSITIONS, Action, WorkflowError, allowed_actions
from gongkai.core.models import AuditEvent

from .conftest import record_data

pytestmark = pytest.mark.django_db


def run(action: Action, record: Record, town: Any) -> Any:
    """Perform ``action`` the way the views do (with a reason where one may be needed)."""
    v = record.version
    if action == Action.EDIT or action == Action.CHANGE:
        return services.record_update(
            actor=town.publisher,
            record=record,
            version=v,
            data=record_data(title="修改后的标题"),
            note="更正标题",
            action=action,
        )
    if action == Action.SUBMIT:
        return services.record_submit(actor=town.publisher, record=record, version=v)
    if action == Action.APPROVE:
        return services.record_approve(actor=town.reviewer, record=record, version=v)
    if action == Action.RETURN:
        return services.record_return(
            actor=town.reviewer, record=record, version=v, reason="请补充文号"
        )
    if action == Action.WITHDRAW:
        return services.record_withdraw(
            actor=town.publisher, record=record, version=v, reason="有误"
        )
    if action == Action.REOPEN:
        return services.record_reopen(actor=town.publisher, record=record, version=v)
    if action == Action.DELETE:
        return services.record_delete(actor=town.publisher, record=record, version=v)
    raise AssertionError(action)


EXPECTED_EVENT = {
    Action.EDIT: EventKind.EDITED,
    Action.CHANGE: EventKind.CHANGED,
    Action.SUBMIT: EventKind.SUBMITTED,
    Action.APPROVE: EventKind.APPROVED,
    Action.RETURN: EventKind.RETURNED,
    Action.WITHDRAW: EventKind.WITHDRAWN,
    Action.REOPEN: EventKind.REOPENED,
}


def test_the_table_is_what_the_law_asks() -> None:
    assert set(allowed_actions(RecordStatus.DRAFT)) == {Action.EDIT, Action.SUBMIT, Action.DELETE}
    assert set(allowed_actions(RecordStatus.REVIEW)) == {Action.APPROVE, Action.RETURN}
    assert set(allowed_actions(RecordStatus.PUBLISHED)) == {Action.CHANGE, Action.WITHDRAW}
    assert set(allowed_actions(RecordStatus.WITHDRAWN)) == {Action.REOPEN}
    # review is the reviewer's; nobody publishes without it
    approve = TRANSITIONS[(RecordStatus.REVIEW, Action.APPROVE)]
    assert approve.perm == Perm.RECORD_REVIEW and approve.target == RecordStatus.PUBLISHED
    assert all(
        t.target != RecordStatus.PUBLISHED or state in (RecordStatus.REVIEW, RecordStatus.PUBLISHED)
        for (state, _a), t in TRANSITIONS.items()
    )
    for action in (Action.RETURN, Action.WITHDRAW, Action.CHANGE):
        assert all(t.reason_required for (s, a), t in TRANSITIONS.items() if a == action)


@pytest.mark.parametrize("state", list(RecordStatus))
@pytest.mark.parametrize("action", list(Action))
def test_every_state_action_pair(
    state, action, make_record, town, search_calls, django_capture_on_commit_callbacks
) -> None:
    record = make_record(state)
    search_calls.clear()
    before = Record.objects.get(pk=record.pk)
    events_before = RecordEvent.objects.filter(record=record).count()
    audits_before = AuditEvent.objects.count()
    allowed = (state, action) in TRANSITIONS
    if not allowed:
        with pytest.raises(WorkflowError):
            run(action, record, town)
        after = Record.objects.get(pk=record.pk)
        assert (after.status, after.version, after.title) == (
            before.status,
            before.version,
            before.title,
        )
        assert RecordEvent.objects.filter(record=record).count() == events_before
        assert AuditEvent.objects.count() == audits_before
        return
    with django_capture_on_commit_callbacks(execute=True):
        run(action, record, town)
    if action == Action.DELETE:
        assert not Record.objects.filter(pk=record.pk).exists()
        assert AuditEvent.objects.filter(action="record.delete", object_id=str(record.pk)).exists()
        return
    after = Record.objects.get(pk=record.pk)
    assert after.status == TRANSITIONS[(state, action)].target
    assert after.version == before.version + 1
    event = RecordEvent.objects.filter(record=record).latest("id")
    assert event.kind == EXPECTED_EVENT[action]
    assert (event.from_status, event.to_status) == (state, after.status)
    assert AuditEvent.objects.filter(
        action=f"record.{event.kind}", object_id=str(record.pk)
    ).exists()
    public_change = action in (Action.APPROVE, Action.WITHDRAW, Action.CHANGE)
    assert search_calls == ([record.pk] if public_change else [])


def test_approval_sets_date_index_no_and_timeliness(make_record, town) -> None:
    record = make_record("review", written_on=date(2024, 3, 1))
    published = services.record_approve(
        actor=town.reviewer, record=record, version=record.version, today=date(2024, 4, 8)
    )
    assert published.published_on == date(2024, 4, 8)
    assert published.index_no == "TWN-GZDT-2024-00001"
    # 2024-03-01 (Fri) → 2024-04-08: 20 working days from Mar 4 to Mar 29, then Apr 1-3,
    # Apr 4-6 清明 off, Apr 7 (Sun) a 调休 working day, Apr 8: 20 + 3 + 1 + 1 = 25
    assert published.publish_workdays == 25 and published.is_late
    event = published.events.get(kind=EventKind.APPROVED)
    assert event.details["index_no"] == published.index_no and event.actor == town.reviewer


def test_index_no_is_kept_when_withdrawn_and_republished(make_record, town) -> None:
    record = make_record("withdrawn")
    number = record.index_no
    assert number
    record = services.record_reopen(actor=town.publisher, record=record, version=record.version)
    assert record.index_no == number and record.withdrawn_reason == ""
    record = services.record_update(
        actor=town.publisher,
        record=record,
        version=record.version,
        data=record_data("qtwj", title="新标题"),
    )
    record = services.record_submit(actor=town.publisher, record=record, version=record.version)
    record = services.record_approve(actor=town.reviewer, record=record, version=record.version)
    assert record.index_no == number  # stable, even in another category
    second = make_record("published")
    assert second.index_no != number


def test_withdrawn_record_keeps_its_reason_and_stays(make_record, town) -> None:
    record = make_record("withdrawn")
    stored = Record.objects.get(pk=record.pk)
    assert stored.status == RecordStatus.WITHDRAWN and stored.withdrawn_reason == "信息有误"
    assert stored.withdrawn_at is not None


def test_reasons_are_required(make_record, town) -> None:
    review = make_record("review")
    with pytest.raises(ValidationError) as info:
        services.record_return(
            actor=town.reviewer, record=review, version=review.version, reason="  "
        )
    assert "理由" in str(info.value)
    published = make_record("published")
    with pytest.raises(ValidationError):
        services.record_withdraw(
            actor=town.publisher, record=published, version=published.version, reason=""
        )
    with pytest.raises(ValidationError) as info:
        services.record_update(
            actor=town.publisher,
            record=published,
            version=published.version,
            data=record_data(title="另一个标题"),
            note="",
        )
    assert "变更说明" in str(info.value)
    assert Record.objects.get(pk=published.pk).status == RecordStatus.PUBLISHED


def test_stale_version_is_refused(make_record, town) -> None:
    record = make_record("review")
    stale = record.version
    services.record_return(actor=town.reviewer, record=record, version=stale, reason="请修改")
    with pytest.raises(RecordConflict) as info:
        services.record_approve(actor=town.reviewer, record=record, version=stale)
    assert "他人" in str(info.value)
    assert Record.objects.get(pk=record.pk).status == RecordStatus.DRAFT


def test_change_after_publication_is_recorded(
    make_record, town, search_calls, django_capture_on_commit_callbacks
) -> None:
    record = make_record("published", written_on=date(2024, 3, 1))
    search_calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.record_update(
            actor=town.publisher,
            record=record,
            version=record.version,
            data=record_data(
                title="更正后的标题", written_on=date(2024, 3, 1), body_html="<p>新正文</p>"
            ),
            note="更正标题中的错字",
        )
    assert changed.status == RecordStatus.PUBLISHED and changed.index_no == record.index_no
    event = changed.events.latest("id")
    assert event.kind == EventKind.CHANGED and event.note == "更正标题中的错字"
    assert event.details["changes"]["title"] == ["岢曲镇召开安全生产工作会议", "更正后的标题"]
    assert "body_html" in event.details["changes"]
    assert search_calls == [record.pk]


def test_delete_refuses_a_record_that_was_published(make_record, town) -> None:
    record = make_record("withdrawn")
    record = services.record_reopen(actor=town.publisher, record=record, version=record.version)
    with pytest.raises(WorkflowError):
        services.record_delete(actor=town.publisher, record=record, version=record.version)


def test_a_failing_audit_rolls_the_step_back(make_record, town, monkeypatch) -> None:
    from gongkai.catalogue.services import common

    record = make_record("review")

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(common, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.record_approve(actor=town.reviewer, record=record, version=record.version)
    stored = Record.objects.get(pk=record.pk)
    assert (
        stored.status == RecordStatus.REVIEW
        and stored.index_no == ""
        and stored.version == record.version
    )
    assert not stored.events.filter(kind=EventKind.APPROVED).exists()
