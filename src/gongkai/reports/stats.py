"""Figures for the charts that no report table holds: applications received per month and
the on-time reply rate. Read from the applications app when it is installed (else None)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth


def _application_model() -> Any:
    try:
        from gongkai.applications.models import Application
    except ImportError:
        return None
    needed = ("received_on", "closed_on", "due_on", "agency")
    names = {f.name for f in Application._meta.get_fields()}
    return Application if all(n in names for n in needed) else None


def monthly_received(*, agency_ids: Sequence[int], year: int) -> list[tuple[int, int]] | None:
    """(month, applications received in it) for the twelve months of ``year``."""
    model = _application_model()
    if model is None:
        return None
    counts = dict(
        model.objects.filter(agency_id__in=list(agency_ids), received_on__year=year)
        .annotate(month=ExtractMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [(m, int(counts.get(m, 0))) for m in range(1, 13)]


def on_time(*, agency_ids: Sequence[int], year: int) -> dict[int, tuple[int, int]] | None:
    """agency id → (applications closed in ``year`` whose reply period could be computed, of
    which closed by its end). The period is recomputed from each application's events with
    the applications app's clock (条例第三十三条: 20 working days, extensions, pauses for
    补正, consultation and fees); the cached due date is cleared once a case is closed."""
    model = _application_model()
    if model is None:
        return None
    try:
        from django.conf import settings

        from gongkai.applications.clocks import reply_due
        from gongkai.applications.models import ApplicationEvent
        from gongkai.calendars.selectors import calendar_for_platform
    except ImportError:
        return None
    rows = list(
        model.objects.filter(
            agency_id__in=list(agency_ids), closed_on__year=year, received_on__isnull=False
        ).values_list("pk", "agency_id", "received_on", "closed_on")
    )
    events: dict[int, list[tuple[str, Any, dict[str, Any]]]] = {}
    for app_id, kind, day, data in (
        ApplicationEvent.objects.filter(application_id__in=[r[0] for r in rows])
        .order_by("at", "id")
        .values_list("application_id", "kind", "day", "data")
    ):
        events.setdefault(app_id, []).append((kind, day, data or {}))
    calendar = calendar_for_platform()
    pauses = getattr(settings, "GONGKAI_FEE_PAUSES_CLOCK", True)
    result: dict[int, tuple[int, int]] = {}
    for pk, agency_id, received_on, closed_on in rows:
        info = reply_due(received_on, events.get(pk, []), calendar, fee_pauses=pauses)
        if info.due_on is None:
            continue
        closed, timely = result.get(agency_id, (0, 0))
        result[agency_id] = (closed + 1, timely + (closed_on <= info.due_on))
    return result
