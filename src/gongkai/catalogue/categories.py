"""The standard category tree as data (``data/categories.toml``) and its loader.

:func:`standard_tree` reads the file into plain nodes; :func:`standard_categories_sync`
creates or updates the rows of the standard tree (``agency`` null) from it. The sync is
idempotent and never deletes: a column removed from the file stays (records may use it). It
takes the model class so that migration 0002 can run it with the historical model.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

#: Keys a node may carry besides ``code``, ``name`` and ``children``.
NODE_FIELDS: tuple[str, ...] = (
    "article",
    "description",
    "report_key",
    "has_validity",
    "agency_kinds",
    "kind",
    "entry",
)
_DEFAULTS: dict[str, Any] = {
    "article": "",
    "description": "",
    "report_key": "",
    "has_validity": False,
    "agency_kinds": [],
    "kind": "column",
    "entry": {},
}


@dataclass(frozen=True)
class StandardNode:
    code: str
    name: str
    position: int
    values: dict[str, Any]
    children: tuple[StandardNode, ...] = field(default=())

    def walk(self) -> list[tuple[StandardNode, StandardNode | None]]:
        """(node, parent) pairs, parents before children."""
        pairs: list[tuple[StandardNode, StandardNode | None]] = [(self, None)]
        for child in self.children:
            for node, parent in child.walk():
                pairs.append((node, parent or self))
        return pairs


class CategoryDataError(ValueError):
    """The data file is inconsistent (a duplicate code, an unknown key)."""


def _node(raw: dict[str, Any], position: int, seen: set[str]) -> StandardNode:
    unknown = set(raw) - {"code", "name", "children", *NODE_FIELDS}
    if unknown:
        raise CategoryDataError(f"栏目 {raw.get('code')!r}: 未知字段 {sorted(unknown)}")
    code = raw["code"]
    if code in seen:
        raise CategoryDataError(f"栏目代码重复：{code}")
    seen.add(code)
    values = {key: raw.get(key, default) for key, default in _DEFAULTS.items()}
    children = tuple(
        _node(child, (i + 1) * 10, seen) for i, child in enumerate(raw.get("children", []))
    )
    return StandardNode(
        code=code, name=raw["name"], position=position, values=values, children=children
    )


def standard_tree(text: str | None = None) -> list[StandardNode]:
    """The top-level nodes of the standard tree (from the packaged file unless ``text``)."""
    if text is None:
        text = (
            resources.files("gongkai.catalogue")
            .joinpath("data/categories.toml")
            .read_text(encoding="utf-8")
        )
    data = tomllib.loads(text)
    seen: set[str] = set()
    return [_node(raw, (i + 1) * 10, seen) for i, raw in enumerate(data.get("category", []))]


def standard_categories_sync(category_model: Any = None, text: str | None = None) -> int:
    """Create or update the standard tree; returns the number of rows created or changed."""
    if category_model is None:
        from gongkai.catalogue.models import Category

        category_model = Category
    model_fields = {f.name for f in category_model._meta.get_fields()}
    existing = {c.code: c for c in category_model.objects.filter(agency__isnull=True)}
    changed = 0
    rows: dict[str, Any] = {}
    for top in standard_tree(text):
        for node, parent in top.walk():
            wanted: dict[str, Any] = {
                "name": node.name,
                "position": node.position,
                "parent_id": rows[parent.code].pk if parent is not None else None,
            }
            wanted.update({k: v for k, v in node.values.items() if k in model_fields})
            row = existing.get(node.code)
            if row is None:
                row = category_model.objects.create(agency=None, code=node.code, **wanted)
                changed += 1
            else:
                diff = [k for k, v in wanted.items() if getattr(row, k) != v]
                if diff:
                    for k in diff:
                        setattr(row, k, wanted[k])
                    row.save(update_fields=[*diff, "updated_at"])
                    changed += 1
            rows[node.code] = row
    return changed
