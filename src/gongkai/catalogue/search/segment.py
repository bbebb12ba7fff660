"""Chinese word segmentation for the search index and its queries (rjieba), and snippets.

Pure functions, no Django. The index holds, for each record, the words of ``cut_for_search``
(jieba's search mode: a long word and the dictionary words inside it, so 低保 is found in
低保户 and 补贴 in 农业补贴) and, separately, the set of its Chinese characters, so that a
one-character query (镇, 村) finds every record that contains the character.

Segmentation runs without jieba's HMM on both sides: an unknown name (岢曲) is then always cut
into single characters, in a record and in a query alike, and the two meet on the character
field. Text is NFKC-normalised (full-width digits and letters become ASCII) and lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rjieba

#: A token is kept when it holds a letter, a digit or a CJK character (no punctuation).
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Tokens longer than this are dropped (a run of digits or a URL is not a word anyone types).
MAX_TOKEN_LENGTH = 40
#: At most this many query terms are used (a pasted paragraph is not a query).
MAX_QUERY_TERMS = 12


#: Full-width ASCII (Ａ, １, ，) and the ideographic space as their ASCII forms: what NFKC does to
#: Chinese text in practice, at a fraction of its cost.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalise(text: str) -> str:
    # full-width punctuation is dropped with the other punctuation: only letters and digits
    # need their ASCII form, and most texts have none
    if _FULL_WIDTH_ALNUM.search(text):
        text = text.translate(_FULL_WIDTH)
    return text.lower()


#: Tokens seen so far, kept and dropped (the vocabulary of a catalogue is small: a token is
#: classified once, and a document's tokens are filtered by set operations, not a call each).
_KEPT: set[str] = set()
_DROPPED: set[str] = set()
_SEEN_LIMIT = 500_000


def _classify(tokens: set[str]) -> None:
    if len(_KEPT) + len(_DROPPED) > _SEEN_LIMIT:
        _KEPT.clear()
        _DROPPED.clear()
    for token in tokens:
        if len(token) <= MAX_TOKEN_LENGTH and _WORDLIKE.search(token) is not None:
            _KEPT.add(token)
        else:
            _DROPPED.add(token)


def index_tokens(text: str) -> list[str]:
    """The words of ``text`` for the index (search mode, with repeats, in order)."""
    if not text:
        return []
    tokens = rjieba.cut_for_search(normalise(text), False)
    distinct = set(tokens)
    new = distinct - _KEPT
    if new:
        new -= _DROPPED
        if new:
            _classify(new)
    if _DROPPED.isdisjoint(distinct):
        return tokens  # type: ignore[no-any-return]
    dropped = _DROPPED
    return [token for token in tokens if token not in dropped]


_CJK_CHARS = frozenset(
    chr(code)
    for start, end in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
    for code in range(start, end + 1)
)


def index_chars(text: str) -> list[str]:
    """The distinct CJK characters of ``text``, sorted (for one-character queries)."""
    return sorted(_CJK_CHARS.intersection(text))


@dataclass(frozen=True)
class QueryTerm:
    """One term of a query: a word (matched on the word field) or one CJK character."""

    text: str

    @property
    def is_char(self) -> bool:
        return len(self.text) == 1 and _CJK.match(self.text) is not None


def query_terms(q: str) -> list[QueryTerm]:
    """The terms a record must all contain: ``q`` cut into words (precise mode, no HMM).

    Repeats are dropped; order is kept (it is the order of the snippet's marks).
    """
    seen: dict[str, None] = {}
    for token in rjieba.cut(normalise(q), False):
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LENGTH or not _WORDLIKE.search(token):
            continue
        seen.setdefault(token, None)
    return [QueryTerm(t) for t in list(seen)[:MAX_QUERY_TERMS]]


def snippet(text: str, terms: list[str], *, length: int = 120) -> list[tuple[str, bool]]:
    """A piece of ``text`` around the first match, as (part, is_match) pairs for highlighting.

    Matching ignores case and full-width forms (the text is normalised the same way as the
    index). Without a match, the beginning of the text.
    """
    if not text:
        return []
    flat = " ".join(text.split())
    folded = normalise(flat)
    if len(folded) != len(flat):  # NFKC changed the length (rare ligatures): match as is
        folded = flat.lower()
    needles = sorted({normalise(t) for t in terms if t}, key=len, reverse=True)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    start = max(0, first - length // 4) if first >= 0 else 0
    end = min(len(flat), start + length)
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    pos = start
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    if pattern is not None:
        for match in pattern.finditer(folded, start, end):
            if match.start() > pos:
                parts.append((flat[pos : match.start()], False))
            parts.append((flat[match.start() : match.end()], True))
            pos = match.end()
    if pos < end:
        parts.append((flat[pos:end], False))
    if end < len(flat):
        parts.append(("…", False))
    return parts
