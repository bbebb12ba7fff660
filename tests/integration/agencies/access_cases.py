"""Access cases of the back office's own pages (/staff/): see tests/integration/url_access.py."""

from __future__ import annotations

from tests.integration.url_access import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    REDIRECT,
    AccessCase,
    Target,
    World,
)

from gongkai.agencies import services
from gongkai.agencies.models import Agency

PHONE = "0377-7777777"


def _agency(world: World) -> Target:
    services.agency_update(actor=None, agency=world.agency, data={"phone": PHONE})
    return Target({"pk": world.agency.pk}, secret=PHONE)


def _audited(world: World) -> Target:
    services.agency_update(actor=None, agency=world.agency, data={"phone": PHONE})
    return Target(secret=PHONE)


def _edit_post(world: World) -> Target:
    return Target(
        {"pk": world.agency.pk},
        data={"phone": "0377-9999999"},
        unchanged=lambda: Agency.objects.get(pk=world.agency.pk).phone != "0377-9999999",
    )


CASES = [
    AccessCase(
        "staff:dashboard",
        build=lambda w: Target(secret=w.agency.name),
        owner_roles=("registrar",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=OK,  # their own agency's name, and nothing else
    ),
    AccessCase(
        "staff:login", owner=REDIRECT, anonymous=OK, other_agency=REDIRECT, no_role=REDIRECT
    ),
    AccessCase("staff:logout", owner=OK, anonymous=OK, other_agency=OK, no_role=OK),
    AccessCase(
        "staff:logout", method="POST", owner=OK, anonymous=REDIRECT, other_agency=OK, no_role=OK
    ),
    AccessCase("staff:password_change", other_agency=OK, no_role=OK),
    AccessCase("staff:password_change_done", other_agency=OK, no_role=OK),
    AccessCase(
        "staff:two_factor",
        build=lambda w: Target(secret=f"{w.agency.name}的要求"),
        owner_roles=("admin",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=OK_WITHOUT_SECRET,
    ),
    AccessCase(
        "staff:two_factor",
        method="POST",
        build=lambda w: Target(
            data={"action": "require", "required": "1"},
            unchanged=lambda: not Agency.objects.get(pk=w.agency.pk).require_two_factor,
        ),
        owner_roles=("admin",),
        other_agency=OK,  # changes the other agency's own setting, not this one
        no_role=FORBIDDEN,
        note="require",
    ),
    AccessCase(
        "staff:two_factor_verify",
        owner=REDIRECT,  # no device: nothing to verify
        other_agency=REDIRECT,
        no_role=REDIRECT,
    ),
    AccessCase(
        "staff:audit_list",
        build=_audited,
        owner_roles=("admin",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
    AccessCase(
        "staff:audit_export",
        build=_audited,
        owner_roles=("admin",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
    AccessCase(
        "staff:agency_list",
        build=lambda w: Target(secret=w.agency.name),
        owner_roles=("registrar",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=OK_WITHOUT_SECRET,
    ),
    AccessCase(
        "staff:agency_detail",
        build=_agency,
        owner_roles=("registrar",),
        other_agency=NOT_FOUND,
        no_role=NOT_FOUND,
    ),
    AccessCase(
        "staff:agency_edit",
        build=_agency,
        owner_roles=("admin",),
        other_agency=NOT_FOUND,
        no_role=NOT_FOUND,
    ),
    AccessCase(
        "staff:agency_edit",
        method="POST",
        build=_edit_post,
        owner_roles=("admin",),
        anonymous=LOGIN,
        other_agency=NOT_FOUND,
        no_role=NOT_FOUND,
    ),
]
