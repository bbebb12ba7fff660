"""Generation counters: one number per kind of data, raised after every change to it.

A cache keyed by the number (``portal.pagecache``) is out of date as soon as the number moves,
in every process and on every application server, because the number lives in the database.
Reading it is one primary-key lookup. The number is raised inside the changing transaction, so
readers see the new number exactly when they see the new data (a page rendered from the old data
is kept under the old number). Changing transactions that run at the same time wait for each
other on the counter's row from their first change on: changes to public content are short
and rare next to reads.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from gongkai.core.models import Generation

#: Generations read once for a whole request (``pinned``): what a page shows is read under one
#: number, however many selectors ask for it.
_pinned: ContextVar[dict[str, int] | None] = ContextVar("gongkai_generations", default=None)


@contextlib.contextmanager
def pinned(name: str, value: int) -> Iterator[None]:
    """``current(name)`` is ``value`` inside the block (in this thread or task only)."""
    token = _pinned.set({**(_pinned.get() or {}), name: value})
    try:
        yield
    finally:
        _pinned.reset(token)


def current(name: str) -> int:
    """The generation of ``name`` (0 before its first change). Read on every cached page, so
    in plain SQL (the same on SQLite and PostgreSQL) from the database the router reads from."""
    pins = _pinned.get()
    if pins is not None and name in pins:
        return pins[name]
    alias = router.db_for_read(Generation)
    connection = connections[alias]
    table = connection.ops.quote_name(Generation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE name = %s", [name])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _raise_now(name: str) -> None:
    # the clock in nanoseconds, or one more when that is not more: after a database is
    # restored from a backup, its generations do not come back to numbers used since
    now = time.time_ns()
    if Generation.objects.filter(name=name).update(value=Greatest(F("value") + 1, Value(now))):
        return
    try:
        with transaction.atomic():
            Generation.objects.create(name=name, value=now)
    except IntegrityError:  # created meanwhile by another process
        Generation.objects.filter(name=name).update(value=Greatest(F("value") + 1, Value(now)))


def changed(name: str) -> None:
    """``name``'s data changed: raise its generation, in the current transaction if any (each
    change raises it: a page rendered between two changes of one transaction must not be kept
    under the number that transaction commits)."""
    _raise_now(name)
