"""The checks before publishing: every ``gongkai.annual`` check, against last year's report,
plus the platform's own (placeholders left in the text, stale drafts, figures without a source
note, table 三 not available). Errors block publishing; each warning needs an acknowledgement
with a note (``Acknowledgement``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.annual.checks import check
from gongkai.annual.format import SECTIONS
from gongkai.annual.model import Finding, NarrativeSection, Report
from gongkai.reports.compute import Computed, check_level
from gongkai.reports.drafting import PLACEHOLDER_OPEN
from gongkai.reports.models import OVERVIEW_PARTS, AnnualReport, NarrativePart


def narrative_sections(parts: dict[str, str]) -> dict[str, str]:
    """Section key (overview, problems, other) → printed text, from the edited parts."""
    overview = []
    for part, heading in OVERVIEW_PARTS:
        text = (parts.get(part) or "").strip()
        if text:
            overview += [heading, text]
    return {
        "overview": "\n".join(overview),
        "problems": (parts.get(NarrativePart.PROBLEMS) or "").strip(),
        "other": (parts.get(NarrativePart.OTHER) or "").strip(),
    }


def with_narrative(report: Report, sections: dict[str, str]) -> Report:
    """``report`` carrying the narrative as its sections (for the narrative checks)."""
    report.sections = [
        NarrativeSection(s.number, s.title, sections.get(s.key, "")) for s in SECTIONS
    ]
    report.text = ""
    return report


def _platform(code: str, severity: str, where: str, message: str) -> Finding:
    return Finding(code=f"platform-{code}", severity=severity, where=where, message=message)  # type: ignore[arg-type]


@dataclass
class CheckResult:
    findings: list[Finding]
    acknowledged: dict[str, str] = field(default_factory=dict)  # key → note

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def open_warnings(self) -> list[Finding]:
        return [f for f in self.warnings if finding_key(f) not in self.acknowledged]

    @property
    def can_publish(self) -> bool:
        return not self.errors and not self.open_warnings


def finding_key(finding: Finding) -> str:
    return f"{finding.code}@{finding.where}"


def run_checks(
    report: AnnualReport,
    computed: Computed,
    *,
    previous: Report | None,
    stale_parts: list[str],
) -> CheckResult:
    parts = dict(report.narrative)
    figures = with_narrative(computed.report, narrative_sections(parts))
    findings = check(figures, previous=previous, level=check_level(report.agency.kind))
    for part, text in parts.items():
        if PLACEHOLDER_OPEN in (text or ""):
            label = NarrativePart(part).label if part in NarrativePart.values else part
            findings.append(
                _platform(
                    "placeholder",
                    "error",
                    f"text/{part}",
                    f"正文“{label}”中仍有待补充的内容（【请补充……】）。",
                )
            )
    for part in stale_parts:
        findings.append(
            _platform(
                "stale-draft",
                "warning",
                f"text/{part}",
                f"正文“{NarrativePart(part).label}”起草后数据已变化，其中的数字可能已不准确。",
            )
        )
    entered = (report.licensing, report.penalty, report.enforcement, report.fees_wan_yuan)
    if any(v is not None for v in entered) and not report.figures_source.strip():
        findings.append(
            _platform(
                "figures-source", "warning", "二/entered", "表二中手工填报的数字未注明数据来源。"
            )
        )
    if not computed.applications_available:
        findings.append(
            _platform(
                "applications-unavailable",
                "warning",
                "三",
                "依申请公开模块尚未启用，表三暂按 0 填列，请核实。",
            )
        )
    if previous is None:
        findings.append(
            _platform(
                "previous-missing",
                "warning",
                "previous",
                f"未找到{report.year - 1}年度报告，无法核对上年结转和现行有效件数；"
                "可先导入上年度已发布的报告。",
            )
        )
    acknowledged = {f"{a.code}@{a.where}": a.note for a in report.acknowledgements.all()}
    return CheckResult(findings, acknowledged)
