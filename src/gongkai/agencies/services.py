"""Everything that changes agencies and memberships. Keyword-only, atomic, audited.

Permission checks belong to the caller (views call ``permissions``); ``actor`` is recorded in
the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import tree
from gongkai.agencies.models import Agency, AgencyKind, Membership, MembershipRole, Role
from gongkai.core.audit import audit_record
from gongkai.core.validators import storable_line, storable_text

Actor = AbstractBaseUser | AnonymousUser | None

#: The disclosure office's contact data (条例第十二条: 名称、办公地址、办公时间、
#: 联系电话、传真号码、互联网联系方式).
AGENCY_CONTACT_DATA_FIELDS: tuple[str, ...] = (
    "office_name",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "supervision_phone",
    "fax",
    "email",
    "website",
)
#: Fields an agency's own 管理员 may edit (contact data and the 指南, 条例第十二条).
AGENCY_CONTACT_FIELDS: tuple[str, ...] = (*AGENCY_CONTACT_DATA_FIELDS, "guide")
#: Fields only a platform administrator changes (identity and place in the hierarchy).
AGENCY_STRUCTURE_FIELDS: tuple[str, ...] = ("name", "code", "kind", "parent")
#: Text that goes into letters (the organ, its address and telephone) and the 指南: stored
#: without control characters, which DOCX cannot hold (every one but the 指南 on one line).
AGENCY_TEXT_FIELDS: tuple[str, ...] = ("name", *AGENCY_CONTACT_FIELDS)


def clean_agency_text(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with its text fields as they are stored: without the control characters a
    letter cannot hold (:func:`~gongkai.core.validators.storable_text`); the one-line fields
    also without tabs and line breaks, and trimmed. Other values are unchanged."""
    out = dict(data)
    for name in AGENCY_TEXT_FIELDS:
        value = out.get(name)
        if isinstance(value, str):
            out[name] = storable_text(value) if name == "guide" else storable_line(value).strip()
    return out


def _check_parent(agency: Agency, parent: Agency | None) -> None:
    if parent is None or agency.pk is None:
        return
    pairs = list(Agency.objects.values_list("id", "parent_id"))
    if parent.pk == agency.pk or parent.pk in tree.descendant_ids(pairs, [agency.pk]):
        raise ValidationError({"parent": _("上级机关不能是本机关或其下级机关。")})


@transaction.atomic
def agency_create(
    *,
    actor: Actor,
    name: str,
    code: str,
    kind: AgencyKind | str,
    parent: Agency | None = None,
    **contact: str,
) -> Agency:
    unknown = set(contact) - set(AGENCY_CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    text = clean_agency_text({"name": name, **contact})
    agency = Agency(code=code, kind=kind, parent=parent, **text)
    if agency.guide:
        agency.guide_updated_at = timezone.now()
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        action="agency.create",
        obj=agency,
        agency=agency,
        details={"name": agency.name, "code": code, "parent": parent.pk if parent else None},
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Actor, agency: Agency, data: dict[str, Any]) -> Agency:
    """Change the given fields; records which fields changed (old → new for short ones)."""
    allowed = set(AGENCY_CONTACT_FIELDS) | set(AGENCY_STRUCTURE_FIELDS)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changes: dict[str, Any] = {}
    for name, value in clean_agency_text(data).items():
        old = getattr(agency, name)
        if old != value:
            setattr(agency, name, value)
            if name == "guide":
                changes[name] = {"changed": True}
            elif name == "parent":
                changes[name] = [old.pk if old else None, value.pk if value else None]
            else:
                changes[name] = [old, value]
    if not changes:
        return agency
    if "parent" in changes:
        _check_parent(agency, agency.parent)
    if "guide" in changes:
        agency.guide_updated_at = timezone.now()
    agency.full_clean()
    fields = [*changes, "updated_at"]
    if "guide" in changes:
        fields.append("guide_updated_at")
    agency.save(update_fields=fields)
    audit_record(actor=actor, action="agency.update", obj=agency, agency=agency, details=changes)
    return agency


def _clean_roles(roles: Iterable[Role | str]) -> list[Role]:
    result: set[Role] = set()
    for role in roles:
        try:
            result.add(Role(role))
        except ValueError as exc:
            raise ValidationError(_("未知角色：%(role)s") % {"role": role}) from exc
    return sorted(result)


@transaction.atomic
def membership_grant(
    *,
    actor: Actor,
    user: AbstractBaseUser,
    agency: Agency,
    roles: Iterable[Role | str],
) -> Membership:
    """Make ``user`` a member of ``agency`` with ``roles`` (replacing any roles they had there).

    A staff member belongs to one agency only: moving to another agency is refused here.
    """
    clean = _clean_roles(roles)
    membership = Membership.objects.select_for_update().filter(user_id=user.pk).first()
    if membership is not None and membership.agency_id != agency.pk:
        raise ValidationError(
            _("该账号已属于%(agency)s，一个账号只能属于一个行政机关。")
            % {"agency": membership.agency.name}
        )
    created = membership is None
    if membership is None:
        membership = Membership.objects.create(user=user, agency=agency)
    _replace_roles(membership, clean)
    audit_record(
        actor=actor,
        action="membership.grant" if created else "membership.set_roles",
        obj=membership,
        agency=agency,
        details={"user": user.get_username(), "roles": [r.value for r in clean]},
    )
    return membership


