"""Forms of the catalogue's staff pages (input only: the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalogue.entry import AUDIENCES, CHANNELS, ENTRY_FIELDS, LEVELS, MODES
from gongkai.catalogue.models import Category, RecordStatus, RelationKind, Validity
from gongkai.catalogue.services import RecordData

DATE_INPUT = {
    "input_formats": ["%Y-%m-%d"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}
DATE_ERRORS = {"invalid": _("请输入 YYYY-MM-DD 格式的日期")}


class CategoryChoiceField(forms.ChoiceField):
    """Categories in tree order, indented by depth; cleans to a :class:`Category`."""

    def __init__(
        self, categories: list[tuple[Category, int]], *, empty_label: str, **kwargs: Any
    ) -> None:
        self.by_pk = {str(c.pk): c for c, _depth in categories}
        choices = [("", empty_label)] + [
            (str(c.pk), "\u3000" * depth + c.name) for c, depth in categories
        ]
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return str(value.pk) if isinstance(value, Category) else value

    def clean(self, value: Any) -> Category | None:
        key = super().clean(value)
        return self.by_pk.get(key) if key else None


class RecordForm(forms.Form):
    category = forms.ChoiceField(label=_("栏目"))
    title = forms.CharField(label=_("标题"), max_length=300)
    document_no = forms.CharField(
        label=_("文号"),
        max_length=100,
        required=False,
        help_text=_("例如 岢政〔2024〕3号；没有文号的留空"),
    )
    publisher = forms.CharField(
        label=_("发布机构"), max_length=200, required=False, help_text=_("留空则为本机关名称")
    )
    subject = forms.CharField(
        label=_("主题分类"), max_length=100, required=False, help_text=_("例如 综合政务\\政务公开")
    )
    keywords = forms.CharField(label=_("关键词"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("内容概述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_html = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "可直接粘贴文字（每行一段），也可使用段落、标题、加粗、列表、表格和链接等格式（HTML）；"
            "脚本、样式、图片等会被自动清除，图片请作为附件上传。"
        ),
    )
    written_on = forms.DateField(label=_("成文日期"), error_messages=DATE_ERRORS, **DATE_INPUT)
    changed_on = forms.DateField(
        label=_("变更日期"),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_(
            "信息发生变更的，填写变更之日（条例第二十六条：自形成或者变更之日起20个工作日内公开）"
        ),
        **DATE_INPUT,
    )
    validity = forms.ChoiceField(
        label=_("有效性"),
        choices=Validity.choices,
        required=False,
        help_text=_("政策文件填写；其他栏目选“不适用”"),
    )
    abolished_on = forms.DateField(
        label=_("废止日期"), required=False, error_messages=DATE_ERRORS, **DATE_INPUT
    )
    note = forms.CharField(
        label=_("变更说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("已发布信息的修改会作为变更记录保存，请说明修改内容和原因"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[Category, int]],
        published: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryChoiceField(
            categories, label=_("栏目"), empty_label=_("请选择栏目")
        )
        if not published:
            del self.fields["note"]
        else:
            self.fields["note"].required = True

    def record_data(self) -> RecordData:
        d = self.cleaned_data
        return RecordData(
            category=d["category"],
            title=d["title"],
            written_on=d["written_on"],
            document_no=d.get("document_no", ""),
            publisher=d.get("publisher", ""),
            subject=d.get("subject", ""),
            keywords=d.get("keywords", ""),
            summary=d.get("summary", ""),
            body_html=d.get("body_html", ""),
            changed_on=d.get("changed_on"),
            validity=d.get("validity", ""),
            abolished_on=d.get("abolished_on"),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"), help_text=_("PDF、Word（DOCX）、Excel（XLSX）、PNG 或 JPEG 文件")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("关联类型"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(queryset=None, label=_("关联信息"), empty_label=_("请选择信息"))  # type: ignore[arg-type]
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = targets
        field.label_from_instance = lambda r: f"{r.title}（{r.index_no or r.get_status_display()}）"  # type: ignore[method-assign]


class RecordFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *list(RecordStatus.choices)]
    )
    category = forms.ModelChoiceField(
        queryset=None, label=_("栏目"), required=False, empty_label=_("全部")
    )  # type: ignore[arg-type]
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)
    late = forms.BooleanField(label=_("仅超期发布"), required=False)
    agency = forms.ModelChoiceField(
        queryset=None, label=_("机关"), required=False, empty_label=_("全部")
    )  # type: ignore[arg-type]
    q = forms.CharField(label=_("标题、文号或索引号"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[Category, int]],
        years: list[int],
        agencies: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryChoiceField(
            categories, label=_("栏目"), required=False, empty_label=_("全部")
        )
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("全部"))] + [(y, str(y)) for y in years]
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies
        if agencies.count() <= 1:
            del self.fields["agency"]


class CategoryForm(forms.Form):
    parent = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("上级栏目"))
    name = forms.CharField(label=_("栏目名称"), max_length=100)
    code = forms.CharField(
        label=_("栏目代码"),
        max_length=32,
        help_text=_("小写英文字母、数字和连字符，用于网址和索引号，创建后不能修改，例如 zcdt"),
    )
    position = forms.IntegerField(
        label=_("排序"), min_value=0, initial=100, help_text=_("数字小的排在前面")
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=ENTRY_FIELDS["content"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label=ENTRY_FIELDS["basis"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.CharField(label=ENTRY_FIELDS["deadline"], required=False, max_length=200)
    subject = forms.CharField(label=ENTRY_FIELDS["subject"], required=False, max_length=200)
    channels = forms.MultipleChoiceField(
        label=ENTRY_FIELDS["channels"],
        required=False,
        choices=[(c, c) for c in CHANNELS],
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label=ENTRY_FIELDS["audience"],
        required=False,
        choices=[("", "—")] + [(a, a) for a in AUDIENCES],
    )
    mode = forms.ChoiceField(
        label=ENTRY_FIELDS["mode"], required=False, choices=[("", "—")] + [(m, m) for m in MODES]
    )
    level = forms.ChoiceField(
        label=ENTRY_FIELDS["level"], required=False, choices=[("", "—")] + [(v, v) for v in LEVELS]
    )

    ENTRY_KEYS = tuple(ENTRY_FIELDS)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[Category, int]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = CategoryChoiceField(
            categories, label=_("上级栏目"), empty_label=_("请选择上级栏目")
        )
        if editing:
            del self.fields["code"]

    def entry(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in self.ENTRY_KEYS}


class CategorySettingForm(forms.Form):
    applicable = forms.TypedChoiceField(
        label=_("是否适用"),
        choices=[("1", _("适用")), ("0", _("不适用"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("不适用的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "例如：本镇无国有土地上房屋征收事项。公开门户的“未涉及领域事项说明”会显示此理由。"
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("导入文件"),
        help_text=_("CSV（UTF-8）或 Excel（XLSX）文件，列见下表"),
        allow_empty_file=True,
    )


def agency_choices(agencies: Any) -> Any:
    return agencies.order_by("code") if hasattr(agencies, "order_by") else Agency.objects.none()
