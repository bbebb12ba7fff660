"""The 工作日计算 staff page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import include, path, reverse

from gongkai.config.urls import urlpatterns as platform_urlpatterns

#: The platform's URLs plus the calculator under /staff/calendar/, as it is meant to be included.
urlpatterns = [
    path("staff/calendar/", include("gongkai.calendars.urls")),
    *platform_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def staff_client(client: Client, django_user_model: type[User]) -> Client:
    user = django_user_model.objects.create_user(username="clerk", password="x-secret-9")
    client.force_login(user)
    return client


def test_login_required(client: Client) -> None:
    response = client.get(reverse("calendars:calculator"))
    assert response.status_code == 302


def test_empty_form(staff_client: Client) -> None:
    response = staff_client.get(reverse("calendars:calculator"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "工作日计算" in body
    assert "计算结果" not in body


def test_due_date_shown(staff_client: Client) -> None:
    url = reverse("calendars:calculator")
    body = staff_client.get(url, {"start": "2024-09-27", "n": "20"}).content.decode()
    assert "2024-10-30" in body
    assert "星期三" in body
    assert "暂定结果" not in body


def test_provisional_warning(staff_client: Client) -> None:
    url = reverse("calendars:calculator")
    body = staff_client.get(url, {"start": "2026-12-15", "n": "20"}).content.decode()
    assert "2027-01-12" in body
    assert "暂定结果" in body
    assert "2027年节假日安排尚未发布或未导入" in body


def test_bad_input(staff_client: Client) -> None:
    url = reverse("calendars:calculator")
    response = staff_client.get(url, {"start": "2024-02-30", "n": "-3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "请输入 YYYY-MM-DD 格式的日期" in body
    assert "计算结果" not in body
