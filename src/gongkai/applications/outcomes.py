"""One reportable outcome per application (table 三 counts each application once).

DOMAIN.md §3.4 and U4: the format settles only 区分处理 (第三十七条: part provided, part withheld
→ 部分公开, counted only there). For an application with several items whose outcomes differ
otherwise, the reportable outcome is derived by a documented precedence, and the office may
override it (``Application.outcome_overridden``):

1. every item the same → that outcome;
2. some item 予以公开 or 部分公开 and some item not → 部分公开 (the applicant got part of what
   was asked for);
3. otherwise the first group in the order 不予公开 > 无法提供 > 不予处理 > 其他处理, and within a
   group the lowest-numbered row among the items.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.annual.format import APPLICATION_BY_KEY, OUTCOME_ROW_KEYS

GRANTING = frozenset({"granted", "partly_granted"})
GROUP_PRECEDENCE = ("refused", "unable", "not_processed", "other")


def derive_outcome(outcomes: Sequence[str]) -> str:
    """The reportable outcome of items with ``outcomes`` ("" for none)."""
    known = [o for o in outcomes if o in OUTCOME_ROW_KEYS]
    if not known:
        return ""
    if len(set(known)) == 1:
        return known[0]
    if any(o in GRANTING for o in known):
        return "partly_granted"
    for group in GROUP_PRECEDENCE:
        in_group = [o for o in known if APPLICATION_BY_KEY[o].group == group]
        if in_group:
            return min(in_group, key=OUTCOME_ROW_KEYS.index)
    return known[0]
