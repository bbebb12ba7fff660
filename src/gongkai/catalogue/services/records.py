"""Records and their workflow (条例第十七条、第二十六条). Keyword-only, atomic, audited.

Permission checks belong to the caller (views use ``catalogue.permissions``, which reads the
workflow table); these services enforce the table's states, the optimistic lock (``version``)
and the validity of the data. Each writes its timeline event and audit row in the same
transaction, and tells the search index after commit when what the public sees changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.calendars.selectors import calendar_for_platform
from gongkai.catalogue import richtext, timeliness
from gongkai.catalogue.models import (
    AgencyCategorySetting,
    Category,
    EventKind,
    Record,
    RecordStatus,
    Validity,
)
from gongkai.catalogue.workflow import Action, WorkflowError, transition

from .common import Actor, lock_record, save_record, search_changed_on_commit, write_event
from .index_numbers import index_no_next

#: Fields the edit form, the import and the change after publication may set.
EDITABLE_FIELDS: tuple[str, ...] = (
    "category",
    "title",
    "document_no",
    "publisher",
    "subject",
    "keywords",
    "summary",
    "body_html",
    "written_on",
    "changed_on",
    "validity",
    "abolished_on",
)
_TEXT_FIELDS = ("title", "document_no", "publisher", "subject", "keywords", "summary")


@dataclass(frozen=True)
class RecordData:
    """The editable content of a record, as the form or an import row gives it."""

    category: Category
    title: str
    written_on: date
    document_no: str = ""
    publisher: str = ""
    subject: str = ""
    keywords: str = ""
    summary: str = ""
    body_html: str = ""
    changed_on: date | None = None
    validity: str = ""
    abolished_on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EDITABLE_FIELDS}


def category_usable(*, agency: Agency, category: Category) -> str | None:
    """Why ``category`` cannot hold ``agency``'s records (None if it can)."""
    if category.agency_id is not None and category.agency_id != agency.pk:
        return _("该栏目属于其他机关。")
    if (
        category.agency_id is None
        and category.agency_kinds
        and agency.kind not in category.agency_kinds
    ):
        return _("栏目“%(name)s”不适用于本机关。") % {"name": category.name}
    setting = AgencyCategorySetting.objects.filter(
        agency=agency, category=category, applicable=False
    ).first()
    if setting is not None:
        return _("栏目“%(name)s”已标记为本机关不适用。") % {"name": category.name}
    return None


