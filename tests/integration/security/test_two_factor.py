"""The TOTP second factor: set up, confirm each login with a code, required by an agency's
管理员 or by the platform, never bypassed by setting up a new device."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import html as lxml_html

from gongkai.agencies.models import Agency, Role
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


def login(client: Client, username: str, password: str) -> None:
    response = client.post(reverse("staff:login"), {"username": username, "password": password})
    assert response.status_code == 302


def enrol(client: Client) -> TOTPDevice:
    assert client.post(reverse("staff:two_factor"), {"action": "start"}).status_code == 302
    page = client.get(reverse("staff:two_factor"))
    doc = lxml_html.fromstring(page.content)
    assert doc.xpath("//figure[@class='otp-qr']/svg")  # the QR code, inline
    secret = doc.xpath("//code[@class='otp-secret']")[0].text_content().replace(" ", "")
    device = TOTPDevice.objects.get(confirmed=False)
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode()
    response = client.post(
        reverse("staff:two_factor"), {"action": "confirm", "token": code(device)}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrol_then_every_login_needs_a_code(hierarchy, make_staff, staff_password) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    page = client.get(reverse("staff:two_factor"))
    assert page.status_code == 200 and "状态：未启用" in page.content.decode()
    device = enrol(client)
    assert client.get(reverse("staff:dashboard")).status_code == 200  # this session is verified
    client.post(reverse("staff:logout"))

    second = Client()
    login(second, "clerk", staff_password)
    for url in (reverse("staff:dashboard"), reverse("staff:agency_list"), "/admin/"):
        response = second.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("staff:two_factor_verify"))
    verify = second.get(f"{reverse('staff:two_factor_verify')}?next=/staff/agencies/")
    assert verify.status_code == 200 and "动态验证码" in verify.content.decode()
    wrong = second.post(
        reverse("staff:two_factor_verify"), {"token": "000000", "next": "/staff/agencies/"}
    )
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp's throttle: one second after the first failure
    # the next time step's code (tolerance ±1 step): the current one confirmed the device and
    # a code is never accepted twice
    right = second.post(
        reverse("staff:two_factor_verify"), {"token": code(device, 1), "next": "/staff/agencies/"}
    )
    assert right.status_code == 302 and right.url == "/staff/agencies/"
    assert second.get(reverse("staff:dashboard")).status_code == 200
    actions = list(
        AuditEvent.objects.filter(actor=user, action__contains="two_factor")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "two_factor.start",
        "two_factor.enable",
        "auth.two_factor_failed",
        "auth.two_factor",
    ]


def test_a_code_is_not_accepted_twice(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    device = enrol(client)
    used = code(device)  # the code that confirmed the device
    other = Client()
    login(other, "clerk", staff_password)
    response = other.post(reverse("staff:two_factor_verify"), {"token": used})
    assert response.status_code == 200  # replay refused


def test_throttling_after_failures(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    device = enrol(client)
    other = Client()
    login(other, "clerk", staff_password)
    for _ in range(3):
        other.post(reverse("staff:two_factor_verify"), {"token": "000000"})
    throttled = other.post(reverse("staff:two_factor_verify"), {"token": code(device, 1)})
    assert throttled.status_code == 200
    assert "尝试次数过多" in throttled.content.decode()


def test_an_unverified_login_cannot_set_up_a_new_device(hierarchy, make_staff, staff_password):
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    enrol(client)
    attacker = Client()  # knows the password, not the phone
    login(attacker, "clerk", staff_password)
    for response in (
        attacker.get(reverse("staff:two_factor")),
        attacker.post(reverse("staff:two_factor"), {"action": "start"}),
        attacker.post(reverse("staff:two_factor"), {"action": "disable", "token": "123456"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("staff:two_factor_verify"))
    assert TOTPDevice.objects.count() == 1


def test_agency_admin_requires_it_for_their_staff(hierarchy, make_staff, staff_password) -> None:
    make_staff("boss", hierarchy.town, Role.ADMIN)
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    make_staff("other", hierarchy.dept, Role.REGISTRAR)
    boss = Client()
    login(boss, "boss", staff_password)
    page = boss.get(reverse("staff:two_factor"))
    assert "本机关工作人员必须使用双因素认证" in page.content.decode()
    assert (
        boss.post(reverse("staff:two_factor"), {"action": "require", "required": "1"}).status_code
        == 302
    )
    assert Agency.objects.get(pk=hierarchy.town.pk).require_two_factor
    event = AuditEvent.objects.get(action="agency.two_factor")
    assert event.agency == hierarchy.town and event.details == {"require_two_factor": [False, True]}

    clerk = Client()
    login(clerk, "clerk", staff_password)
    response = clerk.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and response.url == reverse("staff:two_factor")
    assert "须启用双因素认证" in clerk.get(response.url).content.decode()
    enrol(clerk)
    assert clerk.get(reverse("staff:dashboard")).status_code == 200
    # a required second factor cannot be switched off by its user
    assert (
        clerk.post(
            reverse("staff:two_factor"), {"action": "disable", "token": "123456"}
        ).status_code
        == 403
    )
    # another agency is not affected
    other = Client()
    login(other, "other", staff_password)
    assert other.get(reverse("staff:dashboard")).status_code == 200


def test_a_member_without_the_admin_role_cannot_require_it(hierarchy, make_staff, staff_password):
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    assert "本机关工作人员必须" not in client.get(reverse("staff:two_factor")).content.decode()
    response = client.post(reverse("staff:two_factor"), {"action": "require", "required": "1"})
    assert response.status_code == 403
    assert not Agency.objects.get(pk=hierarchy.town.pk).require_two_factor


def test_platform_policy_for_superusers(settings, django_user_model, staff_password) -> None:
    settings.TWO_FACTOR_REQUIRED = "superusers"
    django_user_model.objects.create_superuser("root", password=staff_password)
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "root", "password": staff_password, "next": "/admin/"}
    )
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin.url == reverse("staff:two_factor")


def test_disable_needs_a_current_code(hierarchy, make_staff, staff_password) -> None:
    user = make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    device = enrol(client)
    bad = client.post(reverse("staff:two_factor"), {"action": "disable", "token": "000000"})
    assert bad.status_code == 200 and TOTPDevice.objects.filter(user=user).exists()
    time.sleep(1.1)
    good = client.post(reverse("staff:two_factor"), {"action": "disable", "token": code(device, 1)})
    assert good.status_code == 302 and not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="two_factor.disable", actor=user).exists()


def test_an_unknown_action_is_a_bad_request(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    client = Client()
    login(client, "clerk", staff_password)
    response = client.post(reverse("staff:two_factor"), {"action": "frobnicate"})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
