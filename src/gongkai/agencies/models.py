"""行政机关 (agencies), their hierarchy, and staff membership with roles.

条例第十条/第二十七条: each organ that makes or keeps government information publishes it and
answers applications for it; 乡镇人民政府 and county-level departments acting in their own name
are such organs. Each agency therefore owns its records, and staff act for one agency only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import tree
from gongkai.core.validators import validate_phone_numbers

#: The short code goes into the 索引号 (DOMAIN.md §6.3, default pattern {机构代码}/{YYYY}-{NNNNN}).
AGENCY_CODE_RE = r"^[A-Za-z0-9]{2,32}$"
agency_code_validator = RegexValidator(
    AGENCY_CODE_RE,
    message=_("机构代码只能由 2–32 位英文字母或数字组成。"),
    code="invalid_agency_code",
)


#: The 指南 is a page of text (a county's runs to 5,000–10,000 characters); a limit keeps a
#: pasted document or an accident from becoming a multi-megabyte public page.
GUIDE_MAX_LENGTH = 30_000


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    OTHER = "other", _("其他")


class Agency(models.Model):
    """A 行政机关 that publishes information and answers applications.

    The contact fields and the 政府信息公开指南 text are what 条例第十二条 requires the 指南 to
    contain (the disclosure office's name, address, office hours, telephone, fax, internet
    contact); agencies edit them as data.
    """

    name = models.CharField(_("机关名称"), max_length=200, unique=True)
    code = models.CharField(
        _("机构代码"),
        max_length=32,
        unique=True,
        validators=[agency_code_validator],
        help_text=_("用于索引号，2–32 位英文字母或数字，例如 NXX。"),
    )
    kind = models.CharField(_("机关类型"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    office_name = models.CharField(
        _("政府信息公开工作机构"),
        max_length=200,
        blank=True,
        help_text=_("负责政府信息公开日常工作的机构名称，例如“党政综合办公室”。"),
    )
    address = models.CharField(_("办公地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=300, blank=True)
    phone = models.CharField(
        _("联系电话"),
        max_length=100,
        blank=True,
        validators=[validate_phone_numbers],
        help_text=_("例如 0377-65320001；多个号码用“、”分隔"),
    )
    supervision_phone = models.CharField(
        _("监督电话"), max_length=100, blank=True, validators=[validate_phone_numbers]
    )
    fax = models.CharField(
        _("传真"), max_length=100, blank=True, validators=[validate_phone_numbers]
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    guide = models.TextField(
        _("政府信息公开指南"),
        blank=True,
        validators=[MaxLengthValidator(GUIDE_MAX_LENGTH)],
        help_text=_(
            "条例第十二条：信息分类、编排体系、获取方式，以及工作机构的联系信息。最多 30000 字。"
        ),
    )
    guide_updated_at = models.DateTimeField(_("指南更新时间"), null=True, blank=True)
    require_two_factor = models.BooleanField(
        _("工作人员须使用双因素认证"),
        default=False,
        help_text=_("开启后，本机关工作人员登录时除密码外还须输入身份验证器应用生成的动态验证码。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政机关")
        verbose_name_plural = _("行政机关")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name

    def _pairs(self) -> list[tuple[int, int | None]]:
        return list(Agency.objects.values_list("id", "parent_id"))

    def ancestors(self) -> list[Agency]:
        """Superior agencies, nearest first (two queries whatever the depth)."""
        ids = tree.ancestor_ids(self._pairs(), self.pk)
        by_id = Agency.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def descendants(self) -> models.QuerySet[Agency]:
        """Every agency below this one (one query for the walk, the result is a queryset)."""
        return Agency.objects.filter(pk__in=tree.descendant_ids(self._pairs(), [self.pk]))


class Role(models.TextChoices):
    """Staff roles; 条例第四十五条 names the steps 登记、审核、办理、答复、归档."""

    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    REVIEWER = "reviewer", _("审核人")
    PUBLISHER = "publisher", _("信息发布员")
    ADMIN = "admin", _("管理员")


class Membership(models.Model):
    """A staff member belongs to exactly one agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("行政机关"), on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = (
            "agency__code",
            "user__username",
        )

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"

    def role_set(self) -> frozenset[Role]:
        """The member's roles (uses prefetched ``roles`` when present)."""
        return frozenset(Role(r.role) for r in self.roles.all())


class MembershipRole(models.Model):
    membership = models.ForeignKey(
        Membership, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = (
            "membership",
            "role",
        )
        constraints = (
            models.UniqueConstraint(fields=["membership", "role"], name="agencies_role_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="agencies_role_known"
            ),
        )

    def __str__(self) -> str:
        return str(self.get_role_display())
