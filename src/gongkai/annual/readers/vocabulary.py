"""Every spelling the readers accept, in one table (like dateutil's ``parserinfo``).

Reports copy the national format (国办公开办函〔2021〕30号) with variations: full-width or
ASCII brackets, ``1.`` / ``1、`` / ``1．`` / ``（1）`` numbering, spaces inside labels
(``第二十条 第（一）项``), labels broken over lines, typos seen in published reports
(``其他法律行政止公开``), shortened labels (``（六）其他``). Text is compared after
:func:`fold` (NFKC, no whitespace, unified punctuation, no quotes), so one spelling here
covers all of those surface forms; the remaining variants are listed explicitly.

A :class:`Spelling` is searched for as a substring of the folded text. Short spellings
that also occur in headers (``其他``, ``总计``) are accepted only right after their printed
number (``3.其他``, ``（七）总计``): ``needs_number``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from typing import Literal

from ..format import ACTIVE_ROWS, APPLICATION_ROWS, OUTCOME_GROUPS

# ---------------------------------------------------------------------------
# Folding: the one normal form every comparison uses
# ---------------------------------------------------------------------------

#: Characters dropped by :func:`fold` besides whitespace (quotes are printed inconsistently:
#: “三安全一稳定”, "三安全一稳定", 三安全一稳定).
_DROPPED = frozenset("“”‘’\"'「」『』《》#*`_|\u200b\ufeff\u00ad\x02")
#: Characters replaced by :func:`fold` after NFKC.
_REPLACED = {
    "、": ",",
    "，": ",",
    "；": ";",
    "．": ".",
    "—": "-",
    "–": "-",
    "－": "-",
    "〔": "[",
    "〕": "]",
    "【": "[",
    "】": "]",
    "﹝": "[",
    "﹞": "]",
}


def fold_char(char: str) -> str:
    """The folded form of one character ("" when it is dropped)."""
    if char.isspace() or char in _DROPPED:
        return ""
    out = unicodedata.normalize("NFKC", char)
    if len(out) == 1:
        if out.isspace() or out in _DROPPED:
            return ""
        return _REPLACED.get(out, out)
    return "".join(_REPLACED.get(c, c) for c in out if not c.isspace() and c not in _DROPPED)


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table computing (and caching) each character's folded form."""

    def __missing__(self, code: int) -> str | None:
        folded = fold_char(chr(code))
        value = folded or None
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()
#: Runs of characters :func:`fold` drops (whitespace, quotes, Markdown marks).
_DROPPED_RUN = re.compile(
    "[\\s"
    + re.escape("".join(sorted(_DROPPED)) + "\uff02\uff07\uff03\uff0a\uff3f\uff40\uff5c")
    + "]+"
)


_DROPPED_SPLIT = re.compile(f"({_DROPPED_RUN.pattern})")


def fold(text: str) -> str:
    """Text in the form labels are compared in."""
    return text.translate(_FOLD_TABLE)


@dataclass(frozen=True)
class Folded:
    """A folded text and the way back from folded positions to original ones."""

    original: str
    text: str
    #: folded positions where a run of dropped characters sat, and the number of original
    #: characters dropped up to and including that run (the common case: every kept
    #: character folds to exactly one character).
    run_at: tuple[int, ...] = ()
    dropped: tuple[int, ...] = ()
    #: per folded character, its original index (only when some character expanded).
    origin: tuple[int, ...] | None = None

    @classmethod
    def of(cls, original: str) -> Folded:
        text = original.translate(_FOLD_TABLE)
        # kept, dropped, kept, dropped, …, kept: the lengths say where each run sits
        lengths = list(map(len, _DROPPED_SPLIT.split(original)))
        dropped = tuple(accumulate(lengths[1::2]))
        if len(text) == len(original) - (dropped[-1] if dropped else 0):
            # one character for one, apart from the dropped runs: a position maps back by
            # counting the characters dropped before it
            run_at = tuple(accumulate(lengths[0:-1:2]))
            return cls(original, text, run_at, dropped)
        origin: list[int] = []
        for index, char in enumerate(original):
            origin.extend([index] * len(fold_char(char)))
        return cls(original, text, origin=tuple(origin))

    def _original_index(self, pos: int) -> int:
        if self.origin is not None:
            return self.origin[pos]
        k = bisect_right(self.run_at, pos)
        return pos + (self.dropped[k - 1] if k else 0)

    def start_in_original(self, pos: int) -> int:
        """The original index where folded position ``pos`` starts."""
        if pos >= len(self.text):
            return len(self.original)
        return self._original_index(max(pos, 0))

    def end_in_original(self, pos: int) -> int:
        """The original index just after the folded character ``pos - 1``."""
        if pos <= 0:
            return 0
        return self._original_index(min(pos, len(self.text)) - 1) + 1


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

