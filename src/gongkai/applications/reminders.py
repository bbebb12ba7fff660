"""The daily digest of due and overdue applications (``gongkai remind``; also a task).

Each staff member who handles open applications gets one e-mail a day listing those overdue and
those due within 5 working days (their own as 承办人; unassigned ones go to the agency's
登记员). Idempotent: a digest sent today to a user (``ReminderSent``) is not sent again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications.models import OPEN_STAGES, Application, ReminderSent
from gongkai.applications.selectors import due_soon_limit


@dataclass
class Digest:
    user: Any
    overdue: list[Application] = field(default_factory=list)
    due_soon: list[Application] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)

    def text(self, today: date) -> str:
        lines = [f"{self.user.get_username()}，您好：", ""]
        if self.overdue:
            lines.append(f"已超过答复期限的申请（{len(self.overdue)} 件）：")
            lines += [
                f"  {a.tracking_no}  期限 {a.due_on}  {a.description[:30]}" for a in self.overdue
            ]
            lines.append("")
        if self.due_soon:
            lines.append(f"5个工作日内到期的申请（{len(self.due_soon)} 件）：")
            lines += [
                f"  {a.tracking_no}  期限 {a.due_on}{'（暂定）' if a.due_provisional else ''}"
                f"  {a.description[:30]}"
                for a in self.due_soon
            ]
            lines.append("")
        lines.append(f"（{today.isoformat()} 政务公开工作平台自动发送）")
        return "\n".join(lines)


def digests(today: date | None = None) -> list[Digest]:
    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    apps = (
        Application.objects.filter(stage__in=list(OPEN_STAGES), due_on__lte=soon)
        .select_related("handler", "agency")
        .order_by("due_on", "pk")
    )
    by_user: dict[int, Digest] = {}
    unassigned: dict[int, list[Application]] = defaultdict(list)
    for app in apps:
        if app.handler is None or not app.handler.is_active:
            unassigned[app.agency_id].append(app)
            continue
        digest = by_user.setdefault(app.handler.pk, Digest(app.handler))
        (digest.overdue if app.due_on < today else digest.due_soon).append(app)
    if unassigned:
        registrars = (
            get_user_model()
            .objects.filter(
                is_active=True,
                membership__agency_id__in=list(unassigned),
                membership__roles__role="registrar",
            )
            .select_related("membership")
        )
        for user in registrars:
            digest = by_user.setdefault(user.pk, Digest(user))
            for app in unassigned[user.membership.agency_id]:
                (digest.overdue if app.due_on < today else digest.due_soon).append(app)
    return [d for d in by_user.values() if d.count]


def send_reminders(
    *, dry_run: bool = False, today: date | None = None
) -> list[tuple[Digest, bool]]:
    """Send today's digests; returns (digest, sent) — ``sent`` False when already sent today,
    when the user has no e-mail address, or in a dry run."""
    today = today or timezone.localdate()
    out = []
    for digest in digests(today):
        already = ReminderSent.objects.filter(user=digest.user, day=today).exists()
        if dry_run or already or not digest.user.email:
            out.append((digest, False))
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=digest.user, day=today, items=digest.count)
                send_mail(
                    f"依申请公开期限提醒：{len(digest.overdue)} 件超期，"
                    f"{len(digest.due_soon)} 件即将到期",
                    digest.text(today),
                    settings.DEFAULT_FROM_EMAIL,
                    [digest.user.email],
                )
        except IntegrityError:  # another run sent it meanwhile
            out.append((digest, False))
            continue
        out.append((digest, True))
    return out
