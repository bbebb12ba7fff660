"""Checks of the narrative of an annual report: sections, years, figures in the text.

The readers fill ``Report.title``, ``Report.sections`` and ``Report.text``; these checks
use them when present (a report read from JSON has no narrative and gets none of them).

They are conservative on purpose. Real narratives often count a narrower scope than the
tables (e.g. 「区政府办代表区政府受理政府信息公开申请 17 件」 while table 三 counts the
whole district's 95), so a figure that differs from the tables is a *warning*, and only
for sharp patterns; only arithmetic the text states itself (「共…N 条，其中…」) and the
six fixed sections (条例第五十条) give errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .codes import (
    NARRATIVE_APPLICATIONS,
    NARRATIVE_PARTS_EXCEED,
    NARRATIVE_PARTS_SHORT,
    NARRATIVE_REVIEWS,
    OVERVIEW_ASSESSMENT,
    SECTION_DUPLICATED,
    SECTION_HEADING,
    SECTION_MISSING,
    SECTION_NUMBERING,
    SECTION_ORDER,
    YEAR_MISMATCH,
    Code,
    make_finding,
)
from .format import SECTIONS
from .model import Cell, Finding, NarrativeSection, Report

# -- Vocabulary -----------------------------------------------------------------------------

#: Words that identify each of the six sections in a printed heading, in the order they are
#: tried (the most specific first). Real titles vary: 「四、政府信息公开行政复议、行政诉讼情况」,
#: 「因政府信息公开申请行政复议、提起行政诉讼的情况」, 「五、政府信息公开工作存在的主要问题
#: 及改进情况」 …
SECTION_TITLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reviews", ("行政复议", "行政诉讼")),
    ("applications", ("收到和处理", "收到、处理", "受理和处理", "处理政府信息公开申请")),
    ("active", ("主动公开政府信息情况", "主动公开情况", "主动公开政府信息")),
    ("problems", ("存在的主要问题", "主要问题", "问题及改进", "存在问题", "改进情况")),
    ("other", ("其他需要报告", "其他事项")),
    ("overview", ("总体情况", "基本情况", "概述")),
)
TOP_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
#: Units of counted things in narratives (条/件/篇/个/次/项/期).
UNITS = "条件篇个次项期"
#: A clause containing one of these is a new statement, not a part of a 「其中」 list.
NOT_A_PART = ("共", "合计", "总计", "累计", "另", "占", "%", "比", "同比", "其中", "均")
#: Before a figure of applications, these mark a narrower scope than the tables'
#: (an office answering for its government, a part, a transfer).
NARROW_SCOPE = ("代表", "其中", "本级", "本部门", "办公室", "政府办", "转办", "转送", "涉及")
#: Governments (not departments) report on 考核、评议、责任追究 (条例第五十条第（四）项).
GOVERNMENT_LEVELS = frozenset({"town", "county", "city", "province"})
ASSESSMENT_WORDS = ("考核", "评议", "责任追究", "问责")


# -- Text normalisation -----------------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC (full-width digits, colons, commas → ASCII) and no blanks, except between digits."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d)\s+(?=\d)", " ", text)
    text = re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", text)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,234 → 1234


def _sentences(text: str) -> Iterator[str]:
    for sentence in re.split(r"[。!?！？\n]", text):
        if sentence:
            yield sentence


def _narrative_text(report: Report) -> str:
    if report.text:
        text = report.text
    else:
        text = "\n".join(f"{s.number}、{s.title}\n{s.text}" for s in report.sections)
    return text


def _body_text(report: Report) -> str:
    """The narrative without the title line (its year is checked against the body's)."""
    text = _narrative_text(report)
    if report.title:
        text = text.replace(report.title, "\n")
    return text


# -- 「共…N 条，其中 A a 条，B b 条」 ----------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    """A stated total and the parts listed after 「其中」, all in one unit."""

    snippet: str
    total: int
    unit: str
    parts: tuple[tuple[str, int], ...]


_TOTAL = re.compile(
    rf"共(?:计)?(?P<what>[^\d,;:，；：。]{{0,30}}?)(?P<n>\d+)(?P<unit>[{UNITS}])"
    r"[,;:，；：]?其中[,:，：]?(?P<rest>.*)"
)
_PART = re.compile(rf"^(?P<label>[^\d]{{1,24}}?)(?P<n>\d+)(?P<unit>[{UNITS}])$")


def partitions(text: str) -> list[Partition]:
    """Every 「共…N unit，其中 A a unit，B b unit…」 with at least two parts of the same unit."""
    found = []
    for sentence in _sentences(normalise(text)):
        for match in _TOTAL.finditer(sentence):
            rest = re.sub(r"\([^)]*\)|（[^）]*）", "", match["rest"])
            parts: list[tuple[str, int]] = []
            for clause in re.split(r"[,、;，；]", rest):
                part = _PART.match(clause)
                if (
                    part is None
                    or part["unit"] != match["unit"]
                    or any(word in part["label"] for word in NOT_A_PART)
                ):
                    break
                parts.append((part["label"].strip(":："), int(part["n"])))
            if len(parts) >= 2:
                head = match.group(0)[: match.start("rest") - match.start()]
                listed = "，".join(f"{label}{n}{match['unit']}" for label, n in parts)
                found.append(Partition(head + listed, int(match["n"]), match["unit"], tuple(parts)))
    return found


def _check_partitions(text: str) -> list[Finding]:
    findings = []
    for p in partitions(text):
        parts_sum = sum(n for _, n in p.parts)
        if parts_sum == p.total:
            continue
        sum_text = "+".join(str(n) for _, n in p.parts) + f"={parts_sum}"
        code: Code = NARRATIVE_PARTS_EXCEED if parts_sum > p.total else NARRATIVE_PARTS_SHORT
        relation = "超过" if parts_sum > p.total else "少于"
        findings.append(
            make_finding(
                code,
                "text",
                f"正文“{p.snippet}”：其中所列各项之和（{parts_sum}{p.unit}）{relation}"
                f"总数（{p.total}{p.unit}）。",
                f"Narrative: the parts listed after 其中 add up to {parts_sum} {p.unit}, "
                f"the stated total is {p.total}.",
                expected=p.total,
                actual=sum_text,
            )
        )
    return findings


# -- Figures in the text vs. the tables --------------------------------------------------


@dataclass(frozen=True)
class Figure:
    kind: str  # received / closed / carried_out / carried_in / reconsideration / litigation
    value: int
    snippet: str


_APPLICATION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "received",
        re.compile(
            r"(?:收到|受理|新收|接收)[^,;，；\d]{0,20}?申请(?:共|共计|总计|合计)?(?P<n>\d+)件"
        ),
    ),
    (
        "received",
        re.compile(r"(?:收到|受理|新收|接收)(?:了|各类)?(?P<n>\d+)件[^,;，；\d]{0,10}申请"),
    ),
    ("received", re.compile(r"(?<![收理办])政府信息公开申请(?:共|共计)?(?P<n>\d+)件")),
    ("closed", re.compile(r"(?:办结|答复|办理完毕)(?:申请)?(?:共|共计)?(?P<n>\d+)件")),
    ("carried_out", re.compile(r"(?P<n>\d+)件(?:申请)?(?:结转|顺延)(?:到|至)?下")),
    ("carried_out", re.compile(r"结转(?:到|至)?下(?:一)?年(?:度)?(?:继续办理)?(?P<n>\d+)件")),
    ("carried_in", re.compile(r"上(?:一)?年(?:度)?结转(?:的)?(?:申请)?(?P<n>\d+)件")),
)
_REVIEW_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reconsideration", re.compile(r"行政复议(?:案件)?(?:共|共计)?(?P<n>\d+)(?:件|起)")),
    ("litigation", re.compile(r"行政诉讼(?:案件)?(?:共|共计)?(?P<n>\d+)(?:件|起)")),
)
_NO_REVIEW = re.compile(
    r"(?:未|没有)(?:发生|收到|出现)[^,;，；]{0,20}?行政复议(?P<lit>[^,;，；]{0,6}行政诉讼)?"
)


