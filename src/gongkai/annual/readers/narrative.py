"""The narrative of a report: title, agency, year and the numbered section headings.

The title is the first line that names a 政府信息公开工作年度报告 (or 政务公开工作年度报告,
the name many governments give the same 条例第四十九条 report) and ends with it: a
crawler's ``标题:`` line, a page's ``<title>`` without the site's name, the report named in
a notice (关于印发《…》的通知), a title wrapped over several lines (joined) or printed
under its agency. A line with sentence punctuation or a cited document (。，《》〔〕) is
body text, never the title. The agency is what the title prints before the year, or
before the report's name when the year comes later ('…年度报告（2024年）'); the year
comes from the title (Arabic, full-width or Chinese digits), else from the statistics
period (``统计期限自2021年1月1日…``). An agency or year not found is a ``reader-no-agency``
/ ``reader-no-year`` warning. Every numbered top-level heading ``一、`` … ``六、`` is
recorded as printed and in order — including sub-headings that reuse those numerals — so
the checks can report numbering problems.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Finding, NarrativeSection
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
#: How far into a line its title is looked for (a site's name may come first).
TITLE_REACH = 200
#: A heading printed on its own line is short.
MAX_HEADING = 40
#: Lines longer than this are searched for headings printed inside them.
LONG_LINE = 80
#: How far into the text the title is looked for (lines).
TITLE_SEARCH_LINES = 40

_TABLE_ROW_LABELS = tuple(
    s.text for s in SPELLINGS if s.kind in ("application", "noise") and not s.needs_number
)
#: The same, by their first two characters (every one has at least two).
_TABLE_ROW_LABELS_BY_START: dict[str, tuple[str, ...]] = {}
for _label in _TABLE_ROW_LABELS:
    _TABLE_ROW_LABELS_BY_START[_label[:2]] = (
        *_TABLE_ROW_LABELS_BY_START.get(_label[:2], ()),
        _label,
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
    findings: list[Finding] = field(default_factory=list)


def _strip_line(line: str) -> str:
    return line.strip().lstrip(_MARKDOWN).strip()


#: Digits a year may be printed with ('２０２３年', '二〇二三年', '二○二三年'), one for one.
_YEAR_DIGITS = str.maketrans(
    "０１２３４５６７８９〇○零一二三四五六七八九", "0123456789000123456789"
)


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


def _spaced(word: str) -> str:
    """A pattern for ``word`` that allows spaces between its characters (PDF spacing)."""
    return r"\s*".join(re.escape(char) for char in word)


#: Where a title ends: its report word, then bracketed notes ('（2024年）', '（草稿）').
_TITLE_END = re.compile(
    "(?:" + "|".join(_spaced(word) for word in TITLE_WORDS) + ")"
    r"(?:\s*[（(][^（()）\n]{1,15}[)）])*"
)
#: A notice that publishes the report, '关于印发《…年度报告》的通知', or the title in 《》.
_NOTICE = re.compile(
    r"^(?:.{0,40}?关于\s*(?:印发|公布|发布|转发)?\s*)?《(?P<inner>[^《》]+)》(?:\s*的通知)?$"
)
#: What separates a web page's title from the site's name ('…年度报告_某县人民政府门户网站').
_SITE_SEPARATOR = re.compile(r"[_|｜]|\s[-—–－]+\s|[-—–－]{2,}")
#: Characters a title never holds: sentence punctuation, cited documents (《》〔〕), a
#: label's colon, a breadcrumb's arrow. A wrapped line of body text has some of them.
_NOT_IN_TITLE = frozenset("。，,；;！？!?《》〔〕:：>»›")
#: How an agency's name ends, when it is printed on its own line above the title.
AGENCY_ENDINGS = (
    "政府",
    "局",
    "委员会",
    "委",
    "办公室",
    "办事处",
    "街道",
    "院",
    "厅",
    "中心",
    "署",
    "处",
    "所",
    "区",
    "县",
    "市",
    "镇",
    "乡",
)
#: A bracketed note ending an agency's name: '某县发展和改革委员会（县粮食和物资储备局）'.
_BRACKETED_END = re.compile(r"[（(][^（()）]*[)）]$")
#: The most lines a title is wrapped over.
MAX_TITLE_LINES = 4
#: A title's line that a word processor wrapped holds at least this many characters.
MIN_WRAPPED_LINE = 10
#: A line holding only the agency's name is short.
MAX_AGENCY_LINE = 30
#: Where the name of the report kind starts after the agency (政务公开 reports are the
#: same 条例第四十九条 report under the name many local governments give it): the word
#: followed by 工作, 年度, 年报 or a year, so '某县政务公开办公室' stays a name.
_KIND = re.compile(
    r"(?:政府信息公开|政务公开|信息公开)(?=工作|年度|年报|[0-9０-９〇○零一二三四五六七八九])"
)


def _length(text: str) -> int:
    """A title's length without the spaces a PDF text layer puts between its characters."""
    return len(fold("".join(text.split())))


