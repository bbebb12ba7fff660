"""The annual report workspace (条例第四十九、五十条; format 国办公开办函〔2021〕30号).

``AnnualReport`` is an agency's report for a year: what staff enter (the table-二 figures the
platform cannot know, the narrative) beside what the platform computes on the fly (tables
二, 三, 四 through :mod:`gongkai.reports.compute`). Publishing freezes the figures and the text
into a ``ReportVersion``; a corrected version is a new ``ReportVersion`` with a change note.
A report published before the platform (read from its file with ``gongkai.annual`` readers)
is an ``AnnualReport`` with ``source=imported`` and one version.

``WorkLogEntry`` is the 工作台账: dated facts no case or record holds (监督电话 calls, training,
posts on other platforms, rules adopted, assessments) that the narrative states.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class ReportSource(models.TextChoices):
    PLATFORM = "platform", _("由平台数据编制")
    IMPORTED = "imported", _("导入已发布的报告")


class NarrativePart(models.TextChoices):
    """The narrative's editable parts: the five sub-parts of 一、总体情况 (条例第五十条, 30号),
    五 and 六."""

    ACTIVE = "active", _("主动公开")
    APPLICATIONS = "applications", _("依申请公开")
    MANAGEMENT = "management", _("政府信息管理")
    PLATFORM = "platform", _("政府信息公开平台建设")
    SUPERVISION = "supervision", _("监督保障")
    PROBLEMS = "problems", _("存在的主要问题及改进情况")
    OTHER = "other", _("其他需要报告的事项")


#: The sub-parts of 一、总体情况, in order, with the headings printed before each.
OVERVIEW_PARTS: tuple[tuple[str, str], ...] = (
    (NarrativePart.ACTIVE, "（一）主动公开"),
    (NarrativePart.APPLICATIONS, "（二）依申请公开"),
    (NarrativePart.MANAGEMENT, "（三）政府信息管理"),
    (NarrativePart.PLATFORM, "（四）政府信息公开平台建设"),
    (NarrativePart.SUPERVISION, "（五）监督保障"),
)


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("行政机关"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(
        _("来源"), max_length=20, choices=ReportSource.choices, default=ReportSource.PLATFORM
    )
    # --- table 二: what the platform cannot know (条例第二十条第（五）（六）（八）项) ----------
    licensing = models.PositiveIntegerField(_("行政许可处理决定数量"), null=True, blank=True)
    penalty = models.PositiveIntegerField(_("行政处罚处理决定数量"), null=True, blank=True)
    enforcement = models.PositiveIntegerField(_("行政强制处理决定数量"), null=True, blank=True)
    fees_wan_yuan = models.DecimalField(
        _("行政事业性收费金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    figures_source = models.TextField(
        _("数据来源说明"),
        blank=True,
        help_text=_(
            "例如：行政许可、处罚、强制数量取自县政务服务平台和执法系统，收费金额取自财政票据"
        ),
    )
    # 信息处理费 (国办函〔2020〕109号), reported under 六 (DOMAIN.md §2.7, U3)
    fee_notices = models.PositiveIntegerField(_("发出收费通知件数"), null=True, blank=True)
    fee_notice_yuan = models.DecimalField(
        _("收费通知总金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_collected_yuan = models.DecimalField(
        _("实际收取总金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    #: part → text as edited (NarrativePart keys).
    narrative = models.JSONField(_("正文"), default=dict, blank=True)
    #: part → the text as drafted from the data, to notice when the data have moved since.
    drafted = models.JSONField(_("起草时的正文"), default=dict, blank=True)
    #: The last run of the checks (the county's "run all checks"), for the roll-up's status.
    checked_at = models.DateTimeField(_("最近检查时间"), null=True, blank=True)
    check_errors = models.PositiveIntegerField(_("错误数"), default=0)
    check_open_warnings = models.PositiveIntegerField(_("未确认的提示数"), default=0)
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
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ("-year", "agency__code")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="reports_one_per_year"),
        )

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)

    def latest_version(self) -> ReportVersion | None:
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    """A published state of a report: figures and text frozen as they were published."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    published_on = models.DateField(_("发布日期"))
    #: The report in the ``gongkai.annual/1`` JSON shape.
    data = models.JSONField(_("数据"))
    #: Section key (overview … other) → text as published.
    narrative = models.JSONField(_("正文"))
    #: A digest of the computed figures when published (notice of data that moved since).
    fingerprint = models.CharField(_("数据指纹"), max_length=64, blank=True)
    change_note = models.TextField(_("更正说明"), blank=True)
    acknowledgements = models.JSONField(_("已确认的提示"), default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度报告发布版本")
        verbose_name_plural = _("年度报告发布版本")
        ordering = ("report", "number")
        constraints = (
            models.UniqueConstraint(fields=["report", "number"], name="reports_version_once"),
        )

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports_public:report", kwargs={"code": self.report.agency.code, "year": self.year}
        )

    @property
    def year(self) -> int:
        return self.report.year

    @property
    def title(self) -> str:
        return self.report.title


