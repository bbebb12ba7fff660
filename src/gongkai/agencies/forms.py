from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import GUIDE_MAX_LENGTH, Agency
from gongkai.agencies.services import AGENCY_CONTACT_FIELDS


class AgencyContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """Contact data and 指南 text, edited by the agency's own 管理员."""

    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = AGENCY_CONTACT_FIELDS
        widgets = {  # noqa: RUF012
            "guide": forms.Textarea(attrs={"rows": 20, "maxlength": GUIDE_MAX_LENGTH})
        }


class OneTimeCodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    token = forms.CharField(
        label=_("动态验证码"),
        min_length=6,
        max_length=8,
        help_text=_("打开手机上的身份验证器应用，输入本平台对应的 6 位数字。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("请输入 6 位动态验证码。")},
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("动态验证码只包含数字。"))
        return token


class AuditFilterForm(forms.Form):
    """Filters of the audit trail page (all optional)."""

    since = forms.DateField(
        label=_("起始日期"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("截止日期"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    action = forms.ChoiceField(label=_("操作"), required=False)
    actor = forms.CharField(label=_("操作人账号"), required=False, max_length=150)
    agency = forms.ModelChoiceField(
        label=_("行政机关"), required=False, queryset=Agency.objects.none(), empty_label=_("全部")
    )

    def __init__(
        self, *args: object, agencies: object, actions: list[tuple[str, str]], **kw: object
    ):
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("全部")), *actions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:  # type: ignore[operator]
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data
