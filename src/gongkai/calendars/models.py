"""The override table: holiday schedules entered on the platform.

``chinese_calendar`` ships the official schedules it knows (see ``gongkai.workdays.official``).
A year it does not know yet (e.g. as soon as the State Council publishes the next year's
notice), or a correction of a year it knows, is stored here and replaces that year's data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.workdays import YearSchedule
from gongkai.workdays.schedule import WEEKDAY_NAMES, date_in_schedule_range, is_weekend


class HolidaySchedule(models.Model):
    """One year's arrangement (国办发明电《关于XXXX年部分节假日安排的通知》)."""

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(1950), MaxValueValidator(9999)],
    )
    source = models.CharField(
        _("依据"), max_length=200, help_text=_("通知名称或文号，例如 国办发明电〔2024〕12号")
    )
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ("year",)
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.year}年节假日安排（{self.source}）"

    def to_schedule(self) -> YearSchedule:
        """The pure-core form; raises ValueError if the rows are inconsistent."""
        days = list(self.days.all())
        return YearSchedule(
            year=self.year,
            holidays=frozenset(d.day for d in days if d.kind == HolidayScheduleDay.Kind.HOLIDAY),
            makeup_workdays=frozenset(
                d.day for d in days if d.kind == HolidayScheduleDay.Kind.WORKDAY
            ),
            source=self.source,
            names={d.day: d.name for d in days if d.name},
        )


class HolidayScheduleDay(models.Model):
    """A day off (放假) or a make-up working day (调休上班) of a schedule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    schedule = models.ForeignKey(
        HolidaySchedule, on_delete=models.CASCADE, related_name="days", verbose_name=_("节假日安排")
    )
    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("名称"), max_length=50, blank=True, help_text=_("例如 春节、国庆节调休")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ("day",)
        verbose_name = _("日期")
        verbose_name_plural = _("日期")
        constraints = (
            models.UniqueConstraint(
                fields=["schedule", "day"], name="calendars_one_entry_per_day_and_schedule"
            ),
        )

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}".rstrip()

    def clean(self) -> None:
        super().clean()
        if self.day is None:
            return
        year = _schedule_year(self)
        if year and not date_in_schedule_range(year, self.day):
            raise ValidationError(
                {"day": _("日期须在%(year)s年内（元旦连休可含上一年12月）") % {"year": year}}
            )
        if self.kind == self.Kind.WORKDAY and not is_weekend(self.day):
            raise ValidationError(
                {
                    "day": _("调休上班日必须是周六或周日，%(day)s 是%(weekday)s")
                    % {"day": self.day.isoformat(), "weekday": WEEKDAY_NAMES[self.day.weekday()]}
                }
            )


def _schedule_year(day: HolidayScheduleDay) -> int | None:
    """The schedule's year, also while an admin inline validates an unsaved schedule."""
    try:
        return day.schedule.year
    except HolidaySchedule.DoesNotExist:
        return None
