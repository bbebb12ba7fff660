"""Walks the URL configuration: every URL has access cases, and every case holds.

See ``url_access.py`` for the registry and how to add a case.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from tests.integration.url_access import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    REDIRECT,
    AccessCase,
    World,
)

from gongkai.config.urls import urlpatterns as platform_urlpatterns

HERE = Path(__file__).resolve().parent
#: Namespaces checked otherwise: the Django admin model by model (below).
EXEMPT_NAMESPACES = {"admin"}


def _walk(
    patterns: list[Any], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str, str, str]]:
    """(namespace, name, route, app) of every pattern; unnamed ones get a placeholder name."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = f"<unnamed /{route}>"
            yield namespace, name, route, _app_of(entry, namespace)


def _app_of(entry: URLPattern, namespace: str) -> str:
    """The app whose tests hold the URL's cases: the view's own app, else its namespace's."""
    view = getattr(entry.callback, "view_class", entry.callback)
    parts = getattr(view, "__module__", "").split(".")
    if parts[0] == "gongkai" and len(parts) > 2:
        return parts[1]
    return {"staff": "agencies"}.get(namespace.split(":")[0], namespace or "portal")


def url_names() -> dict[str, tuple[str, str]]:
    """name → (route, app) of every URL that needs access cases."""
    names: dict[str, tuple[str, str]] = {}
    for namespace, name, route, app in _walk(get_resolver().url_patterns):
        if namespace.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        names.setdefault(name, (route, app))
    return names


def _load_cases() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for file in sorted(HERE.glob("*/access_cases*.py")):  # access_cases.py, access_cases_<part>.py
        spec = importlib.util.spec_from_file_location(f"{file.stem}_{file.parent.name}", file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for case in module.CASES:
            assert isinstance(case, AccessCase), f"{file}: CASES holds {case!r}"
            cases.append(case)
    return cases


CASES = _load_cases()


def missing_cases(cases: list[AccessCase]) -> list[str]:
    covered = {case.url_name for case in cases}
    return [
        f"  {name} (/{route}): add an AccessCase to tests/integration/{app}/access_cases.py"
        + (" and give the pattern a name" if name.startswith("<unnamed") else "")
        for name, (route, app) in sorted(url_names().items())
        if name not in covered
    ]


def test_every_url_has_access_cases() -> None:
    advice = missing_cases(CASES)
    assert not advice, (
        "URLs without access cases (anonymous, other agency, no role):\n" + "\n".join(advice)
    )


def _new_view(request: Any) -> Any:  # a view some app might add without an access case
    raise AssertionError("never called")


_new_view.__module__ = "gongkai.reports.views"
urlpatterns = [
    path("staff/reports/new/", _new_view, name="reports_new"),
    path("staff/reports/unnamed/", _new_view),
    *platform_urlpatterns,
]


@pytest.mark.urls(__name__)
def test_a_new_view_without_a_case_fails_with_where_to_add_it() -> None:
    advice = [line for line in missing_cases(CASES) if "/staff/reports/" in line]
    assert advice == [
        "  <unnamed /staff/reports/unnamed/> (/staff/reports/unnamed/): add an AccessCase to "
        "tests/integration/reports/access_cases.py and give the pattern a name",
        "  reports_new (/staff/reports/new/): add an AccessCase to "
        "tests/integration/reports/access_cases.py",
    ]


def test_no_case_for_a_url_that_does_not_exist() -> None:
    known = set(url_names())
    stale = sorted({case.url_name for case in CASES} - known)
    assert not stale, f"access cases for URLs that no longer exist: {stale}"


# --- running the cases --------------------------------------------------------------------------


@pytest.fixture
def world(make_agency, make_staff, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads made by the cases stay out of var/
    county = make_agency("ACCY", "访问测试县人民政府", "government")
    agency = make_agency("ACTW", "访问测试镇人民政府", "township", county)
    other = make_agency("ACOT", "访问测试邻县人民政府", "government")
    counter = iter(range(10_000))

    def make_member(target_agency: Any, *roles: str) -> User:
        return make_staff(f"member{next(counter)}", target_agency, *roles)

    return World(county=county, agency=agency, other=other, make_member=make_member)


def _check(case: AccessCase, audience: str, response: Any, secret: str, login_url: str) -> None:
    expected = getattr(case, audience)
    where = f"{case.id} as {audience}"
    status = response.status_code
    body = b"" if getattr(response, "streaming", False) else response.content
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    text = body.decode("utf-8", errors="replace")
    if expected == OK:
        allowed = {200, 302} if case.method == "POST" else {200}
        assert status in allowed, f"{where}: {status}, expected {allowed}"
        if secret and status == 200:
            assert secret in text, f"{where}: the positive control does not show {secret!r}"
        return
    if secret:
        assert secret not in text, f"{where}: answered {status} but shows {secret!r}"
    if expected == OK_WITHOUT_SECRET:
        assert status == 200, f"{where}: {status}, expected 200"
    elif expected == LOGIN:
        assert status == 302 and response.url.startswith(login_url), (
            f"{where}: {status} {getattr(response, 'url', '')}, expected a redirect to {login_url}"
        )
    elif expected == FORBIDDEN:
        assert status == 403, f"{where}: {status}, expected 403"
    elif expected == NOT_FOUND:
        assert status == 404, f"{where}: {status}, expected 404"
    elif expected == REDIRECT:
        assert status == 302, f"{where}: {status}, expected a redirect"


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_access_case(case: AccessCase, world: World) -> None:
    target = case.build(world)
    users = {
        "owner": world.make_member(world.agency, *case.owner_roles),
        "anonymous": None,
        "other_agency": world.make_member(
            world.other, "registrar", "handler", "reviewer", "publisher", "admin"
        ),
        "no_role": world.make_member(world.agency),
    }
    url = reverse(case.url_name, kwargs=target.kwargs or None)
    if target.query:
        url = f"{url}?{target.query}"
    login_url = reverse("staff:login")
    # refusals first, the positive control last (it may change what the others would see)
    for audience in ("anonymous", "other_agency", "no_role", "owner"):
        client = Client()
        if users[audience] is not None:
            client.force_login(users[audience])
        if case.method == "POST":
            response = client.post(url, target.data or {})
        else:
            response = client.generic(case.method, url)
        _check(case, audience, response, target.secret, login_url)
        if audience != "owner" and getattr(case, audience) != OK and target.unchanged:
            assert target.unchanged(), f"{case.id} as {audience}: a refused request changed data"


# --- the Django admin, model by model -----------------------------------------------------------


ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[m._meta.label_lower for m in ADMIN_MODELS])
def test_admin_model_is_for_platform_administrators_only(
    model: Any, make_agency, make_staff
) -> None:
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"admin:{label}_changelist"), reverse(f"admin:{label}_add")]
    # anonymous: the admin's login page
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    # a staff account with every model permission: nothing
    agency = make_agency("ADMX", "后台测试机关", "department")
    staff = make_staff("staffer", agency, "admin")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    staff.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 403, f"{url} for a staff account with permissions"
    # the positive control: a platform administrator reads the list
    root = User.objects.create_superuser("root-admin", password="Root-pass-2024")
    client = Client()
    client.force_login(root)
    assert client.get(urls[0]).status_code == 200
