"""Forms of the staff pages. They parse input only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import (
    OUTCOME_CHOICES,
    ApplicantKind,
    ApplicantType,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    FormWanted,
    IdType,
    Stage,
    Waiting,
)


class RegistrationForm(forms.Form):
    """Staff register an application that came by another channel (条例第三十一条)."""

    channel = forms.ChoiceField(label=_("申请渠道"), choices=Channel.choices)
    received_on = forms.DateField(
        label=_("收到申请之日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "当面提交：提交之日；邮寄需签收：签收之日；平信、传真、电子邮件、网上：与申请人确认之日"
            "（未确认的留空，申请进入“待确认”）。条例第三十一条。"
        ),
    )
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices)
    applicant_type = forms.ChoiceField(
        label=_("申请人类别"),
        choices=ApplicantType.choices,
        help_text=_("年度报告表三的列：自然人，或法人或其他组织的五类之一。"),
    )
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=200)
    contact_person = forms.CharField(label=_("联系人"), max_length=100, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=100, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=10, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者特征性描述"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    purpose = forms.CharField(
        label=_("其他说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    form_wanted = forms.ChoiceField(label=_("提供形式"), choices=FormWanted.choices)
    delivery_method = forms.ChoiceField(label=_("获取方式"), choices=DeliveryMethod.choices)
    note = forms.CharField(
        label=_("备注"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：邮件签收人、口头申请由工作人员代为填写（条例第二十九条）。"),
    )


class ActionForm(forms.Form):
    """Every field a step may need; each step's service uses its own and checks them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handler = forms.IntegerField(label=_("承办人"), required=False)
    supplement_due_on = forms.DateField(label=_("补正期限"), required=False)
    kind = forms.ChoiceField(
        label=_("征求对象类型"), choices=[("", "—"), *ConsultationKind.choices], required=False
    )
    party = forms.CharField(label=_("征求对象"), required=False, max_length=200)
    answer = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    workdays = forms.IntegerField(
        label=_("延长工作日数"), required=False, min_value=1, max_value=20
    )
    fee_method = forms.ChoiceField(
        label=_("计收方式"), choices=[("", "—"), *FeeMethod.choices], required=False
    )
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, max_digits=10, decimal_places=2
    )
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=[("", "—"), *OUTCOME_CHOICES],
        required=False,
        help_text=_(
            "年度报告表三只计一项结果。申请含多个事项时，可逐项填写结果并留空此项，系统按"
            "“部分公开 > 不予公开 > 无法提供 > 不予处理 > 其他处理”推定；填写此项即由公开办指定。"
        ),
    )
    reply_text = forms.CharField(
        label=_("答复意见"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    method = forms.ChoiceField(
        label=_("送达方式"), choices=[("", "—"), *DeliveryMethod.choices], required=False
    )
    proof = forms.CharField(label=_("送达凭证"), required=False, max_length=300)
    received_on = forms.DateField(label=_("收到申请之日"), required=False)
    item1_description = forms.CharField(label=_("事项一"), required=False, max_length=500)
    item1_outcome = forms.ChoiceField(
        label=_("事项一的办理结果"), choices=[("", "—"), *OUTCOME_CHOICES], required=False
    )
    item2_description = forms.CharField(label=_("事项二"), required=False, max_length=500)
    item2_outcome = forms.ChoiceField(
        label=_("事项二的办理结果"), choices=[("", "—"), *OUTCOME_CHOICES], required=False
    )
    item3_description = forms.CharField(label=_("事项三"), required=False, max_length=500)
    item3_outcome = forms.ChoiceField(
        label=_("事项三的办理结果"), choices=[("", "—"), *OUTCOME_CHOICES], required=False
    )


class FilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部")), *Stage.choices], required=False
    )
    waiting = forms.ChoiceField(
        label=_("等待"), choices=[("", _("全部")), *Waiting.choices[1:]], required=False
    )
    due = forms.ChoiceField(
        label=_("期限"),
        choices=[("", _("全部")), ("soon", _("5个工作日内到期")), ("overdue", _("已超期"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("我承办的"), required=False)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PublishForm(forms.Form):
    """第四十四条: make a reply's information proactive (a catalogue record under review)."""

    category = forms.IntegerField(label=_("栏目"))
    title = forms.CharField(label=_("标题"), max_length=300)
