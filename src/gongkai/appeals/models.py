"""行政复议 and 行政诉讼 cases about an agency's disclosure work (条例第五十一条), counted in
table 四 of the annual report (国办公开办函〔2021〕30号).

A case is one of the three groups of table 四: 行政复议, 行政诉讼 filed without reconsideration
(未经复议直接起诉) or after it (复议后起诉, linked to its reconsideration). Its result is one of the
table's columns: 维持, 纠正 (with the kind of correction), 其他结果, or none yet (尚未审结).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class CaseKind(models.TextChoices):
    """The three groups of table 四 (keys = ``gongkai.annual.format.REVIEW_GROUP_KEYS``)."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER = "litigation_after_reconsideration", _("行政诉讼（复议后起诉）")


class Result(models.TextChoices):
    """The result columns of table 四 (keys = ``gongkai.annual.format.REVIEW_COLUMNS``)."""

    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正")
    OTHER = "other", _("其他结果")


class CorrectionKind(models.TextChoices):
    """What 「纠正」 covers in practice (DOMAIN.md §3.5, ◑)."""

    REVOKED = "revoked", _("撤销")
    ANNULLED = "annulled", _("确认无效")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("确认违法")
    ORDERED_REANSWER = "ordered_reanswer", _("责令重新答复或履行")
    CHANGED = "changed", _("变更")


class OtherResultKind(models.TextChoices):
    """What 「其他结果」 covers in practice (DOMAIN.md §3.5, ◑)."""

    REJECTED = "rejected", _("驳回")
    TERMINATED = "terminated", _("终止")
    WITHDRAWN = "withdrawn", _("撤回申请或撤诉")
    MEDIATED = "mediated", _("调解、和解")
    OTHER = "other", _("其他")


class StageKind(models.TextChoices):
    FILED = "filed", _("申请或起诉")
    ACCEPTED = "accepted", _("受理或立案")
    DEFENCE = "defence", _("提交答复或答辩")
    HEARING = "hearing", _("听证或开庭")
    DECIDED = "decided", _("作出决定或裁判")
    APPEAL = "appeal", _("上诉")
    OTHER = "other", _("其他")


class AppealCase(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("被申请人或被告机关"),
        on_delete=models.PROTECT,
        related_name="appeal_cases",
    )
    kind = models.CharField(_("类型"), max_length=40, choices=CaseKind.choices)
    #: The disclosure application the case is about, when it is on the platform.
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeal_cases",
    )
    #: The application's number when it is not on the platform (handled before it).
    application_ref = models.CharField(
        _("相关申请编号"),
        max_length=64,
        blank=True,
        help_text=_("案件涉及的政府信息公开申请的受理编号；没有的留空"),
    )
    reconsideration = models.ForeignKey(
        "self",
        verbose_name=_("此前的行政复议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigations",
        help_text=_("复议后起诉的，选择此前的行政复议案件"),
    )
    body = models.CharField(
        _("复议机关或人民法院"),
        max_length=200,
        help_text=_("例如 内乡县人民政府、内乡县人民法院"),
    )
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    applicant = models.CharField(_("申请人或原告"), max_length=200, blank=True)
    subject = models.CharField(_("案由"), max_length=300, blank=True)
    filed_on = models.DateField(_("申请或起诉日期"))
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, blank=True)
    correction_kind = models.CharField(
        _("纠正方式"), max_length=30, choices=CorrectionKind.choices, blank=True
    )
    other_kind = models.CharField(
        _("其他结果"), max_length=30, choices=OtherResultKind.choices, blank=True
    )
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政复议或行政诉讼案件")
        verbose_name_plural = _("行政复议和行政诉讼案件")
        ordering = ("-filed_on", "-id")
        indexes = (
            models.Index(fields=["agency", "filed_on"], name="appeals_agency_filed"),
            models.Index(fields=["agency", "decided_on"], name="appeals_agency_decided"),
        )
        constraints = (
            models.CheckConstraint(
                condition=models.Q(kind__in=CaseKind.values), name="appeals_kind_known"
            ),
            # a result and a decision date come together (尚未审结: neither)
            models.CheckConstraint(
                condition=(models.Q(result="") & models.Q(decided_on__isnull=True))
                | (~models.Q(result="") & models.Q(decided_on__isnull=False)),
                name="appeals_result_with_date",
            ),
        )

    def __str__(self) -> str:
        label = self.case_number or f"#{self.pk}"
        return f"{self.get_kind_display()} {label}"

    @property
    def is_pending(self) -> bool:
        return not self.result

    def result_label(self) -> str:
        if not self.result:
            return str(_("尚未审结"))
        label = str(self.get_result_display())
        detail = ""
        if self.result == Result.CORRECTED and self.correction_kind:
            detail = str(self.get_correction_kind_display())
        elif self.result == Result.OTHER and self.other_kind:
            detail = str(self.get_other_kind_display())
        return f"{label}（{detail}）" if detail else label


class AppealStage(models.Model):
    """A dated step of a case (受理, 答辩, 开庭 …), in the order they happened."""

    case = models.ForeignKey(
        AppealCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("阶段"), max_length=20, choices=StageKind.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件阶段")
        verbose_name_plural = _("案件阶段")
        ordering = ("on", "id")

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


def _document_path(instance: AppealDocument, filename: str) -> str:
    return f"appeals/{instance.case_id}/{filename}"


class AppealDocument(models.Model):
    """A document of the case (复议申请书, 答复书, 决定书, 判决书 …), checked by content."""

    case = models.ForeignKey(
        AppealCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("文书名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件文书")
        verbose_name_plural = _("案件文书")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.title