def _title_in(line: str) -> str | None:
    """The title a line prints, without a site name or what follows it; None if none.

    The line ends at the report word (年度报告, 工作年报) and its bracketed notes, or a
    separator or the first section's heading follows them; before it, the line holds 公开
    or 政务 and no sentence punctuation, so a wrapped line of body text that cites the
    report is not a title.
    """
    notice = _NOTICE.match(line.strip())
    if notice is not None:
        return _title_in(notice["inner"])
    for match in _TITLE_END.finditer(line, 0, TITLE_REACH):
        rest = line[match.end() :]
        if (
            rest
            and not rest[0].isspace()
            and _SITE_SEPARATOR.match(rest) is None
            and not _starts_section(rest[:MAX_HEADING])
        ):
            continue
        head = line[: match.end()]
        cut = 0  # after a site's name printed before the title
        for separator in _SITE_SEPARATOR.finditer(head):
            if not _TITLE_END.search(head, cut, separator.start()):
                cut = separator.end()
        head = head[cut:].strip()
        folded = fold(head)
        if (
            folded
            and _length(head) <= MAX_TITLE
            and ("公开" in folded or "政务" in folded)
            and not _NOT_IN_TITLE.intersection(head)
            and _line_heading(head) is None
        ):
            return head
    return None


def _starts_section(text: str) -> bool:
    """Whether text starts with the heading of a report section ('一、总体情况…'): the title
    of a page whose text is glued on one line."""
    heading = _line_heading(text)
    return heading is not None and _known_title(heading[2]) is not None


def _may_join(line: str) -> bool:
    """Whether a line may be one of the lines a wrapped title is printed on."""
    return (
        _length(line) <= MAX_TITLE
        and not _NOT_IN_TITLE.intersection(line)
        and _line_heading(line) is None
    )


def _agency_line(line: str) -> bool:
    """A short line that holds an agency's name only ('淮安市人民政府')."""
    compact = "".join(line.split())
    return (
        len(compact) <= MAX_AGENCY_LINE
        and _may_join(line)
        and not any(c.isdigit() for c in fold(compact))
        and _BRACKETED_END.sub("", compact).endswith(AGENCY_ENDINGS)
    )


def _metadata_title(line: str) -> str | None:
    """The title of a crawler's metadata line ('标题: …'), if the line is one."""
    folded = fold(line)
    for prefix in TITLE_PREFIXES:
        if folded.startswith(fold(prefix)):
            at = min((i for i in (line.find(":"), line.find("：")) if i != -1), default=-1)
            return _title_in(line[at + 1 :]) if at != -1 else None
    return None


