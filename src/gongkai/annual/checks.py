"""Checks of an annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

``check(report)`` collects *every* finding — it never stops at the first. Each finding has
a stable ``code`` (the table :data:`.codes.CODES`: rule, severity and source of each), a
location ``where`` and, for arithmetic, the expected and actual values.

``where`` reads ``section/row/column`` with the row and column keys of :mod:`.format`:

* ``三/granted/自然人`` — one cell; ``三/new/总计`` — the 总计 cell of a row;
* ``三/*/自然人`` — a rule over a whole column (the 勾稽关系 of table 三);
* ``三/granted/*`` — a whole row; ``三`` — the whole table;
* ``二/rules/现行有效件数``, ``四/reconsideration/总计``;
* ``text``, ``text/<section numeral>``, ``title`` — the narrative (see :mod:`.narrative`).

A cell that is ``None`` is reported once as missing; the sums it takes part in are then
not checked (nothing is guessed), so a single blank does not cascade into several errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from .codes import (
    APP_BALANCE,
    APP_GROUP_SUM,
    APP_OUTCOME_SUM,
    APP_ROW_TOTAL,
    CARRIED_IN,
    CELL_MISSING,
    CELL_NEGATIVE,
    CELL_NOT_INTEGER,
    CURRENT_DOCUMENTS,
    FEE_INVALID,
    PREVIOUS_AGENCY,
    PREVIOUS_YEAR,
    REVIEW_TOTAL,
    ROW_SHAPE,
    RULES_AT_LEVEL,
    make_finding,
)
from .format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_BY_KEY,
    APPLICATION_ROW_KEYS,
    N_APPLICANT_COLUMNS,
    N_REVIEW_COLUMNS,
    OUTCOME_GROUPS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUP_KEYS,
    REVIEW_GROUPS,
    TOTAL_COLUMN,
    group_rows,
)
from .model import Cell, Finding, Report
from .narrative import check_narrative

# -- helpers ----------------------------------------------------------------------------


def _valid(value: Cell) -> bool:
    """A present, integer, non-negative cell (the others are reported separately)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _sum(values: Iterable[Cell]) -> int | None:
    """The sum, or None if any value is missing or invalid (nothing is guessed)."""
    total = 0
    for value in values:
        if not _valid(value):
            return None
        assert value is not None
        total += value
    return total


def _collapsed(report: Report, group: str) -> bool:
    """Whether ``group`` is printed as ONE row: its key is present, its sub-rows are blank."""
    if group not in report.applications:
        return False
    return all(all(v is None for v in report.applications[key]) for key in group_rows(group))


def _missing_findings(
    table: str, rows: Sequence[tuple[str, str, Sequence[Cell], Sequence[str]]]
) -> list[Finding]:
    """Missing cells of one table, grouped: one finding per row, or one for the whole table.

    ``rows``: (row key, row label, cells, column labels).
    """
    missing = [
        (key, label, [col for col, v in zip(cols, cells, strict=True) if v is None], len(cells))
        for key, label, cells, cols in rows
    ]
    missing = [m for m in missing if m[2]]
    if not missing:
        return []
    total_cells = sum(len(cells) for _, _, cells, _ in rows)
    if sum(len(m[2]) for m in missing) == total_cells:
        return [
            make_finding(
                CELL_MISSING,
                table,
                f"表{table}缺失：整张表没有数据。",
                f"Table {table} is missing: none of its cells has a value.",
            )
        ]
    findings = []
    for key, label, cols, n in missing:
        if len(cols) == n and n > 1:
            where = f"{table}/{key}/*"
            message = f"表{table}“{label}”行缺少数据（整行空白）。"
            message_en = f"Table {table}, row {key}: every cell is blank."
        else:
            where = f"{table}/{key}/{','.join(cols)}"
            message = f"表{table}“{label}”行缺少数据：{'、'.join(cols)}。"
            message_en = f"Table {table}, row {key}: blank cell(s) {', '.join(cols)}."
        findings.append(make_finding(CELL_MISSING, where, message, message_en))
    return findings


