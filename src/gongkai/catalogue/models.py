"""主动公开 (条例第三章): categories of the 政府信息公开专栏, disclosed records, their
attachments, relations and timeline, the 索引号 sequences and per-agency category settings.

State changes go through :mod:`gongkai.catalogue.services`; reads for a purpose through
:mod:`gongkai.catalogue.selectors`. Nothing here has business logic in ``save()``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue import timeliness

#: Category codes go into URLs and the 索引号: lower-case letters, digits and hyphens.
CATEGORY_CODE_RE = r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$"
category_code_validator = RegexValidator(
    CATEGORY_CODE_RE,
    message=_("栏目代码只能由小写英文字母、数字和连字符组成（1–32 位，不以连字符开头或结尾）。"),
    code="invalid_category_code",
)


class ReportKey(models.TextChoices):
    """Which line of the annual report's table 二 (DOMAIN.md §3.3) a category feeds."""

    NONE = "", _("无")
    RULES = "rules", _("规章")
    NORMATIVE_DOCUMENTS = "normative_documents", _("行政规范性文件")
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    FEES = "fees", _("行政事业性收费")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")


class CategoryKind(models.TextChoices):
    COLUMN = "column", _("栏目")
    AREA = "area", _("基层政务公开标准目录领域")


class Category(models.Model):
    """A column of the 政府信息公开专栏.

    ``agency`` is null for the standard tree every agency has (loaded from
    ``catalogue/data/categories.toml``); an agency's own sub-categories carry the agency.
    ``agency_kinds`` lists the agency kinds a standard category applies to (empty: every
    agency), e.g. 第二十一条's town items only for 乡镇. ``entry`` holds the 基层政务公开标准目录
    fields of an area or item (DOMAIN.md §5.3; keys in ``entry.ENTRY_FIELDS``).
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("所属机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_categories",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("栏目代码"), max_length=32, validators=[category_code_validator])
    name = models.CharField(_("栏目名称"), max_length=100)
    position = models.PositiveIntegerField(_("排序"), default=0)
    kind = models.CharField(
        _("栏目类型"), max_length=10, choices=CategoryKind.choices, default=CategoryKind.COLUMN
    )
    article = models.CharField(_("条例依据"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)
    report_key = models.CharField(
        _("年报统计项"), max_length=32, choices=ReportKey.choices, blank=True, default=""
    )
    has_validity = models.BooleanField(_("标注有效性"), default=False)
    agency_kinds = models.JSONField(_("适用机关类型"), default=list, blank=True)
    entry = models.JSONField(_("标准目录要素"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("公开栏目")
        verbose_name_plural = _("公开栏目")
        ordering = ("position", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(agency__isnull=True),
                name="catalogue_category_standard_code_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(agency__isnull=False),
                name="catalogue_category_agency_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(report_key__in=ReportKey.values),
                name="catalogue_category_report_key_known",
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def is_standard(self) -> bool:
        return self.agency_id is None


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审查")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Validity(models.TextChoices):
    """有效性 of a policy document (DOMAIN.md §6.2)."""

    NONE = "", _("不适用")
    VALID = "valid", _("现行有效")
    AMENDED = "amended", _("已修改")
    ABOLISHED = "abolished", _("已废止")


class Record(models.Model):
    """One piece of 政府信息 disclosed proactively, with the metadata of DOMAIN.md §6.2.

    ``index_no`` (索引号) is blank until the record is first published, then unique and never
    changed (see docs/catalogue.md). ``publish_workdays`` caches the working days from
    成文日期 (or 变更日期) to 发布日期 (条例第二十六条); only the services write it.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("行政机关"),
        on_delete=models.PROTECT,
        related_name="catalogue_records",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="records"
    )
    index_no = models.CharField(_("索引号"), max_length=80, blank=True, default="")
    title = models.CharField(_("标题"), max_length=300)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=200, blank=True)
    subject = models.CharField(_("主题分类"), max_length=100, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body_html = models.TextField(_("正文"), blank=True)
    body_text = models.TextField(_("正文（纯文本）"), blank=True)
    written_on = models.DateField(_("成文日期"))
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, blank=True, default=""
    )
    abolished_on = models.DateField(_("废止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
    )
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    publish_workdays = models.IntegerField(_("发布用时（工作日）"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ("-published_on", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["index_no"],
                condition=~Q(index_no=""),
                name="catalogue_record_index_no_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecordStatus.values), name="catalogue_record_status_known"
            ),
            models.CheckConstraint(
                condition=Q(validity__in=Validity.values),
                name="catalogue_record_validity_known",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "withdrawn"])
                | (~Q(index_no="") & Q(published_on__isnull=False)),
                name="catalogue_record_published_has_index_no",
            ),
        )
        indexes = (
            models.Index(
                fields=["agency", "status", "published_on"], name="catalogue_rec_agency_idx"
            ),
            models.Index(fields=["status", "published_on"], name="catalogue_rec_published_idx"),
            models.Index(fields=["category", "status"], name="catalogue_rec_category_idx"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Published after the 20 working days of 条例第二十六条."""
        return timeliness.is_late(self.publish_workdays)


class RelationKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("政策解读")
    REVISION = "revision", _("修订")
    RELATED = "related", _("相关信息")


class RecordRelation(models.Model):
    """``target`` is the ``kind`` of ``source``: e.g. the 解读 (target) of a policy (source)."""

    source = models.ForeignKey(
        Record, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="relations_out"
    )
    target = models.ForeignKey(
        Record, verbose_name=_("关联信息"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("关联类型"), max_length=20, choices=RelationKind.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关联信息")
        verbose_name_plural = _("关联信息")
        ordering = ("kind", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="catalogue_relation_once"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="catalogue_relation_not_self"
            ),
        )

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.kind})"


class TextStatus(models.TextChoices):
    PENDING = "pending", _("待提取")
    DONE = "done", _("已提取")
    NONE = "none", _("无文字")
    FAILED = "failed", _("提取失败")


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """Stored under MEDIA_ROOT by agency and a random name; the original name is a field."""
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    agency_code = instance.record.agency.code if instance.record_id else "unknown"
    return f"catalogue/{agency_code}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file attached to a record (PDF, DOCX, XLSX, PNG, JPEG; checked by content)."""

    record = models.ForeignKey(
        Record, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("提取的文字"), blank=True)
    text_status = models.CharField(
        _("文字提取"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_error = models.CharField(_("提取失败原因"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    CREATED = "created", _("创建草稿")
    IMPORTED = "imported", _("批量导入")
    EDITED = "edited", _("修改")
    SUBMITTED = "submitted", _("提交保密审查")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审查通过并发布")
    CHANGED = "changed", _("发布后变更")
    WITHDRAWN = "withdrawn", _("撤回")
    REOPENED = "reopened", _("重新编辑")
    MIGRATED = "migrated", _("迁移已发布信息")
    ATTACHMENT_ADDED = "attachment_added", _("上传附件")
    ATTACHMENT_REMOVED = "attachment_removed", _("删除附件")
    RELATION_ADDED = "relation_added", _("添加关联")
    RELATION_REMOVED = "relation_removed", _("删除关联")


class RecordEvent(models.Model):
    """The timeline of a record: one row per step, written with the step and its audit row."""

    record = models.ForeignKey(
        Record, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("操作"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    note = models.TextField(_("说明"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.record_id} {self.kind}"


class IndexSequence(models.Model):
    """The last sequence number used for 索引号 of (agency, category code, year).

    Taken with ``SELECT … FOR UPDATE`` by the service that assigns a number, so two
    reviewers publishing at the same moment never get the same number.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("行政机关"), on_delete=models.CASCADE, related_name="+"
    )
    category_code = models.CharField(_("栏目代码"), max_length=32)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("索引号序号")
        verbose_name_plural = _("索引号序号")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "category_code", "year"], name="catalogue_index_sequence_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.category_code}/{self.year}: {self.last}"


class AgencyCategorySetting(models.Model):
    """Whether a standard category (typically a 基层标准目录 area) applies to an agency.

    No row means "applies". A category that does not apply carries the reason, which the
    portal shows as the 未涉及领域事项说明 (DOMAIN.md §5.2).
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("行政机关"),
        on_delete=models.CASCADE,
        related_name="catalogue_category_settings",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("栏目"), on_delete=models.CASCADE, related_name="settings"
    )
    applicable = models.BooleanField(_("适用"), default=True)
    reason = models.TextField(_("不适用的理由"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("栏目适用设置")
        verbose_name_plural = _("栏目适用设置")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "category"], name="catalogue_category_setting_once"
            ),
            models.CheckConstraint(
                condition=Q(applicable=True) | ~Q(reason=""),
                name="catalogue_category_setting_reason_required",
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.category_id}: {self.applicable}"