def find_title(lines: list[str]) -> str | None:
    """The report's title as printed (see the module docstring).

    A title wrapped over several lines (LibreOffice, Word and WPS wrap a long title
    anywhere, even inside a word: '…2024 年政府信息公开工' / '作年度报告') is joined, as is
    an agency printed on the line above a title that does not name it.
    """
    kept = [
        line
        for line in (_strip_line(raw) for raw in lines[:TITLE_SEARCH_LINES])
        if line and not is_page_marker(line)
    ]
    for index, line in enumerate(kept):
        if _metadata_title(line) is not None:
            return _metadata_title(line)
        title = _title_in(line)
        if title is not None:
            return _with_agency_above(kept[index - 1] if index else "", title)
        joined = _wrapped_title(kept[index : index + MAX_TITLE_LINES])
        if joined is not None:
            return joined
    return None


def _with_agency_above(previous: str, title: str) -> str:
    """The title, after the agency's name when that is printed alone on the line above."""
    agency = agency_of(title)
    if (agency is None or len(agency) <= 2) and _agency_line(previous):
        return previous + title
    return title


def _wrapped_title(lines: list[str]) -> str | None:
    """A title printed over the first few of ``lines``, joined; None if they hold none.

    The lines are joined while each may be part of a title: a line a word processor
    wrapped is full (at least MIN_WRAPPED_LINE characters, as long as the next ones), and
    a line that is a title naming its agency by itself is not a continuation of the one
    above (that is page chrome: a site's name, a menu).
    """
    if not lines or not _may_join(lines[0]) or _length(lines[0]) < MIN_WRAPPED_LINE:
        return None
    width = _length(lines[0])
    joined = lines[0]
    for line in lines[1:]:
        alone = _title_in(line)
        if (
            not _may_join(line)
            or _length(line) > width + 2  # a wrapped line is no longer than the first
            or (alone is not None and agency_of(alone) is not None)
        ):
            return None
        joined += line
        if _length(joined) > MAX_TITLE:
            return None
        title = _title_in(joined)
        if title is not None:
            return title
    return None


#: The headings of sections 二 and 三 (folded), printed in every report in the 2021 format.
_REPORT_HEADINGS = ("主动公开政府信息情况", "收到和处理政府信息公开申请情况")


def names_a_report(text: str, folded: str | None = None) -> bool:
    """Whether a text presents itself as an annual report: by its title, or by the headings
    of sections 二 and 三. A news item or a notice that merely mentions the report does not."""
    folded = fold(text) if folded is None else folded
    return find_title(text.split("\n")) is not None or all(h in folded for h in _REPORT_HEADINGS)


@lru_cache(maxsize=1024)  # asked twice per report (title, then agency), and pure
def agency_of(title: str) -> str | None:
    """The agency a title names: the text before the year ('岢曲镇人民政府'), or before
    the report's kind when the year comes later ('某县人民政府政府信息公开工作年度报告（2024年）',
    '某县政府信息公开工作2024年度报告'), or between a leading year and the kind."""
    text = "".join((_title_in(title) or title).split())
    for prefix in ("关于印发", "关于"):
        text = text.removeprefix(prefix)
    found = _find_year(text)
    if found is not None and found[1] == 0:  # '2024年度某县人民政府政府信息公开…'
        rest = text[4:].removeprefix("年").removeprefix("度")
        kind = _KIND.search(rest)
        return _agency_name(rest, kind.start() if kind else 0)
    kind = _KIND.search(text)
    cuts = [at for at in (found[1] if found else -1, kind.start() if kind else -1) if at != -1]
    if not cuts:
        return None
    return _agency_name(text, min(cuts))


def _agency_name(text: str, end: int) -> str | None:
    head = text[:end]
    for suffix in ("关于印发", "关于"):
        head = head.removesuffix(suffix)
    if text.startswith("政府信息公开", end) and head.endswith("人民"):
        head += "政府"  # '某县人民政府信息公开…': the agency's 政府 begins the kind's name
    if (
        len(head) < 2
        or _NOT_IN_TITLE.intersection(head)
        or any(c.isdigit() for c in head)
        or head.startswith(("年", "度"))  # what follows a year: the year was cut off
        or sum(head.count(c) for c in "（(") != sum(head.count(c) for c in ")）")
    ):
        return None  # a fragment: the title was cut inside the agency's name
    return head


