"""The override table: load service, platform calendar selector, admin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from gongkai.calendars.models import HolidaySchedule, HolidayScheduleDay
from gongkai.calendars.selectors import calendar_for_platform
from gongkai.calendars.services import CalendarLoadError, calendar_load, calendar_remove

DATA = Path(__file__).resolve().parents[2] / "data" / "calendars"
D = date.fromisoformat

pytestmark = pytest.mark.django_db


def sample_text() -> str:
    return (DATA / "sample-2027.txt").read_text(encoding="utf-8")


def test_load_stores_every_day() -> None:
    (loaded,) = calendar_load(text=sample_text())
    assert (loaded.year, loaded.holidays, loaded.makeup_workdays) == (2027, 29, 5)
    assert not loaded.corrects_builtin and not loaded.replaced
    row = HolidaySchedule.objects.get(year=2027)
    assert row.source == "测试用虚构通知〔2026〕1号"
    assert row.days.filter(kind=HolidayScheduleDay.Kind.WORKDAY).count() == 5
    assert row.days.get(day=D("2027-02-14")).name == "春节调休"
    assert row.to_schedule().workdays_in_year() == 248


def test_load_is_all_or_nothing() -> None:
    text = sample_text() + "\nyear 2028\nsource x\nworkday 2028-01-03\n"  # Monday, no holidays
    with pytest.raises(CalendarLoadError) as info:
        calendar_load(text=text)
    assert len(info.value.errors) == 2
    assert not HolidaySchedule.objects.exists()
    assert not HolidayScheduleDay.objects.exists()


def test_platform_calendar_follows_the_table() -> None:
    before = calendar_for_platform()
    assert not before.is_known(2027)
    assert calendar_for_platform() is before  # cached while nothing changes
    calendar_load(text=sample_text())
    after = calendar_for_platform()
    assert after is not before
    assert after.is_known(2027)
    assert not after.add_workdays(D("2026-12-15"), 20).provisional
    day = HolidayScheduleDay.objects.get(day=D("2027-01-01"))
    day.day = D("2027-01-04")
    day.save()
    edited = calendar_for_platform()
    assert edited is not after
    assert not edited.is_workday(D("2027-01-04"))
    assert calendar_remove(year=2027)
    assert not calendar_for_platform().is_known(2027)


def test_cached_call_costs_two_queries(django_assert_num_queries: object) -> None:
    calendar_for_platform()
    with django_assert_num_queries(2):  # type: ignore[operator]
        calendar_for_platform()


def test_inconsistent_rows_are_skipped_not_fatal() -> None:
    row = HolidaySchedule.objects.create(year=2027, source="x")
    HolidayScheduleDay.objects.create(
        schedule=row, day=D("2027-01-04"), kind=HolidayScheduleDay.Kind.WORKDAY
    )  # a Monday as make-up day: bypasses validation
    assert not calendar_for_platform().is_known(2027)


def test_admin_lists_and_validates(admin_client: Client) -> None:
    calendar_load(text=sample_text())
    response = admin_client.get("/admin/calendars/holidayschedule/")
    assert response.status_code == 200
    assert "节假日安排" in response.content.decode()
    response = admin_client.post(
        "/admin/calendars/holidayschedule/add/",
        {
            "year": "2028",
            "source": "国办发明电〔2027〕1号",
            "note": "",
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-day": "2028-01-01",
            "days-0-kind": "holiday",
            "days-0-name": "元旦",
            "days-1-day": "2028-01-03",
            "days-1-kind": "workday",
            "days-1-name": "",
        },
    )
    assert response.status_code == 200  # form redisplayed with the error
    assert "调休上班日必须是周六或周日" in response.content.decode()
    assert not HolidaySchedule.objects.filter(year=2028).exists()
    response = admin_client.post(
        "/admin/calendars/holidayschedule/add/",
        {
            "year": "2028",
            "source": "国办发明电〔2027〕1号",
            "note": "",
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-day": "2028-01-01",
            "days-0-kind": "holiday",
            "days-0-name": "元旦",
        },
    )
    assert response.status_code == 302
    assert not calendar_for_platform().is_workday(D("2028-01-01"))