def clean_record_values(
    *, agency: Agency, values: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """Normalise and check the editable values; every problem in one ValidationError."""
    errors: dict[str, list[str]] = {}
    out = dict(values)
    for name in _TEXT_FIELDS:
        if name in out:
            out[name] = (out[name] or "").strip()
    if "body_html" in out:
        out["body_html"] = richtext.sanitize_html(out["body_html"] or "")
    if not out.get("title"):
        errors.setdefault("title", []).append(_("请填写标题。"))
    category: Category | None = out.get("category")
    if category is None:
        errors.setdefault("category", []).append(_("请选择栏目。"))
    else:
        problem = category_usable(agency=agency, category=category)
        if problem:
            errors.setdefault("category", []).append(problem)
    written_on: date | None = out.get("written_on")
    today = today or timezone.localdate()
    if written_on is None:
        errors.setdefault("written_on", []).append(_("请填写成文日期。"))
    elif written_on > today:
        errors.setdefault("written_on", []).append(_("成文日期不能晚于今天。"))
    changed_on: date | None = out.get("changed_on")
    if changed_on is not None and written_on is not None and changed_on < written_on:
        errors.setdefault("changed_on", []).append(_("变更日期不能早于成文日期。"))
    if changed_on is not None and changed_on > today:
        errors.setdefault("changed_on", []).append(_("变更日期不能晚于今天。"))
    validity = out.get("validity") or ""
    abolished_on: date | None = out.get("abolished_on")
    if validity not in Validity.values:
        errors.setdefault("validity", []).append(_("有效性只能是现行有效、已修改或已废止。"))
    elif category is not None:
        if category.has_validity and not validity:
            out["validity"] = validity = Validity.VALID
        if not category.has_validity and validity:
            errors.setdefault("validity", []).append(
                _("栏目“%(name)s”的信息不标注有效性。") % {"name": category.name}
            )
    if validity == Validity.ABOLISHED:
        if abolished_on is None:
            errors.setdefault("abolished_on", []).append(_("已废止的文件请填写废止日期。"))
        elif written_on is not None and abolished_on < written_on:
            errors.setdefault("abolished_on", []).append(_("废止日期不能早于成文日期。"))
    elif abolished_on is not None:
        errors.setdefault("abolished_on", []).append(_("只有已废止的文件才填写废止日期。"))
    if errors:
        raise ValidationError(errors)
    if "publisher" in out and not out["publisher"]:
        out["publisher"] = agency.name
    if "body_html" in out:
        out["body_text"] = richtext.html_to_text(out["body_html"])
    return out


def _display(value: Any) -> Any:
    if isinstance(value, Category):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    return value


def _apply(record: Record, values: dict[str, Any]) -> dict[str, Any]:
    """Set changed values on ``record``; returns field → [old, new] (body as a digest)."""
    changes: dict[str, Any] = {}
    for name, new in values.items():
        old = getattr(record, name)
        if old == new:
            continue
        setattr(record, name, new)
        if name in ("body_html", "body_text"):
            if name == "body_html":
                changes[name] = {
                    "old_sha256": hashlib.sha256(old.encode()).hexdigest()[:16],
                    "new_sha256": hashlib.sha256(new.encode()).hexdigest()[:16],
                }
        else:
            changes[name] = [_display(old), _display(new)]
    return changes


def _update_fields(changes: dict[str, Any]) -> list[str]:
    fields = list(changes)
    if "body_html" in changes:
        fields.append("body_text")
    return fields


def _workdays(*, written_on: date, changed_on: date | None, published_on: date) -> int:
    return timeliness.publish_workdays(
        calendar_for_platform(),
        written_on=written_on,
        changed_on=changed_on,
        published_on=published_on,
    ).count


# --- creating ------------------------------------------------------------------------------


@transaction.atomic
def record_create(
    *,
    actor: Actor,
    agency: Agency,
    data: RecordData,
    is_demo: bool = False,
    event_kind: str = EventKind.CREATED,
) -> Record:
    """A new draft."""
    values = clean_record_values(agency=agency, values=data.as_dict())
    user = actor if actor is not None and actor.is_authenticated else None
    record = Record(agency=agency, status=RecordStatus.DRAFT, is_demo=is_demo, created_by=user)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    write_event(
        record=record,
        actor=actor,
        kind=event_kind,
        to_status=RecordStatus.DRAFT,
        details={"title": record.title, "category": record.category.code},
    )
    return record


@transaction.atomic
def record_migrate_published(
    *,
    actor: Actor,
    agency: Agency,
    data: RecordData,
    published_on: date,
    index_no: str = "",
    is_demo: bool = False,
    note: str = "",
) -> Record:
    """A record that was already published before the platform (a migration, the demo).

    It is stored as published with its original 发布日期 (and 索引号, if it had one; else the
    next number of the sequence for that year). The timeline says it was migrated, by whom.
    """
    values = clean_record_values(
        agency=agency, values=data.as_dict(), today=max(published_on, timezone.localdate())
    )
    if published_on < values["written_on"]:
        raise ValidationError({"published_on": [_("发布日期不能早于成文日期。")]})
    index_no = index_no.strip()
    if index_no and Record.objects.filter(index_no=index_no).exists():
        raise ValidationError({"index_no": [_("索引号 %(no)s 已被使用。") % {"no": index_no}]})
    user = actor if actor is not None and actor.is_authenticated else None
    record = Record(
        agency=agency,
        status=RecordStatus.PUBLISHED,
        published_on=published_on,
        is_demo=is_demo,
        created_by=user,
    )
    for name, value in values.items():
        setattr(record, name, value)
    record.index_no = index_no or index_no_next(
        agency_id=agency.pk,
        agency_code=agency.code,
        category_code=record.category.code,
        year=published_on.year,
    )
    record.publish_workdays = _workdays(
        written_on=record.written_on, changed_on=record.changed_on, published_on=published_on
    )
    record.save()
    write_event(
        record=record,
        actor=actor,
        kind=EventKind.MIGRATED,
        to_status=RecordStatus.PUBLISHED,
        note=note,
        details={"index_no": record.index_no, "published_on": published_on.isoformat()},
    )
    search_changed_on_commit(record.pk)
    return record


# --- editing -------------------------------------------------------------------------------


@transaction.atomic
def record_update(
    *,
    actor: Actor,
    record: Record,
    version: int,
    data: RecordData,
    note: str = "",
    action: Action | None = None,
) -> Record:
    """Edit a draft; or change a published record (a recorded change with a note).

    ``action`` (EDIT or CHANGE) is derived from the state unless given.

    条例第二十六条: a change of a published record with a new 变更日期 is timed from that day
    to the day the change is published (today).
    """
    locked = lock_record(record, version)
    if action is None:
        action = Action.EDIT if locked.status == RecordStatus.DRAFT else Action.CHANGE
    step = transition(locked.status, action)
    note = note.strip()
    if step.reason_required and not note:
        raise ValidationError({"note": [_("请填写变更说明。")]})
    values = clean_record_values(agency=locked.agency, values=data.as_dict())
    changes = _apply(locked, values)
    if not changes:
        return locked
    fields = _update_fields(changes)
    if action == Action.CHANGE and "changed_on" in changes and locked.changed_on is not None:
        locked.publish_workdays = _workdays(
            written_on=locked.written_on,
            changed_on=locked.changed_on,
            published_on=timezone.localdate(),
        )
        fields.append("publish_workdays")
    save_record(locked, fields)
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.EDITED if action == Action.EDIT else EventKind.CHANGED,
        from_status=locked.status,
        to_status=locked.status,
        note=note,
        details={"changes": changes},
    )
    if action == Action.CHANGE:
        search_changed_on_commit(locked.pk)
    return locked


