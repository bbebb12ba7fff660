"""Django admin (/admin/) for platform administrators: read-only views of the cases (they
change through the staff pages and the services, which write the audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AppealCase, AppealStage


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StageInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AppealStage
    fields = ("on", "kind", "note")
    readonly_fields = fields
    extra = 0


@admin.register(AppealCase)
class AppealCaseAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "kind", "agency", "body", "filed_on", "decided_on", "result")
    list_filter = ("kind", "result")
    search_fields = ("case_number", "body", "applicant")
    list_select_related = ("agency",)
    inlines = (StageInline,)
