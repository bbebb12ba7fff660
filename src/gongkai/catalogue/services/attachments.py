"""Attachments and relations of a record: changes of its content, governed like an edit.

In a draft they are part of the edit (RECORD_EDIT); on a published record they are recorded
changes (RECORD_PUBLISH); in review or withdrawn the content is frozen.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.catalogue.models import (
    Attachment,
    EventKind,
    Record,
    RecordRelation,
    RecordStatus,
    RelationKind,
    TextStatus,
)
from gongkai.catalogue.workflow import WorkflowError, content_action
from gongkai.core.uploads import KINDS, validate_upload

from .common import Actor, lock_record, save_record, search_changed_on_commit, write_event

#: What a record may carry (条例第二十四条: search, viewing and download).
ATTACHMENT_KINDS: frozenset[str] = frozenset({"pdf", "docx", "xlsx", "png", "jpeg"})
#: Kinds whose text is extracted for search.
TEXT_KINDS: frozenset[str] = frozenset({"pdf", "docx", "xlsx"})
MAX_ATTACHMENTS = 30


def _content_locked(record: Record) -> None:
    action = content_action(record.status)
    if action is None:
        raise WorkflowError(record.status, "edit")


def _clean_name(name: str, suffix: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')[:150]
    if not base:
        base = _("附件")
    if not base.lower().endswith(suffix) and not (
        suffix == ".jpg" and base.lower().endswith(".jpeg")
    ):
        base = base.rsplit(".", 1)[0] if "." in base else base
        base += suffix
    return base


@transaction.atomic
def attachment_add(
    *, actor: Actor, record: Record, version: int, upload: Any, name: str | None = None
) -> Attachment:
    """Check ``upload`` by content (type, size, zip bomb), store it, extract its text later."""
    locked = lock_record(record, version)
    _content_locked(locked)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("每条信息最多 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS})
    kind = validate_upload(
        upload, kinds=ATTACHMENT_KINDS, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES
    )
    upload.seek(0)
    data = upload.read()
    info = KINDS[kind]
    display = _clean_name(name or getattr(upload, "name", "") or "", info.suffix)
    attachment = Attachment(
        record=locked,
        name=display,
        content_type=info.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text_status=TextStatus.PENDING if kind in TEXT_KINDS else TextStatus.NONE,
        position=(locked.attachments.count() + 1) * 10,
    )
    attachment.file.save(f"file{info.suffix}", ContentFile(data), save=False)
    attachment.save()
    save_record(locked, [])
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.ATTACHMENT_ADDED,
        from_status=locked.status,
        to_status=locked.status,
        details={"attachment": attachment.pk, "name": display, "size": len(data), "kind": kind},
    )
    if attachment.text_status == TextStatus.PENDING:
        from gongkai.catalogue.tasks import attachment_extract_text

        pk = attachment.pk
        transaction.on_commit(lambda: attachment_extract_text.enqueue(pk))
    if locked.status == RecordStatus.PUBLISHED:
        search_changed_on_commit(locked.pk)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment, version: int) -> None:
    locked = lock_record(attachment.record_id, version)
    _content_locked(locked)
    attachment = Attachment.objects.get(pk=attachment.pk, record=locked)
    stored, storage = attachment.file.name, attachment.file.storage
    details = {"attachment": attachment.pk, "name": attachment.name}
    attachment.delete()
    save_record(locked, [])
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.ATTACHMENT_REMOVED,
        from_status=locked.status,
        to_status=locked.status,
        details=details,
    )
    transaction.on_commit(lambda: storage.delete(stored))
    if locked.status == RecordStatus.PUBLISHED:
        search_changed_on_commit(locked.pk)


@transaction.atomic
def relation_add(
    *, actor: Actor, record: Record, version: int, target: Record, kind: str
) -> RecordRelation:
    """Link ``target`` to ``record`` as its ``kind`` (e.g. the 解读 of a policy)."""
    locked = lock_record(record, version)
    _content_locked(locked)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": [_("未知的关联类型。")]})
    if target.pk == locked.pk:
        raise ValidationError({"target": [_("不能关联信息本身。")]})
    if target.agency_id != locked.agency_id:
        raise ValidationError({"target": [_("只能关联本机关的信息。")]})
    if RecordRelation.objects.filter(source=locked, target=target, kind=kind).exists():
        raise ValidationError({"target": [_("该关联已存在。")]})
    relation = RecordRelation.objects.create(source=locked, target=target, kind=kind)
    save_record(locked, [])
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.RELATION_ADDED,
        from_status=locked.status,
        to_status=locked.status,
        details={"target": target.pk, "title": target.title, "kind": kind},
    )
    if locked.status == RecordStatus.PUBLISHED:
        search_changed_on_commit(locked.pk)
    return relation


@transaction.atomic
def relation_remove(*, actor: Actor, relation: RecordRelation, version: int) -> None:
    locked = lock_record(relation.source_id, version)
    _content_locked(locked)
    relation = RecordRelation.objects.select_related("target").get(pk=relation.pk, source=locked)
    details = {"target": relation.target_id, "title": relation.target.title, "kind": relation.kind}
    relation.delete()
    save_record(locked, [])
    write_event(
        record=locked,
        actor=actor,
        kind=EventKind.RELATION_REMOVED,
        from_status=locked.status,
        to_status=locked.status,
        details=details,
    )
