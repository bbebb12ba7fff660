"""Hostile input to the pages and validators of this part: XSS payloads, SQL metacharacters,
NUL bytes, overlong and odd Unicode. Every answer is a page or a clear refusal, never a 500,
and nothing is stored half-way."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency, Role
from gongkai.core.validators import PHONE_RE, validate_phone_numbers

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\"'><img src=x onerror=alert(1)>",
            "'; DROP TABLE auth_user; --",
            "1 OR 1=1",
            "%00",
            "\x00",
            "a\x00b",
            "\ud7ff\ue000\uffff",
            "../../etc/passwd",
            "ＳＥＬＥＣＴ",
            "0377-65320001\u202e",
            "x" * 5000,
        ]
    ),
    st.text(max_size=300),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(value=HOSTILE)
@FUZZ
def test_phone_validator_refuses_or_accepts_never_crashes(value: str) -> None:
    try:
        validate_phone_numbers(value)
    except ValidationError as exc:
        assert exc.messages and all(m for m in exc.messages)


DIGITS = st.text(alphabet="0123456789", min_size=4, max_size=4)


@given(area=st.sampled_from(["010", "021", "0377", "0371"]), a=DIGITS, b=DIGITS)
@FUZZ
def test_generated_landlines_are_accepted(area: str, a: str, b: str) -> None:
    local = f"{int(a[0]) % 8 + 2}{a[1:]}{b}"
    for number in (f"{area}-{local}", f"({area}){local}", f"{area} {local[:4]} {local[4:]}"):
        assert PHONE_RE.match(number), number
    validate_phone_numbers(f"{area}-{local}、{area}-{local}")


@pytest.mark.django_db
@given(username=HOSTILE, password=HOSTILE, agent=HOSTILE)
@FUZZ
def test_login_never_fails_with_a_server_error(username: str, password: str, agent: str) -> None:
    # (a name longer than the lockout table's column failed the request on PostgreSQL once)
    for url in ("/staff/login/", "/admin/login/"):
        response = Client(HTTP_USER_AGENT=agent.replace("\x00", "")).post(
            url, {"username": username, "password": password}
        )
        assert response.status_code in (200, 429)
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.fixture
def boss_client(hierarchy, make_staff) -> Client:
    client = Client()
    client.force_login(make_staff("boss", hierarchy.town, Role.ADMIN))
    return client


@pytest.mark.django_db
@given(since=HOSTILE, action=HOSTILE, actor=HOSTILE, agency=HOSTILE, page=HOSTILE)
@FUZZ
def test_audit_filters_never_fail(boss_client, since, action, actor, agency, page) -> None:
    query = {"since": since, "action": action, "actor": actor, "agency": agency, "page": page}
    response = boss_client.get(reverse("staff:audit_list"), query)
    # 414: an address over 4096 characters; 400: a NUL character in it
    assert response.status_code in (200, 400, 414)
    assert "<script>alert(1)</script>" not in response.content.decode()
    export = boss_client.get(reverse("staff:audit_export"), query)
    assert export.status_code == response.status_code


@pytest.mark.django_db
@given(phone=HOSTILE, guide=HOSTILE, email=HOSTILE)
@FUZZ
def test_agency_edit_refuses_or_saves_whole(boss_client, hierarchy, phone, guide, email) -> None:
    before = Agency.objects.values().get(pk=hierarchy.town.pk)
    response = boss_client.post(
        reverse("staff:agency_edit", args=[hierarchy.town.pk]),
        {"phone": phone, "guide": guide, "email": email, "address": "人民路1号"},
    )
    assert response.status_code in (200, 302)
    after = Agency.objects.values().get(pk=hierarchy.town.pk)
    if response.status_code == 200:  # refused: nothing changed
        assert after == before
    else:
        assert after["address"] == "人民路1号"


@pytest.mark.django_db
@given(token=HOSTILE, action=HOSTILE)
@FUZZ
def test_second_factor_pages_never_fail(boss_client, token, action) -> None:
    verify = boss_client.post(reverse("staff:two_factor_verify"), {"token": token})
    assert verify.status_code in (200, 302)
    page = boss_client.post(reverse("staff:two_factor"), {"action": action, "token": token})
    assert page.status_code in (200, 302, 400, 403)
