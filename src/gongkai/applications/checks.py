"""Deployment checks of the public form's rate limits (run by ``gongkai selfcheck``).

* ``gongkai.E003``: ``GONGKAI_PUBLIC_LIMITS`` names a limit that does not exist.
* ``gongkai.W003``: production loosens a limit (allows more hits, or the same hits over a shorter
  window, than the default): meant for load tests from one address only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from .public_limits import DEFAULT_LIMITS


@register(Tags.security, deploy=True)
def check_public_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    configured: dict[str, tuple[int, int]] = getattr(settings, "GONGKAI_PUBLIC_LIMITS", {}) or {}
    unknown = sorted(set(configured) - set(DEFAULT_LIMITS))
    if unknown:
        return [
            Error(
                f"GONGKAI_PUBLIC_LIMITS 中没有这些限制：{'、'.join(unknown)}。",
                hint=f"可设置的限制：{'、'.join(DEFAULT_LIMITS)}"
                "（见 docs/applications-public.md）。",
                id="gongkai.E003",
            )
        ]
    if not getattr(settings, "PRODUCTION", False):
        return []
    loosened = []
    for name, (hits, seconds) in configured.items():
        default_hits, default_seconds = DEFAULT_LIMITS[name]
        if hits * default_seconds > default_hits * seconds:  # a higher rate than the default
            loosened.append(f"{name}={hits}/{seconds}")
    if loosened:
        return [
            Warning(
                f"生产环境放宽了公开申请表的频率限制：{'、'.join(loosened)}。",
                hint="这只用于从一个地址发起的压力测试；正式运行时请删除 GONGKAI_PUBLIC_LIMITS。",
                id="gongkai.W003",
            )
        ]
    return []
