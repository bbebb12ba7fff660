"""The narrative of a report: title, agency, year and the numbered section headings.

The title is the first line that names a 政府信息公开工作年度报告 (a crawler's ``标题:``
line counts; a title printed over two lines, agency first, is joined). The agency is
what the title prints before the year; the year comes from the title, else from the
statistics period (``统计期限自2021年1月1日…``). Every numbered top-level heading
``一、`` … ``六、`` is recorded as printed and in order — including sub-headings that
reuse those numerals — so the checks can report numbering problems.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import NarrativeSection
from .vocabulary import (
    PERIOD_PHRASES,
    SECTION_NUMERALS,
    SECTION_TITLES,
    SPELLINGS,
    TITLE_PREFIXES,
    TITLE_WORDS,
    Folded,
    fold,
    is_page_marker,
)

#: A title line is short; longer lines are prose that merely mentions a report.
MAX_TITLE = 70
#: A heading printed on its own line is short.
MAX_HEADING = 40
#: Lines longer than this are searched for headings printed inside them.
LONG_LINE = 80
#: How far into the text the title is looked for (lines).
TITLE_SEARCH_LINES = 40

_TABLE_ROW_LABELS = tuple(
    s.text for s in SPELLINGS if s.kind in ("application", "noise") and not s.needs_number
)
_MARKDOWN = "#*>|-_` \t\u3000"
#: What follows a heading's numeral: 一、 一. 一．
_HEADING_SEPARATORS = ("、", ".", "．")
_SENTENCE_END = "。；;：:"


@dataclass
class Narrative:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    sections: list[NarrativeSection] = field(default_factory=list)


def _strip_line(line: str) -> str:
    return line.strip().lstrip(_MARKDOWN).strip()


#: Digits a year may be printed with ('２０２３年', '二〇二三年'), one character for one.
_YEAR_DIGITS = str.maketrans("０１２３４５６７８９〇零一二三四五六七八九", "012345678900123456789")


def _find_year(printed: str) -> tuple[int, int] | None:
    """The first plausible report year ('2023 年', '2021年度', '二〇二三年'): (year, index)."""
    text = printed.translate(_YEAR_DIGITS)
    index = 0
    while index < len(text):
        if text[index : index + 2] in ("19", "20") and text[index : index + 4].isdigit():
            before = text[index - 1] if index else ""
            after = text[index + 4 : index + 8].lstrip()
            if (
                not before.isdigit()
                and (not after or after[0] in "年")
                and (len(text) <= index + 4 or not text[index + 4].isdigit())
            ):
                year = int(text[index : index + 4])
                if 1990 <= year <= 2100:
                    return year, index
            index += 4
            continue
        index += 1
    return None


def _is_title(line: str) -> bool:
    folded = fold(line)
    if not folded or len(folded) > MAX_TITLE:
        return False
    return any(w in folded for w in TITLE_WORDS) and ("公开" in folded or "政务" in folded)


def _without_site_suffix(title: str) -> str:
    """'…年度报告_某县人民政府' (a web page title) → '…年度报告'."""
    at = title.rfind("报告")
    if at != -1 and title[at + 2 : at + 3] in ("_", "-", "|", "—", "－", " "):
        return title[: at + 2].strip()
    return title


def find_title(lines: list[str]) -> str | None:
    """The report's title as printed (see the module docstring)."""
    title = _find_title(lines)
    return _without_site_suffix(title) if title else None


def _find_title(lines: list[str]) -> str | None:
    candidates = [_strip_line(line) for line in lines[:TITLE_SEARCH_LINES]]
    previous = ""
    for line in candidates:
        if not line or is_page_marker(line):
            continue
        folded = fold(line)
        for prefix in TITLE_PREFIXES:
            if folded.startswith(fold(prefix)):
                rest = line.split(":", 1)[-1] if ":" in line else line.split("：", 1)[-1]
                if _is_title(rest):
                    return rest.strip()
        if _is_title(line):
            found = _find_year(line)
            if found is not None and not line[: found[1]].strip() and previous:
                prev_folded = fold(previous)
                if (
                    len(prev_folded) <= 30
                    and prev_folded[-1:] not in "。,.;:"
                    and not any(c.isdigit() for c in prev_folded)
                ):
                    return previous + line
            return line
        previous = line
    return None


def agency_of(title: str) -> str | None:
    """The agency a title names: the text before the year ('岢曲镇人民政府')."""
    found = _find_year(title)
    if found is not None:
        head = title[: found[1]].strip()
        if head.endswith("关于"):
            head = head[:-2].strip()
        if head:
            return "".join(head.split())
        rest = title[found[1] + 4 :].lstrip().lstrip("年度").lstrip()
    else:
        rest = title
    found_at = [at for m in ("政府信息公开", "政务公开", "信息公开") if (at := rest.find(m)) != -1]
    at = min(found_at, default=0)
    return "".join(rest[:at].split()) or None


