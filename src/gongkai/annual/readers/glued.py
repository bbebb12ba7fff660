"""Split digit runs whose cells were glued together, using only the table's own arithmetic.

Some web pages lose every separator between table cells: ``本年新收政府信息公开申请数量
21710000218`` is 217, 1, 0, 0, 0, 0, 218. Nothing in the text says where one number ends,
so the splits are enumerated (non-negative integers, no leading zeros except ``0`` itself)
and only those that satisfy the format's sums are kept:

- table 三, every row: 总计 = the six applicant columns (DOMAIN.md §3.4 rule 2);
- table 三, every column: 一 + 二 = （七）总计 + 四 (rule 1), and the outcome rows sum to
  （七）总计 (rule 3);
- table 四, every group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (§3.5).

When more than one assignment fits, the cells on which the fitting assignments disagree
are left ``None`` and reported: a reader never guesses. The search is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

Cells = tuple[int, ...]

#: Upper bound on candidate splits kept for one run (beyond it the run is ambiguous).
MAX_CANDIDATES = 2000
#: Upper bound on search nodes when combining rows (keeps odd inputs fast).
MAX_NODES = 200_000
#: Upper bound on search nodes when splitting one run.
SPLIT_NODES = 100_000
#: Longest digit run considered (a row of 7 cells of at most 9 digits each).
MAX_RUN = 64


Cuts = frozenset[int]
NO_CUTS: Cuts = frozenset()


class TooManySplits(Exception):
    """The search for splits went over its budget: the run is left undetermined."""


class _Budget:
    def __init__(self, nodes: int = SPLIT_NODES) -> None:
        self.left = nodes

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooManySplits


def _parts(
    digits: str, n: int, limit: int, at: int, cuts: Cuts, budget: _Budget
) -> Iterator[tuple[int, ...]]:
    """Every split of ``digits`` into ``n`` integers without leading zeros, each ≤ limit.

    ``at`` is the position of ``digits`` in the whole run; no part may straddle a position
    in ``cuts`` (a printed separator inside the run).
    """
    budget.spend()
    if n == 0:
        if not digits:
            yield ()
        return
    remaining = len(digits)
    if remaining < n:
        return
    if digits[0] == "0":
        for rest in _parts(digits[1:], n - 1, limit, at + 1, cuts, budget):
            yield (0, *rest)
        return
    # the first part takes 1 … remaining-(n-1) digits
    for width in range(1, remaining - n + 2):
        if width > 1 and (at + width - 1) in cuts:
            break
        value = int(digits[:width])
        if value > limit:
            break
        for rest in _parts(digits[width:], n - 1, limit, at + width, cuts, budget):
            yield (value, *rest)


def split_free(digits: str, n: int, cuts: Cuts = NO_CUTS) -> list[Cells]:
    """Every split of ``digits`` into ``n`` cells, with no arithmetic to choose among them."""
    if not digits.isdigit() or len(digits) > MAX_RUN:
        return []
    out: list[Cells] = []
    for cells in _parts(digits, n, 10 ** len(digits), 0, cuts, _Budget()):
        out.append(cells)
        if len(out) > MAX_CANDIDATES:
            raise TooManySplits
    return out


def split_with_total(digits: str, n: int, cuts: Cuts = NO_CUTS) -> list[Cells]:
    """Splits of ``digits`` into ``n`` cells whose first ``n - 1`` sum to the last.

    ``cuts``: positions (index of the first digit after a printed separator) that must
    fall between two cells.
    """
    if not digits.isdigit() or len(digits) > MAX_RUN or len(digits) < n:
        return []
    out: list[Cells] = []
    budget = _Budget()
    # the total is a suffix of the run (no leading zero unless it is '0')
    for total_width in range(1, len(digits) - (n - 1) + 1):
        head = len(digits) - total_width
        if total_width > 1 and digits[head] == "0":
            continue
        if any(head < c < len(digits) for c in cuts):
            break
        total = int(digits[head:])
        for parts in _bounded_parts(digits[:head], n - 1, total, 0, cuts, budget):
            out.append((*parts, total))
            if len(out) > MAX_CANDIDATES:
                raise TooManySplits
    return out


def _bounded_parts(
    digits: str, n: int, total: int, at: int, cuts: Cuts, budget: _Budget
) -> Iterator[tuple[int, ...]]:
    """Splits into ``n`` parts that sum exactly to ``total``."""
    budget.spend()
    if n == 0:
        if not digits and total == 0:
            yield ()
        return
    if len(digits) < n:
        return
    # n parts of these digits sum to less than one part with all spare digits plus 9s;
    # no part is longer than the total
    if total >= 10 ** (len(digits) - n + 1) + 9 * (n - 1) or len(digits) > n * len(str(total)):
        return
    # the longest part has at least ceil(len/n) digits; beyond one digit it has no
    # leading zero, so it is at least 10^(that - 1)
    longest = -(-len(digits) // n)
    if longest > 1 and total < 10 ** (longest - 1):
        return
    if n == 1:
        inside = any(at < c < at + len(digits) for c in cuts)
        if not inside and (len(digits) == 1 or digits[0] != "0") and int(digits) == total:
            yield (total,)
        return
    if digits[0] == "0":
        for rest in _bounded_parts(digits[1:], n - 1, total, at + 1, cuts, budget):
            yield (0, *rest)
        return
    for width in range(1, len(digits) - n + 2):
        if width > 1 and (at + width - 1) in cuts:
            break
        value = int(digits[:width])
        if value > total:
            break
        for rest in _bounded_parts(digits[width:], n - 1, total - value, at + width, cuts, budget):
            yield (value, *rest)


def split_groups(digits: str, groups: int, size: int, cuts: Cuts = NO_CUTS) -> list[Cells]:
    """Splits into ``groups`` × ``size`` cells where each group's last cell is its sum."""
    if not digits.isdigit() or len(digits) > MAX_RUN * 2:
        return []
    out: list[Cells] = []
    nodes = 0

    def walk(at: int, left: int, acc: tuple[int, ...]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES or len(out) > MAX_CANDIDATES:
            raise TooManySplits
        if left == 0:
            if at == len(digits):
                out.append(acc)
            return
        # choose the length of this group's run, then split it with its total
        for end in range(at + size, len(digits) - size * (left - 1) + 1):
            local = frozenset(c - at for c in cuts if at < c < end)
            for cells in split_with_total(digits[at:end], size, local):
                walk(end, left - 1, acc + cells)

    walk(0, groups, ())
    return out


def agree(solutions: Sequence[Cells]) -> list[int | None]:
    """Cell by cell: the value all solutions share, or None where they differ."""
    if not solutions:
        return []
    first = solutions[0]
    return [v if all(s[i] == v for s in solutions) else None for i, v in enumerate(first)]


def solve_applications(
    candidates: dict[str, list[Cells]],
    *,
    outcome_keys: Sequence[str],
    width: int,
    max_solutions: int = 64,
) -> tuple[dict[str, list[Cells]], bool]:
    """Choose one candidate per row of table 三 so that the column sums hold.

    ``candidates`` maps a row key (``new``, ``carried_in``, ``total``, ``carried_out`` and
    the outcome rows in ``outcome_keys``) to its possible cell tuples; a row missing from
    the map is unknown and the sums that involve it are not checked. Returns, per row, the
    candidates used by at least one complete fitting assignment (at most ``max_solutions``
    assignments are collected), and whether the search was complete.
    """
    balance = ("new", "carried_in", "total", "carried_out")
    check_balance = all(k in candidates for k in balance)
    present_outcomes = [k for k in outcome_keys if k in candidates]
    check_outcomes = "total" in candidates and len(present_outcomes) == len(outcome_keys)

    order = [k for k in balance if k in candidates]
    # most constrained outcome rows first: fewer branches near the root
    order += sorted(present_outcomes, key=lambda k: len(candidates[k]))
    order += [k for k in candidates if k not in order]

    used: dict[str, set[Cells]] = {k: set() for k in candidates}
    found = 0
    nodes = 0
    complete = True
    chosen: dict[str, Cells] = {}
    outcome_sum = [0] * width

    def consistent_so_far(key: str) -> bool:
        if check_balance and key in balance and all(k in chosen for k in balance):
            new, carried_in = chosen["new"], chosen["carried_in"]
            total, carried_out = chosen["total"], chosen["carried_out"]
            if any(new[c] + carried_in[c] != total[c] + carried_out[c] for c in range(width)):
                return False
        if check_outcomes and "total" in chosen:
            total = chosen["total"]
            if any(outcome_sum[c] > total[c] for c in range(width)):
                return False
        return True

    def walk(index: int) -> None:
        nonlocal found, nodes, complete
        if found >= max_solutions:
            complete = False
            return
        nodes += 1
        if nodes > MAX_NODES:
            complete = False
            return
        if index == len(order):
            if check_outcomes and list(chosen["total"]) != outcome_sum:
                return
            found += 1
            for k, v in chosen.items():
                used[k].add(v)
            return
        key = order[index]
        is_outcome = check_outcomes and key in present_outcomes
        for cells in candidates[key]:
            chosen[key] = cells
            if is_outcome:
                for c in range(width):
                    outcome_sum[c] += cells[c]
            if consistent_so_far(key):
                walk(index + 1)
            if is_outcome:
                for c in range(width):
                    outcome_sum[c] -= cells[c]
            del chosen[key]
            if not complete and found >= max_solutions:
                return

    walk(0)
    return {k: sorted(v) for k, v in used.items()}, complete


__all__ = [
    "TooManySplits",
    "agree",
    "solve_applications",
    "split_free",
    "split_groups",
    "split_with_total",
]
