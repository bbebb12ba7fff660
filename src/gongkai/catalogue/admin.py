"""Django admin (/admin/) for platform administrators: read-only views of the catalogue.

Records change only through the staff pages and the services (workflow, audit, 索引号);
the admin shows them, and lets an administrator look at categories and settings.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AgencyCategorySetting, Attachment, Category, Record, RecordEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "agency", "parent", "kind", "article", "report_key", "position")
    list_filter = ("kind", "report_key", ("agency", admin.EmptyFieldListFilter))
    search_fields = ("name", "code")
    list_select_related = ("agency", "parent")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("name", "content_type", "size", "text_status")
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = RecordEvent
    fields = ("created_at", "kind", "actor_label", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "category", "status", "index_no", "published_on", "is_demo")
    list_filter = ("status", "is_demo", "agency")
    search_fields = ("title", "index_no", "document_no")
    list_select_related = ("agency", "category")
    date_hierarchy = "published_on"
    inlines = (AttachmentInline, EventInline)


@admin.register(AgencyCategorySetting)
class AgencyCategorySettingAdmin(ReadOnlyAdmin):
    list_display = ("agency", "category", "applicable", "reason")
    list_select_related = ("agency", "category")
