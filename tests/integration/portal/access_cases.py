"""Access cases of the public portal: see tests/integration/url_access.py.

Public pages answer everybody alike; the cases make sure they stay reachable without a login.
"""

from __future__ import annotations

from tests.integration.url_access import NOT_FOUND, OK, AccessCase, Target, World

from gongkai.agencies import services

PUBLIC = {"owner": OK, "anonymous": OK, "other_agency": OK, "no_role": OK}


def _guide(world: World) -> Target:
    services.agency_update(
        actor=None, agency=world.agency, data={"guide": "一、主动公开（访问测试）"}
    )
    return Target({"code": world.agency.code}, secret="一、主动公开（访问测试）")


CASES = [
    AccessCase("portal:home", build=lambda w: Target(secret=w.agency.name), **PUBLIC),
    AccessCase("portal:agency_guide", build=_guide, **PUBLIC),
    AccessCase(
        "portal:agency_guide",
        build=lambda w: Target({"code": "NOSUCH"}),
        owner=NOT_FOUND,
        anonymous=NOT_FOUND,
        other_agency=NOT_FOUND,
        no_role=NOT_FOUND,
        note="unknown",
    ),
]
