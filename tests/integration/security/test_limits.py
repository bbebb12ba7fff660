"""Input limits: the 指南's length, telephone numbers, the calculator's supported range."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.agencies import services
from gongkai.agencies.models import GUIDE_MAX_LENGTH, Agency, Role
from gongkai.calendars.cli import workdays_main
from gongkai.core.models import AuditEvent
from gongkai.core.validators import validate_phone_numbers

pytestmark = pytest.mark.django_db


def test_guide_length_is_limited_in_the_service_and_the_form(hierarchy, make_staff) -> None:
    services.agency_update(
        actor=None, agency=hierarchy.town, data={"guide": "指" * GUIDE_MAX_LENGTH}
    )
    with pytest.raises(ValidationError) as excinfo:
        services.agency_update(actor=None, agency=hierarchy.town, data={"guide": "指" * 200_000})
    assert "guide" in excinfo.value.message_dict
    assert len(Agency.objects.get(pk=hierarchy.town.pk).guide) == GUIDE_MAX_LENGTH
    client = Client()
    client.force_login(make_staff("boss", hierarchy.town, Role.ADMIN))
    url = reverse("staff:agency_edit", args=[hierarchy.town.pk])
    assert f'maxlength="{GUIDE_MAX_LENGTH}"' in client.get(url).content.decode()
    response = client.post(url, {"guide": "南" * (GUIDE_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert "30000" in response.content.decode()  # "确保该值不超过 30000 个字符"
    assert not Agency.objects.filter(guide__startswith="南").exists()
    assert AuditEvent.objects.filter(action="agency.update").count() == 1


VALID_PHONES = [
    "0377-65320001",
    "0377 65320001",
    "(010)65320001",
    "（010）65320001",
    "010-6532 0001",
    "65320001",
    "0377-65320001-801",
    "0377-65320001转801",
    "13812345678",
    "138 1234 5678",
    "+86 138 1234 5678",
    "12345",
    "400-123-4567",
    "0377-65320001、0377-65320002",
    "0377-65320001；13812345678",
    "0377-65320001;65320002",
]
INVALID_PHONES = [
    "电话",
    "abc",
    "0377-0532000",
    "1381234567",
    "138123456789",
    "01234567",
    "12345678",
    "0377-65320001 或 13812345678",
    "http://example.com",
    "、",
    "0377-65320001、" * 6,
]


@pytest.mark.parametrize("value", VALID_PHONES)
def test_valid_phone_numbers(value: str) -> None:
    validate_phone_numbers(value)


@pytest.mark.parametrize("value", INVALID_PHONES)
def test_invalid_phone_numbers(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_phone_numbers(value)


@pytest.mark.parametrize("field", ["phone", "supervision_phone", "fax"])
def test_phone_fields_are_validated(hierarchy, make_staff, field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agency_update(actor=None, agency=hierarchy.town, data={field: "请拨打办公室"})
    assert field in excinfo.value.message_dict
    client = Client()
    client.force_login(make_staff("boss", hierarchy.town, Role.ADMIN))
    response = client.post(
        reverse("staff:agency_edit", args=[hierarchy.town.pk]), {field: "请拨打办公室"}
    )
    assert response.status_code == 200
    assert "不是有效的电话号码" in response.content.decode()
    assert getattr(Agency.objects.get(pk=hierarchy.town.pk), field) == ""


# --- working-day calculator: supported range ------------------------------------------------


@pytest.fixture
def staff_client(hierarchy, make_staff) -> Client:
    client = Client()
    client.force_login(make_staff("clerk", hierarchy.town, Role.HANDLER))
    return client


@pytest.mark.parametrize("start", ["0001-01-01", "2000-05-01", "2003-12-31"])
def test_calculator_refuses_dates_before_the_supported_range(staff_client, start: str) -> None:
    body = staff_client.get(reverse("calendars:calculator"), {"start": start, "n": "20"}).content
    text = body.decode()
    assert "超出支持范围" in text and "2004 年 1 月 1 日及以后" in text
    assert "尚未发布" not in text and "计算结果" not in text


def test_calculator_accepts_the_first_supported_day_and_loaded_years(staff_client) -> None:
    text = staff_client.get(
        reverse("calendars:calculator"), {"start": "2004-01-01", "n": "20"}
    ).content.decode()
    assert "计算结果" in text and "超出支持范围" not in text
    from gongkai.calendars.services import calendar_load

    calendar_load(text="year 2003\nsource 国办发明电〔2002〕1号\nholiday 2003-01-01 元旦\n")
    text = staff_client.get(
        reverse("calendars:calculator"), {"start": "2003-06-02", "n": "5"}
    ).content.decode()
    assert "计算结果" in text and "2003-06-09" in text


def test_cli_refuses_dates_before_the_supported_range(capsys) -> None:
    assert workdays_main(["add", "2000-01-01", "20"]) == 2
    err = capsys.readouterr().err
    assert "超出支持范围" in err and "尚未发布" not in err
    assert workdays_main(["between", "2004-01-01", "1999-01-01"]) == 2
    assert workdays_main(["is", "1990-10-01"]) == 2
    assert workdays_main(["add", "2024-09-27", "20"]) == 0
