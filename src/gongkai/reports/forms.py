"""Forms of the report pages (input only: the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.reports.models import OVERVIEW_PARTS, LogKind, NarrativePart
from gongkai.reports.services import EnteredFigures

DATE_INPUT: dict[str, Any] = {
    "input_formats": ["%Y-%m-%d"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("请输入 YYYY-MM-DD 格式的日期")},
}


class FiguresForm(forms.Form):
    licensing = forms.IntegerField(
        label=_("行政许可 本年处理决定数量"), required=False, min_value=0
    )
    penalty = forms.IntegerField(label=_("行政处罚 本年处理决定数量"), required=False, min_value=0)
    enforcement = forms.IntegerField(
        label=_("行政强制 本年处理决定数量"), required=False, min_value=0
    )
    fees_wan_yuan = forms.DecimalField(
        label=_("行政事业性收费 本年收费金额（万元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=4,
    )
    figures_source = forms.CharField(
        label=_("数据来源说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：取自县政务服务平台、行政执法系统和财政票据；包括依法不公开的决定"),
    )
    fee_notices = forms.IntegerField(
        label=_("信息处理费：发出收费通知件数"), required=False, min_value=0
    )
    fee_notice_yuan = forms.DecimalField(
        label=_("信息处理费：收费通知总金额（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    fee_collected_yuan = forms.DecimalField(
        label=_("信息处理费：实际收取总金额（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def figures(self) -> EnteredFigures:
        return EnteredFigures(**self.cleaned_data)


PART_LABELS: dict[str, str] = {
    **{str(part): heading for part, heading in OVERVIEW_PARTS},
    NarrativePart.PROBLEMS: "五、存在的主要问题及改进情况",
    NarrativePart.OTHER: "六、其他需要报告的事项",
}


class NarrativeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part, label in PART_LABELS.items():
            self.fields[part] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
            )


class AcknowledgeForm(forms.Form):
    key = forms.CharField(max_length=300, widget=forms.HiddenInput)
    note = forms.CharField(label=_("确认说明"), max_length=1000)


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("更正说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("发布更正版本时必填：说明更正了什么、为什么"),
    )


class CreateForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("已发布的年度报告"), help_text=_("PDF、DOCX、HTML 或文本文件"))
    published_on = forms.DateField(label=_("发布日期"), **DATE_INPUT)


class LogForm(forms.Form):
    on = forms.DateField(label=_("日期"), **DATE_INPUT)
    kind = forms.ChoiceField(label=_("类别"), choices=LogKind.choices)
    text = forms.CharField(
        label=_("内容"),
        max_length=500,
        help_text=_("写成可放入年度报告的一句话，例如：派信息公开专干赴南阳参加政务公开业务培训"),
    )
    figure = forms.IntegerField(label=_("数量"), required=False, min_value=0)


class DeadlineForm(forms.Form):
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12)
    day = forms.IntegerField(label=_("日"), min_value=1, max_value=31)