def figures(text: str) -> list[Figure]:
    """Figures of applications and appeals stated in the narrative (sharp patterns only)."""
    found: list[Figure] = []
    for sentence in _sentences(normalise(text)):
        for kind, pattern in _APPLICATION_PATTERNS + _REVIEW_PATTERNS:
            for match in pattern.finditer(sentence):
                clause_start = max(sentence.rfind(c, 0, match.start()) for c in ",;，；") + 1
                prefix = sentence[clause_start : match.start()]
                if any(word in prefix for word in NARROW_SCOPE):
                    continue
                found.append(Figure(kind, int(match["n"]), sentence[clause_start : match.end()]))
        for match in _NO_REVIEW.finditer(sentence):
            found.append(Figure("reconsideration", 0, match.group(0)))
            if match["lit"]:
                found.append(Figure("litigation", 0, match.group(0)))
    # One figure per (kind, snippet): several patterns may match the same words.
    unique: dict[tuple[str, str], Figure] = {}
    for figure in found:
        unique.setdefault((figure.kind, figure.snippet), figure)
    return list(unique.values())


def _total(cells: list[Cell]) -> int | None:
    value = cells[-1]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _accepted(report: Report, kind: str) -> set[int]:
    """The table figures a narrative figure of ``kind`` may legitimately state."""
    apps, reviews = report.applications, report.reviews
    new, carried_in = _total(apps["new"]), _total(apps["carried_in"])
    closed, carried_out = _total(apps["total"]), _total(apps["carried_out"])
    both = None if new is None or carried_in is None else new + carried_in
    direct = _total(reviews["litigation_direct"])
    after = _total(reviews["litigation_after_reconsideration"])
    litigation = None if direct is None or after is None else direct + after
    options: dict[str, tuple[int | None, ...]] = {
        "received": (new, both),
        "closed": (closed, new, both),
        "carried_out": (carried_out,),
        "carried_in": (carried_in,),
        "reconsideration": (_total(reviews["reconsideration"]),),
        "litigation": (litigation, direct, after),
    }
    values = options[kind]
    if any(v is None for v in values[:1]):
        return set()  # the table figure itself is missing: nothing to compare with
    return {v for v in values if v is not None}