@transaction.atomic
def membership_set_roles(
    *, actor: Actor, membership: Membership, roles: Iterable[Role | str]
) -> Membership:
    clean = _clean_roles(roles)
    before = sorted(membership.roles.values_list("role", flat=True))
    _replace_roles(membership, clean)
    audit_record(
        actor=actor,
        action="membership.set_roles",
        obj=membership,
        agency=membership.agency,
        details={"before": before, "after": [r.value for r in clean]},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    agency = membership.agency
    details = {"user": membership.user.get_username()}
    pk = membership.pk
    membership.delete()
    audit_record(
        actor=actor,
        action="membership.revoke",
        object_type="agencies.membership",
        object_id=pk,
        agency=agency,
        details=details,
    )


def _replace_roles(membership: Membership, roles: list[Role]) -> None:
    membership.roles.exclude(role__in=roles).delete()
    existing = set(membership.roles.values_list("role", flat=True))
    MembershipRole.objects.bulk_create(
        [MembershipRole(membership=membership, role=r) for r in roles if r not in existing]
    )
    # The prefetch cache (if any) is stale now.
    if hasattr(membership, "_prefetched_objects_cache"):
        membership._prefetched_objects_cache.pop("roles", None)


@transaction.atomic
def staff_user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    agency: Agency,
    roles: Iterable[Role | str],
    full_name: str = "",
    email: str = "",
) -> AbstractBaseUser:
    """Create a staff account and its membership in one step."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(_("账号“%(username)s”已存在。") % {"username": username})
    password_validation.validate_password(
        password, user_model(username=username, email=email, first_name=full_name)
    )
    user = user_model.objects.create_user(
        username=username, password=password, email=email, first_name=full_name
    )
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        agency=agency,
        details={"username": username},
    )
    membership_grant(actor=actor, user=user, agency=agency, roles=roles)
    return user


# --- second factor (TOTP) ----------------------------------------------------------------------


def _totp_devices(user: AbstractBaseUser) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user_id=user.pk)


def _agency_of(user: AbstractBaseUser) -> Agency | None:
    membership = Membership.objects.select_related("agency").filter(user_id=user.pk).first()
    return membership.agency if membership else None


@transaction.atomic
def two_factor_start(*, user: AbstractBaseUser) -> Any:
    """A new, unconfirmed TOTP device for ``user`` (an earlier unconfirmed one is replaced).

    It only counts once :func:`two_factor_confirm` has seen a code from it.
    """
    _totp_devices(user).filter(confirmed=False).delete()
    device = _totp_devices(user).create(user=user, name="身份验证器", confirmed=False)
    audit_record(
        actor=user,
        action="two_factor.start",
        obj=device,
        agency=_agency_of(user),
    )
    return device


@transaction.atomic
def two_factor_confirm(*, user: AbstractBaseUser, token: str) -> Any | None:
    """Confirm the pending device with a code it shows; returns the device, or None (wrong or
    throttled code, or nothing pending). A confirmed device replaces any earlier one."""
    device = _totp_devices(user).filter(confirmed=False).select_for_update().first()
    if device is None:
        return None
    if not device.verify_token(token.strip()):
        audit_record(
            actor=user, action="two_factor.confirm_failed", obj=device, agency=_agency_of(user)
        )
        return None
    _totp_devices(user).filter(confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="two_factor.enable", obj=device, agency=_agency_of(user))
    return device


@transaction.atomic
def two_factor_verify(*, user: AbstractBaseUser, token: str) -> Any | None:
    """Check a login's one-time code against the user's confirmed device (throttled by
    django-otp: each failure doubles the wait). Returns the device, or None."""
    device = _totp_devices(user).filter(confirmed=True).select_for_update().first()
    if device is None:
        return None
    if device.verify_token(token.strip()):
        audit_record(actor=user, action="auth.two_factor", obj=device, agency=_agency_of(user))
        return device
    audit_record(actor=user, action="auth.two_factor_failed", obj=device, agency=_agency_of(user))
    return None


@transaction.atomic
def two_factor_disable(*, actor: Actor, user: AbstractBaseUser) -> int:
    """Remove ``user``'s devices (the user themselves, or an administrator resetting a lost
    phone). Returns how many were removed."""
    removed, _ = _totp_devices(user).delete()
    if removed:
        audit_record(
            actor=actor,
            action="two_factor.disable",
            object_type="auth.user",
            object_id=user.pk,
            agency=_agency_of(user),
            details={"user": user.get_username()},
        )
    return int(removed)


@transaction.atomic
def agency_set_two_factor(*, actor: Actor, agency: Agency, required: bool) -> Agency:
    """Require (or stop requiring) a second factor of the agency's staff."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.require_two_factor == required:
        return agency
    agency.require_two_factor = required
    agency.save(update_fields=["require_two_factor", "updated_at"])
    audit_record(
        actor=actor,
        action="agency.two_factor",
        obj=agency,
        agency=agency,
        details={"require_two_factor": [not required, required]},
    )
    return agency
