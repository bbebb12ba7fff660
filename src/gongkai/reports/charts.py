"""Charts as server-rendered SVG: meaningful without JavaScript, each with a title, a text
description and the figures as labels (screen readers read the ``<title>``/``<desc>``; the
pages show the same figures in a table beside them)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape
from typing import Any

from gongkai.annual.format import OUTCOME_GROUPS, group_rows

WIDTH = 560
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 170
PALETTE = ("#1f5f99", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd", "#708090", "#8b4513")


def _el(tag: str, text: str | None = None, **attrs: object) -> str:
    rendered = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attrs.items()
    )
    if text is None:
        return f"<{tag}{rendered}/>"
    return f"<{tag}{rendered}>{escape(text)}</{tag}>"


def _open(title: str, desc: str, height: int) -> list[str]:
    key = hashlib.sha1(title.encode()).hexdigest()[:8]
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="t-{key} d-{key}">',
        f'<title id="t-{key}">{escape(title)}</title>',
        f'<desc id="d-{key}">{escape(desc)}</desc>',
    ]


def bar_chart(title: str, items: Sequence[tuple[str, float]], *, unit: str = "") -> str:
    """Horizontal bars, one per (label, value)."""
    n = max(len(items), 1)
    height = 40 + n * (BAR_HEIGHT + GAP)
    top = max((v for _l, v in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    desc = "；".join(f"{label} {_fmt(v)}{unit}" for label, v in items) or "无数据"
    parts = _open(title, desc, height)
    for i, (label, value) in enumerate(items):
        y = 20 + i * (BAR_HEIGHT + GAP)
        w = 0 if value <= 0 else max(2, round(span * value / top))
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            _el("text", label, x=LABEL_WIDTH - 8, y=y + 16, text_anchor="end", font_size=13)
        )
        parts.append(_el("rect", x=LABEL_WIDTH, y=y, width=w, height=BAR_HEIGHT, fill=colour))
        parts.append(
            _el("text", f"{_fmt(value)}{unit}", x=LABEL_WIDTH + w + 6, y=y + 16, font_size=13)
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(title: str, items: Sequence[tuple[str, float]]) -> str:
    """Vertical columns (e.g. the twelve months)."""
    height, base = 220, 180
    n = max(len(items), 1)
    step = (WIDTH - 40) / n
    top = max((v for _l, v in items), default=0) or 1
    desc = "；".join(f"{label} {_fmt(v)}" for label, v in items) or "无数据"
    parts = _open(title, desc, height)
    parts.append(_el("line", x1=20, y1=base, x2=WIDTH - 20, y2=base, stroke="#888"))
    for i, (label, value) in enumerate(items):
        x = 20 + i * step + step * 0.15
        middle = f"{x + step * 0.35:.1f}"
        h = 0 if value <= 0 else max(2, round(150 * value / top))
        parts.append(
            _el(
                "rect",
                x=f"{x:.1f}",
                y=base - h,
                width=f"{step * 0.7:.1f}",
                height=h,
                fill=PALETTE[0],
            )
        )
        parts.append(
            _el("text", _fmt(value), x=middle, y=base - h - 4, text_anchor="middle", font_size=12)
        )
        parts.append(_el("text", label, x=middle, y=base + 16, text_anchor="middle", font_size=12))
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def outcome_items(report: Any) -> list[tuple[str, float]]:
    """Table 三's outcomes by category (the six groups of 三、本年度办理结果)."""
    apps = report.applications
    items = [("予以公开", apps["granted"][-1] or 0), ("部分公开", apps["partly_granted"][-1] or 0)]
    for group in OUTCOME_GROUPS:
        items.append((group.label, sum(apps[k][-1] or 0 for k in group_rows(group.key))))
    return items


def agency_charts(*, agency_ids: Sequence[int], year: int, figures: Any) -> dict[str, str | None]:
    """Applications per month, outcomes by category and the on-time reply rate of the agencies
    in ``agency_ids`` together (None where the applications app gives no data)."""
    from gongkai.reports import stats

    monthly = stats.monthly_received(agency_ids=agency_ids, year=year)
    timely = stats.on_time(agency_ids=agency_ids, year=year)
    on_time_chart = None
    if timely is not None:
        closed = sum(c for c, _t in timely.values())
        within = sum(t for _c, t in timely.values())
        rate = round(100 * within / closed, 1) if closed else 0.0
        on_time_chart = bar_chart(
            f"{year}年按期答复率（{within}/{closed}）",
            [("按期答复", rate), ("逾期答复", round(100 - rate, 1) if closed else 0.0)],
            unit="%",
        )
    return {
        "monthly": column_chart(f"{year}年每月收到申请数", [(f"{m}月", n) for m, n in monthly])
        if monthly is not None
        else None,
        "outcomes": bar_chart(f"{year}年办理结果（件）", outcome_items(figures)),
        "on_time": on_time_chart,
    }
