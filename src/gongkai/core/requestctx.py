"""Where the current piece of work comes from: request id, client address, origin.

The request middleware (:class:`gongkai.core.middleware.RequestContextMiddleware`) fills these
context variables for the duration of a request; the ``gongkai`` command marks its own work as
coming from the command line. The audit trail and every log line read them from here, so
services need no ``request`` argument to record "from where".
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

#: An incoming X-Request-ID is kept if it looks like an id (a proxy's or a load balancer's).
REQUEST_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
REQUEST_ID_MAX_LENGTH = 64
#: Alphabet of the ids made here: no 0/O, 1/l/I, so an id read out over the phone is unambiguous.
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_ID_LENGTH = 10


@dataclass(frozen=True)
class Origin:
    request_id: str = ""
    ip: str | None = None
    #: "web" for a request, "cli" for the gongkai command, "" when unknown (tests, tasks).
    channel: str = ""
    #: For the command line: the operating-system account that ran it.
    os_user: str = ""


_NO_ORIGIN = Origin()
_origin: ContextVar[Origin] = ContextVar("gongkai_origin", default=_NO_ORIGIN)


def current() -> Origin:
    return _origin.get()


@contextmanager
def bound(origin: Origin) -> Iterator[Origin]:
    """Make ``origin`` current inside the block."""
    token = _origin.set(origin)
    try:
        yield origin
    finally:
        _origin.reset(token)


def set_for_process(origin: Origin) -> None:
    """Mark the rest of this process (a CLI run) as coming from ``origin``."""
    _origin.set(origin)


def new_request_id() -> str:
    """A short random id (10 characters, about 49 bits): shown on error pages, in every log line."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH))


def request_id_from(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when it is a plausible id, else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if 0 < len(incoming) <= REQUEST_ID_MAX_LENGTH and set(incoming) <= REQUEST_ID_CHARS:
        return incoming
    return new_request_id()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` (settings, from the environment) says how many
    reverse proxies stand in front of the application: then the address that the outermost
    trusted proxy saw, counted from the right of ``X-Forwarded-For`` (entries further left are
    whatever the client claimed and are ignored). Used by the audit trail and the login lockout.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    if remote is None:
        return None
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None
