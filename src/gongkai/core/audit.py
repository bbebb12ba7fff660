"""The audit trail: every service that changes state calls :func:`audit_record` inside its
own ``transaction.atomic`` block, so the change and its record commit or roll back together
(STYLE.md, example 8).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

from gongkai.core.models import AuditEvent

__all__ = ["AuditEvent", "audit_record"]


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    agency: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Must run inside the caller's transaction.

    ``obj`` fills ``object_type`` ("app_label.model") and ``object_id`` when given.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        agency=agency,
        details=details or {},
    )
