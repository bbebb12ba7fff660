"""Figures of table 二 that the narrative states in words, to split glued digits.

Where a row of table 二 prints as one run of digits (``行政规范性文件1026``) nothing in
the table splits it: 1 0 26, 10 2 6, 1 02 6 … The narrative often says the figures in
words — ``本年度制发规范性文件1件`` … ``现行有效行政规范性文件26件`` — and each such
statement fixes one cell. :func:`stated_cells` finds them; the caller keeps the splits
that agree with every one and accepts a split only when one remains.
"""

from __future__ import annotations

import re

#: row key → (column index, pattern whose first group is the figure). The words a
#: narrative uses for each of the three columns (本年制发 / 本年废止 / 现行有效).
_DOCUMENT_WORDS = {
    "rules": "规章",
    "normative_documents": "(?:行政)?规范性文件",
}
_COLUMN_VERBS = (
    (0, r"(?:本年度?|全年|年内)?(?:新?制发|制定|印发|出台|发布)"),
    (1, r"(?:本年度?|全年|年内)?(?:废止|清理废止)"),
    (2, r"(?:现行有效|有效)的?"),
)
_FIGURE = r"(?:共|合计|总计)?\s*(\d{1,6})\s*(?:件|个|部|份)"


def _patterns() -> dict[str, list[tuple[int, re.Pattern[str]]]]:
    out: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for key, noun in _DOCUMENT_WORDS.items():
        out[key] = [
            (column, re.compile(verb + r"[^，。；\d]{0,6}?" + noun + _FIGURE))
            for column, verb in _COLUMN_VERBS
        ]
    return out


_PATTERNS = _patterns()


def stated_cells(text: str, key: str) -> dict[int, int]:
    """Column → figure for the cells of row ``key`` the text states (one figure each).

    A column stated twice with different figures is left out: the text does not decide.
    """
    found: dict[int, set[int]] = {}
    for column, pattern in _PATTERNS.get(key, []):
        for match in pattern.finditer(text):
            found.setdefault(column, set()).add(int(match.group(1)))
    return {column: values.pop() for column, values in found.items() if len(values) == 1}


__all__ = ["stated_cells"]
