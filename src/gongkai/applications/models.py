"""依申请公开 (条例第四章): applications, their events (the timeline), per-item outcomes, issued
documents, fee records, consultations and the 受理编号 sequences.

State changes go through :mod:`gongkai.applications.services`; reads for a purpose through
:mod:`gongkai.applications.selectors`; the allowed stage changes are the table in
:mod:`gongkai.applications.workflow`. Nothing here has business logic in ``save()``.

The applicant's ID number and telephone are encrypted at rest (``gongkai.core.fields``); a keyed
digest of the ID number finds the same applicant again (duplicates, 第三十五条 volume) without
storing the number in clear.

The due date is derived from the events by ``gongkai.workdays`` (STYLE.md §5); ``due_on`` and
its flags are a cache written only by the services, so that a calendar correction can recompute
every open application (``services.application_due_recompute_all``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.annual.format import APPLICATION_BY_KEY, OUTCOME_ROW_KEYS
from gongkai.core.fields import EncryptedTextField


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class ApplicantType(models.TextChoices):
    """The six applicant columns of table 三 (30号); the keys are ``APPLICANT_COLUMN_KEYS``."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


ORGANISATION_TYPES = tuple(t for t in ApplicantType.values if t != ApplicantType.NATURAL_PERSON)


class IdType(models.TextChoices):
    """条例第二十九条第二款（一）: 身份证明."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    USCC = "uscc", _("统一社会信用代码")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他证件")


class FormWanted(models.TextChoices):
    """条例第二十九条第二款（三）、第四十条: the form the information is wanted in."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文档")
    VIEW = "view", _("现场查阅")


