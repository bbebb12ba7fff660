"""Forms of the public site: the record filters and the search box (GET, labelled fields)."""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.models import Validity
from gongkai.portal.selectors import AGENCY_TEXT_MAX

SORT_CHOICES = (("relevance", _("按相关度")), ("date", _("按发布日期")))


@functools.lru_cache(maxsize=64)
def _options_html(options: tuple[tuple[str, str], ...]) -> str:
    """The ``<option>`` elements of ``options``, none selected (the same few lists are shown
    on every page: agencies, categories, years)."""
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in options
    )


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python: a county has hundreds of agencies, and Django's
    template-per-option rendering costs milliseconds per hundred options. The options' HTML is
    built once per list; a request only marks its selected option."""

    #: Options set directly (not normalised by Django on every assignment): (value, label).
    options: list[tuple[Any, Any]] | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> str:
        final = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        pairs = self.options if self.options is not None else self.choices
        options = _options_html(
            tuple(("" if v is None else str(v), str(label)) for v, label in pairs)
        )
        plain = f'<option value="{escape(selected)}">'
        options = options.replace(plain, plain[:-1] + " selected>", 1)
        attributes = "".join(
            f' {escape(k)}="{escape(v)}"' for k, v in final.items() if v is not None
        )
        # every part is escaped: the options by _options_html, the rest here
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')


class RecordFilterForm(forms.Form):
    #: a code; the view looks the agency up (an unknown code filters nothing). Not a
    #: ChoiceField: Django would normalise and copy hundreds of choices on every request.
    agency = forms.CharField(label=_("发布机关"), required=False, max_length=32, widget=FastSelect)
    #: a code too (choices from the portal's cache; an unknown code finds nothing)
    category = forms.CharField(label=_("栏目"), required=False, max_length=32, widget=FastSelect)
    year = forms.TypedChoiceField(
        label=_("发布年份"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    validity = forms.ChoiceField(
        label=_("有效性"),
        required=False,
        widget=FastSelect,
        choices=[("", _("全部"))] + [(v, label) for v, label in Validity.choices if v],
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]] | None,
        years: list[int],
        categories: list[tuple[str, str]],
        agency_notice: str = "",
        agency_not_found: bool = False,
        **kwargs: Any,
    ) -> None:
        """``agencies`` None: too many for a drop-down, the 发布机关 is typed (a name, part of
        one, or a code; the view looks it up). ``agency_notice``: the id of the message saying
        what the typed text found, read out with the field."""
        super().__init__(*args, **kwargs)
        if agencies is None:
            described_by = f"id_agency_helptext {agency_notice}".strip()
            attrs = {"maxlength": str(AGENCY_TEXT_MAX), "aria-describedby": described_by}
            if agency_not_found:
                attrs["aria-invalid"] = "true"
            # no max_length: an overlong text is not an agency, and says so, without
            # dropping the other filters with an invalid form
            self.fields["agency"] = forms.CharField(
                label=_("发布机关"),
                required=False,
                help_text=_("输入机关名称或代码"),
                widget=forms.TextInput(attrs=attrs),
            )
        else:
            self.fields["agency"].widget.options = [("", _("全部机关")), *agencies]
        self.fields["category"].widget.options = [("", _("全部栏目")), *categories]
        self.fields["year"].choices = [("", _("全部年份"))] + [(y, f"{y}年") for y in years]


class SearchForm(RecordFilterForm):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("排序"), required=False, choices=SORT_CHOICES, widget=FastSelect
    )

    field_order = ("q", "agency", "category", "year", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["validity"]
