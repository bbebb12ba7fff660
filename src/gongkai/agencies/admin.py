"""The Django admin (/admin/): platform administrators only, every change audited.

Who may do what in the admin is decided by :func:`gongkai.agencies.permissions.can_use_admin`
(active superusers; the audit trail read-only); :class:`PlatformAdmin` asks it for every
model, so a staff account with Django model permissions gets nothing. Every addition, change
(with the admin's own description of the changed fields and inline rows: roles of a membership,
days of a holiday schedule) and deletion writes an audit row in the same transaction as the
change. Other apps register their models with :class:`PlatformAdmin` too.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, MembershipRole
from gongkai.agencies.permissions import AdminAction
from gongkai.agencies.services import AGENCY_CONTACT_DATA_FIELDS, clean_agency_text
from gongkai.core.audit import audit_record
from gongkai.core.models import AuditEvent


def _agency_of(obj: Any) -> Agency | None:
    if isinstance(obj, Agency):
        return obj
    agency = getattr(obj, "agency", None)
    if isinstance(agency, Agency):
        return agency
    user_id = getattr(obj, "user_id", None)
    if isinstance(obj, User):
        user_id = obj.pk
    if user_id is not None:
        membership = Membership.objects.select_related("agency").filter(user_id=user_id).first()
        return membership.agency if membership else None
    return None


class PlatformAdminMixin:
    """Permissions from ``permissions.can_use_admin`` (and the admin's own, which may only
    restrict further: a read-only admin stays read-only); additions, changes and deletions
    audited."""

    model: type[models.Model]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.VIEW
        ) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.VIEW
        ) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.ADD
        ) and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.CHANGE
        ) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.DELETE
        ) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def _audit(self, request: HttpRequest, action: str, obj: Any, changes: Any) -> None:
        agency = _agency_of(obj)
        if action == "admin.delete" and agency is obj:
            # the row outlives the agency: it is filed under the superior agency (if any)
            agency = obj.parent
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=action,
                obj=obj,
                agency=agency,
                details={"object": str(obj)[:200], "changes": changes or []},
            )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        self._audit(request, "admin.add", obj, message)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        self._audit(request, "admin.change", obj, message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        entries = super().log_deletions(request, queryset)  # type: ignore[misc]
        for obj in queryset:
            self._audit(request, "admin.delete", obj, [])
        return entries

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Bulk actions (delete selected) log first and delete after: one transaction for both.
        if request.method == "POST":
            with transaction.atomic():
                return super().changelist_view(request, extra_context)  # type: ignore[misc,no-any-return]
        return super().changelist_view(request, extra_context)  # type: ignore[misc,no-any-return]


class PlatformAdmin(PlatformAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass


#: The former name, kept for apps that registered with it.
SuperuserOnlyAdmin = PlatformAdmin


class PlatformInlineMixin:
    """Inline rows follow the same decisions as their parent's admin."""

    model: type[models.Model]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.VIEW
        ) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.ADD
        ) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.CHANGE
        ) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(
            request.user, self.model, AdminAction.DELETE
        ) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class PlatformTabularInline(PlatformInlineMixin, admin.TabularInline):  # type: ignore[type-arg]
    pass


class MembershipRoleInline(PlatformTabularInline):
    model = MembershipRole
    extra = 1


class AgencyAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The name and contact data stored as the services store them (no control characters,
    which would break every letter of the agency)."""

    def clean(self) -> dict[str, Any]:
        return clean_agency_text(super().clean() or {})


@admin.register(Agency)
class AgencyAdmin(PlatformAdmin):
    form = AgencyAdminForm
    list_display = ("code", "name", "kind", "parent", "phone", "require_two_factor")
    list_filter = ("kind", "require_two_factor")
    list_select_related = ("parent",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012
    readonly_fields = ("guide_updated_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "code", "kind", "parent")}),
        (_("联系信息"), {"fields": AGENCY_CONTACT_DATA_FIELDS}),
        (_("政府信息公开指南"), {"fields": ("guide", "guide_updated_at")}),
        (_("账号安全"), {"fields": ("require_two_factor",)}),
        (_("记录"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Membership)
class MembershipAdmin(PlatformAdmin):
    list_display = ("user", "agency", "created_at")
    list_select_related = ("user", "agency")
    list_filter = ("agency",)
    search_fields = ("user__username", "user__first_name", "agency__name")
    autocomplete_fields = ("user", "agency")
    inlines = (MembershipRoleInline,)


@admin.register(AuditEvent)
class AuditEventAdmin(PlatformAdmin):
    """The audit trail: read-only (``permissions.ADMIN_READ_ONLY_MODELS``)."""

    list_display = (
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "agency",
        "ip",
    )
    list_filter = ("action", "object_type")
    list_select_related = ("agency",)
    search_fields = ("actor_label", "object_id", "action", "request_id")
    date_hierarchy = "created_at"


# --- accounts: Django's own admins, under the platform's decisions and audit ----------------

admin.site.unregister(User)


@admin.register(User)
class PlatformUserAdmin(PlatformAdminMixin, UserAdmin):  # type: ignore[type-arg]
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)


def secure_admin_site(site: admin.AdminSite = admin.site) -> list[str]:
    """Put every model registered by any app under :class:`PlatformAdminMixin`.

    Called from ``AgenciesConfig.ready`` (after every app's admin module was imported): the
    admins of Django (groups), django-otp (second-factor devices: delete one to reset a lost
    phone), django-tasks and any app that registered a plain ``ModelAdmin`` are replaced by a
    subclass that asks ``permissions.can_use_admin`` and writes audit rows. Returns the labels of
    the models it wrapped.
    """
    wrapped = []
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, PlatformAdminMixin):
            continue
        cls = type(model_admin)
        secured = type(
            f"Platform{cls.__name__}", (PlatformAdminMixin, cls), {"__module__": __name__}
        )
        site.unregister(model)
        site.register(model, secured)
        wrapped.append(model._meta.label_lower)
    return wrapped


@admin.register(AccessAttempt)
class AccessAttemptAdmin(PlatformAdmin):
    """登录锁定: failed logins counted by django-axes; delete a row to lift a lockout early."""

    list_display = ("attempt_time", "username", "ip_address", "failures_since_start", "path_info")
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    fields = (
        "attempt_time",
        "username",
        "ip_address",
        "user_agent",
        "path_info",
        "failures_since_start",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
