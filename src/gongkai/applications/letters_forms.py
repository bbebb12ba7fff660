"""Forms of the staff page that issues letters (one form per letter kind)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.annual.format import APPLICATION_BY_KEY, OUTCOME_ROW_KEYS
from gongkai.core.validators import storable_text

from . import fees, letters

DATE = forms.DateInput(attrs={"type": "date"})


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LetterForm(forms.Form):
    """What staff type goes into the letter as it is: without the control characters DOCX
    cannot hold (:func:`~gongkai.core.validators.storable_text`; line breaks kept)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = storable_text(value)
        return data


class SupplementForm(LetterForm):
    """补正告知书 (条例第三十条)."""

    items = forms.CharField(
        label=_("需要补正的事项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；一次性告知全部事项。"),
    )
    deadline = forms.DateField(label=_("补正期限"), widget=DATE)

    def build(self, facts: letters.Facts) -> letters.Letter:
        return letters.supplement_letter(
            facts, items=_lines(self.cleaned_data["items"]), deadline=self.cleaned_data["deadline"]
        )


class ExtensionForm(LetterForm):
    """延期答复告知书 (条例第三十三条第二款)."""

    original_due = forms.DateField(label=_("原答复期限"), widget=DATE)
    new_due = forms.DateField(label=_("延长后的答复期限"), widget=DATE)
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("延期理由"), max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("original_due")
            and data.get("new_due")
            and data["new_due"] <= data["original_due"]
        ):
            raise ValidationError(_("延长后的答复期限应晚于原答复期限。"))
        return data

    def build(self, facts: letters.Facts) -> letters.Letter:
        d = self.cleaned_data
        return letters.extension_letter(
            facts,
            original_due=d["original_due"],
            new_due=d["new_due"],
            days=d["days"],
            reason=d["reason"],
        )