# --- the workflow steps --------------------------------------------------------------------


@transaction.atomic
def record_submit(*, actor: Actor, record: Record, version: int) -> Record:
    """草稿 → 待审查 (保密审查, 条例第十七条)."""
    locked = lock_record(record, version)
    step = transition(locked.status, Action.SUBMIT)
    # the data may have become invalid since it was saved (e.g. a category marked 不适用)
    clean_record_values(
        agency=locked.agency, values={n: getattr(locked, n) for n in EDITABLE_FIELDS}
    )
    previous = locked.status
    locked.status = step.target
    save_record(locked, ["status"])
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.SUBMITTED,
        from_status=previous,
        to_status=locked.status,
    )
    return locked


@transaction.atomic
def record_approve(
    *, actor: Actor, record: Record, version: int, note: str = "", today: date | None = None
) -> Record:
    """待审查 → 已发布: 发布日期 today, 索引号 at the first publication, timeliness computed."""
    locked = lock_record(record, version)
    step = transition(locked.status, Action.APPROVE)
    previous = locked.status
    published_on = today or timezone.localdate()
    locked.status = step.target
    locked.published_on = published_on
    fields = ["status", "published_on", "publish_workdays"]
    if not locked.index_no:
        locked.index_no = index_no_next(
            agency_id=locked.agency_id,
            agency_code=locked.agency.code,
            category_code=locked.category.code,
            year=published_on.year,
        )
        fields.append("index_no")
    locked.publish_workdays = _workdays(
        written_on=locked.written_on, changed_on=locked.changed_on, published_on=published_on
    )
    save_record(locked, fields)
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.APPROVED,
        from_status=previous,
        to_status=locked.status,
        note=note.strip(),
        details={
            "index_no": locked.index_no,
            "published_on": published_on.isoformat(),
            "publish_workdays": locked.publish_workdays,
        },
    )
    search_changed_on_commit(locked.pk)
    return locked


