"""Drafting the narrative from the data: sentences with figures, editable afterwards.

Each part (the five sub-parts of 一、总体情况, 五, 六) is drafted from the computed figures and
the 工作台账. The draft is kept beside the edited text (``AnnualReport.drafted``): when the data
change, the fresh draft differs from the kept one and the part is flagged as stale.

Where the data say nothing (no 台账 entry about the 监督电话, the problems of the year) the draft
holds a 【请补充……】 placeholder, which the checks refuse to publish.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from gongkai.agencies.models import AgencyKind
from gongkai.annual.format import OUTCOME_GROUPS, group_rows
from gongkai.annual.model import Report
from gongkai.reports.compute import Computed
from gongkai.reports.models import AnnualReport, LogKind, NarrativePart, WorkLogEntry

PLACEHOLDER_OPEN = "【请补充"
GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP, AgencyKind.SUBDISTRICT)


def _placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}】"


def _total(report: Report, key: str) -> int:
    return int(report.applications[key][-1] or 0)


def _entries(entries: Iterable[WorkLogEntry], *kinds: str) -> list[WorkLogEntry]:
    return sorted((e for e in entries if e.kind in kinds), key=lambda e: (e.on, e.pk or 0))


def _sentence(entry: WorkLogEntry) -> str:
    text = entry.text.strip().rstrip("。；;.")
    return f"{entry.on.month}月{entry.on.day}日，{text}。"


def draft_active(year: int, computed: Computed) -> str:
    figures = computed.active
    total = figures.total if figures else 0
    parts = "，".join(
        f"{name} {n} 条" for name, n in (figures.by_category.items() if figures else [])
    )
    first = f"{year} 年共主动公开政务信息 {total} 条"
    first += f"，其中：{parts}。" if parts else "。"
    rules = computed.report.active.normative_documents
    second = f"本年制发行政规范性文件 {rules[0]} 件，废止 {rules[1]} 件，现行有效 {rules[2]} 件。"
    return first + second


def draft_applications(year: int, computed: Computed) -> str:
    report = computed.report
    new, carried_in = _total(report, "new"), _total(report, "carried_in")
    done, carried_out = _total(report, "total"), _total(report, "carried_out")
    if new == 0 and carried_in == 0:
        return f"{year} 年共收到政府信息公开申请 0 件，无上年结转申请。"
    outcome_parts = [
        ("予以公开", _total(report, "granted")),
        ("部分公开", _total(report, "partly_granted")),
    ]
    for group in OUTCOME_GROUPS:
        outcome_parts.append((group.label, sum(_total(report, k) for k in group_rows(group.key))))
    listed = "，".join(f"{label} {n} 件" for label, n in outcome_parts if n)
    text = f"{year} 年共收到政府信息公开申请 {new} 件，上年结转 {carried_in} 件。"
    text += f"本年办结 {done} 件"
    text += f"，其中：{listed}。" if listed else "。"
    text += f"结转下年度继续办理 {carried_out} 件。"
    return text


def draft_management(entries: list[WorkLogEntry]) -> str:
    text = (
        "严格执行政府信息公开前保密审查制度（条例第十七条），做好政府信息的登记、审核、发布和归档。"
    )
    return text + "".join(
        _sentence(e) for e in _entries(entries, LogKind.RULES, LogKind.MANAGEMENT)
    )


def draft_platform(year: int, computed: Computed, entries: list[WorkLogEntry]) -> str:
    total = computed.active.total if computed.active else 0
    text = f"依托政府信息公开平台集中发布政府信息，{year} 年通过平台发布 {total} 条。"
    return text + "".join(_sentence(e) for e in _entries(entries, LogKind.OTHER_PLATFORM))


def draft_supervision(*, government: bool, entries: list[WorkLogEntry]) -> str:
    calls = _entries(entries, LogKind.SUPERVISION_PHONE)
    if calls:
        text = "".join(_sentence(e) for e in calls)
    else:
        text = _placeholder("监督电话来电情况")
    text += "".join(_sentence(e) for e in _entries(entries, LogKind.TRAINING))
    assessments = _entries(entries, LogKind.ASSESSMENT)
    if assessments:
        text += "".join(_sentence(e) for e in assessments)
    elif government:
        # 条例第五十条第（四）项: a government's report states 考核、评议和责任追究的结果
        text += _placeholder("政府信息公开工作考核、社会评议和责任追究结果情况")
    return text


def draft_other(report: AnnualReport) -> str:
    if report.fee_notices is None:
        return _placeholder("信息处理费收取情况")
    if report.fee_notices == 0:
        return "本年未发出信息处理费收费通知，未收取信息处理费。"
    notice = report.fee_notice_yuan or Decimal(0)
    collected = report.fee_collected_yuan or Decimal(0)
    return (
        f"本年依据《政府信息公开信息处理费管理办法》发出收费通知 {report.fee_notices} 件，"
        f"金额共计 {notice} 元，实际收取 {collected} 元。"
    )


def draft_all(
    report: AnnualReport, computed: Computed, entries: list[WorkLogEntry]
) -> dict[str, str]:
    """Part → drafted text."""
    year = report.year
    return {
        NarrativePart.ACTIVE: draft_active(year, computed),
        NarrativePart.APPLICATIONS: draft_applications(year, computed),
        NarrativePart.MANAGEMENT: draft_management(entries),
        NarrativePart.PLATFORM: draft_platform(year, computed, entries),
        NarrativePart.SUPERVISION: draft_supervision(
            government=report.agency.kind in GOVERNMENT_KINDS, entries=entries
        ),
        NarrativePart.PROBLEMS: _placeholder("存在的主要问题及改进情况"),
        NarrativePart.OTHER: draft_other(report),
    }
