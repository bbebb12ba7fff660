"""Django admin for platform administrators (superusers only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Membership, MembershipRole
from gongkai.agencies.services import AGENCY_CONTACT_DATA_FIELDS
from gongkai.core.audit import audit_record


class SuperuserOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
            audit_record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                agency=agency,
                details={"fields": sorted(form.changed_data)},
            )


class MembershipRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MembershipRole
    extra = 1


@admin.register(Agency)
class AgencyAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "kind", "parent", "phone")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012
    readonly_fields = ("guide_updated_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "code", "kind", "parent")}),
        (_("联系信息"), {"fields": AGENCY_CONTACT_DATA_FIELDS}),
        (_("政府信息公开指南"), {"fields": ("guide", "guide_updated_at")}),
        (_("记录"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyAdmin):
    list_display = ("user", "agency", "created_at")
    list_select_related = ("user", "agency")
    list_filter = ("agency",)
    search_fields = ("user__username", "user__first_name", "agency__name")
    autocomplete_fields = ("user", "agency")
    inlines = (MembershipRoleInline,)
