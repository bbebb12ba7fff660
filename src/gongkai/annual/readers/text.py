"""Read an annual report from text or from a Document: the recogniser's entry points.

:func:`parse_text` takes plain text in any shape that copying a report produces
(tab-separated tables, Markdown ``|`` tables, one cell per line, a PDF text layer with
numbers separated by spaces, everything glued on one line); :func:`parse_document` takes
a :class:`~.document.Document` whose tables are real grids (HTML, DOCX). Both return a
:class:`~gongkai.annual.model.Report` whose unreadable cells are ``None`` and whose
``findings`` say what could not be placed, or raise :class:`~.errors.NotAReport`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..format import APPLICATION_ROW_KEYS
from ..model import Report
from .document import Document, Table
from .errors import NotAReport, OldFormatReport, UnreadableReport
from .fast import read_clean
from .multiple import refuse_several
from .narrative import names_a_report, read_narrative
from .tables import (
    ACTIVE_KINDS,
    APPLICATION_KINDS,
    Hit,
    Reader,
    find_hits,
    table_lines,
)
from .vocabulary import (
    ACTIVE_ANCHORS,
    AFTER_TABLES_ANCHORS,
    APPLICATION_ANCHORS,
    NEW_FORMAT_MARKERS,
    OLD_FORMAT_MARKERS,
    PAGE_MARKER,
    REVIEW_ANCHORS,
    SPELLINGS,
    Folded,
    fold,
)

#: Fewest distinct rows of table 三 (or of table 二 with its caption) that make a text a
#: report rather than prose that happens to mention a label.
MIN_APPLICATION_ROWS = 5
MIN_ACTIVE_ROWS = 3


def parse_text(text: str, *, source: str = "<text>") -> Report:
    """Read a report from plain text (tabs, '|' tables, one cell per line, glued digits).

    A text that is not a report raises :class:`NotAReport` where the reader decides so;
    any other exception is a bug and propagates (STYLE.md §13).

    A text whose tables are clean grids is read by the fast path (:mod:`.fast`), which
    gives the same report; any other text, by the full recogniser.
    """
    report = read_clean(unwrap_labels(clean(text)))
    if report is not None:
        return report
    return read_text(text, source=source)


def parse_document(doc: Document) -> Report:
    """Read a report from a Document with real tables (HTML/DOCX).

    Each grid is rendered in place as tab-separated lines (covered positions of merged
    cells dropped, blank cells kept, so every row keeps its columns) and read with the
    paragraphs around it; a Document without a report grid is thus read as its text.
    """
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.extend(table_lines(block))
        else:
            parts.append(block)
    return parse_text("\n".join(parts), source=doc.source or "<document>")


#: Control characters (other than tab and newline), byte-order marks and zero-width
#: characters, removed by :func:`clean`.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b-\u200d\u2060]")


#: A page-number line after a line break (PAGE_MARKER without its anchors): searching
#: from each line break is quicker than trying ``^`` at every character.
_PAGE_LINE = re.compile(r"\n(?:" + PAGE_MARKER.pattern[1:-1] + r")(?=\n|\Z)")
assert PAGE_MARKER.pattern[0] == "^" and PAGE_MARKER.pattern[-1] == "$"


def clean(text: str) -> str:
    """Unify line ends, drop control characters and page-number lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    first = PAGE_MARKER.match(text)  # the first line has no line break before it
    if first is not None:
        text = text[first.end() :]
    return _PAGE_LINE.sub("\n", text)


#: A line holding figures only (digits, spaces, separators), between two line breaks
#: (group 1; the search starts at each line break, which is quicker than at each ``^``).
_FIGURE_LINE = re.compile(r"\n([ \t\u3000]*[0-9][0-9 \t\u3000.,]*)(?=\n)")
#: Row labels searched for across a line of figures: long enough not to be made by chance
#: from the end of one line and the start of another.
_WRAP_SPELLINGS = tuple(s.text for s in SPELLINGS if s.kind != "noise" and len(s.text) >= 4)
_WRAP_REACH = max(len(s) for s in _WRAP_SPELLINGS)


def _crosses(before: str, after: str) -> bool:
    """A row label starts in ``before`` and ends in ``after`` (folded)."""
    head = fold(before)[-_WRAP_REACH:]
    joined = head + fold(after)[:_WRAP_REACH]
    cut = len(head)
    for spelling in _WRAP_SPELLINGS:
        # a match starting in this window starts before the cut and ends after it
        if joined.find(spelling, max(0, cut - len(spelling) + 1), cut + len(spelling) - 1) != -1:
            return True
    return False