class ThirdPartyForm(LetterForm):
    """征求第三方意见书 (条例第三十二条)."""

    third_party = forms.CharField(label=_("第三方名称或姓名"), max_length=200)
    information = forms.CharField(
        label=_("拟公开的信息"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_by = forms.DateField(label=_("答复截止日期（15个工作日）"), widget=DATE, required=False)

    def build(self, facts: letters.Facts) -> letters.Letter:
        d = self.cleaned_data
        return letters.third_party_letter(
            facts,
            third_party=d["third_party"],
            information=d["information"],
            reply_by=d.get("reply_by"),
        )


class FeeForm(LetterForm):
    """收费通知书 (条例第四十二条, 国办函〔2020〕109号): the amount is computed, not typed."""

    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=list(fees.METHOD_LABELS.items()),
        widget=forms.RadioSelect,
        help_text=_("每件申请只能选择一种方式（办法第三条）。"),
    )
    pages = forms.IntegerField(
        label=_("页数（按量计收）"), min_value=0, max_value=1_000_000, required=False
    )
    count = forms.IntegerField(
        label=_("本申请拆分的件数（按件计收，一事一申请）"),
        min_value=1,
        max_value=1000,
        initial=1,
        required=False,
    )
    payment_method = forms.CharField(
        label=_("缴费方式"), max_length=200, initial=_("非税收入缴款码（见随附缴款通知）")
    )

    def __init__(self, *args: Any, earlier_in_month: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier_in_month = earlier_in_month
        self.fields["count"].help_text = _("该申请人本月此前已向本机关提出 %(n)d 件申请。") % {
            "n": earlier_in_month
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        method = data.get("method")
        if method == "per_page" and not data.get("pages"):
            self.add_error("pages", ValidationError(_("按量计收请填写页数。"), code="required"))
        if method:
            fee = self.fee(data)
            if fee is not None and not fee.chargeable:
                raise ValidationError(
                    _("按此方式计算不需收费（%(lines)s），不出具收费通知书。")
                    % {"lines": "；".join(fee.breakdown())}
                )
        return data

    def fee(self, data: dict[str, Any] | None = None) -> fees.FeeComputation | None:
        data = data if data is not None else self.cleaned_data
        method = data.get("method")
        if method == "per_page":
            if data.get("pages") is None:
                return None
            return fees.per_page_fee(data["pages"])
        if method == "per_application":
            return fees.per_application_fee(
                earlier_in_month=self.earlier_in_month, count=data.get("count") or 1
            )
        return None

    def build(self, facts: letters.Facts, *, pay_by: dt.date | None = None) -> letters.Letter:
        fee = self.fee()
        assert fee is not None
        return letters.fee_letter(
            facts, fee=fee, payment_method=self.cleaned_data["payment_method"], pay_by=pay_by
        )


OUTCOME_CHOICES = [
    (key, f"{APPLICATION_BY_KEY[key].number}{APPLICATION_BY_KEY[key].label}")
    for key in OUTCOME_ROW_KEYS
]


class ReplyForm(LetterForm):
    """答复书 / 告知书 for the outcome (条例第三十六至三十九条)."""

    outcome = forms.ChoiceField(label=_("办理结果"), choices=OUTCOME_CHOICES)
    provided = forms.CharField(
        label=_("提供的信息"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("予以公开、部分公开时填写，每行一项。"),
    )
    where = forms.CharField(
        label=_("获取方式或途径"),
        max_length=500,
        required=False,
        help_text=_("已主动公开的信息写明获取途径；行政查询事项写明办理途径。"),
    )
    already_published = forms.BooleanField(
        label=_("所需信息已经主动公开（条例第三十六条第（一）项）"), required=False
    )
    law = forms.CharField(
        label=_("法律、行政法规名称"),
        max_length=200,
        required=False,
        help_text=_("不予公开第2项、第8项时填写。"),
    )
    responsible_organ = forms.CharField(
        label=_("负责公开该信息的机关"),
        max_length=200,
        required=False,
        help_text=_("本机关不掌握、能够确定负责机关时填写（第三十六条第（五）项）。"),
    )
    responsible_contact = forms.CharField(
        label=_("该机关的联系方式"), max_length=200, required=False
    )
    search_steps = forms.CharField(
        label=_("检索情况"),
        max_length=500,
        required=False,
        help_text=_("信息不存在时写明检索的范围和方式。"),
    )
    previous_reply = forms.CharField(
        label=_("此前的答复"),
        max_length=200,
        required=False,
        help_text=_("重复申请时填写日期和文书编号。"),
    )
    reason = forms.CharField(
        label=_("具体理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, withheld: list[letters.WithheldPart] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.withheld = withheld or []

    def build(self, facts: letters.Facts) -> letters.Letter:
        d = self.cleaned_data
        try:
            return letters.reply_letter(
                facts,
                outcome=d["outcome"],
                provided=_lines(d.get("provided", "")),
                where=d.get("where", ""),
                withheld=self.withheld if d["outcome"] == "partly_granted" else (),
                reason=d.get("reason", ""),
                law=d.get("law", ""),
                responsible_organ=d.get("responsible_organ", ""),
                responsible_contact=d.get("responsible_contact", ""),
                search_steps=d.get("search_steps", ""),
                previous_reply=d.get("previous_reply", ""),
                already_published=bool(d.get("already_published")),
            )
        except ValueError as exc:
            raise ValidationError(_reply_problem(str(exc))) from exc


def _reply_problem(message: str) -> str:
    if "withheld" in message:
        return str(_("部分公开须先在“区分处理”页面标出不予公开的部分及其理由。"))
    if "the law" in message:
        return str(_("请填写法律、行政法规名称。"))
    if "earlier reply" in message:
        return str(_("请填写此前答复的日期和文书编号。"))
    if "where" in message:
        return str(_("请填写获取方式或途径。"))
    if "reason" in message:
        return str(_("请填写具体理由。"))
    return str(_("答复内容不完整。"))


FORMS: dict[str, type[forms.Form]] = {
    letters.KIND_SUPPLEMENT: SupplementForm,
    letters.KIND_EXTENSION: ExtensionForm,
    letters.KIND_THIRD_PARTY: ThirdPartyForm,
    letters.KIND_FEE: FeeForm,
    letters.KIND_REPLY: ReplyForm,
}
