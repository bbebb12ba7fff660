"""Shared test configuration and factories.

Factories go through the services (so the audit trail is exercised too). Django models are
imported inside the fixtures: the unit tests of the pure cores need no database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests measure rules, not speed: no per-example deadline on a shared 2-core machine.
# On CI the examples are derived from each test (reproducible runs); locally they are random.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

STAFF_PASSWORD = "test-password-1234"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Hashing with the production work factor makes every created account cost ~0.3 s."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _search_index_per_test(settings: Any, tmp_path_factory: Any) -> None:
    """Each test gets its own (empty, lazily created) search index directory."""
    settings.GONGKAI_SEARCH_DIR = tmp_path_factory.mktemp("search")


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> None:
    """The portal caches its filter choices and its pages under generations kept in the
    database; a rolled-back test takes its generations back with it, so every test starts with
    an empty cache."""
    from django.core.cache import cache

    from gongkai.portal import selectors

    cache.clear()
    selectors.forget()


@pytest.fixture
def staff_password() -> str:
    """The password of every account made by ``make_staff``."""
    return STAFF_PASSWORD


@pytest.fixture
def make_agency(db: None) -> Callable[..., Any]:
    """make_agency(code, name=None, kind="department", parent=None, **contact) -> Agency"""
    from gongkai.agencies import services

    def make(
        code: str, name: str | None = None, kind: str = "department", parent: Any = None, **kw: Any
    ) -> Any:
        return services.agency_create(
            actor=None, name=name or f"机关{code}", code=code, kind=kind, parent=parent, **kw
        )

    return make


@pytest.fixture
def make_staff(db: None) -> Callable[..., Any]:
    """make_staff(username, agency, *roles) -> User (password STAFF_PASSWORD)"""
    from gongkai.agencies import services

    def make(username: str, agency: Any, *roles: str) -> Any:
        return services.staff_user_create(
            actor=None, username=username, password=STAFF_PASSWORD, agency=agency, roles=roles
        )

    return make


@dataclass
class Hierarchy:
    county: Any  # 县政府
    town: Any  # 镇政府, under the county
    dept: Any  # 县部门, under the county
    village_office: Any  # under the town
    other_county: Any  # a separate tree


@pytest.fixture
def hierarchy(make_agency: Callable[..., Any]) -> Hierarchy:
    county = make_agency("CTY", "测试县人民政府", "government")
    town = make_agency("TWN", "测试镇人民政府", "township", county)
    dept = make_agency("DEP", "测试县自然资源局", "department", county)
    village_office = make_agency("VIL", "测试镇便民服务中心", "other", town)
    other = make_agency("OTH", "邻县人民政府", "government")
    return Hierarchy(county, town, dept, village_office, other)
