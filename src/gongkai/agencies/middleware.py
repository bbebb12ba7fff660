"""Staff sessions: idle and absolute lifetime, and the second factor.

* A session ends after ``SESSION_COOKIE_AGE`` seconds without a request (the idle timeout;
  the last activity is written at most once a minute, so a page view costs no write), and
  ``GONGKAI_SESSION_MAX_AGE`` after the login however active it is.
* In the back office (/staff/) and the Django admin (/admin/), an account with a confirmed TOTP
  device must enter a code once per login (``staff:two_factor_verify``); an account that must
  use one (:func:`gongkai.agencies.permissions.two_factor_required`) and has none is sent to set
  one up (``staff:two_factor``) before anything else.

:func:`start_staff_session` runs at every login (``user_logged_in``) and notes in the session
when it started and whether the account has a device, so that pages cost no extra query.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gongkai.agencies import permissions, selectors

LOGIN_AT_SESSION_KEY = "gongkai_login_at"
LAST_SEEN_SESSION_KEY = "gongkai_last_seen"
#: True/False once known whether the account has a confirmed TOTP device.
HAS_DEVICE_SESSION_KEY = "gongkai_otp_device"
#: The last activity is written to the session at most this often (seconds).
LAST_SEEN_RESOLUTION = 60
PROTECTED_PREFIXES = ("/staff/", "/admin/")


def start_staff_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the session's start, and whether a second factor is due."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = time.time()
    session[LOGIN_AT_SESSION_KEY] = now
    session[LAST_SEEN_SESSION_KEY] = now
    session[HAS_DEVICE_SESSION_KEY] = selectors.two_factor_device_for_user(user=user) is not None


def note_device(request: HttpRequest, *, present: bool) -> None:
    """After the user set up or removed their device in this session."""
    request.session[HAS_DEVICE_SESSION_KEY] = present


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    @cached_property
    def _open_paths(self) -> frozenset[str]:
        """Pages an unverified account may reach: logging in and out, the second factor."""
        return frozenset(
            reverse(name)
            for name in (
                "staff:login",
                "staff:logout",
                "staff:two_factor",
                "staff:two_factor_verify",
                "admin:login",
                "admin:logout",
            )
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            expired = self._session_expired(request)
            if expired is not None:
                return expired
            if request.user.is_authenticated and (
                request.path.startswith(PROTECTED_PREFIXES) and request.path not in self._open_paths
            ):
                redirect = self._second_factor(request)
                if redirect is not None:
                    return redirect
        return self.get_response(request)

    def _session_expired(self, request: HttpRequest) -> HttpResponseBase | None:
        session = request.session
        now = time.time()
        started = session.get(LOGIN_AT_SESSION_KEY)
        last_seen = session.get(LAST_SEEN_SESSION_KEY)
        if not isinstance(started, int | float) or not isinstance(last_seen, int | float):
            # a session from before these keys existed: start counting now
            session[LOGIN_AT_SESSION_KEY] = session[LAST_SEEN_SESSION_KEY] = now
            return None
        too_old = now - started > settings.GONGKAI_SESSION_MAX_AGE.total_seconds()
        idle = now - last_seen > settings.SESSION_COOKIE_AGE
        if not (too_old or idle):
            if now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_SESSION_KEY] = now  # saves the session, renewing its expiry
            return None
        logout(request)
        if not request.path.startswith(PROTECTED_PREFIXES):
            return None  # a public page: simply continue as a visitor
        messages.info(request, _("登录已超时，请重新登录。"))
        return _to(reverse("staff:login"), request)

    def _second_factor(self, request: HttpRequest) -> HttpResponseBase | None:
        user = request.user
        if user.is_verified():  # type: ignore[union-attr]
            return None
        has_device = request.session.get(HAS_DEVICE_SESSION_KEY)
        if has_device is None:
            has_device = selectors.two_factor_device_for_user(user=user) is not None  # type: ignore[arg-type]
            request.session[HAS_DEVICE_SESSION_KEY] = has_device
        if has_device:
            return _to(reverse("staff:two_factor_verify"), request)
        if permissions.two_factor_required(user):
            messages.warning(request, _("按照规定，您的账号须启用双因素认证后才能继续使用。"))
            return HttpResponseRedirect(reverse("staff:two_factor"))
        return None


def _to(url: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
