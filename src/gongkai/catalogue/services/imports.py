"""Bulk import: every row valid, or nothing imported (one transaction)."""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import EventKind, Record
from gongkai.core.audit import audit_record

from .common import Actor
from .records import RecordData, record_create


@transaction.atomic
def records_import(
    *, actor: Actor, agency: Agency, rows: list[RecordData], source: str = ""
) -> list[Record]:
    """Create one draft per row (each with its timeline event and audit row), plus one audit
    row for the import itself. A ValidationError on any row rolls the whole import back.
    """
    records = [
        record_create(actor=actor, agency=agency, data=row, event_kind=EventKind.IMPORTED)
        for row in rows
    ]
    audit_record(
        actor=actor,
        action="record.import_batch",
        object_type="catalogue.record",
        agency=agency,
        details={
            "count": len(records),
            "source": source[:200],
            "first": records[0].pk if records else None,
        },
    )
    return records
