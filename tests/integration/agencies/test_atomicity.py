"""A failure injected at any write in the middle of a multi-step service leaves nothing
half-written: each service of ``agencies.services`` is run once for every write it makes, with
that write failing, against real commits (transactional tests), and every table is compared
with its state before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from gongkai.agencies import services
from gongkai.agencies.models import Agency, Membership

WRITES = ("INSERT", "UPDATE", "DELETE")
TABLES = (
    "auth_user",
    "agencies_agency",
    "agencies_membership",
    "agencies_membershiprole",
    "core_auditevent",
    "otp_totp_totpdevice",
)


class InjectedFailure(Exception):
    pass


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        tables = {}
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # fixed table names
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


class FailAt:
    """An execute wrapper that fails the n-th write (0-based) and counts them all."""

    def __init__(self, n: int | None) -> None:
        self.n = n
        self.writes = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ):
        if sql.lstrip().upper().startswith(WRITES):
            index = self.writes
            self.writes += 1
            if index == self.n:
                raise InjectedFailure(f"write {index} fails: {sql[:60]}")
        return execute(sql, params, many, context)


@pytest.fixture
def setup(make_agency, make_staff) -> dict[str, Any]:
    county = make_agency("ATC", "原子性测试县", "government")
    town = make_agency("ATT", "原子性测试镇", "township", county)
    member = make_staff("member", town, "registrar", "handler")
    spare = User.objects.create_user("spare")
    return {"county": county, "town": town, "member": member, "spare": spare}


SERVICES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "staff_user_create": lambda s: services.staff_user_create(
        actor=None,
        username="newcomer",
        password="Newcomer-pass-2024",
        agency=s["town"],
        roles=["handler", "reviewer"],
    ),
    "agency_create": lambda s: services.agency_create(
        actor=None, name="新设镇", code="NEWT", kind="township", parent=s["county"], guide="指南"
    ),
    "agency_update": lambda s: services.agency_update(
        actor=None, agency=s["town"], data={"phone": "0377-1234567", "guide": "新的指南"}
    ),
    "agency_set_two_factor": lambda s: services.agency_set_two_factor(
        actor=None, agency=s["town"], required=True
    ),
    "membership_grant": lambda s: services.membership_grant(
        actor=None, user=s["spare"], agency=s["town"], roles=["publisher", "admin"]
    ),
    "membership_set_roles": lambda s: services.membership_set_roles(
        actor=None,
        membership=Membership.objects.get(user=s["member"]),
        roles=["reviewer", "publisher"],
    ),
    "membership_revoke": lambda s: services.membership_revoke(
        actor=None, membership=Membership.objects.get(user=s["member"])
    ),
    "two_factor_start": lambda s: services.two_factor_start(user=s["member"]),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_failure_at_any_write_leaves_nothing_half_written(name: str, setup) -> None:
    call = SERVICES[name]
    before = snapshot()
    # count the writes of a successful run (in a transaction rolled back afterwards)
    counter = FailAt(None)
    with connection.execute_wrapper(counter):
        _run_and_undo(call, setup)
    assert counter.writes >= 2, f"{name} makes {counter.writes} write(s): not multi-step"
    assert snapshot() == before, "the dry run was not undone"
    for n in range(counter.writes):
        with connection.execute_wrapper(FailAt(n)), pytest.raises(InjectedFailure):
            call(setup)
        assert snapshot() == before, f"{name}: failing write {n} left a partial change"
    call(setup)  # and without a failure it does its job
    assert snapshot() != before


def _run_and_undo(call: Callable[[dict[str, Any]], Any], setup: dict[str, Any]) -> None:
    """Run the service inside a transaction that is rolled back (to count its writes)."""
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        call(setup)
        raise Undo


@pytest.mark.django_db(transaction=True)
def test_agency_rows_unchanged_after_a_failed_create(setup) -> None:
    with connection.execute_wrapper(FailAt(1)), pytest.raises(InjectedFailure):
        SERVICES["agency_create"](setup)
    assert not Agency.objects.filter(code="NEWT").exists()