#: A printed cell that means "nothing printed here" (blank, not zero).
BLANK_MARKS = frozenset({"-", "—", "–", "－", "/", "／", "\\", "无", "——", "--", "---", "空"})
#: What OCR puts in a table cell among figures whose ink it cannot read as a figure (a
#: smudge, a blot): the cell's position is known, its value is not, and the reader flags
#: that one cell.
UNREADABLE = "\ufffd"
#: Characters that, right after digits, make them a quantity in prose, not a table cell.
UNIT_CHARS = frozenset("年月日号件条个项次期页元万%％人份家天时")
#: Units a table cell may print after its figure ('12件', '96171.6万元').
CELL_UNITS = frozenset({"件", "个", "项", "次", "元", "万元", "万"})
_DIGITS = frozenset("0123456789")


def is_digits(text: str) -> bool:
    return bool(text) and all(c in _DIGITS for c in text)


def parse_number(token: str) -> Decimal | None:
    """A printed number ('12', '1,234', '24252.311082', full-width digits) or None."""
    if token.isascii() and token.isdigit():
        return Decimal(token)
    text = unicodedata.normalize("NFKC", token).strip()
    if not text:
        return None
    if "," in text:
        head, *groups = text.split(",")
        last = groups[-1].split(".")[0] if groups else ""
        if not (
            is_digits(head)
            and len(head) <= 3
            and all(is_digits(g) and len(g) == 3 for g in [*groups[:-1], last])
        ):
            return None
        text = text.replace(",", "")
    whole, dot, frac = text.partition(".")
    if not is_digits(whole) or (dot and not is_digits(frac)):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - guarded above
        return None


def leading_number(token: str) -> tuple[str, str] | None:
    """Split 'digits+rest' (a cell glued to the next label or caption) into (number, rest).

    Returns None when the token does not start with a number, or when the number is a
    quantity in prose ('2024年', '12件').
    """
    text = unicodedata.normalize("NFKC", token)
    end = 0
    while end < len(text) and (text[end] in _DIGITS or text[end] == "."):
        end += 1
    number = text[:end].rstrip(".")
    if not number or parse_number(number) is None:
        return None
    rest = text[len(number) :]
    if rest in CELL_UNITS:
        return number, ""
    if rest and rest[0] in UNIT_CHARS:
        return None
    return number, rest


def trailing_number(token: str) -> tuple[str, str] | None:
    """Split 'text+digits' (a header glued to the cells after it) into (text, number).

    Returns None when the token does not end with digits, or when they are an ordinal
    ('第3').
    """
    text = unicodedata.normalize("NFKC", token)
    start = len(text)
    while start > 0 and text[start - 1] in _DIGITS:
        start -= 1
    if start == len(text) or start == 0:
        return None
    if text[start - 1] in "第.,":
        return None
    return text[:start], text[start:]


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------

LabelKind = Literal[
    "active",  # a row of table 二
    "application",  # a data row of table 三
    "group",  # an outcome group label of table 三: （三）不予公开 …
    "noise",  # captions and column headers: they end the cells of the row before them
]


@dataclass(frozen=True)
class Spelling:
    key: str
    kind: LabelKind
    text: str  # folded
    number: str = ""  # the printed number, e.g. "3", "七", "一"
    needs_number: bool = False
    #: the part of the official label before this spelling ('申请人' for '逾期未按收费通知'):
    #: when the text has it there, the label (and its number) starts earlier.
    lead: str = ""


_CHINESE_DIGITS = "〇一二三四五六七八九十"


def _number_of(printed: str) -> str:
    """'（三）' → '三', '1.' → '1', '一、' → '一'."""
    return "".join(c for c in printed if c.isdigit() or c in _CHINESE_DIGITS)


