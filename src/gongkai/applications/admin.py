"""Django admin (/admin/) for platform administrators: read-only views of applications.

Applications change only through the staff pages and the services (workflow table, clocks,
timeline, audit). The admin shows no ID number or telephone, not even masked in full: those
are read on the staff pages, where each view is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Application, ApplicationEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ApplicationEvent
    fields = ("day", "kind", "actor_label", "stage_before", "stage_after", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_no",
        "agency",
        "applicant_type",
        "stage",
        "received_on",
        "due_on",
        "closed_on",
        "outcome",
        "is_demo",
    )
    list_filter = ("stage", "outcome", "applicant_type", "channel", "is_demo", "agency")
    search_fields = ("tracking_no",)
    list_select_related = ("agency",)
    date_hierarchy = "received_on"
    fields = (
        "agency",
        "tracking_no",
        "applicant_kind",
        "applicant_type",
        "id_type",
        "id_number_masked",
        "channel",
        "submitted_at",
        "received_on",
        "stage",
        "waiting",
        "outcome",
        "closed_on",
        "due_on",
        "due_provisional",
        "due_note",
    )
    readonly_fields = fields
    inlines = (EventInline,)
