"""Background work of applications (django-tasks; the database backend by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def applications_due_recompute() -> dict[str, int]:
    """Recompute every open application's due date (after a calendar change). Idempotent."""
    from gongkai.applications.services import application_due_recompute_all
    from gongkai.calendars.selectors import calendar_cache_clear

    calendar_cache_clear()
    seen, changed = application_due_recompute_all()
    return {"seen": seen, "changed": changed}


@task()
def applications_remind() -> int:
    """The daily digest of due and overdue applications (idempotent per user and day)."""
    from gongkai.applications.reminders import send_reminders

    return sum(1 for _digest, sent in send_reminders() if sent)
