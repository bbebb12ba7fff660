"""Logins, failed logins, lockouts and logouts in the audit trail.

Django's authentication signals are the one place that sees the staff login
(/staff/login/), the Django admin's login (/admin/login/) and every logout alike, so these
receivers write the rows (connected in ``AgenciesConfig.ready``). Each row is written in its own
transaction; the row's agency is the account's agency, so an agency's 管理员 sees the logins of
their staff. The password is never recorded.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Membership
from gongkai.core.audit import audit_record

#: Longest attempted account name kept (the field holds 150; an attacker's junk is cut).
MAX_ATTEMPTED_NAME = 150


def _agency_id_of(user_id: int | None) -> int | None:
    if user_id is None:
        return None
    return Membership.objects.filter(user_id=user_id).values_list("agency_id", flat=True).first()


def _where(request: Any) -> dict[str, str]:
    path = getattr(request, "path", "") if request is not None else ""
    return {"path": path[:200]} if path else {}


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="auth.login",
            obj=user,
            object_type="auth.user",
            agency=_agency(user.pk),
            details=_where(request),
        )


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:  # an anonymous visitor "logging out": nothing happened
        return
    with transaction.atomic():
        audit_record(
            actor=user,
            action="auth.logout",
            obj=user,
            object_type="auth.user",
            agency=_agency(user.pk),
            details=_where(request),
        )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:MAX_ATTEMPTED_NAME]
    user_id = (
        get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
        if username
        else None
    )
    locked = bool(getattr(request, "axes_locked_out", False))
    with transaction.atomic():
        audit_record(
            actor=None,
            action="auth.login_failed",
            object_type="auth.user",
            object_id=user_id or "",
            agency=_agency(user_id),
            details={
                "username": username,
                "known_account": user_id is not None,
                "locked": locked,
                **_where(request),
            },
        )


def on_locked_out(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    """django-axes: the limit was just reached."""
    name = (username or "")[:MAX_ATTEMPTED_NAME]
    user_id = (
        get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()
        if name
        else None
    )
    with transaction.atomic():
        audit_record(
            actor=None,
            action="auth.lockout",
            object_type="auth.user",
            object_id=user_id or "",
            agency=_agency(user_id),
            details={"username": name, "ip": kwargs.get("ip_address") or "", **_where(request)},
        )


def _agency(user_id: int | None) -> Any:
    from gongkai.agencies.models import Agency

    agency_id = _agency_id_of(user_id)
    return Agency(pk=agency_id) if agency_id is not None else None


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth import signals

    signals.user_logged_in.connect(on_logged_in, dispatch_uid="gongkai.audit.login")
    signals.user_logged_out.connect(on_logged_out, dispatch_uid="gongkai.audit.logout")
    signals.user_login_failed.connect(on_login_failed, dispatch_uid="gongkai.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="gongkai.audit.lockout")
