"""Hypothesis strategies for annual reports (政府信息公开工作年度报告, 2021 format).

``valid_reports()`` draws reports that satisfy every arithmetic rule of
``gongkai.annual.checks`` (DOMAIN.md §3.4–3.5):

* table 三, each of the 7 columns: 一 + 二 = （七）总计 + 四;
* （七）总计 = the sum of the outcome rows （一）…（六） (a group printed as one row stands in
  for its sub-rows);
* the 总计 column = the sum of the six applicant columns, in every row;
* table 四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结;
* every cell a non-negative integer, the fee a non-negative ``Decimal`` (0–4 places).

With ``narrative=True`` the report also gets a title, the six sections in order and a
narrative consistent with the tables. ``report_pairs()`` draws (previous, report) for
consecutive years where 二、上年结转 equals last year's 四、结转下年度继续办理 and the
现行有效件数 carry over.

Use from a test module in this package::

    from .strategies import report_pairs, valid_reports

    @given(valid_reports())
    def test_something(report: Report) -> None: ...
"""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import strategies as st

from gongkai.annual.format import (
    APPLICATION_ROW_KEYS,
    N_APPLICANT_COLUMNS,
    OUTCOME_GROUPS,
    OUTCOME_ROW_KEYS,
    REVIEW_GROUP_KEYS,
    SECTIONS,
    group_rows,
)
from gongkai.annual.model import Active, Cell, NarrativeSection, Report

N_PEOPLE = N_APPLICANT_COLUMNS - 1  # the six applicant columns before 总计

AGENCIES = (
    "岢曲镇人民政府",
    "城关镇人民政府",
    "某县人民政府办公室",
    "某市自然资源和规划局",
    "某区人民政府",
)

#: Values a cell takes; small numbers keep the shrunk examples readable.
counts = st.integers(min_value=0, max_value=60)
sparse_counts = st.one_of(st.just(0), st.just(0), counts)


def fees() -> st.SearchStrategy[Decimal]:
    """A non-negative amount in 万元 with 0–4 decimal places."""
    return st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(min_value=0, max_value=10**7),
        st.integers(min_value=0, max_value=4),
    )