#: Extra spellings of the rows of table 二, 三 and of the outcome groups, beyond the
#: official label of format.py. Each is either a full variant seen in real reports or a
#: distinctive beginning, so a label broken over lines (or around its own numbers, as
#: PDF text layers do) is still found.
EXTRA_SPELLINGS: dict[str, tuple[str, ...]] = {
    # table 二
    "rules": (),
    "normative_documents": ("规范性文件",),
    "licensing": (),
    "penalty": (),
    "enforcement": (),
    "fees_wan_yuan": ("事业性收费",),
    # table 三
    "new": ("本年新收政府信息公开申请", "本年新收申请数量", "本年新收", "本年度新收"),
    "carried_in": (
        "上年结转政府信息公开申请",
        "上年结转申请数量",
        "上年结转",
        "上年度结转",
        "上一年度结转",
    ),
    "granted": ("予以公开",),
    "partly_granted": ("部分公开",),
    "refused_1": ("属于国家秘密", "国家秘密"),
    "refused_2": (
        "其他法律行政法规禁止公开",
        "其他法律行政止公开",  # typo in real reports (淮安市洪泽区 2024)
        "其他法律,行政法规禁止公开",
        "法律行政法规禁止公开",
    ),
    "refused_3": ("危及三安全一稳定", "危及三安全一稳"),
    "refused_4": ("保护第三方合法权益", "保护第三方"),
    "refused_5": ("属于三类内部事务信息", "三类内部事务"),
    "refused_6": ("属于四类过程性信息", "四类过程性"),
    "refused_7": ("属于行政执法案卷", "行政执法案卷"),
    "refused_8": ("属于行政查询事项", "行政查询事项"),
    "unable_1": ("本机关不掌握相关政府信息", "本机关不掌握"),
    "unable_2": ("没有现成信息需要另行制作", "没有现成信息"),
    "unable_3": ("补正后申请内容仍不明确", "补正后申请内容"),
    "not_processed_1": ("信访举报投诉类申请", "信访举报投诉"),
    "not_processed_2": ("重复申请",),
    "not_processed_3": ("要求提供公开出版物", "公开出版物"),
    "not_processed_4": ("无正当理由大量反复申请", "无正当理由大量反复"),
    "not_processed_5": (
        "要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具",
        "要求行政机关确认",
    ),
    "other_1": ("申请人无正当理由逾期不补正", "无正当理由逾期不补正"),
    "other_2": ("申请人逾期未按收费通知要求缴纳费用", "逾期未按收费通知"),
    "other_3": (),
    "total": ("合计",),
    "carried_out": ("结转下年度继续办理", "结转下年度", "结转下一年度"),
    # groups
    "refused": (),
    "unable": (),
    "not_processed": (),
    "other": ("其他",),  # '(六) 其他' (shuyang 2025), accepted only after its number
}

#: Row labels of table 三 this short (其他, 总计, 合计) also occur in headers: they are
#: accepted only right after their printed number (3.其他, （七）总计, （六）其他).
NEEDS_NUMBER_UP_TO = 2

#: Captions and column headers of the three tables: never a row, but they end the row
#: before them (in text where everything is glued together they are the only separators).
NOISE_SPELLINGS: tuple[str, ...] = (
    "第二十条第(一)项",
    "第二十条第(五)项",
    "第二十条第(六)项",
    "第二十条第(八)项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额(单位:万元)",
    "本年收费金额",
    "本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "本年度办理结果",
)


def _build_spellings() -> tuple[Spelling, ...]:
    out: list[Spelling] = []
    seen: set[tuple[str, str]] = set()

    def add(key: str, kind: LabelKind, text: str, number: str = "", full: str = "") -> None:
        folded = fold(text)
        if not folded or (key, folded) in seen:
            return
        seen.add((key, folded))
        at = fold(full).find(folded) if full else -1
        lead = fold(full)[:at] if at > 0 else ""
        needs_number = kind in ("application", "group") and len(folded) <= NEEDS_NUMBER_UP_TO
        out.append(Spelling(key, kind, folded, number, needs_number, lead))

    for row in ACTIVE_ROWS:
        add(row.key, "active", row.label)
        for extra in EXTRA_SPELLINGS.get(row.key, ()):
            add(row.key, "active", extra, full=row.label)
    for app in APPLICATION_ROWS:
        number = _number_of(app.number)
        add(app.key, "application", app.label, number)
        for extra in EXTRA_SPELLINGS.get(app.key, ()):
            add(app.key, "application", extra, number, full=app.label)
    for group in OUTCOME_GROUPS:
        number = _number_of(group.number)
        add(group.key, "group", group.label, number)
        for extra in EXTRA_SPELLINGS.get(group.key, ()):
            add(group.key, "group", extra, number, full=group.label)
    for noise in NOISE_SPELLINGS:
        add("noise", "noise", noise)
    # Longest first: at one position the most complete spelling wins.
    out.sort(key=lambda s: -len(s.text))
    return tuple(out)


SPELLINGS: tuple[Spelling, ...] = _build_spellings()


def number_markers(number: str) -> tuple[str, ...]:
    """The folded forms a printed row number takes: '3.', '3,', '(3)', '3)', '(三)', '三,'."""
    if not number:
        return ()
    return (
        f"({number})",
        f"{number}.",
        f"{number},",
        f"{number})",
        f"{number}:",
    )


def marker_before(folded: str, start: int, number: str) -> int | None:
    """Where the printed number ``number`` ends right before ``start``, or None."""
    # every marker ends with one of these (see number_markers)
    if start < 2 or folded[start - 1] not in MARKER_ENDS:
        return None
    for marker in _MARKERS.get(number) or number_markers(number):
        if folded.startswith(marker, start - len(marker)) and start >= len(marker):
            return start - len(marker)
    return None


