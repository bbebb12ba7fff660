from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.agencies.services import AGENCY_CONTACT_FIELDS


class AgencyContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """Contact data and 指南 text, edited by the agency's own 管理员."""

    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = AGENCY_CONTACT_FIELDS
        widgets = {"guide": forms.Textarea(attrs={"rows": 20})}  # noqa: RUF012