_KIND_LABELS = {
    "received": ("收到申请数", "三/new/总计"),
    "closed": ("办结申请数", "三/total/总计"),
    "carried_out": ("结转下年度数", "三/carried_out/总计"),
    "carried_in": ("上年结转数", "三/carried_in/总计"),
    "reconsideration": ("行政复议件数", "四/reconsideration/总计"),
    "litigation": (
        "行政诉讼件数",
        "四/litigation_direct/总计+四/litigation_after_reconsideration/总计",
    ),
}


def _check_figures(report: Report, text: str) -> list[Finding]:
    findings = []
    for figure in figures(text):
        accepted = _accepted(report, figure.kind)
        if not accepted or figure.value in accepted:
            continue
        label, cell = _KIND_LABELS[figure.kind]
        code = (
            NARRATIVE_REVIEWS
            if figure.kind in {"reconsideration", "litigation"}
            else NARRATIVE_APPLICATIONS
        )
        expected = " 或 ".join(str(v) for v in sorted(accepted))
        findings.append(
            make_finding(
                code,
                "text",
                f"正文“{figure.snippet}”所述{label}（{figure.value}）与表格（{cell}：{expected}）"
                "不一致，请核实口径。",
                f"Narrative figure {figure.value} ({figure.kind}) differs from the table "
                f"({cell}: {expected}); check the scope.",
                expected=expected,
                actual=figure.value,
            )
        )
    return findings


# -- Sections ---------------------------------------------------------------------------