def _value_findings(
    table: str, key: str, cells: Sequence[Cell], cols: Sequence[str]
) -> list[Finding]:
    findings = []
    for col, value in zip(cols, cells, strict=True):
        if value is None:
            continue
        where = f"{table}/{key}/{col}"
        if isinstance(value, bool) or not isinstance(value, int):
            findings.append(
                make_finding(
                    CELL_NOT_INTEGER,
                    where,
                    f"表{table}“{col}”应为整数，实为 {value!r}。",
                    f"Table {table}, {key}/{col}: not an integer: {value!r}.",
                    actual=value,
                )
            )
        elif value < 0:
            findings.append(
                make_finding(
                    CELL_NEGATIVE,
                    where,
                    f"表{table}“{col}”不能为负数（{value}）。",
                    f"Table {table}, {key}/{col}: negative count {value}.",
                    expected="≥ 0",
                    actual=value,
                )
            )
    return findings


# -- Table 二 -----------------------------------------------------------------------------


def _active_rows(report: Report) -> list[tuple[str, str, list[Cell], list[str]]]:
    active = report.active
    rows: list[tuple[str, str, list[Cell], list[str]]] = []
    for row in ACTIVE_ROWS:
        if row.key == "fees_wan_yuan":
            continue
        value = getattr(active, row.key)
        cells = list(value) if isinstance(value, list) else [value]
        rows.append((row.key, row.label, cells, list(row.columns)))
    return rows


def _check_active(report: Report, level: str | None) -> list[Finding]:
    rows = _active_rows(report)
    fee = report.active.fees_wan_yuan
    fee_row = next(row for row in ACTIVE_ROWS if row.key == "fees_wan_yuan")
    # The fee is not a count: missing-ness only, its value is checked below.
    fee_marker: list[Cell] = [None if fee is None else 0]
    findings = _missing_findings(
        "二", [*rows, (fee_row.key, fee_row.label, fee_marker, list(fee_row.columns))]
    )
    for key, _label, cells, cols in rows:
        findings += _value_findings("二", key, cells, cols)
    if fee is not None and (not isinstance(fee, Decimal) or not fee.is_finite() or fee < 0):
        findings.append(
            make_finding(
                FEE_INVALID,
                f"二/fees_wan_yuan/{fee_row.columns[0]}",
                f"行政事业性收费金额应为非负数（万元），实为 {fee}。",
                f"The 行政事业性收费 amount must be a non-negative number of 万元, got {fee}.",
                expected="≥ 0",
                actual=fee,
            )
        )
    if level in {"town", "county"}:
        for col, value in zip(
            ("本年制发件数", "现行有效件数"),
            (report.active.rules[0], report.active.rules[2]),
            strict=True,
        ):
            if _valid(value) and value:
                findings.append(
                    make_finding(
                        RULES_AT_LEVEL,
                        f"二/rules/{col}",
                        f"乡镇、县级机关不制定规章，但“规章”{col}为 {value}。",
                        f"Towns and counties make no 规章, yet rules/{col} is {value}.",
                        expected=0,
                        actual=value,
                    )
                )
    return findings


# -- Table 三 -----------------------------------------------------------------------------


def _printed_rows(report: Report) -> list[tuple[str, str, list[Cell]]]:
    """The rows of table 三 as printed: (key, label, cells); collapsed groups as one row."""
    collapsed = {g.key for g in OUTCOME_GROUPS if _collapsed(report, g.key)}
    rows: list[tuple[str, str, list[Cell]]] = []
    emitted: set[str] = set()
    for key in APPLICATION_ROW_KEYS:
        row = APPLICATION_BY_KEY[key]
        if row.group in collapsed:
            if row.group not in emitted:
                group = next(g for g in OUTCOME_GROUPS if g.key == row.group)
                rows.append((group.key, group.label, report.applications[group.key]))
                emitted.add(group.key)
            continue
        label = row.label.split("（")[0] if key == "partly_granted" else row.label
        rows.append((key, label, report.applications[key]))
        if row.group and row.group in report.applications and row.group not in emitted:
            # A group row printed alongside its sub-rows: checked against their sum.
            if key == group_rows(row.group)[-1]:
                group = next(g for g in OUTCOME_GROUPS if g.key == row.group)
                rows.append((group.key, group.label, report.applications[group.key]))
                emitted.add(group.key)
    return rows


