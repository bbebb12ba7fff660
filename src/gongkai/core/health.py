"""The health check behind ``/healthz``: is the database reachable (and the shared cache)?"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


@dataclass
class HealthReport:
    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(value == "ok" for value in self.checks.values())

    def as_dict(self) -> dict[str, object]:
        return {"status": "ok" if self.ok else "error", **self.checks}


def check() -> HealthReport:
    report = HealthReport()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("health check: database unreachable: %s", exc)
        report.checks["database"] = "error"
    else:
        report.checks["database"] = "ok"
    if settings.REDIS_URL:
        report.checks["cache"] = _check_cache()
    return report


def _check_cache() -> str:
    # redis-py's errors (ConnectionError, TimeoutError) derive from redis.RedisError; the cache
    # backend lets them through, so they are named here rather than caught as Exception.
    from redis import RedisError

    try:
        caches["default"].set("gongkai:healthz", "ok", timeout=10)
        value = caches["default"].get("gongkai:healthz")
    except (RedisError, OSError) as exc:
        logger.error("health check: cache unreachable: %s", exc)
        return "error"
    return "ok" if value == "ok" else "error"