def find_year(folded: str, title: str | None) -> int | None:
    """The report year: from the title, else the statistics period, else the text."""
    if title:
        found = _find_year("".join(title.split()))
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


#: The known section titles by their first two characters, longest first (ties in the
#: order of SECTION_TITLES): the first that starts a text is the longest that does.
_TITLES_BY_START: dict[str, tuple[tuple[str, str], ...]] = {}
for _number, _titles in SECTION_TITLES.items():
    for _title in _titles:
        _TITLES_BY_START[_title[:2]] = (*_TITLES_BY_START.get(_title[:2], ()), (_number, _title))
_TITLES_BY_START = {
    start: tuple(sorted(candidates, key=lambda pair: -len(pair[1])))
    for start, candidates in _TITLES_BY_START.items()
}


def _known_title(folded_rest: str) -> tuple[str, str] | None:
    """(section number, folded title) when the text starts with a known section title."""
    for number, title in _TITLES_BY_START.get(folded_rest[:2], ()):
        if folded_rest.startswith(title):
            return number, title
    return None


#: The characters a heading line may start with (its numeral, or Markdown before it).
_HEADING_STARTS = frozenset(SECTION_NUMERALS + _MARKDOWN)


def find_sections(text: str, spans: list[tuple[int, int]]) -> list[NarrativeSection]:
    """Every numbered top-level heading, in order, with the text up to the next one."""
    found: list[tuple[int, int, str, str]] = []  # (start, end, number, title)
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or (len(stripped) <= LONG_LINE and stripped[0] not in _HEADING_STARTS):
            continue  # neither a heading nor a long line that may hold one
        body = stripped.lstrip(_MARKDOWN).strip()
        if not body:
            continue
        heading = _heading_kind(body) if body[0] in SECTION_NUMERALS else None
        at = start + line.find(body)
        if heading is not None:
            inside_table = any(lo <= start < hi for lo, hi in spans)
            number, title, known, is_table_row = heading
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


@lru_cache(maxsize=4096)  # the six headings recur in every report
def _heading_kind(body: str) -> tuple[str, str, tuple[str, str] | None, bool] | None:
    """(number, title, known section title, is a row of table 三) of a line starting
    with '一、' … '十、', or None (see :func:`_line_heading`)."""
    heading = _line_heading(body)
    if heading is None:
        return None
    number, title, rest_folded = heading
    known = _known_title(rest_folded)
    is_table_row = known is None and any(
        rest_folded.startswith(label)
        for label in _TABLE_ROW_LABELS_BY_START.get(rest_folded[:2], ())
    )
    return number, title, known, is_table_row


@lru_cache(maxsize=4096)
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
    """Title, agency, year and sections of a cleaned report text (``folded``: its fold).

    An agency or year that cannot be read is left empty, with a ``reader-no-agency`` /
    ``reader-no-year`` warning, so nobody takes the empty field for a reading.
    """
    lines = text.split("\n")
    title = find_title(lines)
    agency = agency_of(title) if title else None
    year = find_year(fold(text) if folded is None else folded, title)
    narrative = Narrative(title, agency, year, find_sections(text, spans))
    if agency is None:
        narrative.findings.append(
            Finding(
                code="reader-no-agency",
                severity="warning",
                where="title",
                message=(
                    f"未能从标题“{title}”中读出发布机关"
                    if title
                    else "未找到报告标题，发布机关未知"
                ),
                message_en=(
                    "the title does not name the agency"
                    if title
                    else "no title found: agency unknown"
                ),
                actual=title,
            )
        )
    if year is None:
        narrative.findings.append(
            Finding(
                code="reader-no-year",
                severity="warning",
                where="title",
                message="标题和正文中均未找到报告年度",
                message_en="the report's year was found neither in the title nor in the text",
                actual=title,
            )
        )
    return narrative


__all__ = [
    "Narrative",
    "agency_of",
    "find_sections",
    "find_title",
    "find_year",
    "names_a_report",
    "read_narrative",
]
