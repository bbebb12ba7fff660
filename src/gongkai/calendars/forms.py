from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.workcalendar import MAX_WORKDAYS


class WorkdaysForm(forms.Form):
    """工作日计算: the N-th working day after a start date."""

    start = forms.DateField(
        label=_("起算日"),
        help_text=_("例如收到申请之日（条例第三十一条）；当天不计入，次日起算"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入 YYYY-MM-DD 格式的日期")},
    )
    n = forms.IntegerField(
        label=_("工作日数"),
        min_value=0,
        max_value=MAX_WORKDAYS,
        initial=20,
        help_text=_(
            "答复期限 20 个工作日（条例第三十三条第二款），补正通知 7 个工作日（第三十条）"
        ),
    )