def unwrap_labels(text: str) -> str:
    """Put a row label broken around its own figures back in front of them.

    A PDF text layer gives a label cell wrapped over two lines, with the row's figures
    vertically centred, as ``2.其他法律行`` / ``2 2 0 0 1 1 6`` / ``政法规禁止公开``. When the
    lines before and after a line of figures join into a row label, the second half moves
    up before the figures (the text keeps its length: positions outside stay put).
    """
    out: list[str] = []
    pos = 0
    for match in _FIGURE_LINE.finditer(text):
        start, end = match.start(1), match.end(1)
        if start < 2 or text[start - 1] != "\n" or end >= len(text):
            continue
        before_at = text.rfind("\n", 0, start - 1) + 1
        after_end = text.find("\n", end + 1)
        after_end = len(text) if after_end == -1 else after_end
        before = text[before_at : start - 1]
        after = text[end + 1 : after_end]
        if (
            before_at < pos
            or not before.strip()
            or not after.strip()
            or before.rstrip()[-1].isdigit()
            or after.lstrip()[0].isdigit()
            or not _crosses(before, after)
        ):
            continue
        out.append(text[pos:start])
        out.append(after + "\n" + text[start:end])
        pos = after_end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _first(folded: str, needles: tuple[str, ...], lo: int = 0, hi: int | None = None) -> int:
    """The earliest index of any needle in folded[lo:hi], or -1."""
    best = -1
    for needle in needles:
        at = folded.find(needle, lo, len(folded) if hi is None else hi)
        if at != -1 and (best == -1 or at < best):
            best = at
    return best


#: How far before table 三's first row its heading and header may sit (folded chars).
HEADER_REACH = 400
#: How far before table 三 table 二 may start (folded chars).
ACTIVE_REACH = 4000
#: Within how many labels the rows of table 三 must show up to count as the table.
CLUSTER = 12
#: Most folded characters between two consecutive rows of table 三 (their cells, a
#: repeated header in between).
ROW_GAP = 300


ALL_KINDS = ACTIVE_KINDS | APPLICATION_KINDS
ROW_ORDER = {key: index for index, key in enumerate(APPLICATION_ROW_KEYS)}


def _within(hits: list[Hit], lo: int, hi: int, kinds: frozenset[str]) -> list[Hit]:
    """The labels of the given kinds found in folded[lo:hi]."""
    return [h for h in hits if lo <= h.start and h.end <= hi and h.kind in kinds]


def _locate_tables(folded: Folded, all_hits: list[Hit]) -> tuple[int, int, int]:
    """Where tables 二 and 三 start and table 三's rows end, in the folded text (-1: none).

    Table 三 starts where its row labels follow each other in the printed order, close
    together (not in a sentence of the narrative that names 本年新收 or 予以公开 in
    passing); its start is the earliest heading or header just before that row. Table 二
    starts at the last heading or caption before table 三, so a table of contents or an
    introduction naming the sections is not taken for it.
    """
    text = folded.text
    hits = [h for h in all_hits if h.kind == "application"]
    first = -1
    for index in range(len(hits)):
        run = hits[index : index + MIN_APPLICATION_ROWS]
        if len(run) == MIN_APPLICATION_ROWS and all(
            b.start - a.start <= ROW_GAP and ROW_ORDER[a.key] < ROW_ORDER[b.key]
            for a, b in pairwise(run)
        ):
            first = index
            break
    if first == -1:
        a2 = _first(text, ACTIVE_ANCHORS)
        return a2, _first(text, APPLICATION_ANCHORS, max(a2, 0)), -1
    # the table's rows go on while they follow each other closely, in the printed order,
    # and without another table in between (a note after table 四 naming 上年结转 is not
    # a row of table 三)
    last = first
    review = _first(text, REVIEW_ANCHORS, hits[first].end)  # the next table 四 heading
    while last + 1 < len(hits):
        here, after = hits[last], hits[last + 1]
        while review != -1 and review < here.end:
            review = _first(text, REVIEW_ANCHORS, review + 1)
        if (
            after.start - here.start > ROW_GAP
            or ROW_ORDER[after.key] < ROW_ORDER[here.key]
            or (review != -1 and review < after.start)
        ):
            break
        last += 1
    first_row = hits[first].start
    # the header of table 三 lies after the last row of table 二
    last_active = max(
        (h.end for h in all_hits if h.kind == "active" and h.end <= first_row), default=0
    )
    lo = max(0, first_row - HEADER_REACH, last_active)
    a3 = min(
        (at for a in APPLICATION_ANCHORS if (at := text.rfind(a, lo, first_row + 1)) != -1),
        default=first_row,
    )
    lo = max(0, a3 - ACTIVE_REACH)
    a2 = min(
        (at for a in ACTIVE_ANCHORS if (at := text.rfind(a, lo, a3)) != -1),
        default=-1,
    )
    if a2 == -1:  # no heading or caption: the rows of table 二 right before table 三
        rows = [h for h in all_hits if h.kind == "active" and lo <= h.start < a3]
        cluster = rows[-1:]
        for hit in reversed(rows[:-1]):
            if cluster[0].start - hit.start > ROW_GAP:
                break
            cluster.insert(0, hit)
        if len({h.key for h in cluster}) >= MIN_ACTIVE_ROWS:
            a2 = cluster[0].start
    return a2, a3, hits[last].end


