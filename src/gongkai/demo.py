"""``gongkai demo``: demo agencies, staff and records (filled in by the agencies work)."""

from __future__ import annotations

from collections.abc import Sequence


def demo_main(argv: Sequence[str]) -> int:
    print("演示数据尚未实现")
    return 0