def _outcome_cells(report: Report, col: int) -> list[Cell]:
    cells: list[Cell] = [
        report.applications["granted"][col],
        report.applications["partly_granted"][col],
    ]
    for group in OUTCOME_GROUPS:
        if _collapsed(report, group.key):
            cells.append(report.applications[group.key][col])
        else:
            cells.extend(report.applications[key][col] for key in group_rows(group.key))
    return cells


def _check_applications(report: Report) -> list[Finding]:
    apps = report.applications
    labels = APPLICANT_COLUMN_LABELS
    rows = _printed_rows(report)
    findings = _missing_findings("三", [(k, lbl, cells, list(labels)) for k, lbl, cells in rows])
    for key, _label, cells in rows:
        findings += _value_findings("三", key, cells, labels)

    # 30号 table 三 note: 第一项加第二项之和，等于第三项加第四项之和 (every column).
    for col, col_label in enumerate(labels):
        left = _sum([apps["new"][col], apps["carried_in"][col]])
        right = _sum([apps["total"][col], apps["carried_out"][col]])
        if left is not None and right is not None and left != right:
            findings.append(
                make_finding(
                    APP_BALANCE,
                    f"三/*/{col_label}",
                    f"表三“{col_label}”列：第一项加第二项之和（{left}）不等于第三项"
                    f"（七）总计加第四项之和（{right}）。",
                    f"Table 三, column {col_label}: new + carried in ({left}) ≠ "
                    f"total + carried out ({right}).",
                    expected=left,
                    actual=right,
                )
            )
    # （七）总计 = sum of the outcome rows (each application has one result).
    for col, col_label in enumerate(labels):
        outcomes = _sum(_outcome_cells(report, col))
        total = apps["total"][col]
        if outcomes is not None and _valid(total) and outcomes != total:
            findings.append(
                make_finding(
                    APP_OUTCOME_SUM,
                    f"三/total/{col_label}",
                    f"表三“{col_label}”列：（七）总计（{total}）不等于各办理结果之和（{outcomes}）。",
                    f"Table 三, column {col_label}: total ({total}) ≠ sum of the outcome "
                    f"rows ({outcomes}).",
                    expected=outcomes,
                    actual=total,
                )
            )
    # 总计 column = sum of the six applicant columns, every printed row.
    for key, label, cells in rows:
        parts = _sum(cells[:TOTAL_COLUMN])
        total = cells[TOTAL_COLUMN]
        if parts is not None and _valid(total) and parts != total:
            findings.append(
                make_finding(
                    APP_ROW_TOTAL,
                    f"三/{key}/总计",
                    f"表三“{label}”行：总计（{total}）不等于各类申请人之和（{parts}）。",
                    f"Table 三, row {key}: 总计 ({total}) ≠ sum of the applicant columns "
                    f"({parts}).",
                    expected=parts,
                    actual=total,
                )
            )
    # A group row printed together with its sub-rows equals their sum.
    for group in OUTCOME_GROUPS:
        if group.key not in apps or _collapsed(report, group.key):
            continue
        for col, col_label in enumerate(labels):
            parts = _sum(apps[key][col] for key in group_rows(group.key))
            value = apps[group.key][col]
            if parts is not None and _valid(value) and parts != value:
                findings.append(
                    make_finding(
                        APP_GROUP_SUM,
                        f"三/{group.key}/{col_label}",
                        f"表三“{group.number}{group.label}”（{value}）不等于其各项之和（{parts}）。",
                        f"Table 三, group {group.key}, column {col_label}: {value} ≠ sum of "
                        f"its sub-rows ({parts}).",
                        expected=parts,
                        actual=value,
                    )
                )
    return findings