def classify_heading(title: str) -> str | None:
    """The key of the official section a printed heading stands for, or None."""
    title = normalise(title)
    for key, words in SECTION_TITLE_WORDS:
        if any(word in title for word in words):
            return key
    return None


def misprinted_heading(title: str) -> str | None:
    """The section whose official title ``title`` misses by one character, or None.

    One character substituted, dropped or added (``其它需要报告的事项``, ``总休情况``):
    a misprint of the heading, not another heading.
    """
    text = normalise(title).rstrip("。.")
    for section in SECTIONS:
        official = section.title
        if len(official) >= 4 and text != official and _one_edit(text, official):
            return section.key
    return None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _numeral(number: str) -> str:
    return number.strip().rstrip("、.．")


def assign_sections(sections: list[NarrativeSection]) -> list[str | None]:
    """The official section key of each printed heading, None for a sub-heading.

    A heading naming a section (e.g. 「一、主动公开情况」 inside 一、总体情况) is taken for a
    sub-heading when another heading of the same section carries the right numeral.
    """
    numeral = {s.key: s.number for s in SECTIONS}
    keys = [classify_heading(s.title) or misprinted_heading(s.title) for s in sections]
    assigned: list[str | None] = list(keys)
    for key in set(k for k in keys if k is not None):
        where = [i for i, k in enumerate(keys) if k == key]
        right = [i for i in where if _numeral(sections[i].number) == numeral[key]]
        if len(where) > 1 and len(right) == 1:
            for i in where:
                if i != right[0]:
                    assigned[i] = None
    return assigned


def _check_sections(sections: list[NarrativeSection]) -> list[Finding]:
    numeral = {s.key: s.number for s in SECTIONS}
    order = {s.key: i for i, s in enumerate(SECTIONS)}
    title_of = {s.key: s.title for s in SECTIONS}
    keys = assign_sections(sections)
    findings = []
    numbering: list[str] = []
    for section, key in zip(sections, keys, strict=True):
        number = _numeral(section.number)
        if number not in TOP_NUMERALS:
            continue
        if key is None:
            numbering.append(f"{number}、{section.title}")
        elif number != numeral[key]:
            numbering.append(f"{number}、{section.title}（应为“{numeral[key]}、”）")
    if numbering:
        findings.append(
            make_finding(
                SECTION_NUMBERING,
                "text",
                "一级标题序号使用不规范：" + "；".join(numbering) + "。一级序号“一、…六、”"
                "应只用于六个部分，其下层次宜用“（一）”等。",
                "Top-level numerals reused or out of place: " + "; ".join(numbering) + ".",
                actual="；".join(numbering),
            )
        )
    for section, key in zip(sections, keys, strict=True):
        if key is not None and misprinted_heading(section.title) == key:
            official = title_of[key]
            findings.append(
                make_finding(
                    SECTION_HEADING,
                    f"text/{numeral[key]}",
                    f"第{numeral[key]}部分的标题“{section.title}”与规定的“{official}”不一致"
                    "（疑为错字），已按该部分读取。",
                    f"Section {numeral[key]}'s heading '{section.title}' differs from "
                    f"'{official}' by one character; read as that section.",
                    expected=official,
                    actual=section.title,
                )
            )
    seen = [k for k in keys if k is not None]
    counts = Counter(seen)
    for s in SECTIONS:
        if counts[s.key] == 0:
            findings.append(
                make_finding(
                    SECTION_MISSING,
                    f"text/{s.number}",
                    f"缺少第{s.number}部分“{s.title}”。",
                    f"Section {s.number} ({s.key}) is missing.",
                    expected=f"{s.number}、{s.title}",
                )
            )
        elif counts[s.key] > 1:
            findings.append(
                make_finding(
                    SECTION_DUPLICATED,
                    f"text/{s.number}",
                    f"第{s.number}部分“{s.title}”出现了 {counts[s.key]} 次。",
                    f"Section {s.number} ({s.key}) appears {counts[s.key]} times.",
                    expected=1,
                    actual=counts[s.key],
                )
            )
    first = list(dict.fromkeys(seen))
    if first != sorted(first, key=order.__getitem__):
        printed = "、".join(numeral[k] + title_of[k] for k in first)
        findings.append(
            make_finding(
                SECTION_ORDER,
                "text",
                f"各部分顺序不符合年度报告格式：{printed}。",
                "The sections are not in the order of the format.",
                expected="、".join(s.number for s in SECTIONS),
                actual="、".join(numeral[k] for k in first),
            )
        )
    return findings


