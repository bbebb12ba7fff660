"""Reads of applications for a purpose (STYLE.md: selectors).

* the applicant's status page: :func:`application_for_tracking`, :func:`public_status`;
* the annual report's table 三: :func:`annual_applications_table`,
  :func:`annual_applications_tables` (every agency in one pass) and the drill-down
  :func:`application_ids_for_cell`;
* the staff pages: :func:`applications_for_user`, :func:`dashboard_for_user`,
  :func:`duplicate_candidates`, :func:`applicant_volume`, :func:`requests_asked_by_several`.

Callers decide access through ``gongkai.agencies.permissions`` first; the staff selectors take
the user and filter with it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.agencies import permissions as agency_permissions
from gongkai.annual.format import (
    APPLICANT_COLUMN_KEYS,
    APPLICATION_ROW_KEYS,
    OUTCOME_ROW_KEYS,
)
from gongkai.applications import clocks
from gongkai.applications.models import (
    APPLICANT_VISIBLE_KINDS,
    OPEN_STAGES,
    Application,
    ApplicationDocument,
    Stage,
    Waiting,
)
from gongkai.calendars.selectors import calendar_for_platform

# --- the applicant's status page -----------------------------------------------------------


def application_for_tracking(*, tracking_no: str, query_code: str) -> Application | None:
    """The application with this 受理编号 if the query code matches; None otherwise (the same
    answer for an unknown number and a wrong code). Discarded submissions are not found."""
    from gongkai.applications.services import check_query_code, hash_query_code

    tracking_no = (tracking_no or "").strip().upper()
    app = (
        Application.objects.select_related("agency")
        .filter(tracking_no__iexact=tracking_no)
        .exclude(stage=Stage.DISCARDED)
        .first()
    )
    if app is None:
        hash_query_code(query_code or "x", salt="0" * 16)  # same work either way
        return None
    return app if check_query_code(app.query_code_hash, query_code) else None


#: What the applicant sees of each stage (the office's internal steps are not detailed).
PUBLIC_STAGE_LABELS: dict[str, str] = {
    Stage.PENDING: "已提交，待受理机关确认收到",
    Stage.RECEIVED: "已收到，正在办理",
    Stage.REGISTERED: "已登记，正在办理",
    Stage.HANDLING: "正在办理",
    Stage.REVIEW: "正在办理",
    Stage.APPROVED: "正在办理",
    Stage.REPLIED: "已答复",
    Stage.DELIVERED: "已答复并送达",
    Stage.ARCHIVED: "已办结",
    Stage.DISCARDED: "不作为政府信息公开申请处理",
}


def issued_documents(application: Application) -> QuerySet[ApplicationDocument]:
    """The documents the applicant may see (issued letters and the information provided)."""
    return application.documents.filter(issued=True, kind__in=list(APPLICANT_VISIBLE_KINDS))


def public_status(application: Application) -> dict[str, Any]:
    """What /track/ shows: the stage, the dates and the issued documents. No personal data
    beyond what the applicant typed, and nothing of the office's internal notes."""
    waiting = application.waiting
    return {
        "tracking_no": application.tracking_no,
        "agency": application.agency.name,
        "stage": application.stage,
        "stage_label": PUBLIC_STAGE_LABELS.get(application.stage, application.get_stage_display()),
        "waiting": waiting,
        "waiting_label": Waiting(waiting).label if waiting else "",
        "submitted_on": timezone.localtime(application.submitted_at).date(),
        "received_on": application.received_on,
        "due_on": application.due_on,
        "due_provisional": application.due_provisional,
        "supplement_due_on": application.supplement_due_on
        if waiting == Waiting.SUPPLEMENT
        else None,
        "fee_due_on": application.fee_due_on if waiting == Waiting.FEE else None,
        "closed_on": application.closed_on,
        "outcome": application.outcome if application.closed_on else "",
        "outcome_label": application.outcome_label if application.closed_on else "",
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "title": d.title or d.get_kind_display(),
                "number": d.number,
                "issued_on": d.issued_on,
                "content_type": d.content_type,
            }
            for d in issued_documents(application)
        ],
    }


# --- table 三 of the annual report ---------------------------------------------------------

_COLUMNS = APPLICANT_COLUMN_KEYS[:-1]  # the six applicant columns; the 7th is 总计


