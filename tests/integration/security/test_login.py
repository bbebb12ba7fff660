"""Login: lockout after repeated failures (staff login and admin login), the audit trail of
logins, failures and logouts, the password policy and the session's lifetime."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from gongkai.agencies import services
from gongkai.agencies.middleware import LAST_SEEN_SESSION_KEY, LOGIN_AT_SESSION_KEY
from gongkai.agencies.models import Role
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LIMIT = 5


def post_login(client: Client, url: str, username: str, password: str, ip: str = "10.0.0.1"):
    data = {"username": username, "password": password}
    if url.startswith("/admin/"):
        data["next"] = "/admin/"
    return client.post(url, data, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", ["/staff/login/", "/admin/login/"])
def test_lockout_after_repeated_failures_even_with_the_right_password(
    url: str, hierarchy, make_staff, staff_password
) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    if url.startswith("/admin/"):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    for _ in range(LIMIT - 1):
        response = post_login(client, url, "clerk", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    locked = post_login(client, url, "clerk", "wrong-password")
    assert locked.status_code == 429
    for attempt in (post_login(client, url, "clerk", staff_password), locked):
        assert attempt.status_code == 429
        doc = lxml_html.fromstring(attempt.content)
        assert doc.xpath("//h1")[0].text_content() == "登录已暂时锁定"
        assert "15 分钟后再试" in doc.text_content()
        assert "staff" in doc.xpath("//body/@class")[0]
    assert "_auth_user_id" not in client.session
    assert int(locked["Retry-After"]) == 15 * 60
    # the trail: every failure, the lockout, and the refused right password
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    assert failures.count() == LIMIT + 1
    assert all(e.details["username"] == "clerk" and e.ip == "10.0.0.1" for e in failures)
    assert all(e.agency_id == hierarchy.town.pk for e in failures)
    assert all(e.request_id for e in failures)
    assert "password" not in str(list(failures.values_list("details", flat=True)))
    # a lockout row when the limit was reached (and again for each attempt during the lockout)
    assert AuditEvent.objects.filter(action="auth.lockout", agency=hierarchy.town).count() >= 1
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    # after the cool-off the right password works again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = post_login(client, url, "clerk", staff_password)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=user).count() == 1


def test_the_account_is_locked_from_every_address(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    for i in range(LIMIT):
        post_login(Client(), "/staff/login/", "clerk", "wrong", ip=f"10.0.1.{i}")
    assert (
        post_login(Client(), "/staff/login/", "clerk", staff_password, "10.9.9.9").status_code
        == 429
    )


def test_an_address_is_locked_for_every_account(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    for i in range(LIMIT):
        post_login(Client(), "/staff/login/", f"guess{i}", "wrong", ip="10.0.2.1")
    assert (
        post_login(Client(), "/staff/login/", "clerk", staff_password, "10.0.2.1").status_code
        == 429
    )
    assert (
        post_login(Client(), "/staff/login/", "clerk", staff_password, "10.0.2.2").status_code
        == 302
    )
    unknown = AuditEvent.objects.filter(
        action="auth.login_failed", details__username="guess0"
    ).get()
    assert unknown.agency is None and unknown.details["known_account"] is False


def test_behind_a_proxy_the_forwarded_address_counts(
    settings, hierarchy, make_staff, staff_password
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    for i in range(LIMIT):
        Client().post(
            "/staff/login/",
            {"username": f"guess{i}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.7",  # the client may claim anything left
        )
    ok = Client().post(
        "/staff/login/",
        {"username": "clerk", "password": staff_password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert ok.status_code == 302  # another client behind the same proxy is not locked out
    assert set(
        AuditEvent.objects.filter(action="auth.login_failed").values_list("ip", flat=True)
    ) == {"203.0.113.7"}


def test_login_and_logout_are_audited(hierarchy, make_staff, staff_password) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    assert (
        post_login(client, "/staff/login/", "clerk", staff_password, "192.0.2.5").status_code == 302
    )
    client.post(reverse("staff:logout"), REMOTE_ADDR="192.0.2.5")
    login = AuditEvent.objects.get(action="auth.login")
    logout = AuditEvent.objects.get(action="auth.logout")
    for event in (login, logout):
        assert event.actor == user and event.actor_label == "clerk"
        assert event.agency == hierarchy.town and event.ip == "192.0.2.5"
        assert event.object_type == "auth.user" and event.object_id == str(user.pk)
        assert len(event.request_id) == 10
    assert login.request_id != logout.request_id


# --- password policy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("clerk", "Ab1!", "密码太短，至少需要 10 个字符"),
        ("clerk", "abcdefghijkl", "至少 3 类"),
        ("clerk", "abcdefgh1234", "至少 3 类"),
        ("clerk", "12345678901234", "只包含数字"),
        ("clerk", "Password123", "太常见"),
        ("zhang.weiming", "Zhang.Weiming1", "太相似"),
    ],
)
def test_password_policy(hierarchy, username: str, password: str, reason: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.staff_user_create(
            actor=None, username=username, password=password, agency=hierarchy.town, roles=[]
        )
    assert any(reason in message for message in excinfo.value.messages), excinfo.value.messages
    assert not User.objects.filter(username=username).exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_password_change_applies_the_policy(hierarchy, make_staff, staff_password) -> None:
    client = Client()
    client.force_login(make_staff("clerk", hierarchy.town, Role.REGISTRAR))
    response = client.post(
        reverse("staff:password_change"),
        {
            "old_password": staff_password,
            "new_password1": "alllowercaseletters",
            "new_password2": "alllowercaseletters",
        },
    )
    assert response.status_code == 200
    assert "密码须包含小写字母、大写字母、数字、其他符号中的至少 3 类" in response.content.decode()


# --- session lifetime -----------------------------------------------------------------------


def _age_session(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


@pytest.mark.parametrize(
    ("key", "age"),
    [(LAST_SEEN_SESSION_KEY, 121 * 60), (LOGIN_AT_SESSION_KEY, 12 * 3600 + 60)],
    ids=["idle", "absolute"],
)
def test_session_expires(hierarchy, make_staff, key: str, age: float) -> None:
    client = Client()
    client.force_login(make_staff("clerk", hierarchy.town, Role.REGISTRAR))
    assert client.get(reverse("staff:dashboard")).status_code == 200
    _age_session(client, key, age)
    response = client.get(reverse("staff:agency_list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('staff:login')}?next=%2Fstaff%2Fagencies%2F"
    assert "_auth_user_id" not in client.session
    follow = client.get(response.url)
    assert "登录已超时" in follow.content.decode()
    assert AuditEvent.objects.filter(action="auth.logout").count() == 1


def test_activity_keeps_the_session_without_a_write_per_page(
    hierarchy, make_staff, django_assert_num_queries
) -> None:
    client = Client()
    client.force_login(make_staff("clerk", hierarchy.town, Role.REGISTRAR))
    _age_session(client, LAST_SEEN_SESSION_KEY, 100 * 60)  # idle for 100 of 120 minutes
    assert client.get(reverse("staff:dashboard")).status_code == 200  # renewed now
    before = client.session[LAST_SEEN_SESSION_KEY]
    assert time.time() - before < 5
    client.get(reverse("staff:dashboard"))
    assert client.session[LAST_SEEN_SESSION_KEY] == before  # not rewritten within a minute
