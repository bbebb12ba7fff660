"""Full-text search over published records (the search selector and its index).

:func:`record_changed` is the one entry point the catalogue's services call, after their
transaction commits, whenever a record is published, changed while published, or withdrawn.
"""

from __future__ import annotations


def record_changed(record_id: int) -> None:
    """Bring the search index up to date for one record (published → indexed, else removed)."""
