"""Admin for the holiday-schedule override table (Django admin at /admin/).

Platform administrators only (``gongkai.agencies.permissions.can_use_admin``): a schedule moves
every statutory deadline, so each addition, change (with its days) and deletion is audited.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.admin import PlatformAdmin, PlatformTabularInline

from .models import HolidaySchedule, HolidayScheduleDay


class HolidayScheduleDayInline(PlatformTabularInline):
    model = HolidayScheduleDay
    extra = 3
    fields = ("day", "kind", "name")


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(PlatformAdmin):
    list_display = ("year", "source", "day_count", "updated_at")
    search_fields = ("source", "note")
    fields = ("year", "source", "note")
    inlines = (HolidayScheduleDayInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[HolidaySchedule]:
        return super().get_queryset(request).annotate(day_count=Count("days"))

    @admin.display(description=_("日期数"), ordering="day_count")
    def day_count(self, obj: HolidaySchedule) -> int:
        return int(getattr(obj, "day_count", 0))