# -- Table 四 -----------------------------------------------------------------------------


def _check_reviews(report: Report) -> list[Finding]:
    labels = list(REVIEW_COLUMN_LABELS)
    rows = [
        (
            g.key,
            (g.parent + "（" + g.label + "）") if g.parent else g.label,
            report.reviews[g.key],
            labels,
        )
        for g in REVIEW_GROUPS
    ]
    findings = _missing_findings("四", rows)
    for key, label, cells, _ in rows:
        findings += _value_findings("四", key, cells, labels)
        parts = _sum(cells[:-1])
        total = cells[-1]
        if parts is not None and _valid(total) and parts != total:
            findings.append(
                make_finding(
                    REVIEW_TOTAL,
                    f"四/{key}/总计",
                    f"表四“{label}”：总计（{total}）不等于结果维持、结果纠正、其他结果、"
                    f"尚未审结之和（{parts}）。",
                    f"Table 四, {key}: 总计 ({total}) ≠ upheld + corrected + other + pending "
                    f"({parts}).",
                    expected=parts,
                    actual=total,
                )
            )
    return findings


# -- Year on year ---------------------------------------------------------------------------


def _check_previous(report: Report, previous: Report) -> list[Finding]:
    if report.year is None or previous.year is None or previous.year != report.year - 1:
        return [
            make_finding(
                PREVIOUS_YEAR,
                "year",
                f"上年度报告的年份（{previous.year}）不是本报告年份（{report.year}）的上一年，"
                "未做跨年度核对。",
                f"The previous report's year ({previous.year}) is not the year before "
                f"{report.year}; the year-on-year checks were skipped.",
                expected=None if report.year is None else report.year - 1,
                actual=previous.year,
            )
        ]
    findings = []
    if report.agency and previous.agency and _norm(report.agency) != _norm(previous.agency):
        findings.append(
            make_finding(
                PREVIOUS_AGENCY,
                "agency",
                f"上年度报告的机关（{previous.agency}）与本报告（{report.agency}）不同。",
                f"The previous report is by {previous.agency}, this one by {report.agency}.",
                expected=report.agency,
                actual=previous.agency,
            )
        )
    for col, col_label in enumerate(APPLICANT_COLUMN_LABELS):
        now = report.applications["carried_in"][col]
        before = previous.applications["carried_out"][col]
        if _valid(now) and _valid(before) and now != before:
            findings.append(
                make_finding(
                    CARRIED_IN,
                    f"三/carried_in/{col_label}",
                    f"表三“{col_label}”列：上年结转（{now}）与上年度报告的结转下年度继续办理"
                    f"（{before}）不一致。",
                    f"Table 三, {col_label}: carried in ({now}) ≠ last year's carried out "
                    f"({before}).",
                    expected=before,
                    actual=now,
                )
            )
    for key, label in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        cells: list[Cell] = getattr(report.active, key)
        before_cells: list[Cell] = getattr(previous.active, key)
        last = before_cells[2]
        issued, repealed, current = cells
        if all(_valid(v) for v in (last, issued, repealed, current)):
            assert last is not None and issued is not None and repealed is not None
            expected = last + issued - repealed
            if current != expected:
                findings.append(
                    make_finding(
                        CURRENT_DOCUMENTS,
                        f"二/{key}/现行有效件数",
                        f"表二“{label}”：现行有效件数（{current}）不等于上年现行有效件数（{last}）"
                        f"加本年制发（{issued}）减本年废止（{repealed}），即 {expected}。",
                        f"Table 二, {key}: in force ({current}) ≠ last year's {last} + "
                        f"issued {issued} − repealed {repealed} = {expected}.",
                        expected=expected,
                        actual=current,
                    )
                )
    return findings