def _empty_table() -> dict[str, list[int]]:
    return {key: [0] * len(APPLICANT_COLUMN_KEYS) for key in APPLICATION_ROW_KEYS}


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _finish(table: dict[str, list[int]]) -> dict[str, list[int]]:
    for key in OUTCOME_ROW_KEYS:
        for col in range(len(_COLUMNS)):
            table["total"][col] += table[key][col]
    for row in table.values():
        row[-1] = sum(row[:-1])
    return table


def annual_applications_tables(
    *, year: int, agency_ids: Sequence[int] | None = None
) -> dict[int, dict[str, list[int]]]:
    """Table 三 of ``year`` for every agency (or those in ``agency_ids``), in two queries.

    Year attribution (DOMAIN.md §3.4): 本年新收 = received (第三十一条 date) in the year; 上年结转
    = received before 1 January and not closed before it; 办理结果 = closed (replied or
    terminated) in the year, by its one outcome; 结转下年度 = received by 31 December and not
    closed by then. Each received application closes at most once, on or after its receipt
    date, so 一 + 二 = 三（七） + 四 holds in every column by construction. Applications never
    confirmed (待确认) or discarded have no receipt date and are not counted.
    """
    first, last = _year_bounds(year)
    base = Application.objects.filter(received_on__isnull=False, received_on__lte=last)
    if agency_ids is not None:
        base = base.filter(agency_id__in=list(agency_ids))
    tables: dict[int, dict[str, list[int]]] = defaultdict(_empty_table)
    col_index = {key: n for n, key in enumerate(_COLUMNS)}
    open_on_first = Q(received_on__lt=first) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first))
    open_on_last = Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    rows = base.values("agency_id", "applicant_type").annotate(
        new=Count("pk", filter=Q(received_on__gte=first)),
        carried_in=Count("pk", filter=open_on_first),
        carried_out=Count("pk", filter=open_on_last),
    )
    for row in rows:
        table = tables[row["agency_id"]]
        col = col_index[row["applicant_type"]]
        table["new"][col] += row["new"]
        table["carried_in"][col] += row["carried_in"]
        table["carried_out"][col] += row["carried_out"]
    closed = (
        base.filter(closed_on__gte=first, closed_on__lte=last)
        .values("agency_id", "applicant_type", "outcome")
        .annotate(n=Count("pk"))
    )
    for row in closed:
        tables[row["agency_id"]][row["outcome"]][col_index[row["applicant_type"]]] += row["n"]
    if agency_ids is not None:
        for agency_id in agency_ids:
            tables[agency_id]
    return {agency_id: _finish(table) for agency_id, table in tables.items()}


def annual_applications_table(*, agency_ids: Sequence[int], year: int) -> dict[str, list[int]]:
    """Table 三 of ``year`` for the agencies in ``agency_ids`` together (one agency, or an
    agency and the ones below it for a roll-up): row key → 7 cells in
    ``APPLICANT_COLUMN_KEYS`` order."""
    table = _empty_table()
    for one in annual_applications_tables(year=year, agency_ids=agency_ids).values():
        for key, cells in one.items():
            for col, value in enumerate(cells):
                table[key][col] += value
    return table


def application_ids_for_cell(
    *, agency_ids: Sequence[int], year: int, row_key: str, column_key: str
) -> QuerySet[Any]:
    """The ids of the applications counted in one cell of table 三 (the drill-down)."""
    if row_key not in APPLICATION_ROW_KEYS or column_key not in APPLICANT_COLUMN_KEYS:
        raise ValueError(f"unknown cell {row_key}/{column_key}")
    first, last = _year_bounds(year)
    qs = Application.objects.filter(
        agency_id__in=list(agency_ids), received_on__isnull=False, received_on__lte=last
    )
    if column_key != "total":
        qs = qs.filter(applicant_type=column_key)
    if row_key == "new":
        qs = qs.filter(received_on__gte=first)
    elif row_key == "carried_in":
        qs = qs.filter(received_on__lt=first).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=first)
        )
    elif row_key == "carried_out":
        qs = qs.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    else:
        qs = qs.filter(closed_on__gte=first, closed_on__lte=last)
        if row_key != "total":
            qs = qs.filter(outcome=row_key)
    return qs.order_by("pk").values_list("pk", flat=True)


# --- staff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffFilters:
    stage: str = ""
    waiting: str = ""
    due: str = ""  # "soon" | "overdue"
    mine: bool = False
    agency: Any = None
    year: int | None = None
    q: str = ""


