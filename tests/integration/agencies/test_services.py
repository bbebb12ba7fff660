"""Services change state atomically and write their audit row in the same transaction."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies import services
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.audit import audit_record
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_agency_create_writes_an_audit_row(make_agency) -> None:
    actor = User.objects.create_user("platform", password="x-long-password")
    agency = services.agency_create(
        actor=actor, name="某某镇人民政府", code="MMZ", kind="township", guide="指南"
    )
    event = AuditEvent.objects.get(action="agency.create")
    assert (event.object_type, event.object_id, event.agency, event.actor) == (
        "agencies.agency",
        str(agency.pk),
        agency,
        actor,
    )
    assert event.actor_label == "platform"
    assert agency.guide_updated_at is not None


@pytest.mark.parametrize("code", ["", "A", "含中文", "NX-1", "N X", "A" * 33])
def test_agency_code_is_validated(code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agency_create(actor=None, name="某机关", code=code, kind="department")
    assert "code" in excinfo.value.message_dict
    assert not Agency.objects.exists()
    assert not AuditEvent.objects.exists()


def test_agency_kind_is_validated() -> None:
    with pytest.raises(ValidationError):
        services.agency_create(actor=None, name="某机关", code="AB", kind="ministry")


def test_agency_update_records_changed_fields_only(hierarchy) -> None:
    agency = services.agency_update(
        actor=None,
        agency=hierarchy.town,
        data={"phone": "0377-1234567", "address": "", "guide": "新的指南"},
    )
    event = AuditEvent.objects.filter(action="agency.update").get()
    assert event.details == {"phone": ["", "0377-1234567"], "guide": {"changed": True}}
    assert agency.guide_updated_at is not None
    # nothing changed → no row
    services.agency_update(actor=None, agency=agency, data={"phone": "0377-1234567"})
    assert AuditEvent.objects.filter(action="agency.update").count() == 1


def test_agency_update_rejects_bad_data_without_saving(hierarchy) -> None:
    with pytest.raises(ValidationError):
        services.agency_update(actor=None, agency=hierarchy.town, data={"email": "not-an-email"})
    hierarchy.town.refresh_from_db()
    assert hierarchy.town.email == ""
    assert not AuditEvent.objects.filter(action="agency.update").exists()


def test_parent_cannot_create_a_cycle(hierarchy) -> None:
    with pytest.raises(ValidationError):
        services.agency_update(
            actor=None, agency=hierarchy.county, data={"parent": hierarchy.village_office}
        )
    with pytest.raises(ValidationError):
        services.agency_update(actor=None, agency=hierarchy.town, data={"parent": hierarchy.town})
    hierarchy.county.refresh_from_db()
    assert hierarchy.county.parent is None
    services.agency_update(actor=None, agency=hierarchy.dept, data={"parent": hierarchy.town})
    assert Agency.objects.get(pk=hierarchy.dept.pk).parent == hierarchy.town


def test_membership_is_one_agency_per_user(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=None, user=user, agency=hierarchy.dept, roles=[Role.HANDLER]
        )
    assert Membership.objects.get(user=user).agency == hierarchy.town
    # granting again in the same agency replaces the roles
    services.membership_grant(
        actor=None, user=user, agency=hierarchy.town, roles=["handler", "reviewer"]
    )
    assert Membership.objects.get(user=user).role_set() == {Role.HANDLER, Role.REVIEWER}


def test_membership_set_roles_and_revoke(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR, Role.HANDLER)
    membership = Membership.objects.get(user=user)
    services.membership_set_roles(actor=None, membership=membership, roles=[Role.PUBLISHER])
    assert Membership.objects.get(user=user).role_set() == {Role.PUBLISHER}
    event = AuditEvent.objects.filter(action="membership.set_roles").latest("id")
    assert event.details == {"before": ["handler", "registrar"], "after": ["publisher"]}
    with pytest.raises(ValidationError):
        services.membership_set_roles(actor=None, membership=membership, roles=["boss"])
    assert Membership.objects.get(user=user).role_set() == {Role.PUBLISHER}
    services.membership_revoke(actor=None, membership=membership)
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="membership.revoke", agency=hierarchy.town).exists()


def test_staff_user_create_refuses_a_taken_username(hierarchy, make_staff) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    with pytest.raises(ValidationError):
        make_staff("clerk", hierarchy.dept, Role.REGISTRAR)
    assert User.objects.filter(username="clerk").count() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_record_needs_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x", object_type="t", object_id=1)
    with transaction.atomic():
        audit_record(actor=None, action="x", object_type="t", object_id=1)
    assert AuditEvent.objects.filter(action="x").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_change_rolls_back_when_the_audit_row_fails(make_agency, monkeypatch) -> None:
    agency = make_agency("AAA", "甲机关")

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.agency_create(actor=None, name="乙机关", code="BBB", kind="department")
    with pytest.raises(RuntimeError):
        services.agency_update(actor=None, agency=agency, data={"phone": "123"})
    assert list(Agency.objects.values_list("code", flat=True)) == ["AAA"]
    assert Agency.objects.get(code="AAA").phone == ""
    assert AuditEvent.objects.count() == 1


#: ESC, NUL, BEL, backspace, DEL and a C1 control: invisible, and DOCX (XML) cannot hold them.
CONTROLS = "\x1b\x00\x07\x08\x7f\x9b"


def test_agency_text_is_stored_without_control_characters() -> None:
    agency = services.agency_create(
        actor=None,
        name=f"某{CONTROLS}机关",
        code="CTL",
        kind="department",
        office_name=f"办公室{CONTROLS}",
        address="幸福路\x1b1号\n二楼",
        phone=f"0377-65320001{CONTROLS}",
        guide="第一段\x1b\n\t第二段\x00",
    )
    agency.refresh_from_db()
    assert agency.name == "某机关" and agency.office_name == "办公室"
    assert agency.address == "幸福路1号 二楼"  # one line
    assert agency.phone == "0377-65320001"
    assert agency.guide == "第一段\n\t第二段"  # tabs and line breaks kept
    event = AuditEvent.objects.get(action="agency.create")
    assert event.details["name"] == "某机关"

    agency = services.agency_update(
        actor=None,
        agency=agency,
        data={
            "name": f"\x1b某机关{CONTROLS}",  # the same once cleaned: not a change
            "address": f"新地址\x0b{CONTROLS}",
            "office_hours": "工作日\t9:00–17:00\x1b",
            "fax": "\x000377-65320002",
            "supervision_phone": "12345\x1b",
        },
    )
    agency.refresh_from_db()
    assert agency.name == "某机关"
    assert agency.address == "新地址"
    assert agency.office_hours == "工作日 9:00–17:00"
    assert (agency.fax, agency.supervision_phone) == ("0377-65320002", "12345")
    changes = AuditEvent.objects.get(action="agency.update").details
    assert "name" not in changes and changes["address"] == ["幸福路1号 二楼", "新地址"]
