"""Every error page is Chinese, wears the look of its side of the site, and ordinary refusals
are logged without a traceback; a 500 shows an error id that the log has with the traceback."""

from __future__ import annotations

import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from lxml import html as lxml_html

from gongkai.agencies.models import Agency, Role
from gongkai.config.urls import urlpatterns as platform_urlpatterns


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("injected failure for the 500 page")


urlpatterns = [
    path("boom/", explode),
    path("staff/boom/", explode),
    *platform_urlpatterns,
]
handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"

pytestmark = pytest.mark.django_db


def page(response: HttpResponse) -> lxml_html.HtmlElement:
    doc = lxml_html.fromstring(response.content)
    assert doc.get("lang") == "zh-Hans"
    assert len(doc.xpath("//h1")) == 1
    return doc


def side(doc: lxml_html.HtmlElement) -> str:
    classes = doc.xpath("//body/@class")[0].split()
    assert "error-page" in classes
    return "staff" if "staff" in classes else "portal" if "portal" in classes else "?"


def h1(doc: lxml_html.HtmlElement) -> str:
    return str(doc.xpath("//h1")[0].text_content().strip())


def test_404_public_and_staff_sides(client: Client) -> None:
    public = client.get("/no/such/page/")
    staff = client.get("/staff/no/such/page/")
    assert public.status_code == staff.status_code == 404
    public_doc, staff_doc = page(public), page(staff)
    assert h1(public_doc) == h1(staff_doc) == "页面不存在"
    assert side(public_doc) == "portal" and side(staff_doc) == "staff"
    assert "政务公开工作平台" in staff_doc.xpath("//a[@class='site-name']")[0].text_content()
    assert "政府信息公开平台" in public_doc.xpath("//a[@class='site-name']")[0].text_content()


def test_403_is_staff_styled_and_logged_without_traceback(
    hierarchy, make_staff, log_output
) -> None:
    client = Client()
    client.force_login(make_staff("sup", hierarchy.county, Role.REVIEWER))
    response = client.post(reverse("staff:agency_edit", args=[hierarchy.town.pk]), {"phone": ""})
    assert response.status_code == 403
    doc = page(response)
    assert h1(doc) == "无权操作" and side(doc) == "staff"
    log = log_output.getvalue()
    assert "Forbidden (Permission denied)" in log
    assert "Traceback" not in log


def test_405_gets_a_page_and_keeps_allow(hierarchy, make_staff) -> None:
    client = Client()
    client.force_login(make_staff("boss", hierarchy.town, Role.ADMIN))
    response = client.put(reverse("staff:agency_edit", args=[hierarchy.town.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    doc = page(response)
    assert h1(doc) == "不支持此访问方式" and side(doc) == "staff"


def test_csrf_failure_page(hierarchy, make_staff, log_output) -> None:
    client = Client(enforce_csrf_checks=True)
    staff = client.post(reverse("staff:login"), {"username": "x", "password": "y"})
    assert staff.status_code == 403
    doc = page(staff)
    assert h1(doc) == "页面已过期，请重新提交" and side(doc) == "staff"
    assert "Cookie" in doc.text_content() and "DEBUG" not in doc.text_content()
    public = client.post("/", {"q": "x"})
    assert public.status_code == 403 and side(page(public)) == "portal"
    log = log_output.getvalue()
    assert "Forbidden (CSRF" in log and "Traceback" not in log


def test_oversized_post_is_413_without_traceback(settings, log_output) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client().post(reverse("staff:login"), {"username": "x" * 20_000, "password": "y"})
    assert response.status_code == 413
    doc = page(response)
    assert h1(doc) == "提交的内容过大" and side(doc) == "staff"
    log = log_output.getvalue()
    assert "Request body exceeded" in log
    assert "Traceback" not in log


def test_too_many_fields_is_413(settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post(reverse("staff:login"), {f"f{i}": "x" for i in range(50)})
    assert response.status_code == 413
    assert side(page(response)) == "staff"


def test_bad_host_is_400_in_chinese_without_traceback(log_output) -> None:
    response = Client(HTTP_HOST="evil.example.com").get("/staff/")
    assert response.status_code == 400
    doc = page(response)
    assert h1(doc) == "请求有误" and side(doc) == "staff"
    log = log_output.getvalue()
    assert "Invalid HTTP_HOST header" in log and "Traceback" not in log


def test_overlong_url_is_414(client: Client) -> None:
    response = client.get("/" + "a" * 5000)
    assert response.status_code == 414
    assert h1(page(response)) == "网址过长"
    assert client.get("/search/" + "b" * 3000).status_code == 404  # long but allowed


def test_overlong_api_url_is_414_in_json(client: Client) -> None:
    response = client.get("/api/v1/records", {"q": "a" * 5000})
    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "网址过长，无法处理。", "field": ""}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "expected_side"), [("/boom/", "portal"), ("/staff/boom/", "staff")]
)
def test_500_shows_an_error_id_that_the_log_has_with_the_traceback(
    url: str, expected_side: str, log_output
) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    doc = page(response)
    assert h1(doc) == "服务器错误" and side(doc) == expected_side
    error_id = doc.xpath("//p[@class='error-id']/code")[0].text_content()
    assert re.fullmatch(r"[a-z0-9]{10}", error_id)
    assert response["X-Request-ID"] == error_id
    log = log_output.getvalue()
    (line,) = [ln for ln in log.splitlines() if "Internal Server Error" in ln]
    assert f"[{error_id}]" in line
    assert "Traceback" in log and "injected failure for the 500 page" in log
    assert "RuntimeError" not in doc.text_content()  # nothing internal shown


def test_500_renders_without_the_database(rf) -> None:
    from gongkai.core.errors import server_error

    request = rf.get("/staff/")
    response = server_error(request)  # no session, no user: nothing touches the database
    assert response.status_code == 500
    assert side(page(response)) == "staff"


def test_json_log_lines_carry_the_request_id(settings, log_output, client: Client) -> None:
    import json
    import logging

    from gongkai.core.logging import JsonFormatter

    handler = next(h for h in logging.getLogger().handlers if h.filters)
    previous = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        response = client.get("/no/such/page/", HTTP_X_REQUEST_ID="lb-1234-abcd")
    finally:
        handler.setFormatter(previous)
    assert response["X-Request-ID"] == "lb-1234-abcd"
    lines = [json.loads(line) for line in log_output.getvalue().splitlines()]
    access = next(line for line in lines if line["logger"] == "gongkai.access")
    assert access["request_id"] == "lb-1234-abcd"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/no/such/page/", 404)
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == "lb-1234-abcd" and not_found["level"] == "WARNING"


def test_a_forged_request_id_is_replaced(client: Client) -> None:
    response = client.get("/", HTTP_X_REQUEST_ID="<script>" + "x" * 100)
    assert re.fullmatch(r"[a-z0-9]{10}", response["X-Request-ID"])


def test_favicon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    home = lxml_html.fromstring(client.get("/").content)
    icon = home.xpath("//link[@rel='icon']/@href")[0]
    from django.contrib.staticfiles import finders

    assert icon.startswith("/static/") and finders.find(icon.removeprefix("/static/"))


def test_logout_page_for_a_visitor(client: Client) -> None:
    response = client.get(reverse("staff:logout"))
    assert response.status_code == 200
    assert h1(lxml_html.fromstring(response.content)) == "您已退出登录"


def test_agency_table_untouched_by_error_pages(hierarchy) -> None:
    assert Agency.objects.count() == 5
