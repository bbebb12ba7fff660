"""Who may read and change what — decided here and nowhere else (STYLE.md, example 7).

Every protected thing has an object check and a matching queryset filter:

* :func:`can_read_agency_record` / :func:`agencies_readable_by` (and, for any model with an
  agency foreign key, :func:`filter_readable` and :func:`get_readable_or_404`);
* :func:`can_change_agency_record` / :func:`agencies_changeable_by` (and :func:`filter_changeable`,
  :func:`get_changeable_or_404`).

Rules:

* A staff member belongs to one agency (``Membership``) and acts through roles; what a role may
  do is the table :data:`ROLE_PERMISSIONS` below, and permission names come from :class:`Perm`.
* Reading: a member with ``Perm.VIEW`` reads their own agency's records and those of every
  agency below it (a county government supervises its towns and departments, 条例第四十七条).
  Supervision is READ only.
* Changing: only in one's own agency, and only with a role granting the permission.
* Superusers (platform administrators) read everything; they change agency data through the
  Django admin, not by acting as staff of an agency.
* Another agency's record answers 404 like a missing one (:func:`get_readable_or_404`); a
  readable record the user may not change answers 403 (:func:`get_changeable_or_404`).

There is no default manager that filters silently: views and the API call these functions.

The same module decides who may use the Django admin (:func:`can_use_admin`, platform
administrators only; the audit trail is read-only there), who reads the audit trail
(:func:`can_view_audit_trail` / :func:`filter_audit_readable`) and who must use a second
factor at login (:func:`two_factor_required`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import tree
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.models import AuditEvent

M = TypeVar("M", bound=models.Model)
UserLike = AbstractBaseUser | AnonymousUser


class Perm(models.TextChoices):
    """Every permission name of the platform."""

    VIEW = "view", _("查看本机关及下级机关信息")
    APPLICATION_REGISTER = "application_register", _("登记政府信息公开申请")
    APPLICATION_HANDLE = "application_handle", _("办理政府信息公开申请")
    APPLICATION_REVIEW = "application_review", _("审核答复、批准延期")
    RECORD_EDIT = "record_edit", _("编辑主动公开信息")
    RECORD_REVIEW = "record_review", _("公开前审查（保密审查）")
    RECORD_PUBLISH = "record_publish", _("发布主动公开信息")
    APPEAL_EDIT = "appeal_edit", _("登记行政复议、行政诉讼")
    REPORT_EDIT = "report_edit", _("编制政府信息公开工作年度报告")
    AGENCY_ADMIN = "agency_admin", _("管理本机关信息、指南和工作人员")


#: Role → permissions, as data. 条例第十七条 (review before publication) and 第三十三条
#: (extension approved by the head of the disclosure office) are why 审核人 holds the review
#: permissions; 条例第四十五条 lists the steps 登记、审核、办理、答复、归档.
ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.REGISTRAR: frozenset({Perm.VIEW, Perm.APPLICATION_REGISTER}),
    Role.HANDLER: frozenset(
        {Perm.VIEW, Perm.APPLICATION_HANDLE, Perm.RECORD_EDIT, Perm.APPEAL_EDIT}
    ),
    Role.REVIEWER: frozenset(
        {Perm.VIEW, Perm.APPLICATION_REVIEW, Perm.RECORD_REVIEW, Perm.REPORT_EDIT}
    ),
    Role.PUBLISHER: frozenset({Perm.VIEW, Perm.RECORD_EDIT, Perm.RECORD_PUBLISH}),
    Role.ADMIN: frozenset({Perm.VIEW, Perm.AGENCY_ADMIN, Perm.REPORT_EDIT, Perm.APPEAL_EDIT}),
}

_CACHE_ATTR = "_gongkai_access"


class _Access:
    """What one user may do, computed once per user object (i.e. once per request)."""

    __slots__ = ("agency_id", "agency_requires_2fa", "perms", "readable_ids", "superuser")

    def __init__(
        self,
        *,
        superuser: bool,
        agency_id: int | None,
        perms: frozenset[Perm],
        readable_ids: frozenset[int],
        agency_requires_2fa: bool = False,
    ) -> None:
        self.superuser = superuser
        self.agency_id = agency_id
        self.perms = perms
        self.readable_ids = readable_ids
        self.agency_requires_2fa = agency_requires_2fa


_NO_ACCESS = _Access(superuser=False, agency_id=None, perms=frozenset(), readable_ids=frozenset())


def permissions_for_roles(roles: frozenset[Role] | set[Role]) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS[role]
    return frozenset(perms)


def _access(user: UserLike | None) -> _Access:
    if user is None or not user.is_authenticated or not user.is_active:
        return _NO_ACCESS
    cached: _Access | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if getattr(user, "is_superuser", False):
        access = _Access(
            superuser=True, agency_id=None, perms=frozenset(), readable_ids=frozenset()
        )
    else:
        membership = (
            Membership.objects.filter(user_id=user.pk)
            .select_related("agency")
            .prefetch_related("roles")
            .first()
        )
        if membership is None:
            access = _NO_ACCESS
        else:
            perms = permissions_for_roles(membership.role_set())
            readable: frozenset[int] = frozenset()
            if Perm.VIEW in perms:
                pairs = list(Agency.objects.values_list("id", "parent_id"))
                readable = frozenset(
                    {membership.agency_id} | tree.descendant_ids(pairs, [membership.agency_id])
                )
            access = _Access(
                superuser=False,
                agency_id=membership.agency_id,
                perms=perms,
                readable_ids=readable,
                agency_requires_2fa=membership.agency.require_two_factor,
            )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_cached_access(user: UserLike) -> None:
    """Drop the per-user cache (after roles or the hierarchy changed within one request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_agency_id(user: UserLike | None) -> int | None:
    return _access(user).agency_id


def user_perms(user: UserLike | None) -> frozenset[Perm]:
    """The permissions the user holds in their own agency (empty for superusers and visitors)."""
    return _access(user).perms


def has_perm(user: UserLike | None, perm: Perm) -> bool:
    """Whether the user holds ``perm`` in their own agency."""
    return perm in _access(user).perms


# --- reading -------------------------------------------------------------------------------


def can_read_agency_record(user: UserLike | None, agency: Agency | int) -> bool:
    access = _access(user)
    if access.superuser:
        return True
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in access.readable_ids


def agencies_readable_by(user: UserLike | None) -> models.QuerySet[Agency]:
    access = _access(user)
    if access.superuser:
        return Agency.objects.all()
    if not access.readable_ids:
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=access.readable_ids)


