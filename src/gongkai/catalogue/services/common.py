"""Pieces every catalogue service uses: locking, the timeline, the audit row, search."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.catalogue.models import Record, RecordEvent
from gongkai.core.audit import audit_record

Actor = AbstractBaseUser | AnonymousUser | None


class RecordConflict(ValidationError):
    """Someone else changed the record since the form was loaded (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(_("该信息已被他人修改或处理，请刷新页面后重试。"), code="conflict")


def lock_record(record: Record | int, version: int | None) -> Record:
    """The record's row, locked for this transaction; its version must be ``version``."""
    pk = record if isinstance(record, int) else record.pk
    locked = Record.objects.select_for_update().select_related("agency", "category").get(pk=pk)
    if version is not None and locked.version != version:
        raise RecordConflict()
    return locked


def save_record(record: Record, fields: list[str] | tuple[str, ...]) -> None:
    """Save ``fields`` and the next version (the row is locked by :func:`lock_record`)."""
    record.version += 1
    record.save(update_fields=sorted({*fields, "version", "updated_at"}))


def write_event(
    *,
    record: Record,
    actor: Actor,
    kind: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    details: dict[str, Any] | None = None,
) -> RecordEvent:
    """One timeline row and its audit row (same transaction as the change)."""
    user = actor if actor is not None and actor.is_authenticated else None
    event = RecordEvent.objects.create(
        record=record,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_label=user.get_username() if user is not None else "",
        note=note,
        details=details or {},
    )
    audit_details: dict[str, Any] = dict(details or {})
    if note:
        audit_details["note"] = note
    if from_status or to_status:
        audit_details["status"] = [from_status, to_status]
    audit_record(
        actor=actor,
        action=f"record.{kind}",
        obj=record,
        agency=record.agency,
        details=audit_details,
    )
    return event


def search_changed_on_commit(record_id: int) -> None:
    """Tell the search index after the transaction commits (published, changed, withdrawn)."""

    def notify() -> None:
        from gongkai.catalogue import search

        search.record_changed(record_id)

    transaction.on_commit(notify)