def readable_applications(user: Any) -> QuerySet[Application]:
    return agency_permissions.filter_applications_readable(user, Application.objects.all())


def due_soon_limit(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return calendar_for_platform().add_workdays(today, clocks.DUE_SOON_WORKDAYS).day


#: Not shown in lists: the encrypted fields (decrypting them costs per row) and long texts.
LIST_DEFERRED = ("id_number", "phone", "reply_text", "purpose")


def applications_for_user(*, user: Any, filters: StaffFilters) -> QuerySet[Application]:
    """The staff list (the CSV export reads ``id_number`` of the rows it writes)."""
    qs = readable_applications(user).select_related("agency", "handler").defer(*LIST_DEFERRED)
    today = timezone.localdate()
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.waiting:
        qs = qs.filter(waiting=filters.waiting, stage__in=list(OPEN_STAGES))
    if filters.due == "soon":
        qs = qs.filter(
            stage__in=list(OPEN_STAGES), due_on__gte=today, due_on__lte=due_soon_limit(today)
        )
    elif filters.due == "overdue":
        qs = qs.filter(stage__in=list(OPEN_STAGES), due_on__lt=today)
    if filters.mine:
        qs = qs.filter(handler_id=getattr(user, "pk", None))
    if filters.agency is not None:
        qs = qs.filter(agency=filters.agency)
    if filters.year:
        qs = qs.filter(submitted_at__year=filters.year)
    if filters.q:
        qs = qs.filter(
            Q(tracking_no__icontains=filters.q)
            | Q(applicant_name__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    return qs.order_by("-submitted_at", "-pk")


def dashboard_counts(
    *, agency_ids: Sequence[int], user_id: int | None = None, soon: date | None = None
) -> dict[str, int]:
    """The dashboard's figures for some agencies: due within 5 working days, overdue, awaiting
    补正/征求意见/缴费, 待确认, open, mine — one query (``soon``: the end of the due-soon
    window, :func:`due_soon_limit`, when the caller has it already)."""
    today = timezone.localdate()
    soon = soon or due_soon_limit(today)
    open_q = Q(stage__in=list(OPEN_STAGES))
    # Only the rows of open (and 待确认) applications are read: the index on (agency, stage,
    # due_on) finds them without touching the closed ones, which are most of an agency's rows.
    live = [*OPEN_STAGES, Stage.PENDING]
    result = Application.objects.filter(agency_id__in=list(agency_ids), stage__in=live).aggregate(
        open=Count("pk", filter=open_q),
        due_soon=Count("pk", filter=open_q & Q(due_on__gte=today, due_on__lte=soon)),
        overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
        supplement=Count("pk", filter=open_q & Q(waiting=Waiting.SUPPLEMENT)),
        consultation=Count("pk", filter=open_q & Q(waiting=Waiting.CONSULTATION)),
        fee=Count("pk", filter=open_q & Q(waiting=Waiting.FEE)),
        pending=Count("pk", filter=Q(stage=Stage.PENDING)),
        review=Count("pk", filter=Q(stage=Stage.REVIEW)),
        mine=Count("pk", filter=open_q & Q(handler_id=user_id))
        if user_id
        else Count("pk", filter=Q(pk__in=[])),
    )
    return {key: int(value or 0) for key, value in result.items()}


def dashboard_lists(
    *, agency_ids: Sequence[int], limit: int = 20, soon: date | None = None
) -> dict[str, list[Application]]:
    """The due-soon and overdue applications, earliest first, and those waiting."""
    today = timezone.localdate()
    soon = soon or due_soon_limit(today)
    base = (
        Application.objects.filter(agency_id__in=list(agency_ids), stage__in=list(OPEN_STAGES))
        .select_related("agency", "handler")
        .defer(*LIST_DEFERRED)
    )
    return {
        "overdue": list(base.filter(due_on__lt=today).order_by("due_on", "pk")[:limit]),
        "due_soon": list(
            base.filter(due_on__gte=today, due_on__lte=soon).order_by("due_on", "pk")[:limit]
        ),
        "waiting": list(base.exclude(waiting="").order_by("supplement_due_on", "pk")[:limit]),
        "pending": list(
            Application.objects.filter(agency_id__in=list(agency_ids), stage=Stage.PENDING)
            .select_related("agency")
            .defer(*LIST_DEFERRED)
            .order_by("submitted_at")[:limit]
        ),
    }


def supplement_window_closing(
    application: Application, today: date | None = None
) -> dict[str, Any] | None:
    """条例第三十条: the 补正 notice must go out within 7 working days of receipt. While the
    application is open and no notice was sent, the end of that window and how many working
    days are left (the UI warns when two or fewer)."""
    if application.received_on is None or application.stage not in (
        Stage.RECEIVED,
        Stage.REGISTERED,
        Stage.HANDLING,
    ):
        return None
    if application.events.filter(kind="supplement_requested").exists():
        return None
    cal = calendar_for_platform()
    today = today or timezone.localdate()
    end = cal.add_workdays(application.received_on, clocks.SUPPLEMENT_NOTICE_WORKDAYS).day
    left = cal.workdays_between(today, end).count
    return {"end": end, "left": left, "closing": left <= 2, "passed": left < 0}


def _normalise(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "").lower()


def _bigrams(text: str) -> set[str]:
    text = _normalise(text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams (works for Chinese without segmentation)."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


#: Descriptions this similar are shown as possible repeats (条例第三十六条第（六）项).
DUPLICATE_SIMILARITY = 0.5


def duplicate_candidates(
    application: Application, *, limit: int = 10
) -> list[tuple[Application, float]]:
    """Earlier applications by the same applicant (same ID digest) to the same agency asking
    for similar information: candidates for 不予处理-重复申请 (第三十六条第（六）项)."""
    if not application.id_digest:
        return []
    earlier = (
        Application.objects.filter(agency_id=application.agency_id, id_digest=application.id_digest)
        .exclude(pk=application.pk)
        .exclude(stage=Stage.DISCARDED)
        .filter(submitted_at__lte=application.submitted_at)
        .order_by("-submitted_at")[:200]
    )
    scored = [(other, similarity(application.description, other.description)) for other in earlier]
    scored = [(o, s) for o, s in scored if s >= DUPLICATE_SIMILARITY]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


#: 第三十五条 signal: this many applications by one applicant within the window.
VOLUME_THRESHOLD = 10
VOLUME_WINDOW_DAYS = 30


def applicant_volume(application: Application) -> dict[str, Any]:
    """How many applications the same applicant filed (to any agency of the platform) within
    30 days before this one, and in the calendar month (the 按件计收 base of 国办函〔2020〕
    109号); ``signal`` when the count reaches the threshold (第三十五条: the office may ask for
    the reasons)."""
    if not application.id_digest:
        return {"window": 0, "month": 0, "signal": False, "threshold": VOLUME_THRESHOLD}
    at = application.submitted_at
    same = Application.objects.filter(id_digest=application.id_digest).exclude(
        stage=Stage.DISCARDED
    )
    window = same.filter(
        submitted_at__gt=at - timedelta(days=VOLUME_WINDOW_DAYS), submitted_at__lte=at
    ).count()
    local = timezone.localtime(at)
    month = same.filter(submitted_at__year=local.year, submitted_at__month=local.month).count()
    return {
        "window": window,
        "month": month,
        "signal": window >= VOLUME_THRESHOLD,
        "threshold": VOLUME_THRESHOLD,
        "days": VOLUME_WINDOW_DAYS,
    }


def requests_asked_by_several(
    *, agency_ids: Sequence[int], since: date | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """条例第四十四条: information asked for by several applicants — groups of similar
    descriptions from different applicants (the office may make it proactive)."""
    since = since or (timezone.localdate() - timedelta(days=365))
    apps = list(
        Application.objects.filter(agency_id__in=list(agency_ids), submitted_at__date__gte=since)
        .exclude(stage=Stage.DISCARDED)
        .select_related("agency")
        .order_by("-submitted_at")[:limit]
    )
    groups: list[list[Application]] = []
    for app in apps:
        for group in groups:
            if similarity(app.description, group[0].description) >= DUPLICATE_SIMILARITY:
                group.append(app)
                break
        else:
            groups.append([app])
    out = []
    for group in groups:
        applicants = {a.id_digest or a.applicant_name for a in group}
        if len(applicants) >= 2:
            out.append(
                {
                    "description": group[0].description,
                    "applications": group,
                    "applicants": len(applicants),
                    "published": [a for a in group if a.outcome in ("granted", "partly_granted")],
                }
            )
    out.sort(key=lambda g: -g["applicants"])
    return out


def timeline(application: Application) -> QuerySet[Any]:
    return application.events.select_related("actor").order_by("at", "id")