class Acknowledgement(models.Model):
    """A warning of the checks that a staff member read and accepted, with a note."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年度报告"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    code = models.CharField(_("检查代码"), max_length=64)
    where = models.CharField(_("位置"), max_length=200)
    note = models.TextField(_("说明"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已确认的检查提示")
        verbose_name_plural = _("已确认的检查提示")
        constraints = (
            models.UniqueConstraint(
                fields=["report", "code", "where"], name="reports_acknowledge_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.code}@{self.where}"

    @property
    def key(self) -> str:
        return f"{self.code}@{self.where}"


class LogKind(models.TextChoices):
    """What a 工作台账 entry records; each feeds one narrative part."""

    SUPERVISION_PHONE = "supervision_phone", _("监督电话")
    TRAINING = "training", _("教育培训")
    OTHER_PLATFORM = "other_platform", _("其他平台发布")
    RULES = "rules", _("制度建设")
    ASSESSMENT = "assessment", _("考核、评议、责任追究")
    MANAGEMENT = "management", _("政府信息管理")
    OTHER = "other", _("其他")


#: Log kind → the narrative part it feeds.
LOG_PART: dict[str, str] = {
    LogKind.SUPERVISION_PHONE: NarrativePart.SUPERVISION,
    LogKind.TRAINING: NarrativePart.SUPERVISION,
    LogKind.ASSESSMENT: NarrativePart.SUPERVISION,
    LogKind.OTHER_PLATFORM: NarrativePart.PLATFORM,
    LogKind.RULES: NarrativePart.MANAGEMENT,
    LogKind.MANAGEMENT: NarrativePart.MANAGEMENT,
    LogKind.OTHER: NarrativePart.OTHER,
}


class WorkLogEntry(models.Model):
    """工作台账: one dated fact of the agency's disclosure work."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("行政机关"), on_delete=models.PROTECT, related_name="work_log"
    )
    on = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=30, choices=LogKind.choices)
    text = models.CharField(
        _("内容"),
        max_length=500,
        help_text=_("写成可放入年度报告的一句话，例如：派信息公开专干赴南阳参加政务公开业务培训"),
    )
    figure = models.PositiveIntegerField(
        _("数量"), null=True, blank=True, help_text=_("例如来电次数、发布期数；没有的留空")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作台账")
        verbose_name_plural = _("工作台账")
        ordering = ("-on", "-id")
        indexes = (models.Index(fields=["agency", "on"], name="reports_log_agency_on"),)

    def __str__(self) -> str:
        return f"{self.on} {self.text}"


class TownDeadline(models.Model):
    """The date by which the towns (乡镇、街道) under a county publish their report: not in the
    条例, set by the county's 主管部门 (DOMAIN.md U15)."""

    county = models.OneToOneField(
        Agency, verbose_name=_("县级人民政府"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("月"))
    day = models.PositiveSmallIntegerField(_("日"))

    class Meta:
        verbose_name = _("乡镇年报发布期限")
        verbose_name_plural = _("乡镇年报发布期限")

    def __str__(self) -> str:
        return f"{self.county.name}: {self.month}月{self.day}日"