def find_year(folded: str, title: str | None) -> int | None:
    """The report year: from the title, else the statistics period, else the text."""
    if title:
        found = _find_year(title)
        if found is not None:
            return found[0]
    for phrase in PERIOD_PHRASES:
        at = folded.find(phrase)
        if at != -1:
            found = _find_year(folded[at : at + 30])
            if found is not None:
                return found[0]
    years: Counter[int] = Counter()
    for marker in ("年度政府信息公开", "年政府信息公开", "年度报告", "年度"):
        at = folded.find(marker)
        while at != -1:
            found = _find_year(folded[max(0, at - 4) : at + 1])
            if found is not None:
                years[found[0]] += 1
            at = folded.find(marker, at + 1)
        if years:
            return years.most_common(1)[0][0]
    return None


def _known_title(folded_rest: str) -> tuple[str, str] | None:
    """(section number, folded title) when the text starts with a known section title."""
    best: tuple[str, str] | None = None
    for number, titles in SECTION_TITLES.items():
        for title in titles:
            if folded_rest.startswith(title) and (best is None or len(title) > len(best[1])):
                best = (number, title)
    return best


def find_sections(text: str, spans: list[tuple[int, int]]) -> list[NarrativeSection]:
    """Every numbered top-level heading, in order, with the text up to the next one."""
    found: list[tuple[int, int, str, str]] = []  # (start, end, number, title)
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        stripped = line.strip()
        body = stripped.lstrip(_MARKDOWN).strip()
        if not body:
            continue
        heading = _line_heading(body)
        inside_table = any(lo <= start < hi for lo, hi in spans)
        at = start + line.find(body)
        if heading is not None:
            number, title, rest_folded = heading
            known = _known_title(rest_folded)
            is_table_row = known is None and any(
                rest_folded.startswith(label) for label in _TABLE_ROW_LABELS
            )
            if not is_table_row and (known is not None or not inside_table):
                if known is None and len(fold(title)) > MAX_HEADING:
                    title = _cut_sentence(title)
                end = (
                    start + len(line)
                    if known is None
                    else at + len(body.split(title)[0]) + len(title)
                )
                found.append((at, end, number, title))
        if len(stripped) > LONG_LINE:
            found.extend(h for h in _inline_headings(line, start) if h[0] != at)
    found.sort()
    sections: list[NarrativeSection] = []
    for index, (_, end, number, title) in enumerate(found):
        next_start = found[index + 1][0] if index + 1 < len(found) else len(text)
        body_text = text[end:next_start].strip() if next_start > end else ""
        sections.append(NarrativeSection(number, title, body_text))
    return sections


def _line_heading(body: str) -> tuple[str, str, str] | None:
    """(number, title, folded title) when a line starts with '一、' … '十、'."""
    index = 0
    while index < len(body) and body[index] in SECTION_NUMERALS:
        index += 1
    if index == 0 or index > 2 or index >= len(body) or body[index] not in "、.．":
        return None
    number = body[:index]
    title = body[index + 1 :].strip()
    if not title:
        return None
    folded = fold(title)
    known = _known_title(folded)
    if known is not None and len(folded) > len(known[1]) + 2:
        # a heading followed by its text on the same line: keep the heading
        title = _printed_prefix(title, known[1])
    else:
        title = title.rstrip("。")
    return number, title, folded


def _printed_prefix(text: str, folded_prefix: str) -> str:
    """The start of ``text`` whose folded form is ``folded_prefix``."""
    folded = Folded.of(text)
    return text[: folded.end_in_original(len(folded_prefix))].strip()


def _cut_sentence(title: str) -> str:
    for index, char in enumerate(title):
        if char in _SENTENCE_END:
            return title[:index]
    return title[:MAX_HEADING]


def _inline_headings(line: str, offset: int) -> list[tuple[int, int, str, str]]:
    """Headings printed inside a long line ('…联系。一、总体情况2021年，…')."""
    if not any(n + sep in line for n in SECTION_TITLES for sep in _HEADING_SEPARATORS):
        return []
    folded = Folded.of(line)
    out: list[tuple[int, int, str, str]] = []
    for number in SECTION_TITLES:
        for sep in (",", "."):
            marker = number + sep
            at = folded.text.find(marker)
            while at != -1:
                if at == 0 or folded.text[at - 1] not in SECTION_NUMERALS:
                    known = _known_title(folded.text[at + len(marker) :])
                    if known is not None and known[0] == number:
                        lo = folded.start_in_original(at)
                        title_lo = folded.start_in_original(at + len(marker))
                        hi = folded.end_in_original(at + len(marker) + len(known[1]))
                        out.append((offset + lo, offset + hi, number, line[title_lo:hi]))
                at = folded.text.find(marker, at + 1)
    return out


def read_narrative(text: str, spans: list[tuple[int, int]], folded: str | None = None) -> Narrative:
    """Title, agency, year and sections of a cleaned report text (``folded``: its fold)."""
    lines = text.split("\n")
    title = find_title(lines)
    agency = agency_of(title) if title else None
    year = find_year(fold(text) if folded is None else folded, title)
    return Narrative(title, agency, year, find_sections(text, spans))


__all__ = ["Narrative", "agency_of", "find_sections", "find_title", "find_year", "read_narrative"]
