"""Login lockout (django-axes) wired to the platform: the backend, and the Chinese page.

After ``LOGIN_FAILURE_LIMIT`` failed logins for an account, or from one address, further
attempts are refused for ``LOGIN_LOCKOUT_MINUTES`` — at /staff/login/ and /admin/login/ alike,
even with the right password. Failures and lockouts are in the audit trail
(:mod:`gongkai.agencies.auth_audit`). A platform administrator can lift a lockout early in the
Django admin (登录锁定) or with ``gongkai axes_reset_username NAME``.
"""

from __future__ import annotations

import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse

from gongkai.core import errors


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request.

    An ``authenticate()`` call without a request (server-side code, a management command) has
    no client to throttle: it is left to the next backend instead of failing with an error.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None


#: The longest account name recorded by django-axes (its column holds 255; accounts hold 150).
MAX_USERNAME = 150


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: the name tried, cut to what an account name can be.

    Django's login form does not enforce the length of what is typed, and axes stores it in a
    255-character column: on PostgreSQL a longer name would fail the whole request. Every name
    longer than any account shares its first 150 characters with a "real" key, which is fine:
    no account has such a name.
    """
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return str(value or "")[:MAX_USERNAME]


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with a page on the side of the login that was tried."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = errors.render_error(
        request, 429, template="429_lockout.html", extra={"minutes": minutes}
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