def _reasoned_step(
    *, actor: Actor, record: Record, version: int, action: Action, reason: str, kind: str
) -> Record:
    locked = lock_record(record, version)
    step = transition(locked.status, action)
    reason = reason.strip()
    if step.reason_required and not reason:
        raise ValidationError({"reason": [_("请填写理由。")]})
    previous = locked.status
    locked.status = step.target
    fields = ["status"]
    if action == Action.WITHDRAW:
        locked.withdrawn_reason = reason
        locked.withdrawn_at = timezone.now()
        fields += ["withdrawn_reason", "withdrawn_at"]
    elif action == Action.REOPEN:
        locked.withdrawn_reason = ""
        locked.withdrawn_at = None
        fields += ["withdrawn_reason", "withdrawn_at"]
    save_record(locked, fields)
    write_event(
        record=locked,
        actor=actor,
        kind=kind,
        from_status=previous,
        to_status=locked.status,
        note=reason,
    )
    return locked


@transaction.atomic
def record_return(*, actor: Actor, record: Record, version: int, reason: str) -> Record:
    """待审查 → 草稿, with the reviewer's reason."""
    return _reasoned_step(
        actor=actor,
        record=record,
        version=version,
        action=Action.RETURN,
        reason=reason,
        kind=EventKind.RETURNED,
    )


@transaction.atomic
def record_withdraw(*, actor: Actor, record: Record, version: int, reason: str) -> Record:
    """已发布 → 已撤回 (stays in the database, off the public site), with a reason."""
    locked = _reasoned_step(
        actor=actor,
        record=record,
        version=version,
        action=Action.WITHDRAW,
        reason=reason,
        kind=EventKind.WITHDRAWN,
    )
    search_changed_on_commit(locked.pk)
    return locked


@transaction.atomic
def record_reopen(*, actor: Actor, record: Record, version: int, note: str = "") -> Record:
    """已撤回 → 草稿 (to be corrected and reviewed again; the 索引号 stays)."""
    return _reasoned_step(
        actor=actor,
        record=record,
        version=version,
        action=Action.REOPEN,
        reason=note,
        kind=EventKind.REOPENED,
    )


@transaction.atomic
def record_delete(*, actor: Actor, record: Record, version: int) -> None:
    """Delete a draft that was never published (a published one can only be withdrawn)."""
    from gongkai.core.audit import audit_record

    locked = lock_record(record, version)
    transition(locked.status, Action.DELETE)
    if locked.index_no:
        raise WorkflowError(locked.status, Action.DELETE)
    files = [a.file.name for a in locked.attachments.all() if a.file]
    storage = locked.attachments.model._meta.get_field("file").storage
    audit_record(
        actor=actor,
        action="record.delete",
        obj=locked,
        agency=locked.agency,
        details={"title": locked.title, "attachments": len(files)},
    )
    locked.delete()

    def remove_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


# --- timeliness ----------------------------------------------------------------------------


@transaction.atomic
def record_timeliness_recompute(*, agency: Agency | None = None) -> int:
    """Recompute the cached working days of published records (after a calendar correction).

    Returns the number of records whose figure changed. Audited as one row.
    """
    from gongkai.core.audit import audit_record

    records = Record.objects.filter(published_on__isnull=False).only(
        "pk", "written_on", "changed_on", "published_on", "publish_workdays"
    )
    if agency is not None:
        records = records.filter(agency=agency)
    calendar = calendar_for_platform()
    changed: list[Record] = []
    for record in records.iterator(chunk_size=2000):
        assert record.published_on is not None
        count = timeliness.publish_workdays(
            calendar,
            written_on=record.written_on,
            changed_on=record.changed_on,
            published_on=record.published_on,
        ).count
        if count != record.publish_workdays:
            record.publish_workdays = count
            changed.append(record)
    Record.objects.bulk_update(changed, ["publish_workdays"], batch_size=1000)
    audit_record(
        actor=None,
        action="record.timeliness_recompute",
        object_type="catalogue.record",
        agency=agency,
        details={"changed": len(changed)},
    )
    return len(changed)
