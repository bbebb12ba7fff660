"""The fields of a 基层政务公开标准目录 entry (DOMAIN.md §5.3), as data.

A category's ``entry`` JSON uses the keys of :data:`ENTRY_FIELDS`; ``channels`` is a list
of values of :data:`CHANNELS` (the ■/□ checkbox list of published catalogues).
"""

from __future__ import annotations

from typing import Any

#: key → label, in the order of the published tables.
ENTRY_FIELDS: dict[str, str] = {
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "deadline": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "mode": "公开方式",
    "level": "公开层级",
}

CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
)
AUDIENCES: tuple[str, ...] = ("全社会", "特定群体")
MODES: tuple[str, ...] = ("主动", "依申请")
LEVELS: tuple[str, ...] = ("县级", "乡级", "村级")


def entry_rows(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for display, in table order; empty fields left out."""
    rows: list[tuple[str, str]] = []
    for key, label in ENTRY_FIELDS.items():
        value = entry.get(key)
        if not value:
            continue
        if isinstance(value, list):
            text = "、".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append((label, text))
    return rows


def clean_entry(data: dict[str, Any]) -> dict[str, Any]:
    """Keep the known keys; ``channels`` as a list of known channels, the rest as text."""
    result: dict[str, Any] = {}
    for key in ENTRY_FIELDS:
        value = data.get(key)
        if key == "channels":
            channels = [c for c in (value or []) if c in CHANNELS]
            if channels:
                result[key] = channels
        elif value:
            result[key] = str(value).strip()
    return result
