"""Background work of the search index (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def search_update_record(record_id: int) -> None:
    """Index the record if it is published, remove it from the index otherwise. Idempotent."""
    from gongkai.catalogue.search import index_records

    index_records([record_id])
