"""The report object: figures of one annual report, plus its narrative and findings.

``Report`` is what readers produce, what checks inspect and what writers render. Its JSON
form is the ``gongkai.annual/1`` shape printed by ``gongkai extract --json``. A cell the
report leaves blank, or that could not be read, is ``None`` — never a guessed 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .format import (
    ACTIVE_ROWS,
    APPLICATION_ROW_KEYS,
    FORMAT_ID,
    N_APPLICANT_COLUMNS,
    N_REVIEW_COLUMNS,
    OUTCOME_GROUPS,
    REVIEW_GROUP_KEYS,
)

Cell = int | None
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a report, with a stable ``code`` and a location."""

    code: str
    severity: Severity
    where: str  # e.g. "三/refused_1/自然人", "二/rules/现行有效件数", "text"
    message: str  # Chinese, shown to users
    message_en: str = ""
    expected: str | None = None
    actual: str | None = None

    def to_json(self, *, detailed: bool = False) -> dict[str, Any]:
        """``code``, ``severity``, ``where``, ``message`` (the ``gongkai.annual/1`` shape);
        ``detailed`` adds ``message_en`` and ``expected``/``actual`` where known."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "where": self.where,
            "message": self.message,
        }
        if not detailed:
            return data
        if self.message_en:
            data["message_en"] = self.message_en
        if self.expected is not None:
            data["expected"] = self.expected
        if self.actual is not None:
            data["actual"] = self.actual
        return data


@dataclass
class NarrativeSection:
    """A numbered heading of the report as printed, with the text under it."""

    number: str  # "一" … "六" as printed (may repeat: the seed numbers sub-sections 一、 again)
    title: str
    text: str = ""


def empty_row(n: int) -> list[Cell]:
    return [None] * n


@dataclass
class Active:
    rules: list[Cell] = field(default_factory=lambda: empty_row(3))
    normative_documents: list[Cell] = field(default_factory=lambda: empty_row(3))
    licensing: Cell = None
    penalty: Cell = None
    enforcement: Cell = None
    fees_wan_yuan: Decimal | None = None


@dataclass
class Report:
    """The figures and text of one 政府信息公开工作年度报告 (2021 format)."""

    agency: str | None = None
    year: int | None = None
    active: Active = field(default_factory=Active)
    #: row key → 7 cells (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
    #: Always holds the 25 row keys of APPLICATION_ROW_KEYS; may also hold a group key
    #: (``refused``, ``unable``, ``not_processed``, ``other``) when the report prints that
    #: group as one row without its numbered sub-rows (the sub-rows are then all None).
    applications: dict[str, list[Cell]] = field(
        default_factory=lambda: {k: empty_row(N_APPLICANT_COLUMNS) for k in APPLICATION_ROW_KEYS}
    )
    #: group key → 5 cells (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
    reviews: dict[str, list[Cell]] = field(
        default_factory=lambda: {k: empty_row(N_REVIEW_COLUMNS) for k in REVIEW_GROUP_KEYS}
    )
    title: str | None = None
    sections: list[NarrativeSection] = field(default_factory=list)
    text: str = ""  # the whole narrative as read, for the narrative checks
    #: how sure the reader is of each placed row (``三/granted`` → ``row``: read from its
    #: own labelled row; ``arithmetic``: placed by position, confirmed by the sums;
    #: ``position``: placed by position only). Not part of the JSON shape; doubtful rows
    #: are left empty with a ``reader-ambiguous`` finding instead.
    placement: dict[str, str] = field(default_factory=dict, compare=False)
    findings: list[Finding] = field(
        default_factory=list
    )  # reader findings (what it could not place)

    # -- JSON -------------------------------------------------------------------------
    def to_json(self, findings: list[Finding] | None = None) -> dict[str, Any]:
        """The ``gongkai.annual/1`` shape; ``findings`` defaults to the reader's own."""
        fees = self.active.fees_wan_yuan
        fees_json: int | float | None
        if fees is None:
            fees_json = None
        elif fees == fees.to_integral_value():
            fees_json = int(fees)
        else:
            fees_json = float(fees)
        applications: dict[str, list[Cell]] = {
            k: list(self.applications[k]) for k in APPLICATION_ROW_KEYS
        }
        for group in OUTCOME_GROUPS:
            if group.key in self.applications:
                applications[group.key] = list(self.applications[group.key])
        return {
            "format": FORMAT_ID,
            "agency": self.agency,
            "year": self.year,
            "active": {
                "rules": list(self.active.rules),
                "normative_documents": list(self.active.normative_documents),
                "licensing": self.active.licensing,
                "penalty": self.active.penalty,
                "enforcement": self.active.enforcement,
                "fees_wan_yuan": fees_json,
            },
            "applications": applications,
            "reviews": {k: list(self.reviews[k]) for k in REVIEW_GROUP_KEYS},
            "findings": [f.to_json() for f in (self.findings if findings is None else findings)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """Build a report from the ``gongkai.annual/1`` shape (extra keys are ignored)."""
        if data.get("format") != FORMAT_ID:
            raise ValueError(f"不是 {FORMAT_ID} 格式的数据（format={data.get('format')!r}）")
        active_data = data.get("active") or {}
        fees = active_data.get("fees_wan_yuan")
        active = Active(
            rules=_cells(active_data.get("rules"), 3),
            normative_documents=_cells(active_data.get("normative_documents"), 3),
            licensing=_cell(active_data.get("licensing")),
            penalty=_cell(active_data.get("penalty")),
            enforcement=_cell(active_data.get("enforcement")),
            fees_wan_yuan=None if fees is None else Decimal(str(fees)),
        )
        apps_data = data.get("applications") or {}
        applications = {
            k: _cells(apps_data.get(k), N_APPLICANT_COLUMNS) for k in APPLICATION_ROW_KEYS
        }
        for group in OUTCOME_GROUPS:
            if apps_data.get(group.key) is not None:
                applications[group.key] = _cells(apps_data[group.key], N_APPLICANT_COLUMNS)
        reviews_data = data.get("reviews") or {}
        reviews = {k: _cells(reviews_data.get(k), N_REVIEW_COLUMNS) for k in REVIEW_GROUP_KEYS}
        return cls(
            agency=data.get("agency"),
            year=data.get("year"),
            active=active,
            applications=applications,
            reviews=reviews,
        )


def _cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"表格单元格应为整数或 null，而不是 {value!r}")
    return int(value)


def _cells(values: Any, n: int) -> list[Cell]:
    if values is None:
        return empty_row(n)
    if not isinstance(values, list) or len(values) != n:
        raise ValueError(f"应为 {n} 个单元格的列表，而不是 {values!r}")
    return [_cell(v) for v in values]


__all__ = ["ACTIVE_ROWS", "Active", "Cell", "Finding", "NarrativeSection", "Report", "Severity"]
