"""The back office and the public pages over HTTP."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.agencies.models import Agency, Role
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def assert_page_is_accessible(content: bytes) -> None:
    """One h1, lang, landmarks, and a label for every visible form control."""
    doc = lxml_html.fromstring(content)
    assert doc.get("lang") == "zh-Hans"
    assert len(doc.xpath("//h1")) == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert doc.xpath(f"//{landmark}"), landmark
    assert doc.xpath("//a[@class='skip-link' and @href='#main']")
    labelled = set(doc.xpath("//label/@for"))
    for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled, lxml_html.tostring(control)


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:login"))


def test_login_page_is_chinese_and_accessible() -> None:
    response = Client().get(reverse("staff:login"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "工作人员登录" in text and "用户名" in text and "密码" in text
    assert_page_is_accessible(response.content)


def test_wrong_password_is_announced(hierarchy, make_staff) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR)
    response = Client().post(reverse("staff:login"), {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    alert = doc.xpath("//*[@role='alert']")
    assert alert and "用户名" in alert[0].text_content()


def test_login_then_dashboard_shows_agency_and_roles(hierarchy, make_staff, staff_password) -> None:
    make_staff("clerk", hierarchy.town, Role.REGISTRAR, Role.HANDLER)
    client = Client()
    response = client.post(
        reverse("staff:login"), {"username": "clerk", "password": staff_password}
    )
    assert response.status_code == 302 and response.url == reverse("staff:dashboard")
    page = client.get(reverse("staff:dashboard"))
    text = page.content.decode()
    assert "测试镇人民政府" in text and "登记员" in text and "承办人" in text
    assert "测试县自然资源局" not in text  # another agency
    assert "测试镇便民服务中心" in text  # own subordinate
    assert_page_is_accessible(page.content)


def test_logout_is_post_only(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.REGISTRAR))
    # GET asks (a page with the button), it does not log out
    page = client.get(reverse("staff:logout"))
    assert page.status_code == 200
    doc = lxml_html.fromstring(page.content)
    assert doc.xpath("//h1")[0].text_content() == "退出登录"
    assert doc.xpath(f"//form[@method='post' and @action='{reverse('staff:logout')}']//button")
    assert_page_is_accessible(page.content)
    assert client.get(reverse("staff:dashboard")).status_code == 200  # still logged in
    response = client.post(reverse("staff:logout"))
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_other_agency_detail_is_404_like_a_missing_one(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.ADMIN))
    own = client.get(reverse("staff:agency_detail", args=[hierarchy.town.pk]))
    assert own.status_code == 200 and "测试镇人民政府" in own.content.decode()
    other = client.get(reverse("staff:agency_detail", args=[hierarchy.dept.pk]))
    missing = client.get(reverse("staff:agency_detail", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert "页面不存在" in other.content.decode()
    assert "测试县自然资源局" not in other.content.decode()
    assert_page_is_accessible(other.content)


def test_change_attempt_on_other_agency_is_404_and_changes_nothing(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.ADMIN))
    url = reverse("staff:agency_edit", args=[hierarchy.dept.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"phone": "110", "address": "x"}).status_code == 404
    assert Agency.objects.get(pk=hierarchy.dept.pk).phone == ""


def test_supervisor_reads_subordinate_but_cannot_change_it(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("sup", hierarchy.county, Role.REVIEWER, Role.ADMIN))
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert (
        "下级机关" in dashboard
        and "测试镇人民政府" in dashboard
        and "测试县自然资源局" in dashboard
    )
    assert "邻县人民政府" not in dashboard
    detail = client.get(reverse("staff:agency_detail", args=[hierarchy.town.pk]))
    assert detail.status_code == 200
    assert reverse("staff:agency_edit", args=[hierarchy.town.pk]) not in detail.content.decode()
    edit = reverse("staff:agency_edit", args=[hierarchy.town.pk])
    assert client.get(edit).status_code == 403
    forbidden = client.post(edit, {"phone": "110"})
    assert forbidden.status_code == 403 and "无权操作" in forbidden.content.decode()
    assert Agency.objects.get(pk=hierarchy.town.pk).phone == ""
    assert (
        client.get(reverse("staff:agency_detail", args=[hierarchy.other_county.pk])).status_code
        == 404
    )


def test_own_role_without_admin_cannot_edit(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.PUBLISHER))
    assert client.get(reverse("staff:agency_edit", args=[hierarchy.town.pk])).status_code == 403


def test_agency_admin_edits_contact_data_and_guide(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("boss", hierarchy.town, Role.ADMIN))
    url = reverse("staff:agency_edit", args=[hierarchy.town.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert_page_is_accessible(form.content)
    bad = client.post(url, {"email": "not-an-email", "guide": "x"})
    assert bad.status_code == 200
    assert lxml_html.fromstring(bad.content).xpath("//*[@role='alert']")
    response = client.post(
        url,
        {
            "office_name": "党政综合办公室",
            "address": "测试镇人民路1号",
            "office_hours": "工作日 8:00—17:30",
            "phone": "0377-1234567",
            "email": "town@example.org",
            "guide": "一、主动公开\n二、依申请公开",
        },
    )
    assert response.status_code == 302
    town = Agency.objects.get(pk=hierarchy.town.pk)
    assert (town.phone, town.guide) == ("0377-1234567", "一、主动公开\n二、依申请公开")
    event = AuditEvent.objects.get(action="agency.update")
    assert event.actor.username == "boss" and event.agency == town
    detail = client.get(response.url).content.decode()
    assert "已保存" in detail and "0377-1234567" in detail


def test_agency_list_query_count_does_not_grow(
    hierarchy, make_agency, make_staff, django_assert_max_num_queries
) -> None:
    client = login(Client(), make_staff("sup", hierarchy.county, Role.REVIEWER))
    for i in range(30):
        make_agency(f"X{i:02d}", f"测试县第{i}局", "department", hierarchy.county)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("staff:agency_list"))
    assert response.status_code == 200
    assert response.content.decode().count("测试县第") == 30
    with django_assert_max_num_queries(9):
        assert client.get(reverse("staff:dashboard")).status_code == 200


def test_password_change_page(hierarchy, make_staff, staff_password) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.REGISTRAR))
    page = client.get(reverse("staff:password_change"))
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    assert_page_is_accessible(page.content)
    response = client.post(
        reverse("staff:password_change"),
        {
            "old_password": staff_password,
            "new_password1": "another-long-password-9",
            "new_password2": "another-long-password-9",
        },
    )
    assert response.status_code == 302
    assert Client().login(username="clerk", password="another-long-password-9")


# --- public portal --------------------------------------------------------------------------


def test_portal_home_lists_agencies_with_guide_links(hierarchy) -> None:
    response = Client().get(reverse("portal:home"))
    assert response.status_code == 200
    text = response.content.decode()
    for agency in Agency.objects.all():
        assert agency.name in text
        assert reverse("portal:agency_guide", args=[agency.code]) in text
    assert '<meta name="SiteName"' in text and '<meta name="ColumnName"' in text
    assert_page_is_accessible(response.content)


def test_portal_guide_is_public(hierarchy) -> None:
    from gongkai.agencies import services

    services.agency_update(
        actor=None,
        agency=hierarchy.town,
        data={"guide": "一、主动公开\n\n二、依申请公开", "phone": "0377-7654321"},
    )
    response = Client().get(reverse("portal:agency_guide", args=["TWN"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试镇人民政府政府信息公开指南" in text
    assert "二、依申请公开" in text and "0377-7654321" in text
    assert re.search(r'<meta name="ArticleTitle" content="测试镇人民政府政府信息公开指南">', text)
    assert_page_is_accessible(response.content)


def test_portal_unknown_guide_is_404_in_chinese(db) -> None:
    response = Client().get("/agencies/NOPE/guide/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_working_day_calculator_is_wired_into_the_back_office(hierarchy, make_staff) -> None:
    client = login(Client(), make_staff("clerk", hierarchy.town, Role.HANDLER))
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("calendars:calculator") == "/staff/calendar/"
    assert 'href="/staff/calendar/"' in dashboard
    page = client.get("/staff/calendar/")
    assert page.status_code == 200
    assert "工作日计算" in page.content.decode()
    assert_page_is_accessible(page.content)


def test_server_error_page_is_chinese() -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "服务器错误" in text and 'lang="zh-Hans"' in text
