"""Walks over the agency hierarchy given as (id, parent_id) pairs.

The hierarchy is small (a county has tens of agencies), so callers load every pair with one
query and walk it in Python: portable across SQLite and PostgreSQL, and never N+1.
Every walk is safe against a (wrongly stored) cycle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def children_map(pairs: Iterable[tuple[int, int | None]]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for node, parent in pairs:
        children[parent].append(node)
    return children


def descendant_ids(pairs: Iterable[tuple[int, int | None]], root_ids: Iterable[int]) -> set[int]:
    """All ids below the roots (the roots themselves excluded, unless inside a cycle)."""
    children = children_map(pairs)
    found: set[int] = set()
    stack = [child for root in root_ids for child in children.get(root, [])]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(children.get(node, []))
    return found


def ancestor_ids(pairs: Iterable[tuple[int, int | None]], node_id: int) -> list[int]:
    """The ids above ``node_id``, nearest first."""
    parent_of = dict(pairs)
    result: list[int] = []
    seen = {node_id}
    current = parent_of.get(node_id)
    while current is not None and current not in seen:
        result.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return result
