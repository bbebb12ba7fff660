"""The public application form (条例第二十九条) and the status look-up form.

The form checks what a person can correct on the spot: the applicant kind and, for a 法人或其他
组织, its category (the columns of table 三); the ID number against its type (居民身份证 and
统一社会信用代码 checksums); the telephone number; the ID proof upload. The model's own rules
are checked again by ``services.clean_application_data`` when the application is submitted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.validators import validate_phone_numbers

from .identity import (
    ID_TYPE_LABELS,
    ID_TYPES,
    ID_TYPES_FOR_ORGANISATION,
    ID_TYPES_FOR_PERSON,
    validate_id_number,
)
from .services import DATA_FIELDS

#: 申请人类型 and, for a 法人或其他组织, the column of table 三 it is counted in.
APPLICANT_KINDS = (("natural_person", _("自然人")), ("organisation", _("法人或其他组织")))
ORGANISATION_TYPES = (
    ("commercial", _("商业企业")),
    ("research", _("科研机构")),
    ("public_interest", _("社会公益组织")),
    ("legal_services", _("法律服务机构")),
    ("other_org", _("其他")),
)
FORMS_WANTED = (("paper", _("纸质文本")), ("electronic", _("电子文档")), ("view", _("现场查阅")))
DELIVERY_METHODS = (
    ("post", _("邮寄")),
    ("email", _("电子邮件")),
    ("pickup", _("自行领取")),
    ("online", _("在线获取（在本平台“申请查询”页面下载）")),
)
ID_PROOF_KINDS = frozenset({"pdf", "png", "jpeg"})
ID_PROOF_MAX_BYTES = 5 * 1024 * 1024

#: The honeypot: a field people never see (hidden by CSS, skipped by assistive technology).
HONEYPOT_FIELD = "website"


#: Django's own Chinese message for a NUL character reads "empty string not allowed".
NUL_MESSAGE = _("不能包含不可见的控制字符（空字符），请删除后重新填写。")


class PublicForm(forms.Form):
    """A form anyone may post: messages that say what is wrong, also for input no person types."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = NUL_MESSAGE


class RadioGroup(forms.RadioSelect):
    """Radio buttons rendered inside a fieldset by the template (``_radio.html``)."""


class ApplyForm(PublicForm):
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), choices=APPLICANT_KINDS, widget=RadioGroup
    )
    applicant_type = forms.ChoiceField(
        label=_("法人或其他组织的类别"),
        choices=ORGANISATION_TYPES,
        widget=RadioGroup,
        required=False,
        help_text=_("申请人为法人或其他组织时必选。"),
    )
    applicant_name = forms.CharField(
        label=_("姓名或名称"),
        max_length=200,
        help_text=_("自然人填写姓名；法人或其他组织填写全称。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_person = forms.CharField(
        label=_("联系人"),
        max_length=100,
        required=False,
        help_text=_("法人或其他组织填写经办人姓名。"),
    )
    id_type = forms.ChoiceField(label=_("证件类型"), choices=(("", _("请选择")), *ID_TYPES))
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("居民身份证号码 18 位；法人或其他组织填写 18 位统一社会信用代码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=100,
        required=False,
        validators=[validate_phone_numbers],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.RegexField(
        label=_("邮政编码"),
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": _("邮政编码为 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者特征性描述"),
        max_length=5000,
        help_text=_(
            "请尽量写明信息的名称、文号，或者能够确定该信息的特征，例如制作机关、时间、涉及的事项和地点。"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    purpose = forms.CharField(
        label=_("其他说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    form_wanted = forms.ChoiceField(
        label=_("所需信息的提供形式"), choices=FORMS_WANTED, widget=RadioGroup
    )
    delivery_method = forms.ChoiceField(
        label=_("获取信息的方式"), choices=DELIVERY_METHODS, widget=RadioGroup
    )
    id_proof = forms.FileField(
        label=_("身份证明"),
        help_text=_(
            "上传身份证件或营业执照等证明文件的照片或扫描件（PDF、PNG 或 JPEG，不超过 5 MB）。"
            "表单有错误需要重新提交时，请重新选择文件。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_id_proof(self) -> Any:
        from gongkai.core.uploads import validate_upload

        upload = self.cleaned_data.get("id_proof")
        if upload is not None:
            validate_upload(upload, kinds=ID_PROOF_KINDS, max_bytes=ID_PROOF_MAX_BYTES)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("applicant_kind")
        column = data.get("applicant_type") or ""
        id_type = data.get("id_type") or ""
        if kind == "organisation":
            if not column:
                self.add_error(
                    "applicant_type",
                    ValidationError(
                        _(
                            "请选择法人或其他组织的类别（商业企业、科研机构、社会公益组织、法律服务机构或其他）。"
                        ),
                        code="required",
                    ),
                )
            if id_type and id_type not in ID_TYPES_FOR_ORGANISATION:
                self.add_error(
                    "id_type",
                    ValidationError(
                        _("法人或其他组织请选择“统一社会信用代码”或“其他有效身份证件”。"),
                        code="id_type_kind",
                    ),
                )
        elif kind == "natural_person":
            data["applicant_type"] = "natural_person"
            if id_type and id_type not in ID_TYPES_FOR_PERSON:
                self.add_error(
                    "id_type",
                    ValidationError(
                        _("自然人请选择“%(type)s”以外的个人证件。")
                        % {"type": ID_TYPE_LABELS["uscc"]},
                        code="id_type_kind",
                    ),
                )
        number = data.get("id_number")
        if id_type and number and "id_type" not in self.errors:
            try:
                data["id_number"] = validate_id_number(id_type, number)
            except ValidationError as error:
                self.add_error("id_number", error)
        if not (data.get("phone") or data.get("email") or data.get("address")):
            self.add_error(
                "phone",
                ValidationError(
                    _("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"), code="contact"
                ),
            )
        delivery = data.get("delivery_method")
        if delivery == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", ValidationError(_("选择电子邮件获取时请填写电子邮箱。"), code="required")
            )
        if delivery == "post" and not data.get("address") and "address" not in self.errors:
            self.add_error(
                "address", ValidationError(_("选择邮寄获取时请填写通信地址。"), code="required")
            )
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def application_data(self) -> dict[str, Any]:
        """``data`` for ``services.submit_online_application`` (keys = model field names)."""
        return {key: self.cleaned_data.get(key) or "" for key in DATA_FIELDS}

    def link_errors(self) -> None:
        """Point each input at its error and help texts (aria-describedby, aria-invalid), so a
        screen reader announces the error when the field gets the focus."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if name in self.errors:
                ids.append(f"{bound.auto_id}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if ids and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class TrackForm(PublicForm):
    tracking_no = forms.CharField(
        label=_("受理编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("提交申请时页面显示的查询码，不区分大小写。"),
    )
