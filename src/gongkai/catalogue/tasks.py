"""Background work of the catalogue (django-tasks; the database backend by default)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from gongkai.catalogue.extract import ExtractionError, extract_text
from gongkai.catalogue.models import Attachment, Record, RecordStatus, TextStatus
from gongkai.core.uploads import sniff

_KIND_BY_CONTENT_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


@task()
def attachment_extract_text(attachment_id: int) -> str:
    """Read the attachment's text into ``Attachment.text``; returns the new text status.

    Idempotent; a missing attachment (deleted meanwhile) is not an error. A changed text is a
    new version of the record. When the record is published the search index is told after
    the text is stored.
    """
    attachment = Attachment.objects.select_related("record").filter(pk=attachment_id).first()
    if attachment is None:
        return "missing"
    kind = _KIND_BY_CONTENT_TYPE.get(attachment.content_type)
    if kind is None:
        status, text, error = TextStatus.NONE, "", ""
    else:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        if kind == "pdf" and sniff(data) != "pdf":
            status, text, error = TextStatus.FAILED, "", "文件内容与类型不符"
        else:
            try:
                text = extract_text(data, kind)
            except ExtractionError as exc:
                status, text, error = TextStatus.FAILED, "", str(exc)[:300]
            else:
                status, error = (TextStatus.DONE if text else TextStatus.NONE), ""
    with transaction.atomic():
        updated = Attachment.objects.filter(pk=attachment.pk).update(
            text=text, text_status=status, text_error=error
        )
        if updated and text != attachment.text:
            # the record's searchable text changed: a new version, so that the index's
            # consistency check (`gongkai reindex --check`) sees an entry made before as stale
            Record.objects.filter(pk=attachment.record_id).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
        if updated and attachment.record.status == RecordStatus.PUBLISHED:
            from gongkai.catalogue.services.common import search_changed_on_commit

            search_changed_on_commit(attachment.record_id)
    return str(status)
