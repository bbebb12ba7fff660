"""The permissions module: object checks and queryset filters agree, and isolate agencies."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import Perm
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# The role → permission matrix as the project documents it, written out independently of
# ROLE_PERMISSIONS so that a change to the table shows up here.
#                      VIEW REG  HAND REVW REDT RREV RPUB APPL REPT ADMN
EXPECTED_MATRIX = {
    Role.REGISTRAR: (1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    Role.HANDLER: (1, 0, 1, 0, 1, 0, 0, 1, 0, 0),
    Role.REVIEWER: (1, 0, 0, 1, 0, 1, 0, 0, 1, 0),
    Role.PUBLISHER: (1, 0, 0, 0, 1, 0, 1, 0, 0, 0),
    Role.ADMIN: (1, 0, 0, 0, 0, 0, 0, 1, 1, 1),
}
PERM_ORDER = (
    Perm.VIEW,
    Perm.APPLICATION_REGISTER,
    Perm.APPLICATION_HANDLE,
    Perm.APPLICATION_REVIEW,
    Perm.RECORD_EDIT,
    Perm.RECORD_REVIEW,
    Perm.RECORD_PUBLISH,
    Perm.APPEAL_EDIT,
    Perm.REPORT_EDIT,
    Perm.AGENCY_ADMIN,
)


def test_matrix_covers_every_role_and_permission() -> None:
    assert set(PERM_ORDER) == set(Perm)
    assert set(EXPECTED_MATRIX) == set(Role) == set(permissions.ROLE_PERMISSIONS)


@pytest.mark.parametrize(("role", "perm"), list(itertools.product(list(Role), list(Perm))), ids=str)
def test_every_role_permission_pair(hierarchy, make_staff, role: Role, perm: Perm) -> None:
    expected = bool(EXPECTED_MATRIX[role][PERM_ORDER.index(perm)])
    user = make_staff("someone", hierarchy.town, role)
    assert (perm in permissions.ROLE_PERMISSIONS[role]) is expected
    assert permissions.has_perm(user, perm) is expected
    # object check and queryset filter agree, in the own agency …
    assert permissions.can_change_agency_record(user, hierarchy.town, perm) is expected
    changeable = set(permissions.agencies_changeable_by(user, perm))
    assert changeable == ({hierarchy.town} if expected else set())
    # … and nothing is ever changeable elsewhere, whatever the role.
    for other in (
        hierarchy.county,
        hierarchy.dept,
        hierarchy.village_office,
        hierarchy.other_county,
    ):
        assert permissions.can_change_agency_record(user, other, perm) is False


def test_member_reads_own_agency_and_descendants_only(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    readable = set(permissions.agencies_readable_by(user))
    assert readable == {hierarchy.town, hierarchy.village_office}
    for agency in Agency.objects.all():
        assert permissions.can_read_agency_record(user, agency) is (agency in readable)


def test_member_of_a_cannot_see_or_change_b(hierarchy, make_staff) -> None:
    town_admin = make_staff("town_admin", hierarchy.town, Role.ADMIN)
    dept_admin = make_staff("dept_admin", hierarchy.dept, Role.ADMIN)
    # object checks
    assert not permissions.can_read_agency_record(town_admin, hierarchy.dept)
    assert not permissions.can_change_agency_record(town_admin, hierarchy.dept, Perm.AGENCY_ADMIN)
    assert not permissions.can_read_agency_record(dept_admin, hierarchy.town)
    # queryset filters, on Agency and on models with an agency foreign key
    assert hierarchy.dept not in permissions.agencies_readable_by(town_admin)
    memberships = permissions.filter_readable(town_admin, Membership.objects.all())
    assert {m.user.username for m in memberships} == {"town_admin"}
    events = permissions.filter_readable(town_admin, AuditEvent.objects.all())
    assert events.exists()
    assert not events.exclude(agency__in=[hierarchy.town, hierarchy.village_office]).exists()
    assert not permissions.filter_changeable(
        town_admin, Agency.objects.filter(pk=hierarchy.dept.pk), Perm.AGENCY_ADMIN
    ).exists()
    # the 404 helper answers "missing" for another agency's record and for a missing one alike
    with pytest.raises(Http404):
        permissions.get_readable_or_404(town_admin, Agency.objects.all(), pk=hierarchy.dept.pk)
    with pytest.raises(Http404):
        permissions.get_readable_or_404(town_admin, Agency.objects.all(), pk=999999)
    with pytest.raises(Http404):
        permissions.get_changeable_or_404(
            town_admin, Agency.objects.all(), Perm.AGENCY_ADMIN, pk=hierarchy.dept.pk
        )
    assert (
        permissions.get_readable_or_404(town_admin, Agency.objects.all(), pk=hierarchy.town.pk)
        == hierarchy.town
    )


def test_supervisor_reads_subordinates_but_cannot_change_them(hierarchy, make_staff) -> None:
    sup = make_staff("sup", hierarchy.county, Role.REVIEWER, Role.ADMIN)
    readable = set(permissions.agencies_readable_by(sup))
    assert readable == {hierarchy.county, hierarchy.town, hierarchy.dept, hierarchy.village_office}
    assert hierarchy.other_county not in readable
    for agency in (hierarchy.town, hierarchy.dept, hierarchy.village_office):
        assert permissions.can_read_agency_record(sup, agency)
        for perm in Perm:
            assert not permissions.can_change_agency_record(sup, agency, perm)
        with pytest.raises(PermissionDenied):
            permissions.get_changeable_or_404(
                sup, Agency.objects.all(), Perm.AGENCY_ADMIN, pk=agency.pk
            )
    assert permissions.can_change_agency_record(sup, hierarchy.county, Perm.AGENCY_ADMIN)
    # nested agency lookups through another model
    subordinate_members = permissions.filter_readable(
        sup, Membership.objects.all(), agency_field="agency__parent"
    )
    assert subordinate_members.count() == 0  # no staff in the subordinates yet


def test_superuser_reads_everything_and_changes_nothing_as_staff(hierarchy) -> None:
    admin = User.objects.create_superuser("root", password="x-long-password")
    assert set(permissions.agencies_readable_by(admin)) == set(Agency.objects.all())
    assert permissions.can_read_agency_record(admin, hierarchy.other_county)
    assert not permissions.can_change_agency_record(admin, hierarchy.town, Perm.AGENCY_ADMIN)


def test_no_role_inactive_and_anonymous_read_nothing(hierarchy, make_staff) -> None:
    no_roles = make_staff("empty", hierarchy.town)
    inactive = make_staff("gone", hierarchy.town, Role.ADMIN)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    nobody = User.objects.create_user("nobody", password="x-long-password")
    for user in (no_roles, inactive, nobody, AnonymousUser(), None):
        assert not permissions.agencies_readable_by(user).exists()
        assert not permissions.can_read_agency_record(user, hierarchy.town)
        assert not permissions.can_change_agency_record(user, hierarchy.town, Perm.VIEW)
        assert not permissions.filter_readable(user, Membership.objects.all()).exists()


def test_access_is_computed_once_per_user_object(hierarchy, make_staff, django_assert_num_queries):
    user = User.objects.get(pk=make_staff("clerk", hierarchy.town, Role.HANDLER).pk)
    with django_assert_num_queries(3):  # membership, its roles, the hierarchy
        permissions.can_read_agency_record(user, hierarchy.town)
    with django_assert_num_queries(0):
        permissions.can_read_agency_record(user, hierarchy.dept)
        permissions.can_change_agency_record(user, hierarchy.town, Perm.APPLICATION_HANDLE)