def _agency_field(queryset: models.QuerySet[Any], agency_field: str | None) -> str:
    if agency_field is not None:
        return agency_field
    return "pk" if queryset.model is Agency else "agency"


def filter_readable(
    user: UserLike | None, queryset: models.QuerySet[M], agency_field: str | None = None
) -> models.QuerySet[M]:
    """Restrict any queryset whose model has an agency foreign key to what ``user`` may read.

    ``agency_field`` is the lookup path to the agency ("agency" by default, "pk" for Agency).
    """
    access = _access(user)
    if access.superuser:
        return queryset
    if not access.readable_ids:
        return queryset.none()
    field = _agency_field(queryset, agency_field)
    return queryset.filter(**{f"{field}__in": sorted(access.readable_ids)})


def get_readable_or_404(
    user: UserLike | None,
    queryset: models.QuerySet[M],
    *,
    agency_field: str | None = None,
    **lookup: Any,
) -> M:
    """The object, if it exists AND the user may read it; otherwise 404 (the same answer)."""
    try:
        return filter_readable(user, queryset, agency_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("not found") from exc


# --- changing ------------------------------------------------------------------------------


def can_change_agency_record(user: UserLike | None, agency: Agency | int, perm: Perm) -> bool:
    """Own agency only, with a role granting ``perm``. Supervisors of ``agency`` may not."""
    access = _access(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return access.agency_id is not None and access.agency_id == agency_id and perm in access.perms


def agencies_changeable_by(user: UserLike | None, perm: Perm) -> models.QuerySet[Agency]:
    access = _access(user)
    if access.agency_id is None or perm not in access.perms:
        return Agency.objects.none()
    return Agency.objects.filter(pk=access.agency_id)


def filter_changeable(
    user: UserLike | None,
    queryset: models.QuerySet[M],
    perm: Perm,
    agency_field: str | None = None,
) -> models.QuerySet[M]:
    access = _access(user)
    if access.agency_id is None or perm not in access.perms:
        return queryset.none()
    field = _agency_field(queryset, agency_field)
    return queryset.filter(**{field: access.agency_id})


def get_changeable_or_404(
    user: UserLike | None,
    queryset: models.QuerySet[M],
    perm: Perm,
    *,
    agency_field: str | None = None,
    **lookup: Any,
) -> M:
    """404 if the user may not even read the object; 403 if they may read but not change it."""
    obj = get_readable_or_404(user, queryset, agency_field=agency_field, **lookup)
    field = _agency_field(queryset, agency_field)
    agency_id = obj.pk if field == "pk" else _resolve_agency_id(obj, field)
    if not can_change_agency_record(user, agency_id, perm):
        raise PermissionDenied
    return obj


def _resolve_agency_id(obj: models.Model, field: str) -> int:
    *path, last = field.split("__")
    target: Any = obj
    for part in path:
        target = getattr(target, part)
    value: int = getattr(target, f"{last}_id")
    return value


# --- the Django admin ------------------------------------------------------------------------


class AdminAction(models.TextChoices):
    VIEW = "view", _("查看")
    ADD = "add", _("新增")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")


#: Models whose rows are evidence: platform administrators read them in the admin, nobody
#: adds, changes or deletes them there.
ADMIN_READ_ONLY_MODELS: frozenset[str] = frozenset(
    {
        "core.auditevent",
        "django_tasks_database.dbtaskresult",
        "applications.application",
        "applications.applicationevent",
    }
)


def can_use_admin(
    user: UserLike | None, model: type[models.Model], action: AdminAction | str
) -> bool:
    """Whether ``user`` may perform ``action`` on ``model`` in the Django admin.

    Platform administrators (active superusers) only: a staff account with Django model
    permissions gets nothing there, whatever permissions it was given (agency staff work in
    /staff/, where this module's agency rules apply). Read-only models allow VIEW only.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not getattr(user, "is_superuser", False):
        return False
    if model._meta.label_lower in ADMIN_READ_ONLY_MODELS:
        return AdminAction(action) == AdminAction.VIEW
    return True


# --- the audit trail -------------------------------------------------------------------------


def can_view_audit_trail(user: UserLike | None) -> bool:
    """Platform administrators, and each agency's 管理员 (for the agencies they may read)."""
    access = _access(user)
    return access.superuser or Perm.AGENCY_ADMIN in access.perms


def filter_audit_readable(
    user: UserLike | None, queryset: models.QuerySet[AuditEvent]
) -> models.QuerySet[AuditEvent]:
    """The audit rows ``user`` may read: all for platform administrators; for an agency's
    管理员 the rows of their own agency and the agencies below it (rows without an agency —
    platform-wide changes, failed logins of unknown accounts — are for platform administrators)."""
    access = _access(user)
    if access.superuser:
        return queryset
    if Perm.AGENCY_ADMIN not in access.perms or not access.readable_ids:
        return queryset.none()
    return queryset.filter(agency_id__in=sorted(access.readable_ids))


# --- second factor ---------------------------------------------------------------------------


def two_factor_required(user: UserLike | None) -> bool:
    """Whether ``user`` must confirm each login with a one-time code (TOTP).

    ``TWO_FACTOR_REQUIRED=all`` (every account of the back office and the admin),
    ``=superusers`` (platform administrators), or the member's agency requiring it
    (``Agency.require_two_factor``, set by that agency's 管理员).
    """
    if user is None or not user.is_authenticated:
        return False
    policy = settings.TWO_FACTOR_REQUIRED
    if policy == "all":
        return True
    if getattr(user, "is_superuser", False):
        return policy == "superusers"
    return _access(user).agency_requires_2fa


# --- applications (依申请公开) -----------------------------------------------------------------

#: The permissions that make a member one of the staff handling applications.
APPLICATION_PERMS: frozenset[Perm] = frozenset(
    {Perm.APPLICATION_REGISTER, Perm.APPLICATION_HANDLE, Perm.APPLICATION_REVIEW}
)


def can_read_applications(user: UserLike | None, agency: Agency | int) -> bool:
    """Applications hold applicants' personal data: staff of the handling agency who work on
    applications read them; supervisors of that agency (a county over its towns) read them,
    read-only; platform administrators read everything. Other roles of the same agency
    (信息发布员 …) and other agencies do not."""
    access = _access(user)
    if access.superuser:
        return True
    agency_id = agency if isinstance(agency, int) else agency.pk
    if agency_id not in access.readable_ids or not (access.perms & APPLICATION_PERMS):
        return False
    return True


def filter_applications_readable(
    user: UserLike | None, queryset: models.QuerySet[M]
) -> models.QuerySet[M]:
    """The queryset side of :func:`can_read_applications`."""
    access = _access(user)
    if access.superuser:
        return queryset
    if not access.readable_ids or not (access.perms & APPLICATION_PERMS):
        return queryset.none()
    return queryset.filter(agency_id__in=sorted(access.readable_ids))


def can_see_full_id_number(user: UserLike | None, agency: Agency | int) -> bool:
    """ID numbers are masked in lists and exports; in full only for the handling agency's own
    staff who register or handle applications (not supervisors, not platform administrators
    browsing)."""
    access = _access(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return access.agency_id == agency_id and bool(
        access.perms & {Perm.APPLICATION_REGISTER, Perm.APPLICATION_HANDLE}
    )
