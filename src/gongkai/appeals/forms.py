"""Forms of the appeals pages (input only: the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.appeals.models import (
    AppealCase,
    CaseKind,
    CorrectionKind,
    OtherResultKind,
    Result,
    StageKind,
)
from gongkai.appeals.services import CaseData

DATE_INPUT = {
    "input_formats": ["%Y-%m-%d"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("请输入 YYYY-MM-DD 格式的日期")},
}


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=CaseKind.choices)
    reconsideration = forms.ChoiceField(
        label=_("此前的行政复议"),
        required=False,
        help_text=_("复议后起诉的，选择此前的行政复议案件"),
    )
    body = forms.CharField(
        label=_("复议机关或人民法院"),
        max_length=200,
        help_text=_("例如 内乡县人民政府、内乡县人民法院"),
    )
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    applicant = forms.CharField(label=_("申请人或原告"), max_length=200, required=False)
    subject = forms.CharField(label=_("案由"), max_length=300, required=False)
    application_ref = forms.CharField(
        label=_("相关申请编号"),
        max_length=64,
        required=False,
        help_text=_("案件涉及的政府信息公开申请的受理编号（平台上的申请会自动关联）；没有的留空"),
    )
    filed_on = forms.DateField(label=_("申请或起诉日期"), **DATE_INPUT)  # type: ignore[arg-type]
    decided_on = forms.DateField(
        label=_("审结日期"),
        required=False,
        help_text=_("尚未审结的留空"),
        **DATE_INPUT,  # type: ignore[arg-type]
    )
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("尚未审结")), *Result.choices]
    )
    correction_kind = forms.ChoiceField(
        label=_("纠正方式"), required=False, choices=[("", "—"), *CorrectionKind.choices]
    )
    other_kind = forms.ChoiceField(
        label=_("其他结果"), required=False, choices=[("", "—"), *OtherResultKind.choices]
    )
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reconsiderations: list[AppealCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_pk = {str(c.pk): c for c in reconsiderations}
        self.fields["reconsideration"].choices = [("", "—")] + [
            (str(c.pk), f"{c.case_number or '#' + str(c.pk)}（{c.filed_on:%Y-%m-%d}，{c.body}）")
            for c in reconsiderations
        ]

    def case_data(self) -> CaseData:
        d = self.cleaned_data
        return CaseData(
            kind=d["kind"],
            body=d["body"],
            filed_on=d["filed_on"],
            case_number=d["case_number"],
            applicant=d["applicant"],
            subject=d["subject"],
            application_ref=d["application_ref"],
            reconsideration=self.by_pk.get(d["reconsideration"] or ""),
            decided_on=d["decided_on"],
            result=d["result"],
            correction_kind=d["correction_kind"],
            other_kind=d["other_kind"],
            notes=d["notes"],
        )

    @staticmethod
    def initial_for(case: AppealCase) -> dict[str, Any]:
        return {
            "kind": case.kind,
            "reconsideration": str(case.reconsideration_id or ""),
            "body": case.body,
            "case_number": case.case_number,
            "applicant": case.applicant,
            "subject": case.subject,
            "application_ref": case.application_ref,
            "filed_on": case.filed_on,
            "decided_on": case.decided_on,
            "result": case.result,
            "correction_kind": case.correction_kind,
            "other_kind": case.other_kind,
            "notes": case.notes,
        }


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("阶段"), choices=StageKind.choices)
    on = forms.DateField(label=_("日期"), **DATE_INPUT)  # type: ignore[arg-type]
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("文书名称"), max_length=200)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、DOCX 或图片"))


class CaseFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *CaseKind.choices]
    )
    pending = forms.BooleanField(label=_("仅尚未审结"), required=False)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=2000, max_value=2100)
