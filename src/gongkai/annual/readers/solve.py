"""Place figures by the tables' arithmetic when their printed order cannot be trusted.

Converter output (PDF-to-text, PDF-to-Markdown, OCR) often gives a table's figures in an
order that is neither row by row nor column by column: table 四's three groups come
interleaved, table 三's rows slide away from their labels. The format guarantees sums
(国办公开办函〔2021〕30号; DOMAIN.md §3.4–3.5), and these functions use only them:

- table 四: each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结;
- table 三: each row's 总计 = the six applicant columns; in every column 一 + 二 =
  （七）总计 + 四, and the outcome rows add up to （七）总计.

An assignment is accepted only when it is the only one that satisfies them (or when all
that do agree on a cell); otherwise the caller leaves the cells empty and lists the
candidates in a ``reader-ambiguous`` finding. The search is bounded.
"""

from __future__ import annotations

from collections.abc import Sequence

Group = tuple[int, ...]

#: Search budget (nodes) for :func:`interleaved_groups`.
MAX_NODES = 200_000


def adds_up(values: Sequence[int | None]) -> bool:
    """The last value is the sum of the others (every value known)."""
    if any(v is None for v in values):
        return False
    known = [v for v in values if v is not None]
    return sum(known[:-1]) == known[-1]


def interleaved_groups(values: Sequence[int], groups: int, size: int) -> list[list[Group]] | None:
    """Every way to deal ``values`` (in printed order) into ``groups`` runs of ``size``
    figures, each keeping its printed order and ending with the sum of its others.

    Groups are listed by where their first figure is printed; the groups after the first
    are to be read as a set (two of them alike so far are dealt to only once). Distinct
    results only;
    ``None`` when the search exceeds its budget (too many to decide among).
    """
    if len(values) != groups * size:
        return []
    found: set[tuple[Group, ...]] = set()
    open_groups: list[list[int]] = []
    seen: set[tuple[int, tuple[tuple[int, ...], ...]]] = set()
    nodes = 0

    def search(i: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return False
        if i == len(values):
            found.add(tuple(tuple(g) for g in open_groups))
            return True
        state = (i, tuple(tuple(g) for g in open_groups))
        if state in seen:  # the same deal reached another way: same results
            return True
        seen.add(state)
        value = values[i]
        tried: set[tuple[int, ...]] = set()
        for index, group in enumerate(open_groups):
            if len(group) < size and (index == 0 or tuple(group) not in tried):
                # two later groups alike so far: one try serves both (callers treat the
                # groups after the first as a set)
                if index:
                    tried.add(tuple(group))
                if len(group) == size - 1 and sum(group) != value:
                    continue
                group.append(value)
                ok = search(i + 1)
                group.pop()
                if not ok:
                    return False
        if len(open_groups) < groups:
            open_groups.append([value])
            ok = search(i + 1)
            open_groups.pop()
            if not ok:
                return False
        return True

    if not search(0):
        return None
    return [list(solution) for solution in sorted(found)]


def agree(options: Sequence[Sequence[int]]) -> list[int | None]:
    """Per position, the value every option shares, else ``None``."""
    if not options:
        return []
    first = options[0]
    return [
        v if all(len(o) == len(first) and o[i] == v for o in options) else None
        for i, v in enumerate(first)
    ]


__all__ = ["MAX_NODES", "Group", "adds_up", "agree", "interleaved_groups"]