def read_text(text: str, *, source: str = "<text>") -> Report:
    """:func:`parse_text` without the last-resort guard (tests call this directly)."""
    if not text.strip():
        raise NotAReport("文本为空 (the text is empty)", source=source)
    cleaned = unwrap_labels(clean(text))
    folded = Folded.of(cleaned)
    ftext = folded.text
    if any(m in ftext for m in OLD_FORMAT_MARKERS) and not any(
        m in ftext for m in NEW_FORMAT_MARKERS
    ):
        raise OldFormatReport(source=source)
    refuse_several(cleaned, source=source)

    end = len(ftext)
    all_hits = find_hits(folded, 0, len(ftext), ALL_KINDS)
    a2, a3, last_row = _locate_tables(folded, all_hits)
    a4 = _first(ftext, REVIEW_ANCHORS, max(a3, a2, last_row, 0)) if max(a2, a3) != -1 else -1
    after_from = max(a4, a3, a2, 0)
    a5 = _first(ftext, AFTER_TABLES_ANCHORS, after_from + 1) if after_from else -1
    stop = a5 if a5 != -1 else end

    report = Report()
    reader = Reader(report)
    reader.narrative = cleaned
    application_keys: set[str] = set()
    active_keys: set[str] = set()
    spans: list[tuple[int, int]] = []
    read = 0
    if a3 != -1:
        hi3 = a4 if a4 != -1 else stop
        hits = _within(all_hits, a3, hi3, APPLICATION_KINDS)
        application_keys = {h.key for h in hits if h.kind == "application"}
        if len(application_keys) >= MIN_APPLICATION_ROWS:
            read += reader.read_applications(folded, a3, hi3, hits)
            spans.append((a3, hi3))
    if a2 != -1:
        hi2 = a3 if a3 != -1 else (a4 if a4 != -1 else stop)
        hits = _within(all_hits, a2, hi2, ACTIVE_KINDS)
        active_keys = {h.key for h in hits if h.kind == "active"}
        if len(active_keys) >= MIN_ACTIVE_ROWS or application_keys:
            read += reader.read_active(folded, a2, hi2, hits)
            spans.append((a2, hi2))
    if len(application_keys) < MIN_APPLICATION_ROWS and len(active_keys) < MIN_ACTIVE_ROWS:
        if names_a_report(cleaned, ftext):
            raise UnreadableReport(
                "看起来是政府信息公开工作年度报告，但没有找到 2021 年格式的统计表格 "
                "(looks like an annual report, but no table in the 2021 format was found)",
                source=source,
            )
        raise NotAReport(
            "不是政府信息公开工作年度报告：未找到年度报告的标题，也未找到年度报告的表格"
            "（二、三、四） (not an annual report: no report title and no report table found)",
            source=source,
        )
    if a4 != -1:
        read += reader.read_reviews(folded, a4, stop)
        spans.append((a4, stop))
    read_tables = {
        "二": any(lo == a2 for lo, _ in spans),
        "三": any(lo == a3 for lo, _ in spans),
        "四": a4 != -1,
    }
    for table, found in read_tables.items():
        if not found:
            reader.finding(
                "reader-missing-table",
                "error",
                table,
                f"未找到表{table}，其单元格均未填入",
                f"table {table} was not found; its cells are left empty",
            )
    if read == 0:
        if len(application_keys) >= MIN_APPLICATION_ROWS:
            raise UnreadableReport(
                "年度报告的表格中没有任何数字，像是空白模板 "
                "(the report's tables hold no figure: a blank template)",
                source=source,
            )
        raise UnreadableReport(source=source)

    original_spans = sorted(
        (folded.start_in_original(lo), folded.start_in_original(hi)) for lo, hi in spans
    )
    narrative = read_narrative(cleaned, original_spans, ftext)
    report.title = narrative.title
    report.agency = narrative.agency
    report.year = narrative.year
    report.sections = narrative.sections
    report.findings.extend(narrative.findings)
    report.text = _without(cleaned, original_spans).strip()
    return report


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the table regions cut out (the narrative)."""
    out: list[str] = []
    pos = 0
    for lo, hi in spans:
        if lo > pos:
            out.append(text[pos:lo])
        pos = max(pos, hi)
    out.append(text[pos:])
    return "\n".join(out)


__all__ = ["parse_document", "parse_text", "read_text"]