class DeliveryMethod(models.TextChoices):
    """条例第二十九条第二款（三）: how the applicant receives it."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class Channel(models.TextChoices):
    """How the application arrived; 条例第三十一条 fixes the receipt date per channel."""

    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_POST = "registered_post", _("邮寄（需签收）")
    ORDINARY_POST = "ordinary_post", _("平信（无需签收）")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上申请")


#: 条例第三十一条: the channels whose receipt date is a confirmation with the applicant
#: (the application waits in 待确认 until then): 第（三）项 平信, 第（四）项 互联网渠道和传真.
#: E-mail is a 互联网渠道 too.
CONFIRMATION_CHANNELS = frozenset(
    {Channel.ORDINARY_POST, Channel.FAX, Channel.EMAIL, Channel.ONLINE}
)


class Stage(models.TextChoices):
    """条例第四十五条: 登记、审核、办理、答复、归档, with 待确认 before receipt (第三十一条)."""

    PENDING = "pending", _("待确认")
    RECEIVED = "received", _("已接收")
    REGISTERED = "registered", _("已登记")
    HANDLING = "handling", _("办理中")
    REVIEW = "review", _("待审核")
    APPROVED = "approved", _("待答复")
    REPLIED = "replied", _("已答复")
    DELIVERED = "delivered", _("已送达")
    ARCHIVED = "archived", _("已归档")
    DISCARDED = "discarded", _("已作废")


#: Stages whose reply period is running (or waiting): not yet answered.
OPEN_STAGES = frozenset(
    {Stage.RECEIVED, Stage.REGISTERED, Stage.HANDLING, Stage.REVIEW, Stage.APPROVED}
)


class Waiting(models.TextChoices):
    """What an open application waits for (shown on the dashboard)."""

    NONE = "", _("无")
    SUPPLEMENT = "supplement", _("等待补正")
    CONSULTATION = "consultation", _("征求意见中")
    FEE = "fee", _("等待缴费")


OUTCOME_CHOICES = [
    (key, f"{APPLICATION_BY_KEY[key].number}{APPLICATION_BY_KEY[key].label}")
    for key in OUTCOME_ROW_KEYS
]


class Application(models.Model):
    """One 政府信息公开申请 (条例第二十九条), from receipt to archive."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    tracking_no = models.CharField(_("受理编号"), max_length=40, unique=True)
    query_code_hash = models.CharField(_("查询码（摘要）"), max_length=200, blank=True)
    # -- the applicant (条例第二十九条第二款（一）) ---------------------------------------------
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_type = models.CharField(_("申请人类别"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=200)
    contact_person = models.CharField(
        _("联系人"), max_length=100, blank=True, help_text=_("法人或其他组织的联系人")
    )
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("证件号码"), blank=True)
    id_number_masked = models.CharField(_("证件号码（遮蔽）"), max_length=40, blank=True)
    id_digest = models.CharField(_("证件号码摘要"), max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    # -- what is asked for (第二十九条第二款（二）（三）) -----------------------------------------
    description = models.TextField(_("所需政府信息的名称、文号或者特征性描述"))
    purpose = models.TextField(_("其他说明"), blank=True)
    form_wanted = models.CharField(_("提供形式"), max_length=20, choices=FormWanted.choices)
    delivery_method = models.CharField(_("获取方式"), max_length=20, choices=DeliveryMethod.choices)
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    # -- dates and state ------------------------------------------------------------------
    submitted_at = models.DateTimeField(_("提交/到达时间"))
    received_on = models.DateField(
        _("收到申请之日"), null=True, blank=True, help_text=_("条例第三十一条")
    )
    stage = models.CharField(
        _("办理阶段"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED
    )
    waiting = models.CharField(
        _("等待事项"), max_length=20, choices=Waiting.choices, blank=True, default=""
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("办理结果"), max_length=20, choices=OUTCOME_CHOICES, blank=True, default=""
    )
    outcome_overridden = models.BooleanField(_("办理结果由公开办指定"), default=False)
    reply_text = models.TextField(_("答复意见"), blank=True)
    closed_on = models.DateField(
        _("办结日期"),
        null=True,
        blank=True,
        help_text=_("答复或终止处理之日；年报按此计入办理结果"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复申请的原申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # -- the clock cache (written only by services) ---------------------------------------
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    due_note = models.CharField(_("期限说明"), max_length=300, blank=True)
    supplement_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    fee_due_on = models.DateField(_("缴费期限"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ("-submitted_at", "-id")
        indexes = (
            models.Index(fields=["agency", "stage", "due_on"], name="applications_agency_due"),
            models.Index(fields=["agency", "received_on"], name="applications_agency_recv"),
            models.Index(fields=["agency", "closed_on"], name="applications_agency_closed"),
            models.Index(fields=["handler", "stage"], name="applications_handler_stage"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="applications_stage_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=OUTCOME_ROW_KEYS),
                name="applications_outcome_known",
            ),
            models.CheckConstraint(
                condition=Q(applicant_type__in=ApplicantType.values),
                name="applications_applicant_type_known",
            ),
            # 自然人 ⇔ column 自然人: the column of table 三 follows from the kind.
            models.CheckConstraint(
                condition=(
                    Q(applicant_kind=ApplicantKind.NATURAL_PERSON, applicant_type="natural_person")
                    | (
                        Q(applicant_kind=ApplicantKind.ORGANISATION)
                        & ~Q(applicant_type="natural_person")
                    )
                ),
                name="applications_applicant_kind_type",
            ),
            # A closed application has its one reportable outcome and was received first.
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (
                    ~Q(outcome="")
                    & Q(received_on__isnull=False)
                    & Q(closed_on__gte=models.F("received_on"))
                ),
                name="applications_closed_has_outcome",
            ),
        )

    def __str__(self) -> str:
        return f"{self.tracking_no} {self.applicant_name}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def outcome_label(self) -> str:
        row = APPLICATION_BY_KEY.get(self.outcome)
        return f"{row.number}{row.label}" if row else ""


class ApplicationItem(models.Model):
    """One item of an application with several (DOMAIN.md §3.4, U4): its own outcome. The
    reportable outcome of the application derives from the items by the precedence in
    ``outcomes.derive_outcome`` unless the office overrides it."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("序号"), default=1)
    description = models.TextField(_("申请事项"))
    outcome = models.CharField(_("办理结果"), max_length=20, choices=OUTCOME_CHOICES)
    note = models.TextField(_("理由或说明"), blank=True)

    class Meta:
        verbose_name = _("申请事项")
        verbose_name_plural = _("申请事项")
        ordering = ("application", "position")
        constraints = (
            models.CheckConstraint(
                condition=Q(outcome__in=OUTCOME_ROW_KEYS), name="applications_item_outcome_known"
            ),
        )

    def __str__(self) -> str:
        return f"{self.position}. {self.description[:40]}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交申请")
    REGISTERED_BY_STAFF = "created", _("工作人员录入申请")
    CONFIRMED = "confirmed", _("确认收到申请")
    REGISTERED = "registered", _("登记")
    ASSIGNED = "assigned", _("分配承办人")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("发出补正告知")
    SUPPLEMENT_RECEIVED = "supplement_received", _("收到补正材料")
    SUPPLEMENT_LAPSED = "supplement_lapsed", _("逾期未补正，不再处理")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")
    CONSULTATION_ANSWERED = "consultation_answered", _("收到意见（征求意见结束）")
    EXTENDED = "extended", _("批准延期答复")
    FEE_NOTIFIED = "fee_notified", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴费")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费，不再处理")
    DRAFT_SUBMITTED = "draft_submitted", _("提交答复稿审核")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回修改")
    REPLIED = "replied", _("答复")
    DELIVERED = "delivered", _("送达")
    ARCHIVED = "archived", _("归档")
    DISCARDED = "discarded", _("作废")
    DOCUMENT_ISSUED = "document_issued", _("出具文书")
    DUE_CHANGED = "due_changed", _("答复期限变更")
    PUBLISHED = "published", _("转为主动公开")
    NOTE = "note", _("备注")


#: The events that move the reply clock, in the order a day's events are applied.
CLOCK_EVENT_KINDS = frozenset(
    {
        EventKind.CONFIRMED,
        EventKind.REGISTERED_BY_STAFF,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.SUPPLEMENT_RECEIVED,
        EventKind.CONSULTATION_STARTED,
        EventKind.CONSULTATION_ANSWERED,
        EventKind.EXTENDED,
        EventKind.FEE_NOTIFIED,
        EventKind.FEE_PAID,
    }
)


class ApplicationEvent(models.Model):
    """One step of an application's timeline: who, when, what; written by the service that
    made the step in the same transaction as the change and the audit row. ``day`` is the
    statutory date of the event (the day the notice went out, the supplement arrived …),
    which the clock reads; ``at`` is when it was recorded."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=32, choices=EventKind.choices)
    day = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    stage_before = models.CharField(_("原阶段"), max_length=20, blank=True)
    stage_after = models.CharField(_("新阶段"), max_length=20, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ("application", "at", "id")
        indexes = (models.Index(fields=["application", "kind"], name="applications_event_kind"),)

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.day}"


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("接收回执")
    SUPPLEMENT_NOTICE = "supplement_notice", _("补正告知书")
    EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
    CONSULTATION_LETTER = "consultation_letter", _("征求第三方意见书")
    FEE_NOTICE = "fee_notice", _("收费通知书")
    REPLY = "reply", _("答复告知书")
    REDACTED = "redacted", _("公开信息（区分处理后）")
    ATTACHMENT = "attachment", _("提供的信息")
    ID_PROOF = "id_proof", _("身份证明")
    DELIVERY_PROOF = "delivery_proof", _("送达凭证")
    OTHER = "other", _("其他")


#: Kinds the applicant may see on /track/ once issued.
APPLICANT_VISIBLE_KINDS = frozenset(
    {
        DocumentKind.RECEIPT,
        DocumentKind.SUPPLEMENT_NOTICE,
        DocumentKind.EXTENSION_NOTICE,
        DocumentKind.FEE_NOTICE,
        DocumentKind.REPLY,
        DocumentKind.REDACTED,
        DocumentKind.ATTACHMENT,
    }
)


def document_upload_to(instance: ApplicationDocument, filename: str) -> str:
    return f"applications/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    """A file of an application: a letter issued to the applicant (``issued``), a file the
    applicant sent (ID proof), or a proof of delivery. Created by ``services.attach_document``."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    number = models.CharField(_("文书编号"), max_length=60, blank=True)
    file = models.FileField(_("文件"), upload_to=document_upload_to, max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    issued = models.BooleanField(_("已出具"), default=False)
    issued_on = models.DateField(_("出具日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请文书")
        verbose_name_plural = _("申请文书")
        ordering = ("application", "created_at", "id")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方（条例第三十二条）")
    AGENCY = "agency", _("其他机关（条例第三十四条）")


class Consultation(models.Model):
    """A consultation of a third party or another organ (条例第三十二条、第三十四条): 15 working
    days for the answer; the time is excluded from the reply period (第三十三条第三款)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("征求对象类型"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    sent_on = models.DateField(_("发出日期"))
    answer_due_on = models.DateField(_("答复期限"), null=True, blank=True)
    answered_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    answer = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ("application", "sent_on", "id")

    def __str__(self) -> str:
        return f"{self.party} {self.sent_on}"


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号第三条: one method per application."""

    PER_APPLICATION = "per_application", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class FeeRecord(models.Model):
    """A fee notice and its payment (国办函〔2020〕109号; DOMAIN.md §2), for the annual report's
    section 六 (notices sent, amounts, collected)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="fees"
    )
    method = models.CharField(_("计收方式"), max_length=20, choices=FeeMethod.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    breakdown = models.JSONField(_("计算明细"), default=list, blank=True)
    notified_on = models.DateField(_("通知日期"))
    pay_by = models.DateField(_("缴费期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("实收金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    lapsed = models.BooleanField(_("逾期未缴"), default=False)

    class Meta:
        verbose_name = _("信息处理费")
        verbose_name_plural = _("信息处理费")
        ordering = ("application", "notified_on", "id")

    def __str__(self) -> str:
        return f"{self.amount} 元 {self.notified_on}"


class TrackingSequence(models.Model):
    """The last 受理编号 number given per agency and year."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("受理编号序列")
        verbose_name_plural = _("受理编号序列")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="applications_seq_once"),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class DocumentSequence(models.Model):
    """The last 文书编号 per agency, year and document kind (letters are numbered per year)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("文书编号序列")
        verbose_name_plural = _("文书编号序列")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="applications_docseq_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.kind}: {self.last}"


class ReminderSent(models.Model):
    """One daily digest sent to one staff member (``gongkai remind`` sends each at most once a
    day, so running it again — from cron and the task worker both — sends nothing twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    items = models.PositiveIntegerField(_("事项数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = (
            models.UniqueConstraint(fields=["user", "day"], name="applications_reminder_once"),
        )

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
