"""The audit trail: append-only, who/what/when/from where, every service and every admin change
writes its row, and an agency's 管理员 reads (and exports) their part of it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from gongkai.agencies import services
from gongkai.agencies.models import Agency, Membership, MembershipRole, Role
from gongkai.calendars.models import HolidaySchedule
from gongkai.calendars.services import calendar_load, calendar_remove
from gongkai.core import requestctx
from gongkai.core.audit import audit_record
from gongkai.core.models import AuditEvent, AuditTrailIsAppendOnly

pytestmark = pytest.mark.django_db

SAMPLE_2027 = Path(__file__).resolve().parents[2] / "data" / "calendars" / "sample-2027.txt"


def one_event() -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=None, action="test.event", object_type="t", object_id=1)


# --- append-only ------------------------------------------------------------------------------


def test_rows_cannot_be_changed_or_deleted_through_the_orm() -> None:
    event = one_event()
    event.action = "test.forged"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_postgresql_refuses_update_and_delete_for_every_client() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only (SQLite: the model refuses)")
    from django.db import DatabaseError

    event = one_event()
    for sql in (
        "UPDATE core_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action="test.event").exists()


def test_deleting_a_user_keeps_their_rows(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    services.agency_update(actor=user, agency=hierarchy.town, data={"phone": "0377-1234567"})
    Membership.objects.filter(user=user).delete()
    user.delete()
    event = AuditEvent.objects.get(action="agency.update")
    assert event.actor_label == "clerk" and event.actor_id is not None


def test_the_admin_shows_the_trail_read_only(admin_client: Client) -> None:
    event = one_event()
    assert admin_client.get("/admin/core/auditevent/").status_code == 200
    assert admin_client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    response = admin_client.post(
        "/admin/core/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert response.status_code in (200, 302)


# --- who, when, from where --------------------------------------------------------------------


def test_origin_of_a_request(hierarchy, make_staff) -> None:
    client = Client()
    client.force_login(make_staff("boss", hierarchy.town, Role.ADMIN))
    response = client.post(
        reverse("staff:agency_edit", args=[hierarchy.town.pk]),
        {"phone": "0377-1234567", "address": "人民路1号"},
        REMOTE_ADDR="198.51.100.23",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="agency.update")
    assert event.ip == "198.51.100.23"
    assert event.request_id and len(event.request_id) == 10
    assert event.actor_label == "boss"
    assert timezone.now() - event.created_at < timedelta(minutes=1)


def test_origin_of_the_command_line() -> None:
    with requestctx.bound(requestctx.Origin(channel="cli", os_user="operator")):
        calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"))
    event = AuditEvent.objects.get(action="calendar.load")
    assert event.actor is None and event.actor_label == "cli:operator" and event.ip is None


# --- a row per service ------------------------------------------------------------------------


def _device_code(user: User) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _two_factor_setup(user: User) -> None:
    services.two_factor_start(user=user)
    services.two_factor_confirm(user=user, token=_device_code(user))


SERVICES: dict[str, tuple[Callable[[Any, User], Any], str]] = {
    "agency_create": (
        lambda h, u: services.agency_create(actor=u, name="新机关", code="NEW", kind="department"),
        "agency.create",
    ),
    "agency_update": (
        lambda h, u: services.agency_update(actor=u, agency=h.town, data={"address": "新地址"}),
        "agency.update",
    ),
    "agency_set_two_factor": (
        lambda h, u: services.agency_set_two_factor(actor=u, agency=h.town, required=True),
        "agency.two_factor",
    ),
    "staff_user_create": (
        lambda h, u: services.staff_user_create(
            actor=u,
            username="newbie",
            password="Newbie-pass-2024",
            agency=h.town,
            roles=["handler"],
        ),
        "user.create",
    ),
    "membership_grant": (
        lambda h, u: services.membership_grant(
            actor=u, user=User.objects.create_user("x1"), agency=h.town, roles=["handler"]
        ),
        "membership.grant",
    ),
    "membership_set_roles": (
        lambda h, u: services.membership_set_roles(
            actor=u, membership=Membership.objects.get(user=u), roles=["reviewer"]
        ),
        "membership.set_roles",
    ),
    "membership_revoke": (
        lambda h, u: services.membership_revoke(
            actor=u,
            membership=services.membership_grant(
                actor=u, user=User.objects.create_user("x2"), agency=h.town, roles=[]
            ),
        ),
        "membership.revoke",
    ),
    "two_factor_start": (lambda h, u: services.two_factor_start(user=u), "two_factor.start"),
    "two_factor_confirm": (
        _two_factor_setup_and_return := (lambda h, u: _two_factor_setup(u)),
        "two_factor.enable",
    ),
    "two_factor_verify": (
        lambda h, u: (_two_factor_setup(u), services.two_factor_verify(user=u, token="000000")),
        "auth.two_factor_failed",
    ),
    "two_factor_disable": (
        lambda h, u: (_two_factor_setup(u), services.two_factor_disable(actor=u, user=u)),
        "two_factor.disable",
    ),
    "calendar_load": (
        lambda h, u: calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"), actor=u),
        "calendar.load",
    ),
    "calendar_remove": (
        lambda h, u: (
            calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8")),
            calendar_remove(year=2027, actor=u),
        ),
        "calendar.remove",
    ),
}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_writes_its_audit_row(name: str, hierarchy, make_staff) -> None:
    call, action = SERVICES[name]
    actor = make_staff("actor", hierarchy.town, Role.ADMIN)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    call(hierarchy, actor)
    rows = AuditEvent.objects.exclude(pk__in=before).filter(action=action)
    assert rows.count() == 1, list(
        AuditEvent.objects.exclude(pk__in=before).values_list("action", flat=True)
    )
    assert rows.get().actor == actor


def test_calendar_rows_say_what_was_loaded_and_removed() -> None:
    calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"))
    calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"), replace=True)
    assert calendar_remove(year=2027)
    assert not calendar_remove(year=2027)  # nothing to remove: no row
    load, replace = AuditEvent.objects.filter(action="calendar.load").order_by("id")
    assert load.details["year"] == 2027 and load.details["replaced"] is False
    assert load.details["holidays"] == 29 and load.details["makeup_workdays"] == 5
    assert replace.details["replaced"] is True
    removed = AuditEvent.objects.get(action="calendar.remove")
    assert removed.details == {"year": 2027, "source": "测试用虚构通知〔2026〕1号", "days": 34}


# --- admin changes ----------------------------------------------------------------------------


def _formset(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_admin_changes_of_roles_memberships_and_agencies_are_audited(
    hierarchy, make_staff, admin_client: Client, admin_user: User
) -> None:
    clerk = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    membership = Membership.objects.get(user=clerk)
    role = MembershipRole.objects.get(membership=membership)
    response = admin_client.post(
        f"/admin/agencies/membership/{membership.pk}/change/",
        {
            "user": clerk.pk,
            "agency": hierarchy.town.pk,
            **_formset(
                "roles",
                [
                    {
                        "id": str(role.pk),
                        "membership": str(membership.pk),
                        "role": "registrar",
                        "DELETE": "on",
                    },
                    {"membership": str(membership.pk), "role": "publisher"},
                ],
                initial=1,
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.get(pk=membership.pk).role_set() == {Role.PUBLISHER}
    event = AuditEvent.objects.get(action="admin.change", object_type="agencies.membership")
    assert event.actor == admin_user and event.agency == hierarchy.town
    changes = str(event.details["changes"])
    assert "信息发布员" in changes and "登记员" in changes  # added and deleted roles

    response = admin_client.post(
        f"/admin/agencies/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.get(action="admin.delete", object_type="agencies.membership")
    assert deleted.object_id == str(membership.pk) and deleted.agency == hierarchy.town

    # a bulk deletion (an agency with audit rows is protected: a fresh one without any)
    spare = Agency.objects.create(name="待撤销机关", code="SPARE", kind="other")
    response = admin_client.post(
        "/admin/agencies/agency/",
        {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=spare.pk).exists()
    bulk = AuditEvent.objects.get(action="admin.delete", object_type="agencies.agency")
    assert bulk.object_id == str(spare.pk) and bulk.details["object"] == "待撤销机关"
    # an agency with a history cannot be deleted: its trail protects it
    admin_client.post(
        "/admin/agencies/agency/",
        {"action": "delete_selected", "_selected_action": [hierarchy.dept.pk], "post": "yes"},
    )
    assert Agency.objects.filter(pk=hierarchy.dept.pk).exists()


def test_admin_changes_of_holiday_schedules_are_audited(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/calendars/holidayschedule/add/",
        {
            "year": "2028",
            "source": "国办发明电〔2027〕1号",
            "note": "",
            **_formset("days", [{"day": "2028-01-01", "kind": "holiday", "name": "元旦"}]),
        },
    )
    assert response.status_code == 302
    schedule = HolidaySchedule.objects.get(year=2028)
    added = AuditEvent.objects.get(action="admin.add", object_type="calendars.holidayschedule")
    assert added.object_id == str(schedule.pk) and "元旦" in str(added.details["changes"])
    response = admin_client.post(
        f"/admin/calendars/holidayschedule/{schedule.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="admin.delete", object_id=str(schedule.pk)).exists()


def test_staff_with_every_model_permission_gets_nothing_in_the_admin(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.ADMIN)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user)
    for url in (
        "/admin/calendars/holidayschedule/",
        "/admin/calendars/holidayschedule/add/",
        "/admin/agencies/membership/add/",
        "/admin/auth/user/",
        "/admin/core/auditevent/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        "/admin/calendars/holidayschedule/add/",
        {"year": "2028", "source": "x", **_formset("days", [])},
    )
    assert response.status_code == 403
    assert not HolidaySchedule.objects.exists()


def test_admin_password_change_is_audited(hierarchy, make_staff, admin_client: Client) -> None:
    clerk = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    response = admin_client.post(
        f"/admin/auth/user/{clerk.pk}/password/",
        {
            "password1": "Another-pass-2025",
            "password2": "Another-pass-2025",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change", object_type="auth.user")
    assert event.object_id == str(clerk.pk) and event.agency == hierarchy.town
    assert "Another" not in str(event.details)


# --- the audit page ---------------------------------------------------------------------------


@pytest.fixture
def trail(hierarchy, make_staff) -> dict[str, Any]:
    boss = make_staff("boss", hierarchy.town, Role.ADMIN)
    services.agency_update(actor=boss, agency=hierarchy.town, data={"phone": "0377-1111111"})
    services.agency_update(
        actor=None, agency=hierarchy.village_office, data={"phone": "0377-2222222"}
    )
    services.agency_update(actor=None, agency=hierarchy.dept, data={"phone": "0377-3333333"})
    calendar_load(text=SAMPLE_2027.read_text(encoding="utf-8"))
    return {"boss": boss}


def test_agency_admin_reads_own_and_subordinate_rows_only(trail, hierarchy) -> None:
    client = Client()
    client.force_login(trail["boss"])
    page = client.get(reverse("staff:audit_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "0377-1111111" in text and "0377-2222222" in text
    assert "0377-3333333" not in text  # another agency
    assert "导入节假日安排" not in text  # platform-wide rows are for platform administrators
    filtered = client.get(reverse("staff:audit_list"), {"agency": hierarchy.dept.pk})
    assert filtered.status_code == 200 and "0377-3333333" not in filtered.content.decode()


def test_filters_and_pages(trail, hierarchy) -> None:
    boss = trail["boss"]
    for i in range(60):
        services.agency_update(actor=boss, agency=hierarchy.town, data={"address": f"地址{i}"})
    client = Client()
    client.force_login(boss)
    first = client.get(reverse("staff:audit_list"), {"action": "agency.update"})
    text = first.content.decode()
    assert (
        "共 62 条" in text and "第 1 / 2 页" in text and "地址59" in text and '地址0"' not in text
    )
    second = client.get(reverse("staff:audit_list"), {"action": "agency.update", "page": 2})
    assert "第 2 / 2 页" in second.content.decode()
    none = client.get(reverse("staff:audit_list"), {"actor": "nobody"})
    assert "没有符合条件的记录" in none.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.get(reverse("staff:audit_list"), {"since": tomorrow})
    assert "没有符合条件的记录" in future.content.decode()
    bad = client.get(reverse("staff:audit_list"), {"since": tomorrow, "until": "2020-01-01"})
    assert "起始日期不能晚于截止日期" in bad.content.decode()


def test_export_csv(trail, hierarchy) -> None:
    client = Client()
    client.force_login(trail["boss"])
    response = client.get(reverse("staff:audit_export"), {"action": "agency.update"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["时间", "操作人账号", "操作"]
    assert len(rows) == 3  # header + town + village office
    assert {row[6] for row in rows[1:]} == {hierarchy.town.name, hierarchy.village_office.name}
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == trail["boss"] and export.details["filters"] == {
        "action": "agency.update"
    }


def test_superuser_reads_every_row(trail, admin_client: Client) -> None:
    text = admin_client.get(reverse("staff:audit_list")).content.decode()
    assert "0377-3333333" in text and "导入节假日安排" in text


def test_list_query_count_does_not_grow(trail, hierarchy, django_assert_max_num_queries) -> None:
    for i in range(40):
        services.agency_update(actor=None, agency=hierarchy.town, data={"address": f"地址{i}"})
    client = Client()
    client.force_login(trail["boss"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("staff:audit_list")).status_code == 200


def test_hostile_text_is_stored_not_refused() -> None:
    """PostgreSQL stores no NUL character in text or JSON: a row about such input still goes in."""
    with transaction.atomic():
        event = audit_record(
            actor=None,
            action="test.event",
            object_type="t",
            object_id="1\x002",
            details={"q\x00": ["a\x00b", {"c": "\x00"}], "n": 1},
        )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.object_id == "1\ufffd2"
    assert event.details == {"q\ufffd": ["a\ufffdb", {"c": "\ufffd"}], "n": 1}


def test_the_admin_names_the_borrowed_apps_in_chinese(admin_client: Client) -> None:
    text = admin_client.get("/admin/").content.decode()
    for name in ("登录锁定", "双因素认证", "后台任务", "操作记录"):
        assert name in text, name
