"""Models shared by every app. The audit trail lives here; write to it through ``core.audit``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change of state, written by the service that made it, inside the same transaction.

    ``agency`` is the agency whose data changed (for filtering by the permissions module);
    ``actor_label`` keeps the username even if the account is later removed.
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("行政机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    details = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = (
            "-created_at",
            "-id",
        )
        indexes = (
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["agency", "created_at"], name="core_audit_agency_idx"),
        )

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