# -- Years ------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_PERIOD = re.compile(
    r"(?<!\d)(?P<start>\d{4})年1月1日(?:起)?(?:至|到|-|—|~|－)(?:(?P<end>\d{4})年)?12月31日"
)


def _check_years(report: Report) -> list[Finding]:
    findings = []
    title_year = None
    if report.title:
        match = _YEAR.search(normalise(report.title))
        title_year = int(match.group(1)) if match else None
    if title_year is not None and report.year is not None and title_year != report.year:
        findings.append(
            make_finding(
                YEAR_MISMATCH,
                "title",
                f"标题中的年份（{title_year}）与报告年度（{report.year}）不一致。",
                f"The title's year ({title_year}) is not the report's year ({report.year}).",
                expected=report.year,
                actual=title_year,
            )
        )
    reference = title_year if title_year is not None else report.year
    if reference is None:
        return findings
    body = normalise(_body_text(report))
    period = _PERIOD.search(body)
    if period is not None:
        years = {int(period["start"])} | ({int(period["end"])} if period["end"] else set())
        if years != {reference}:
            findings.append(
                make_finding(
                    YEAR_MISMATCH,
                    "text",
                    f"正文统计期限“{period.group(0)}”与{'标题' if title_year else '报告'}"
                    f"年份（{reference}）不一致。",
                    f"The statistics period '{period.group(0)}' is not the year {reference}.",
                    expected=reference,
                    actual=period["start"],
                )
            )
        return findings
    mentioned = Counter(int(y) for y in _YEAR.findall(body))
    if reference not in mentioned and sum(mentioned.values()) >= 2:
        body_year, _ = mentioned.most_common(1)[0]
        findings.append(
            make_finding(
                YEAR_MISMATCH,
                "text",
                f"正文未提及{reference}年，所述年份主要为{body_year}年，与"
                f"{'标题' if title_year else '报告'}年份不一致。",
                f"The text never mentions {reference}; it speaks mostly of {body_year}.",
                expected=reference,
                actual=body_year,
            )
        )
    return findings


def _check_assessment(report: Report, text: str, level: str | None) -> list[Finding]:
    # 条例第五十条第（四）项: government reports cover 考核、评议和责任追究.
    if level not in GOVERNMENT_LEVELS or not text.strip():
        return []
    if any(word in text for word in ASSESSMENT_WORDS):
        return []
    return [
        make_finding(
            OVERVIEW_ASSESSMENT,
            "text/一",
            "人民政府的年度报告应报告政府信息公开工作考核、社会评议和责任追究结果情况"
            "（条例第五十条第（四）项），正文中未见相关内容。",
            "A government's report should cover assessment, public evaluation and "
            "accountability (条例第五十条(四)); the text does not mention them.",
        )
    ]


def check_narrative(report: Report, *, level: str | None = None) -> list[Finding]:
    """Every narrative finding: sections, years, stated sums, figures vs. tables."""
    text = _narrative_text(report)
    findings: list[Finding] = []
    if report.sections:
        findings += _check_sections(report.sections)
    if text.strip() or report.title:
        findings += _check_years(report)
    if text.strip():
        findings += _check_partitions(text)
        findings += _check_figures(report, text)
        findings += _check_assessment(report, text, level)
    return findings


__all__ = [
    "SECTION_TITLE_WORDS",
    "Figure",
    "Partition",
    "assign_sections",
    "check_narrative",
    "classify_heading",
    "figures",
    "normalise",
    "partitions",
]
