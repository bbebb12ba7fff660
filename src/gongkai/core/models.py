"""Models shared by every app. The audit trail lives here; write to it through ``core.audit``."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailIsAppendOnly(Exception):
    """An audit row was about to be changed or deleted: the trail is evidence."""


def _refuse(what: str) -> NoReturn:
    raise AuditTrailIsAppendOnly(f"the audit trail is append-only: {what} refused")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        _refuse("update")

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("delete")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        _refuse("bulk_update")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("update_or_create")


class AuditEvent(models.Model):
    """One change of state, written by the service that made it, inside the same transaction.

    Append-only: a row is written once and never changed or deleted (the model and its queryset
    refuse; on PostgreSQL a trigger refuses too). Who (``actor``, ``actor_label``), what
    (``action``, the object, ``details``), when (``created_at``, UTC), from where (``ip``,
    ``request_id`` — the id in the logs and on error pages; ``cli:<account>`` in
    ``actor_label`` for the command line).

    ``agency`` is the agency whose data changed (for filtering by the permissions module);
    ``actor_label`` keeps the username even after the account is removed, which is why
    ``actor`` has no database constraint (deleting a user must not touch the trail).
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
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
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse("delete")


class Generation(models.Model):
    """A counter raised whenever what it stands for changes (``core.generations``): cached
    things built from that data carry the number they were built at, and a new number makes
    every one of them out of date at once, in every process and on every application server."""

    name = models.CharField(_("名称"), max_length=64, primary_key=True)
    value = models.BigIntegerField(_("代数"), default=0)

    class Meta:
        verbose_name = _("缓存代数")
        verbose_name_plural = _("缓存代数")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
