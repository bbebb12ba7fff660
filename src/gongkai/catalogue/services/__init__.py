"""Everything that changes the catalogue (STYLE.md: services). Keyword-only, atomic, audited."""

from .attachments import (
    ATTACHMENT_KINDS,
    attachment_add,
    attachment_remove,
    relation_add,
    relation_remove,
)
from .categories import (
    category_create,
    category_delete,
    category_setting_set,
    category_update,
)
from .common import RecordConflict
from .imports import records_import
from .index_numbers import format_index_no, index_no_next
from .records import (
    EDITABLE_FIELDS,
    RecordData,
    category_usable,
    clean_record_values,
    record_approve,
    record_create,
    record_delete,
    record_migrate_published,
    record_reopen,
    record_return,
    record_submit,
    record_timeliness_recompute,
    record_update,
    record_withdraw,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "EDITABLE_FIELDS",
    "RecordConflict",
    "RecordData",
    "attachment_add",
    "attachment_remove",
    "category_create",
    "category_delete",
    "category_setting_set",
    "category_update",
    "category_usable",
    "clean_record_values",
    "format_index_no",
    "index_no_next",
    "record_approve",
    "record_create",
    "record_delete",
    "record_migrate_published",
    "record_reopen",
    "record_return",
    "record_submit",
    "record_timeliness_recompute",
    "record_update",
    "record_withdraw",
    "records_import",
    "relation_add",
    "relation_remove",
]
