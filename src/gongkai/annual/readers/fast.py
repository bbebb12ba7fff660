"""A fast path for the common case: a report whose tables are clean grids.

Most reports checked in bulk are copies of the national form (国办公开办函〔2021〕30号):
the six section headings in order, tables 二, 三 and 四 printed one row per line with
their cells separated by tabs (text copied from a word processor, or a DOCX/HTML grid
rendered by :func:`.tables.table_lines`), every figure a plain number, every 勾稽关系
holding. :func:`read_clean` reads such a text with a few string operations per line.

Anything it does not recognise exactly — a label spelt another way, a blank, glued or
non-integer cell, a missing, extra or swapped row, a sum that fails, a heading out of
place, table labels in the narrative before the tables — makes it return None, and the
full recogniser (:func:`.text.read_text`) reads the text instead. It never produces a
report the full recogniser would not: the tests read every file it accepts both ways and
compare the results, figures, findings and certainty alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..format import (
    ACTIVE_ROWS,
    APPLICATION_ROWS,
    BALANCE_NOTE,
    GROUP_BY_KEY,
    N_APPLICANT_COLUMNS,
    N_REVIEW_COLUMNS,
    OUTCOME_GROUPS,
    OUTCOME_ROW_KEYS,
    RESULTS_BLOCK_LABEL,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
    SECTIONS,
)
from ..model import Active, Cell, Report
from .multiple import SeveralReports, refuse_several
from .narrative import _strip_line, agency_of, find_sections, find_title, find_year
from .tables import find_hits
from .vocabulary import ACTIVE_ANCHORS, Folded, fold, parse_number

#: The six headings as printed on a line of their own: '一、总体情况' … '六、其他需要报告的事项'.
_HEADINGS = tuple(f"{section.number}、{section.title}" for section in SECTIONS)
#: The title is looked for on the first non-blank line among these.
_TITLE_LINES = 8

#: Lines of table 二 that carry no figure (captions and column headers, whitespace removed).
_ACTIVE_HEADERS = frozenset(
    {
        "表二主动公开政府信息情况",
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "信息内容本年制发件数本年废止件数现行有效件数",
        "信息内容本年处理决定数量",
        "信息内容本年收费金额（单位：万元）",
    }
)
#: Table 二's rows: printed label → (key, number of figures).
_ACTIVE_LABELS: dict[str, tuple[str, int]] = {
    row.label: (row.key, len(row.columns)) for row in ACTIVE_ROWS
}
_ACTIVE_ORDER = tuple(row.key for row in ACTIVE_ROWS)

_APPLICANT_HEADER = "申请人情况"
#: Lines of table 三 that carry no figure (whitespace removed).
_APPLICATION_HEADERS = frozenset(
    {
        "表三收到和处理政府信息公开申请情况",
        BALANCE_NOTE,
        _APPLICANT_HEADER,
        BALANCE_NOTE + _APPLICANT_HEADER,
        "自然人法人或其他组织总计",
        "商业企业科研机构社会公益组织法律服务机构其他",
    }
)


@dataclass(frozen=True)
class _Row:
    """A row of table 三 and the label cells it may print (joined)."""

    key: str
    labels: frozenset[str]


@dataclass(frozen=True)
class _Group:
    """An outcome group: its numbered rows (the group's label printed before the first),
    or one row of its own under the group's label (``alone``)."""

    key: str
    alone: str
    rows: tuple[_Row, ...]


def _application_plan() -> tuple[_Row | _Group, ...]:
    """Table 三 in printed order."""
    plan: list[_Row | _Group] = []
    for row in APPLICATION_ROWS:
        own = row.number + row.label
        if row.group is None:
            accepted = {own}
            if row.key == "granted":  # the first outcome row, after the block's label
                accepted.add(RESULTS_BLOCK_LABEL + own)
            plan.append(_Row(row.key, frozenset(accepted)))
            continue
        group = GROUP_BY_KEY[row.group]
        label = group.number + group.label
        last = plan[-1]
        if isinstance(last, _Group) and last.key == group.key:
            plan[-1] = _Group(last.key, last.alone, (*last.rows, _Row(row.key, frozenset({own}))))
        else:
            plan.append(_Group(group.key, label, (_Row(row.key, frozenset({own, label + own})),)))
    return tuple(plan)


_APPLICATION_PLAN = _application_plan()
_APPLICATION_KEYS = tuple(row.key for row in APPLICATION_ROWS)
_OUTCOME_KEYS = frozenset(OUTCOME_ROW_KEYS) | {g.key for g in OUTCOME_GROUPS}

_REVIEW_TITLE = "结果维持结果纠正其他结果尚未审结总计"
#: Lines of table 四 that carry no figure (whitespace removed).
_REVIEW_HEADERS = frozenset(
    {
        "表四政府信息公开行政复议、行政诉讼情况",
        "行政复议行政诉讼",
        "未经复议直接起诉复议后起诉",
        _REVIEW_TITLE,
        _REVIEW_TITLE * 2,
        _REVIEW_TITLE * 3,
        _REVIEW_TITLE + "未经复议直接起诉复议后起诉",
    }
)
assert "".join(REVIEW_COLUMN_LABELS) == _REVIEW_TITLE
_N_REVIEW = N_REVIEW_COLUMNS * len(REVIEW_GROUPS)

#: Table labels that, in the narrative before the tables, would make the full recogniser
#: look for a table there (it finds tables by their row labels): such texts take the full path.
_APPLICATION_KIND = frozenset({"application"})


class _Decline(Exception):
    """The text is not of the shape this path reads (internal: becomes None)."""


def read_clean(cleaned: str) -> Report | None:
    """The report in ``cleaned`` (a text after :func:`.text.clean` and
    :func:`.text.unwrap_labels`), or None when its shape is not the clean one."""
    try:
        return _read(cleaned)
    except _Decline:
        return None


def _digits(cell: str) -> int:
    if not (cell.isdigit() and cell.isascii()):
        raise _Decline
    return int(cell)


_REVIEW_ROW = re.compile(r"[\t ]*([0-9]+)" + r"\t([0-9]+)" * (_N_REVIEW - 1) + r"[\t ]*")


def _figures(line: str) -> tuple[str, list[int]] | None:
    """(label, figures) of a row of table 三 — its label cells (tabs between them dropped)
    and seven figures, last and adjacent — or None when the line does not end with seven
    figures. Blank cells may sit among the label cells and after the figures."""
    cells = line.rstrip("\t ").rsplit("\t", N_APPLICANT_COLUMNS)
    if len(cells) <= N_APPLICANT_COLUMNS:
        return None
    figures = cells[1:]
    printed = "".join(figures)
    if not (printed.isdigit() and printed.isascii() and all(figures)):
        return None
    return cells[0].replace("\t", ""), [int(figure) for figure in figures]


def _read_active(lines: list[str]) -> Active:
    active = Active()
    seen: list[str] = []
    for line in lines:
        cells = line.split("\t")
        found = _ACTIVE_LABELS.get(cells[0].strip())
        if found is None:
            compact = "".join(line.split())
            if not compact or compact in _ACTIVE_HEADERS:
                continue
            raise _Decline
        while not cells[-1].strip():
            cells.pop()
        if len(cells) != found[1] + 1:
            raise _Decline
        key = found[0]
        seen.append(key)
        values = [cell.strip() for cell in cells[1:]]
        if key == "fees_wan_yuan":
            fees = _fees(values[0])
            active.fees_wan_yuan = fees
        elif key == "rules":
            active.rules = [_digits(v) for v in values]
        elif key == "normative_documents":
            active.normative_documents = [_digits(v) for v in values]
        elif key == "licensing":
            active.licensing = _digits(values[0])
        elif key == "penalty":
            active.penalty = _digits(values[0])
        else:
            active.enforcement = _digits(values[0])
    if tuple(seen) != _ACTIVE_ORDER:
        raise _Decline
    return active


def _fees(cell: str) -> Decimal:
    whole, dot, fraction = cell.partition(".")
    if not (whole.isdigit() and whole.isascii()) or (
        dot and not (fraction.isdigit() and fraction.isascii())
    ):
        raise _Decline
    value = parse_number(cell)
    if value is None:  # pragma: no cover - the digits were checked above
        raise _Decline
    return value


def _read_applications(lines: list[str]) -> tuple[dict[str, list[Cell]], list[str]]:
    """Table 三's rows (row key → cells, with a group printed as one row under the
    group's key and its numbered rows empty) and the keys read, in printed order."""
    printed: list[tuple[str, list[int]]] = []
    for line in lines:
        row = _figures(line)
        if row is None:
            compact = "".join(line.split())
            if not compact or compact in _APPLICATION_HEADERS:
                continue
            raise _Decline
        labels, figures = row
        if sum(figures[:-1]) != figures[-1]:  # 总计 of the row
            raise _Decline
        printed.append((labels, figures))
    rows: dict[str, list[int]] = {}
    at = 0
    for item in _APPLICATION_PLAN:
        if isinstance(item, _Group):
            if at < len(printed) and printed[at][0] == item.alone:
                rows[item.key] = printed[at][1]
                at += 1
                continue
            members = item.rows
        else:
            members = (item,)
        for member in members:
            if at >= len(printed) or printed[at][0] not in member.labels:
                raise _Decline
            rows[member.key] = printed[at][1]
            at += 1
    if at != len(printed):
        raise _Decline
    # 本列数据的勾稽关系: 一 + 二 = 三（七）总计 + 四; the outcomes add up to （七）总计
    total = rows["total"]
    balance = zip(rows["new"], rows["carried_in"], total, rows["carried_out"], strict=True)
    if any(new + carried_in != out + carried_out for new, carried_in, out, carried_out in balance):
        raise _Decline
    outcomes = [values for key, values in rows.items() if key in _OUTCOME_KEYS]
    if [sum(column) for column in zip(*outcomes, strict=True)] != total:
        raise _Decline
    cells: dict[str, list[Cell]] = {key: [None] * N_APPLICANT_COLUMNS for key in _APPLICATION_KEYS}
    cells.update((key, list(values)) for key, values in rows.items())
    return cells, list(rows)


def _read_reviews(lines: list[str]) -> dict[str, list[Cell]]:
    values: list[int] | None = None
    for line in lines:
        compact = "".join(line.split())
        if not compact or compact in _REVIEW_HEADERS:
            continue
        if values is not None:
            raise _Decline
        match = _REVIEW_ROW.fullmatch(line)
        if match is None:
            raise _Decline
        values = [int(figure) for figure in match.groups()]
    if values is None:
        raise _Decline
    out: dict[str, list[Cell]] = {}
    for index, group in enumerate(REVIEW_GROUPS):
        part = values[index * N_REVIEW_COLUMNS : (index + 1) * N_REVIEW_COLUMNS]
        if sum(part[:-1]) != part[-1]:  # 总计 of the group
            raise _Decline
        out[group.key] = list(part)
    return out


def _read(cleaned: str) -> Report:
    # The six headings in order, each on a line of its own: the first of each after the
    # one before. (Where else a heading's words occur does not matter: in a table they
    # are not a row and the table is declined below; before table 二 the head is checked
    # below; after heading 五 both readers find the same sections.)
    starts: list[int] = []  # where each heading starts
    line_starts: list[int] = []
    line_ends: list[int] = [0]
    for heading in _HEADINGS:
        at = cleaned.find(heading, line_ends[-1])
        if at == -1:
            raise _Decline
        line_start = cleaned.rfind("\n", 0, at) + 1
        line_end = cleaned.find("\n", at)
        line_end = len(cleaned) if line_end == -1 else line_end
        if cleaned[line_start:at].strip() or cleaned[at + len(heading) : line_end].strip():
            raise _Decline
        starts.append(at)
        line_starts.append(line_start)
        line_ends.append(line_end)

    del line_ends[0]
    if cleaned.find(_HEADINGS[1], line_ends[-1]) != -1:  # a second report after the first
        raise _Decline

    def block(index: int) -> list[str]:
        """The lines between heading ``index`` and the next."""
        return cleaned[line_ends[index] + 1 : line_starts[index + 1]].split("\n")

    # The narrative before table 二 may not hold what the full recogniser takes for the
    # start of a table: its anchors, or rows of table 三 named in a sentence.
    head = cleaned[: starts[1]]
    folded_head = fold(head)
    if any(anchor in folded_head for anchor in ACTIVE_ANCHORS):
        raise _Decline
    if find_hits(Folded(head, folded_head), 0, len(folded_head), _APPLICATION_KIND):
        raise _Decline

    active = _read_active(block(1))
    applications, application_keys = _read_applications(block(2))
    reviews = _read_reviews(block(3))

    # the title: the first line of the text, naming the agency and the year
    first = ""
    for line in cleaned.split("\n", _TITLE_LINES):
        if _strip_line(line):
            first = line
            break
    title = find_title([first]) if "\n" not in first else None
    if title is None:
        raise _Decline
    agency = agency_of(title)
    year = find_year("", title)
    if agency is None or year is None:
        raise _Decline
    # What the full recogniser refuses (two reports in one text) it refuses itself.
    try:
        refuse_several(cleaned)
    except SeveralReports:
        raise _Decline from None

    tables_start, tables_end = starts[1], starts[4]  # from heading 二 to heading 五
    return Report(
        agency=agency,
        year=year,
        active=active,
        applications=applications,
        reviews=reviews,
        title=title,
        sections=find_sections(cleaned, [(tables_start, tables_end)]),
        text="\n".join((cleaned[:tables_start], cleaned[tables_end:])).strip(),
        placement={f"三/{key}": "row" for key in application_keys},
    )


__all__ = ["read_clean"]
