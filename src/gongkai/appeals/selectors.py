"""Reading appeal cases: staff lists, and table 四 of the annual report.

Table 四's counting window (which cases a year counts) is not fixed by any official text
(DOMAIN.md §3.5, U5). It is ``settings.APPEALS_COUNTING_WINDOW`` (see docs/reports.md):

* ``filed_or_concluded`` (default): cases filed in the year, plus cases filed earlier and
  concluded in the year;
* ``filed``: cases filed in the year only;
* ``active``: every case open at some time in the year (filed in it, concluded in it, or
  filed earlier and still open at its end).

Each counted case lands in one column as things stood on 31 December: its result if it was
concluded by then, else 尚未审结. 总计 is the sum of the four (30号's 勾稽关系).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from gongkai.agencies import permissions
from gongkai.agencies.permissions import UserLike
from gongkai.annual.format import REVIEW_COLUMNS, REVIEW_GROUP_KEYS
from gongkai.appeals.models import AppealCase, CaseKind

WINDOWS: dict[str, str] = {
    "filed_or_concluded": "本年新发生的案件，加上以前年度发生、本年审结的案件",
    "filed": "本年新发生的案件",
    "active": "本年内任何时候尚未审结的案件（本年新发生、本年审结，或以前年度发生且年末仍未审结）",
}
REVIEW_COLUMN_KEYS = tuple(key for key, _ in REVIEW_COLUMNS)
PENDING = "pending"


def counting_window(window: str | None = None) -> str:
    name = window or settings.APPEALS_COUNTING_WINDOW
    if name not in WINDOWS:
        raise ValueError(
            f"unknown APPEALS_COUNTING_WINDOW {name!r}; expected one of {list(WINDOWS)}"
        )
    return name


def window_description(window: str | None = None) -> str:
    """The chosen window in Chinese, for the report's note under table 四."""
    return WINDOWS[counting_window(window)]


def _in_window(year: int, window: str) -> Q:
    start, end = date(year, 1, 1), date(year, 12, 31)
    filed = Q(filed_on__gte=start, filed_on__lte=end)
    if window == "filed":
        return filed
    concluded_earlier_filed = Q(filed_on__lt=start, decided_on__gte=start, decided_on__lte=end)
    if window == "filed_or_concluded":
        return filed | concluded_earlier_filed
    # active
    still_open = Q(filed_on__lt=start) & (Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    return filed | concluded_earlier_filed | still_open


def column_at_year_end(result: str, decided_on: date | None, year: int) -> str:
    """The table-四 column of a case as things stood on 31 December of ``year``."""
    if not result or decided_on is None or decided_on > date(year, 12, 31):
        return PENDING
    return result


def _empty() -> dict[str, list[int]]:
    return {key: [0] * len(REVIEW_COLUMN_KEYS) for key in REVIEW_GROUP_KEYS}


def annual_reviews_tables(
    *, year: int, agency_ids: Sequence[int] | None = None, window: str | None = None
) -> dict[int, dict[str, list[int]]]:
    """Table 四 of every agency (or those in ``agency_ids``) for ``year``: agency id → group
    key → 5 cells (维持, 纠正, 其他结果, 尚未审结, 总计). One query."""
    name = counting_window(window)
    qs = AppealCase.objects.filter(_in_window(year, name))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    tables: dict[int, dict[str, list[int]]] = {}
    for agency_id, kind, result, decided_on in qs.values_list(
        "agency_id", "kind", "result", "decided_on"
    ):
        table = tables.setdefault(agency_id, _empty())
        col = REVIEW_COLUMN_KEYS.index(column_at_year_end(result, decided_on, year))
        table[kind][col] += 1
        table[kind][-1] += 1
    if agency_ids is not None:
        for agency_id in agency_ids:
            tables.setdefault(agency_id, _empty())
    return tables


def annual_reviews_table(
    *, agency_ids: Sequence[int], year: int, window: str | None = None
) -> dict[str, list[int]]:
    """Table 四 of the agencies in ``agency_ids`` added together (one agency: its own)."""
    total = _empty()
    for table in annual_reviews_tables(year=year, agency_ids=agency_ids, window=window).values():
        for key, cells in table.items():
            total[key] = [a + b for a, b in zip(total[key], cells, strict=True)]
    return total


def appeal_ids_for_cell(
    *,
    agency_ids: Sequence[int],
    year: int,
    group_key: str,
    column_key: str,
    window: str | None = None,
) -> QuerySet[AppealCase]:
    """The cases behind one cell of table 四 (drill-down)."""
    if group_key not in REVIEW_GROUP_KEYS or column_key not in REVIEW_COLUMN_KEYS:
        raise ValueError(f"unknown cell {group_key}/{column_key}")
    qs = AppealCase.objects.filter(
        _in_window(year, counting_window(window)), agency_id__in=list(agency_ids), kind=group_key
    )
    end = date(year, 12, 31)
    if column_key == PENDING:
        qs = qs.filter(Q(result="") | Q(decided_on__gt=end))
    elif column_key != "total":
        qs = qs.filter(result=column_key, decided_on__lte=end)
    return qs.select_related("agency").order_by("filed_on", "id")


def case_list_for_staff(
    *, user: UserLike, kind: str = "", pending: bool = False, year: int | None = None
) -> QuerySet[AppealCase]:
    """Cases the user may read (own agency and those below), newest first."""
    qs = permissions.filter_readable(user, AppealCase.objects.select_related("agency"))
    if kind:
        qs = qs.filter(kind=kind)
    if pending:
        qs = qs.filter(result="")
    if year is not None:
        qs = qs.filter(Q(filed_on__year=year) | Q(decided_on__year=year))
    return qs.order_by("-filed_on", "-id")


def reconsiderations_for_agency(*, agency_id: int) -> QuerySet[AppealCase]:
    """Reconsideration cases a litigation after reconsideration may link to."""
    return AppealCase.objects.filter(agency_id=agency_id, kind=CaseKind.RECONSIDERATION).order_by(
        "-filed_on", "-id"
    )
