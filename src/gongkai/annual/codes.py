"""The check codes of :func:`gongkai.annual.checks.check`: one table, stable codes.

Each constant names one rule: its ``code`` (stable, used by tests, the CLI and the
platform), its severity, the rule in words and its source (the 条例 article, the 30号
format, or DOMAIN.md where the rule is practice rather than text). ``CODES`` maps every
code to its definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Finding, Severity


@dataclass(frozen=True)
class Code:
    """A check: its stable code, severity, the rule it enforces and where the rule comes from."""

    code: str
    severity: Severity
    rule: str
    source: str


# -- Tables ---------------------------------------------------------------------------
CELL_MISSING = Code(
    "cell-missing",
    "error",
    "Every cell of tables 二, 三 and 四 is filled (0, not blank); grouped per row or table.",
    "30号 tables (DOMAIN.md §3.4 rule 5)",
)
ROW_SHAPE = Code(
    "row-shape",
    "error",
    "Each row has its number of cells (3 in table 二's document rows, 7 in table 三, 5 in "
    "table 四); a missing row is a row of blanks.",
    "30号 tables (DOMAIN.md §3.3–3.5)",
)
CELL_NOT_INTEGER = Code(
    "cell-not-integer",
    "error",
    "Every count is an integer.",
    "30号 tables (DOMAIN.md §3.4 rule 5)",
)
CELL_NEGATIVE = Code(
    "cell-negative",
    "error",
    "Every count is ≥ 0.",
    "30号 tables (DOMAIN.md §3.4 rule 5)",
)
FEE_INVALID = Code(
    "fee-invalid",
    "error",
    "The 行政事业性收费 amount (万元) is a finite, non-negative number.",
    "30号 table 二, 条例第二十条第（八）项",
)
APP_BALANCE = Code(
    "app-balance",
    "error",
    "Table 三, each column: 一 + 二 = 三（七）总计 + 四.",
    "30号 table 三, its own note 「第一项加第二项之和，等于第三项加第四项之和」",
)
APP_OUTCOME_SUM = Code(
    "app-outcome-sum",
    "error",
    "Table 三, each column: （七）总计 = （一）+（二）+ the sub-rows of （三）…（六） "
    "(a group printed as one row stands for its sub-rows).",
    "30号 table 三 (DOMAIN.md §3.4 rule 3): each application has exactly one result",
)
APP_ROW_TOTAL = Code(
    "app-row-total",
    "error",
    "Table 三, each row: 总计 = the sum of the six applicant columns.",
    "30号 table 三 (DOMAIN.md §3.4 rule 2)",
)
APP_GROUP_SUM = Code(
    "app-group-sum",
    "error",
    "Table 三: a group printed as one row and with its sub-rows equals their sum.",
    "30号 table 三 (groups （三）…（六） have no official subtotal row)",
)
REVIEW_TOTAL = Code(
    "review-total",
    "error",
    "Table 四, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
    "30号 table 四 (DOMAIN.md §3.5)",
)
RULES_AT_LEVEL = Code(
    "rules-at-level",
    "warning",
    "Towns and counties do not make 规章: their 规章 figures are 0.",
    "立法法第九十三条 (规章 are made by provincial governments and those of 设区的市/自治州)",
)

# -- Year on year ---------------------------------------------------------------------
PREVIOUS_YEAR = Code(
    "previous-year",
    "error",
    "The previous report is the one of the year before (the year-on-year checks are skipped "
    "otherwise).",
    "条例第四十九条: one report per calendar year",
)
PREVIOUS_AGENCY = Code(
    "previous-agency",
    "warning",
    "The previous report is the same agency's.",
    "条例第四十九条",
)
CARRIED_IN = Code(
    "carried-in",
    "warning",
    "Table 三, each column: 二、上年结转 = last year's 四、结转下年度继续办理.",
    "DOMAIN.md §3.4 rule 4 (logical, not stated in 30号)",
)
CURRENT_DOCUMENTS = Code(
    "current-documents",
    "warning",
    "Table 二, 规章 and 行政规范性文件: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 "
    "− 本年废止件数 (a warning: amendments and clean-ups muddy it).",
    "30号 table 二 columns (DOMAIN.md §3.3)",
)


# -- Narrative (see .narrative) ---------------------------------------------------------
NARRATIVE_PARTS_EXCEED = Code(
    "narrative-parts-exceed",
    "error",
    "A stated total 「共…N 条，其中 A a 条，B b 条…」 is not exceeded by its parts (same unit).",
    "Arithmetic of the report's own text",
)
NARRATIVE_PARTS_SHORT = Code(
    "narrative-parts-short",
    "warning",
    "The parts listed after 「其中」 add up to less than the stated total (the list may be "
    "partial, hence a warning).",
    "Arithmetic of the report's own text",
)
NARRATIVE_APPLICATIONS = Code(
    "narrative-applications",
    "warning",
    "A figure of applications in the narrative (收到/受理…申请 N 件, 办结 N 件, 结转 N 件) "
    "matches table 三. A warning: narratives often cover a narrower scope.",
    "条例第五十条 (the report states one set of figures)",
)
NARRATIVE_REVIEWS = Code(
    "narrative-reviews",
    "warning",
    "A figure of 行政复议 / 行政诉讼 cases in the narrative matches table 四.",
    "条例第五十条第（三）项",
)
SECTION_MISSING = Code(
    "section-missing",
    "error",
    "Each of the six sections 一、总体情况 … 六、其他需要报告的事项 is present.",
    "条例第五十条; 30号 (「不能遗漏」)",
)
SECTION_ORDER = Code(
    "section-order",
    "error",
    "The six sections come in the order of the format.",
    "30号 format",
)
SECTION_DUPLICATED = Code(
    "section-duplicated",
    "warning",
    "Each of the six sections appears once.",
    "30号 format",
)
SECTION_HEADING = Code(
    "section-heading",
    "warning",
    "Each section's heading reads as in the format; a heading one character off (a "
    "misprint) is recognised as its section and reported here, not as a missing section.",
    "30号 format",
)
SECTION_NUMBERING = Code(
    "section-numbering",
    "warning",
    "The top-level numerals 一、…六、 are used only for the six sections (sub-sections use "
    "（一）…), and each section carries its own numeral.",
    "30号 format",
)
YEAR_MISMATCH = Code(
    "year-mismatch",
    "error",
    "The year in the title is the report's year and the year of the statistics period in "
    "the text (「统计期限为YYYY年1月1日至12月31日」).",
    "条例第四十九条: the report covers the previous calendar year",
)
YEAR_ABSENT = Code(
    "year-absent",
    "warning",
    "The report's year appears in its text.",
    "条例第四十九条",
)
OVERVIEW_ASSESSMENT = Code(
    "overview-assessment",
    "warning",
    "A government's (not a department's) report covers the results of 工作考核、社会评议 "
    "and 责任追究.",
    "条例第五十条第（四）项",
)


def make_finding(
    code: Code,
    where: str,
    message: str,
    message_en: str,
    expected: object | None = None,
    actual: object | None = None,
) -> Finding:
    """A finding of ``code`` at ``where``; expected/actual are shown as text."""
    return Finding(
        code=code.code,
        severity=code.severity,
        where=where,
        message=message,
        message_en=message_en,
        expected=None if expected is None else str(expected),
        actual=None if actual is None else str(actual),
    )


#: code → definition, for every check.
CODES: dict[str, Code] = {
    value.code: value for value in list(globals().values()) if isinstance(value, Code)
}

__all__ = ["CODES", "Code", "make_finding"]