_MARKERS = {s.number: number_markers(s.number) for s in SPELLINGS if s.number}
#: The last characters of the row-number markers: a label is numbered only after one.
MARKER_ENDS = frozenset(marker[-1] for marker in number_markers("1"))

# ---------------------------------------------------------------------------
# Table anchors, sections, old format
# ---------------------------------------------------------------------------

#: Where table 二 starts (folded): its first caption or the section heading.
ACTIVE_ANCHORS: tuple[str, ...] = (
    "第二十条第(一)项",
    "二,主动公开政府信息情况",
    "二.主动公开政府信息情况",
    "(二)主动公开政府信息情况",
)
#: Where table 三 starts (folded).
APPLICATION_ANCHORS: tuple[str, ...] = (
    "三,收到和处理政府信息公开申请情况",
    "三.收到和处理政府信息公开申请情况",
    "本列数据的勾稽关系",
    "申请人情况",
    "本年新收政府信息公开申请数量",
)
#: Where table 四 starts (folded), searched after table 三.
REVIEW_ANCHORS: tuple[str, ...] = (
    "四,政府信息公开行政复议",
    "四.政府信息公开行政复议",
    "行政复议",
)
#: Where table 四 ends (folded): the heading of section 五 or 六.
AFTER_TABLES_ANCHORS: tuple[str, ...] = (
    "五,",
    "五.",
    "(五)存在",
    "存在的主要问题",
    "存在问题及改进",
    "主要问题及改进情况",
    "六,其他需要报告",
    "其他需要报告的事项",
)

#: The six section titles (folded) and accepted variants, by section number.
SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "概述", "基本情况"),
    "二": ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    "三": (
        "收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请",
        "依申请公开政府信息情况",
    ),
    "四": (
        "政府信息公开行政复议,行政诉讼情况",
        "政府信息公开行政复议",
        "因政府信息公开申请行政复议,提起行政诉讼的情况",
        "行政复议,行政诉讼情况",
    ),
    "五": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在问题及改进情况",
        "存在的主要问题",
        "政府信息公开工作存在的主要问题",
    ),
    "六": ("其他需要报告的事项", "其他需要报告事项"),
}
SECTION_NUMERALS = "一二三四五六七八九十"

#: 2019 trial format (国办公开办函〔2019〕60号) column labels of table 二, replaced in 2021
#: (DOMAIN.md §3.6), including the removed 第二十条第（九）项 政府集中采购 columns (the
#: words 政府集中采购 alone may occur in a 2021 report's narrative). Any of them, without
#: the 2021 columns, means an old-format report.
OLD_FORMAT_MARKERS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "采购项目数量",
    "采购总金额",
)
#: 2021 table 二 column labels: their presence means the 2021 format.
NEW_FORMAT_MARKERS: tuple[str, ...] = ("本年制发件数", "本年废止件数", "现行有效件数")

#: Words that say a text is about an annual report even when no table can be read.
REPORT_WORDS: tuple[str, ...] = (
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政务公开工作年度报告",
    "信息公开工作年度报告",
)
#: Title words (folded) used to find the title line.
TITLE_WORDS: tuple[str, ...] = ("年度报告", "工作年报", "信息公开年报")
#: Crawler / page metadata prefixes that hold the page title (folded).
TITLE_PREFIXES: tuple[str, ...] = ("标题:", "title:", "Title:", "文章标题:")
#: Phrases that give the statistics period (folded), followed by the year.
PERIOD_PHRASES: tuple[str, ...] = ("统计期限", "统计期间", "统计时限", "统计时间", "数据统计期")


#: A page number line as PDF text layers print it: '- 3 -', '—3—', '第3页', '第 3 页 共 10
#: 页', '3/10'.
PAGE_MARKER = re.compile(
    r"^[ \t\u3000]*(?:[-—–－~]+[ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－~]+"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[,，]?[ \t\u3000]*共[ \t\u3000]*"
    r"\d{1,4}[ \t\u3000]*页)?"
    r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4})[ \t\u3000]*$",
    re.MULTILINE,
)


def is_page_marker(line: str) -> bool:
    """A page number line (see :data:`PAGE_MARKER`)."""
    return PAGE_MARKER.match(line) is not None and "\n" not in line


__all__ = [
    "ACTIVE_ANCHORS",
    "AFTER_TABLES_ANCHORS",
    "APPLICATION_ANCHORS",
    "BLANK_MARKS",
    "MARKER_ENDS",
    "NEW_FORMAT_MARKERS",
    "OLD_FORMAT_MARKERS",
    "PAGE_MARKER",
    "REPORT_WORDS",
    "REVIEW_ANCHORS",
    "SECTION_TITLES",
    "SPELLINGS",
    "UNREADABLE",
    "Folded",
    "Spelling",
    "fold",
    "is_page_marker",
    "leading_number",
    "marker_before",
    "parse_number",
    "trailing_number",
]
