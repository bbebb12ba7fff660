"""The Django admin: superusers only; admin edits are audited too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_superuser_manages_agencies_and_memberships(hierarchy) -> None:
    User.objects.create_superuser("root", password="root-password-1")
    client = Client()
    assert client.login(username="root", password="root-password-1")
    for url in (
        "/admin/",
        "/admin/agencies/agency/",
        "/admin/agencies/agency/add/",
        f"/admin/agencies/agency/{hierarchy.town.pk}/change/",
        "/admin/agencies/membership/",
        "/admin/agencies/membership/add/",
        "/admin/core/auditevent/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/agencies/agency/add/",
        {
            "name": "新设街道办事处",
            "code": "XJD",
            "kind": "subdistrict",
            "parent": hierarchy.county.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(code="XJD")
    event = AuditEvent.objects.get(action="admin.add")
    assert event.agency == agency and event.actor_label == "root"


def test_staff_flag_without_superuser_gets_nothing(hierarchy, make_staff) -> None:
    user = make_staff("clerk", hierarchy.town, Role.ADMIN)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(user)
    assert client.get("/admin/agencies/agency/").status_code == 403
    assert client.get("/admin/core/auditevent/").status_code == 403
    assert "行政机关" not in client.get("/admin/").content.decode()


def test_admin_stores_agency_text_without_control_characters(hierarchy) -> None:
    User.objects.create_superuser("root", password="root-password-1")
    client = Client()
    assert client.login(username="root", password="root-password-1")
    response = client.post(
        "/admin/agencies/agency/add/",
        {
            "name": "新设\x1b街道办事处\x07",
            "code": "XJD",
            "kind": "subdistrict",
            "address": "幸福路\x1b1号",
            "phone": "0377-65320001\x1b",
            "guide": "指南\x1b\n第二行",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(code="XJD")
    assert (agency.name, agency.address, agency.phone, agency.guide) == (
        "新设街道办事处",
        "幸福路1号",
        "0377-65320001",
        "指南\n第二行",
    )
