"""``gongkai demo``: idempotent, documented accounts that work."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from gongkai import demo
from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_builds_the_hierarchy_and_accounts(capsys) -> None:
    assert demo.demo_main([]) == 0
    out = capsys.readouterr().out
    county = Agency.objects.get(code=demo.COUNTY)
    assert county.name == "内乡县人民政府" and county.kind == "government"
    town = Agency.objects.get(name="岢曲镇人民政府")
    assert town.parent == county and town.kind == "township"
    assert set(county.descendants()) == set(Agency.objects.exclude(pk=county.pk))
    assert "政府信息公开指南" not in town.guide or town.guide  # filled
    assert "依申请公开" in town.guide and town.phone and town.office_hours
    # one account per role at the town, each able to log in with the printed password
    town_roles = set()
    for account in demo.demo_accounts():
        assert account.username in out and demo.DEMO_PASSWORD in out
        user = authenticate(username=account.username, password=demo.DEMO_PASSWORD)
        assert user is not None, account.username
        membership = Membership.objects.filter(user=user).first()
        if membership and membership.agency == town:
            town_roles |= membership.role_set()
    assert town_roles == set(Role)
    assert User.objects.get(username="admin").is_superuser
    supervisor = User.objects.get(username="nxx_supervisor")
    assert set(permissions.agencies_readable_by(supervisor)) == set(Agency.objects.all())


def test_demo_is_idempotent_and_if_empty_skips(capsys) -> None:
    assert demo.demo_main([]) == 0
    before = _counts()
    assert demo.demo_main([]) == 0
    assert _counts() == before
    capsys.readouterr()
    assert demo.demo_main(["--if-empty"]) == 0
    assert "已有行政机关数据" in capsys.readouterr().out
    assert _counts() == before


def test_demo_if_empty_on_an_empty_database_creates(capsys) -> None:
    assert demo.demo_main(["--if-empty"]) == 0
    assert Agency.objects.count() == 4


def test_demo_rejects_unknown_options(capsys) -> None:
    with pytest.raises(SystemExit) as excinfo:
        demo.demo_main(["--frobnicate"])
    assert excinfo.value.code == 2


def test_account_table_is_available_without_a_database() -> None:
    accounts = demo.demo_accounts()
    assert [a.username for a in accounts][-1] == "admin"
    assert all(a.password == demo.DEMO_PASSWORD for a in accounts)
    table = demo.format_accounts(accounts)
    assert table.splitlines()[0].startswith("账号")
