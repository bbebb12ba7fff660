"""Reads for a purpose. Staff-facing selectors go through ``permissions``; public ones return
only what is public anyway (names, contact data and the 指南, 条例第十二条)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, MembershipRole
from gongkai.core.audit import action_label
from gongkai.core.models import AuditEvent


@dataclass
class AgencyNode:
    agency: Agency
    depth: int
    children: list[AgencyNode] = field(default_factory=list)


def agency_list_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agency]:
    """Agencies the user may read, with their parent (no N+1 on a list page)."""
    return permissions.agencies_readable_by(user).select_related("parent").order_by("code")


def agency_list_public() -> QuerySet[Agency]:
    return Agency.objects.select_related("parent").order_by("code")


def agency_get_public(*, code: str) -> Agency | None:
    return Agency.objects.select_related("parent").filter(code=code).first()


def agency_tree(agencies: QuerySet[Agency] | list[Agency] | None = None) -> list[AgencyNode]:
    """The given agencies (default: all) as a forest, in pre-order, with one query.

    An agency whose parent is not in the set becomes a root, so a town clerk's tree starts at
    their own town.
    """
    items = list(Agency.objects.all() if agencies is None else agencies)
    by_id = {a.pk: AgencyNode(agency=a, depth=0) for a in items}
    roots: list[AgencyNode] = []
    for node in sorted(by_id.values(), key=lambda n: n.agency.code):
        parent = by_id.get(node.agency.parent_id) if node.agency.parent_id else None
        if parent is not None and parent is not node:
            parent.children.append(node)
        else:
            roots.append(node)

    ordered: list[AgencyNode] = []
    seen: set[int] = set()

    def walk(node: AgencyNode, depth: int) -> None:
        if node.agency.pk in seen:
            return
        seen.add(node.agency.pk)
        node.depth = depth
        ordered.append(node)
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def membership_for_user(user: AbstractBaseUser | AnonymousUser) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("agency", "agency__parent")
        .prefetch_related("roles")
        .filter(user_id=user.pk)
        .first()
    )


def membership_list_for_agency(*, agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.order_by("role")))
        .order_by("user__username")
    )


def two_factor_device_for_user(*, user: AbstractBaseUser, confirmed: bool = True) -> Any:
    """The user's confirmed TOTP device (or, with ``confirmed=False``, the pending one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=confirmed).first()


def audit_event_list_for_user(
    *,
    user: AbstractBaseUser | AnonymousUser,
    since: date | None = None,
    until: date | None = None,
    action: str = "",
    actor: str = "",
    agency: Agency | None = None,
) -> QuerySet[AuditEvent]:
    """The audit rows ``user`` may read (``permissions.filter_audit_readable``), filtered,
    newest first. Dates are calendar days in the platform's time zone."""
    rows = permissions.filter_audit_readable(user, AuditEvent.objects.all())
    zone = timezone.get_current_timezone()
    if since is not None:
        rows = rows.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        rows = rows.filter(created_at__lt=end)
    if action:
        rows = rows.filter(action=action)
    if actor:
        rows = rows.filter(actor_label__icontains=actor)
    if agency is not None:
        rows = rows.filter(agency=agency)
    return rows.select_related("agency").order_by("-created_at", "-id")


def audit_action_choices_for_user(
    *, user: AbstractBaseUser | AnonymousUser
) -> list[tuple[str, str]]:
    """The actions that occur in the rows ``user`` may read, with their Chinese names."""
    codes = (
        permissions.filter_audit_readable(user, AuditEvent.objects.all())
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])
