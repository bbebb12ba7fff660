"""Rate limits of the public application form and the status page (Django's cache).

A fixed-window counter per key: the first hit of a window creates the key with the window as
its timeout, later hits increment it. With a shared cache (Redis, ``REDIS_URL``) the limits hold
across servers; with the local-memory cache of development, per process.

Limits are generous for people and tight for scripts: 条例第三十五条 handles applicants who file
many applications by asking for reasons, not by refusing them at the door. The numbers can be
changed in settings (``GONGKAI_PUBLIC_LIMITS``, same keys as :data:`DEFAULT_LIMITS`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    hits: int
    seconds: int


#: name → (hits, window in seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "apply_ip": (30, 3600),  # submission attempts (with errors too) from one address per hour
    "apply_applicant": (10, 3600),  # submissions by one applicant (ID number) per hour
    "suggest_ip": (120, 60),  # deflection look-ups per minute
    "track_ip": (20, 900),  # failed status look-ups from one address per 15 minutes
    "track_number": (10, 3600),  # failed look-ups of one 受理编号 per hour
}


def limit(name: str) -> Limit:
    configured = getattr(settings, "GONGKAI_PUBLIC_LIMITS", {}) or {}
    hits, seconds = configured.get(name, DEFAULT_LIMITS[name])
    return Limit(int(hits), int(seconds))


def _key(name: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    return f"gongkai:limit:{name}:{digest}"


def exceeded(name: str, value: str) -> bool:
    """Whether the counter for ``value`` has reached the limit (without counting a hit)."""
    current = cache.get(_key(name, value), 0)
    return int(current) >= limit(name).hits


def hit(name: str, value: str) -> int:
    """Count one hit; return the count in the current window."""
    key = _key(name, value)
    window = limit(name).seconds
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def check_and_hit(name: str, value: str) -> bool:
    """Count one hit; False if this hit goes over the limit."""
    return hit(name, value) <= limit(name).hits


def reset(name: str, value: str) -> None:
    cache.delete(_key(name, value))


def client_ip(request: HttpRequest) -> str:
    """The client's address as the platform records it (behind trusted proxies too)."""
    from gongkai.core.requestctx import client_ip as platform_client_ip

    return platform_client_ip(request) or "unknown"
