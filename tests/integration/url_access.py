"""Access cases for every URL of the platform: the registry behind ``test_url_access.py``.

Every named URL pattern (except the Django admin's, which ``test_url_access`` checks model by
model) must have at least one :class:`AccessCase`. The cases live next to the app's own tests,
in ``tests/integration/<app>/access_cases.py`` (or ``access_cases_<part>.py`` when an app's
pages have several owners), as a module-level list ``CASES``; the walker imports every such
file. A new view without a case fails ``test_every_url_has_access_cases`` with the file to add
it to.

A case says how the URL answers each audience, and the walker checks each:

* ``owner`` — a member of the target's agency holding ``owner_roles``: the positive control
  (it must see ``Target.secret`` when the expectation is ``OK``);
* ``anonymous`` — nobody logged in;
* ``other_agency`` — a member of an unrelated agency holding every role;
* ``no_role`` — a member of the target's agency without any role.

A refused audience never sees ``Target.secret`` in the response, and a refused POST leaves
``Target.unchanged()`` true. Example (``tests/integration/agencies/access_cases.py``)::

    AccessCase(
        "staff:agency_detail",
        build=lambda w: Target({"pk": w.agency.pk}, secret=w.agency.name),
        other_agency=NOT_FOUND,
        no_role=NOT_FOUND,
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Expectations.
OK = "ok"  # 200 (a POST may also redirect on success); the secret is shown
OK_WITHOUT_SECRET = "ok_without_secret"  # 200, but nothing of the target is shown
LOGIN = "login"  # redirected to the login page
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not_found"  # 404
REDIRECT = "redirect"  # 302 elsewhere (e.g. a logged-in user sent away from the login page)
EXPECTATIONS = frozenset({OK, OK_WITHOUT_SECRET, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT})

AUDIENCES = ("owner", "anonymous", "other_agency", "no_role")


@dataclass
class World:
    """The agencies and accounts every case is built in (see ``test_url_access.world``)."""

    county: Any  # the agency above ``agency``
    agency: Any  # the target's agency (a town)
    other: Any  # an unrelated agency (another county)
    make_member: Callable[..., Any]  # make_member(agency, *roles) -> User
    extra: dict[str, Any] = field(default_factory=dict)  # for an app's own fixtures


@dataclass(frozen=True)
class Target:
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: Text that only an allowed audience may see (a name, a title, a phone number …).
    secret: str = ""
    #: Form data for a POST case.
    data: dict[str, Any] | None = None
    #: For a POST case: returns True while nothing has changed (checked after each refusal).
    unchanged: Callable[[], bool] | None = None
    query: str = ""


@dataclass(frozen=True)
class AccessCase:
    url_name: str
    build: Callable[[World], Target] = lambda world: Target()
    method: str = "GET"
    owner_roles: tuple[str, ...] = ()
    owner: str = OK
    anonymous: str = LOGIN
    other_agency: str = NOT_FOUND
    no_role: str = FORBIDDEN
    note: str = ""

    def __post_init__(self) -> None:
        for audience in AUDIENCES:
            value = getattr(self, audience)
            if value not in EXPECTATIONS:
                raise ValueError(f"{self.url_name}: unknown expectation {value!r} for {audience}")

    @property
    def id(self) -> str:
        suffix = f"-{self.note}" if self.note else ""
        return f"{self.url_name}-{self.method}{suffix}"
