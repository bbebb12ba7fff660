"""Read replicas for the public side (``DATABASE_REPLICA_URLS``).

Several application servers can share one PostgreSQL primary with streaming replicas. The
public portal, the search and the public API only read, tolerate a replica that lags by a
second, and are most of the traffic: their GET requests read from a replica. Everything else
reads from the primary: the back office (a member of staff must see what they just saved), the
application form and its tracking page, every write, and every read inside a transaction.

:class:`gongkai.core.middleware.RequestContextMiddleware` decides per request
(:func:`may_use_replica`) and opens :func:`replica_reads` around it; code outside a request
(tasks, the CLI) can open :func:`replica_reads` itself for a long read-only job.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest

#: Paths whose GET requests never read from a replica (read-your-writes pages).
PRIMARY_ONLY_PREFIXES = ("/staff/", "/admin/", "/apply/", "/track/", "/healthz")

_replica_ok: ContextVar[bool] = ContextVar("gongkai_replica_ok", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def may_use_replica(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if not replica_aliases():
        return False
    return not request.path.startswith(PRIMARY_ONLY_PREFIXES)


@contextmanager
def replica_reads(enabled: bool = True) -> Iterator[None]:
    token = _replica_ok.set(enabled)
    try:
        yield
    finally:
        _replica_ok.reset(token)


class ReplicaRouter:
    """Reads go to a random replica inside :func:`replica_reads`; all else to ``default``."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _replica_ok.get():
            return None
        if connections["default"].in_atomic_block:
            return None  # a read inside a transaction must see the transaction's writes
        aliases = replica_aliases()
        return random.choice(aliases) if aliases else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # Replicas hold the same rows as the primary: objects read from either may be related.
        known = {"default", *replica_aliases()}
        if obj1._state.db in known and obj2._state.db in known:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"
