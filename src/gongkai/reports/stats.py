"""Figures for the charts that no report table holds: applications received per month and
the on-time reply rate. Read from the applications app when it is installed (else None)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, F, Q
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
    """agency id → (applications closed in ``year`` with a due date, of which closed by it)
    (条例第三十三条: the reply period, with its extensions and pauses, in ``due_on``)."""
    model = _application_model()
    if model is None:
        return None
    rows = (
        model.objects.filter(
            agency_id__in=list(agency_ids), closed_on__year=year, due_on__isnull=False
        )
        .values("agency_id")
        .annotate(closed=Count("pk"), timely=Count("pk", filter=Q(closed_on__lte=F("due_on"))))
    )
    return {r["agency_id"]: (r["closed"], r["timely"]) for r in rows}