def document_rows(carried: Cell = None) -> st.SearchStrategy[list[Cell]]:
    """本年制发件数, 本年废止件数, 现行有效件数 (现行有效 ≥ what carries over, if known)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Cell]:
        issued = draw(sparse_counts)
        base = carried if carried is not None else draw(counts)
        repealed = draw(st.integers(min_value=0, max_value=base))
        return [issued, repealed, base + issued - repealed]

    return build()


@st.composite
def actives(draw: st.DrawFn, previous: Active | None = None) -> Active:
    rules_in = previous.rules[2] if previous is not None else None
    docs_in = previous.normative_documents[2] if previous is not None else None
    return Active(
        rules=draw(document_rows(rules_in)),
        normative_documents=draw(document_rows(docs_in)),
        licensing=draw(sparse_counts),
        penalty=draw(sparse_counts),
        enforcement=draw(sparse_counts),
        fees_wan_yuan=draw(fees()),
    )


def _with_total(cells: list[int]) -> list[Cell]:
    return [*cells, sum(cells)]


@st.composite
def application_tables(
    draw: st.DrawFn,
    carried_in: list[Cell] | None = None,
    collapse: bool | None = None,
) -> dict[str, list[Cell]]:
    """Table 三 with every rule satisfied.

    ``carried_in`` fixes 二、上年结转 (the six applicant columns and 总计); ``collapse``
    forces (True) or forbids (False) groups printed as one row; None lets hypothesis choose.
    """
    rows: dict[str, list[Cell]] = {}
    outcome_cells = {
        key: draw(st.lists(sparse_counts, min_size=6, max_size=6)) for key in OUTCOME_ROW_KEYS
    }
    collapsed: list[str] = []
    for group in OUTCOME_GROUPS:
        if collapse is None:
            fold = draw(st.booleans()) and draw(st.booleans())
        else:
            fold = collapse
        if fold:
            collapsed.append(group.key)
    for key in OUTCOME_ROW_KEYS:
        rows[key] = _with_total(outcome_cells[key])
    for group_key in collapsed:
        subs = group_rows(group_key)
        rows[group_key] = [sum(rows[k][c] or 0 for k in subs) for c in range(N_APPLICANT_COLUMNS)]
        for k in subs:
            rows[k] = [None] * N_APPLICANT_COLUMNS
    closed = [sum(outcome_cells[k][c] for k in OUTCOME_ROW_KEYS) for c in range(N_PEOPLE)]
    rows["total"] = _with_total(closed)
    if carried_in is not None:
        fixed = [int(v or 0) for v in carried_in[:N_PEOPLE]]
        # 一 + 二 = 七 + 四 with 二 given: 四 must be at least 二 − 七 (一 ≥ 0).
        out = [
            draw(
                st.integers(
                    min_value=max(0, fixed[c] - closed[c]),
                    max_value=max(0, fixed[c] - closed[c]) + 30,
                )
            )
            for c in range(N_PEOPLE)
        ]
        carried = fixed
    else:
        out = draw(st.lists(sparse_counts, min_size=N_PEOPLE, max_size=N_PEOPLE))
        balance = [closed[c] + out[c] for c in range(N_PEOPLE)]
        carried = [draw(st.integers(min_value=0, max_value=balance[c])) for c in range(N_PEOPLE)]
    new = [closed[c] + out[c] - carried[c] for c in range(N_PEOPLE)]
    rows["new"] = _with_total(new)
    rows["carried_in"] = _with_total(carried)
    rows["carried_out"] = _with_total(out)
    ordered = {key: rows[key] for key in APPLICATION_ROW_KEYS}
    for group_key in collapsed:
        ordered[group_key] = rows[group_key]
    return ordered


@st.composite
def review_tables(draw: st.DrawFn) -> dict[str, list[Cell]]:
    tables: dict[str, list[Cell]] = {}
    for key in REVIEW_GROUP_KEYS:
        parts = draw(st.lists(sparse_counts, min_size=4, max_size=4))
        tables[key] = _with_total(parts)
    return tables


def narrative_for(report: Report) -> tuple[str, list[NarrativeSection]]:
    """A plain narrative (title, six sections in order) that agrees with the tables."""
    year = report.year
    new_total = report.applications["new"][-1]
    reconsideration = report.reviews["reconsideration"][-1]
    title = f"{report.agency}{year}年政府信息公开工作年度报告"
    texts = {
        "overview": (
            f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
            f"统计期限为{year}年1月1日至{year}年12月31日。"
            f"全年共收到政府信息公开申请{new_total}件。"
        ),
        "active": "",
        "applications": "",
        "reviews": f"{year}年，本机关发生政府信息公开行政复议{reconsideration}件。",
        "problems": "政府信息公开工作仍存在不足，下一步将进一步加强。",
        "other": "无。",
    }
    sections = [NarrativeSection(s.number, s.title, texts[s.key]) for s in SECTIONS]
    return title, sections


def _attach_narrative(report: Report) -> Report:
    title, sections = narrative_for(report)
    report.title = title
    report.sections = sections
    report.text = "\n".join(
        [title] + [line for s in sections for line in (f"{s.number}、{s.title}", s.text) if line]
    )
    return report


@st.composite
def valid_reports(
    draw: st.DrawFn,
    *,
    narrative: bool = False,
    collapse: bool | None = None,
    year: int | None = None,
    carried_in: list[Cell] | None = None,
    previous_active: Active | None = None,
) -> Report:
    """A report that satisfies every arithmetic check (see the module docstring)."""
    report = Report(
        agency=draw(st.sampled_from(AGENCIES)),
        year=year if year is not None else draw(st.integers(min_value=2021, max_value=2026)),
        active=draw(actives(previous_active)),
        applications=draw(application_tables(carried_in, collapse)),
        reviews=draw(review_tables()),
    )
    if narrative:
        _attach_narrative(report)
    return report


@st.composite
def report_pairs(
    draw: st.DrawFn, *, narrative: bool = False, collapse: bool | None = None
) -> tuple[Report, Report]:
    """(previous, report) for consecutive years, consistent across the two years."""
    previous = draw(valid_reports(narrative=narrative, collapse=collapse))
    assert previous.year is not None
    report = draw(
        valid_reports(
            narrative=narrative,
            collapse=collapse,
            year=previous.year + 1,
            carried_in=previous.applications["carried_out"],
            previous_active=previous.active,
        )
    )
    report.agency = previous.agency
    if narrative:
        _attach_narrative(report)
    return previous, report


@st.composite
def reports_with_a_blank(draw: st.DrawFn, *, narrative: bool = False) -> tuple[Report, str]:
    """A valid report with ONE cell left blank (None), and where: ``三/granted/3`` …

    Blank is not zero: a reader must give back None there, and the checks report it.
    """
    report = draw(valid_reports(narrative=narrative, collapse=False))
    table = draw(st.sampled_from(["二", "三", "四"]))
    if table == "三":
        key = draw(st.sampled_from(APPLICATION_ROW_KEYS))
        col = draw(st.integers(min_value=0, max_value=N_APPLICANT_COLUMNS - 1))
        report.applications[key][col] = None
        return report, f"三/{key}/{col}"
    if table == "四":
        key = draw(st.sampled_from(REVIEW_GROUP_KEYS))
        col = draw(st.integers(min_value=0, max_value=4))
        report.reviews[key][col] = None
        return report, f"四/{key}/{col}"
    key = draw(st.sampled_from(["rules", "normative_documents", "licensing", "penalty", "fees"]))
    if key in {"rules", "normative_documents"}:
        col = draw(st.integers(min_value=0, max_value=2))
        getattr(report.active, key)[col] = None
        return report, f"二/{key}/{col}"
    if key == "fees":
        report.active.fees_wan_yuan = None
        return report, "二/fees_wan_yuan/0"
    setattr(report.active, key, None)
    return report, f"二/{key}/0"


def clone(report: Report) -> Report:
    """A deep copy, to mutate one cell without touching the drawn example."""
    return copy.deepcopy(report)


__all__ = [
    "application_tables",
    "clone",
    "fees",
    "narrative_for",
    "report_pairs",
    "reports_with_a_blank",
    "review_tables",
    "valid_reports",
]