def _norm(name: str) -> str:
    return "".join(name.split())


# -- entry point ----------------------------------------------------------------------------


def _shape(cells: object, n: int) -> list[Cell]:
    """``cells`` as a list of exactly ``n`` cells (missing ones None)."""
    values = list(cells) if isinstance(cells, list | tuple) else []
    return (values + [None] * n)[:n]


def _shape_findings(report: Report) -> list[Finding]:
    """A row with the wrong number of cells (a reader's fault, reported not crashed on)."""
    rows: list[tuple[str, object, int]] = [
        ("二/rules", report.active.rules, 3),
        ("二/normative_documents", report.active.normative_documents, 3),
    ]
    rows += [
        (f"三/{k}", report.applications.get(k), N_APPLICANT_COLUMNS) for k in APPLICATION_ROW_KEYS
    ]
    rows += [
        (f"三/{g.key}", report.applications[g.key], N_APPLICANT_COLUMNS)
        for g in OUTCOME_GROUPS
        if g.key in report.applications
    ]
    rows += [(f"四/{k}", report.reviews.get(k), N_REVIEW_COLUMNS) for k in REVIEW_GROUP_KEYS]
    findings = []
    for where, cells, n in rows:
        size = len(cells) if isinstance(cells, list | tuple) else None
        if size != n:
            findings.append(
                make_finding(
                    ROW_SHAPE,
                    f"{where}/*",
                    f"“{where}”行应有 {n} 个单元格，实有 {size or 0} 个。",
                    f"Row {where} should have {n} cells, it has {size or 0}.",
                    expected=n,
                    actual=size or 0,
                )
            )
    return findings


def _well_shaped(report: Report) -> Report:
    """A copy of ``report`` whose rows all have the right number of cells."""
    active = replace(
        report.active,
        rules=_shape(report.active.rules, 3),
        normative_documents=_shape(report.active.normative_documents, 3),
    )
    applications = {
        k: _shape(report.applications.get(k), N_APPLICANT_COLUMNS) for k in APPLICATION_ROW_KEYS
    }
    for group in OUTCOME_GROUPS:
        if group.key in report.applications:
            applications[group.key] = _shape(report.applications[group.key], N_APPLICANT_COLUMNS)
    reviews = {k: _shape(report.reviews.get(k), N_REVIEW_COLUMNS) for k in REVIEW_GROUP_KEYS}
    return replace(report, active=active, applications=applications, reviews=reviews)


def check(
    report: Report, *, previous: Report | None = None, level: str | None = None
) -> list[Finding]:
    """Every finding about ``report``: tables, narrative and (with ``previous``) year on year.

    ``level`` is the agency's level as in the corpus (``town``, ``county``, ``city``,
    ``province``, ``department``, ``other``); it enables the checks that depend on it
    (规章 made by a town or county; 考核、评议、责任追究 in a government's report).
    Neither ``report`` nor ``previous`` is modified.
    """
    findings = _shape_findings(report)
    report = _well_shaped(report)
    if previous is not None:
        previous = _well_shaped(previous)
    findings += _check_active(report, level)
    findings += _check_applications(report)
    findings += _check_reviews(report)
    if previous is not None:
        findings += _check_previous(report, previous)
    findings += check_narrative(report, level=level)
    # A row the reader found printed but could not place (reader-ambiguous) is not also
    # reported as blank: its finding already names it and lists the candidates.
    ambiguous = {_row_of(f.where) for f in report.findings if f.code == "reader-ambiguous"}
    return [
        f for f in findings if not (f.code == CELL_MISSING.code and _row_of(f.where) in ambiguous)
    ]


def _row_of(where: str) -> str:
    """``三/granted`` of ``三/granted/自然人``, ``三/granted/*`` or ``三/granted``."""
    return "/".join(where.split("/")[:2])


__all__ = ["check"]
