"""Django admin (/admin/) for platform administrators: read-only views of the reports and
their published versions (they change through the staff pages and the services)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.appeals.admin import ReadOnlyAdmin

from .models import AnnualReport, ReportVersion, TownDeadline, WorkLogEntry


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ReportVersion
    fields = ("number", "published_on", "change_note", "published_by")
    readonly_fields = fields
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "source", "checked_at", "check_errors")
    list_filter = ("year", "source")
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency",)
    inlines = (VersionInline,)
    exclude = ("narrative", "drafted")


@admin.register(WorkLogEntry)
class WorkLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("agency", "on", "kind", "text", "figure")
    list_filter = ("kind",)
    list_select_related = ("agency",)


@admin.register(TownDeadline)
class TownDeadlineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("county", "month", "day")
