"""Calendar changes move open deadlines: loading, correcting or removing a year's holiday
schedule recomputes the cached due date of every open application after the change commits
(the due date is a cache of the events, STYLE.md §5; this receiver only refreshes it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.calendars.models import HolidaySchedule


def _recompute_after_commit() -> None:
    from gongkai.applications.tasks import applications_due_recompute

    applications_due_recompute.enqueue()


@receiver(post_save, sender=HolidaySchedule, dispatch_uid="applications_calendar_saved")
@receiver(post_delete, sender=HolidaySchedule, dispatch_uid="applications_calendar_deleted")
def calendar_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and restores: nothing to recompute yet
    transaction.on_commit(_recompute_after_commit)
