"""The 发布机关 filter of /records/ and /search/: a drop-down of every agency up to
PORTAL_AGENCY_SELECT_MAX agencies, a text field above (a name, part of one, or a code)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongkai.catalogue.models import Record

pytestmark = pytest.mark.django_db

HINT = "输入机关名称或代码"
NOT_APPLIED = "以下结果未按发布机关筛选。"


@pytest.fixture
def typed(settings: Any) -> None:
    """Fewer agencies allowed in a drop-down than the hierarchy's five: the text field."""
    settings.PORTAL_AGENCY_SELECT_MAX = 3


@pytest.fixture
def records(town: Any, publish: Any) -> dict[str, Record]:
    """One record of the town, one of the county's 自然资源局 and one of the county."""
    return {
        "town": publish(title="镇里的补贴通知"),
        "dept": publish(title="局里的补贴通知", agency=town.other),
        "county": publish(title="县里的补贴通知", agency=town.county),
    }


def text(response: Any) -> str:
    assert response.status_code == 200
    # the search page marks the words found: 补贴 in <mark>
    return re.sub("</?mark>", "", str(response.content.decode()))


def agency_input(html: str) -> str:
    found = re.search(r'<input type="text" name="agency"[^>]*>', html)
    assert found, "no agency text field"
    return found.group(0)


def listed(html: str) -> set[str]:
    return {
        title for title in ("镇里的补贴通知", "局里的补贴通知", "县里的补贴通知") if title in html
    }


def test_few_agencies_keep_the_drop_down(town: Any, records: Any, client: Client) -> None:
    page = text(client.get("/records/"))
    assert '<select name="agency"' in page and 'type="text" name="agency"' not in page
    assert f'<option value="{town.agency.code}">{town.agency.name}</option>' in page
    assert HINT not in page
    chosen = text(client.get(f"/records/?agency={town.agency.code}"))
    assert f'<option value="{town.agency.code}" selected>' in chosen
    assert listed(chosen) == {"镇里的补贴通知"}


def test_many_agencies_get_a_labelled_text_field_with_a_hint(
    typed: None, town: Any, records: Any, client: Client
) -> None:
    for path in ("/records/", "/search/", "/search/?q=补贴"):
        page = text(client.get(path))
        assert '<select name="agency"' not in page, path
        assert town.other.name not in page.split("<main")[1].split("</form>")[0]
        field = agency_input(page)
        assert 'id="id_agency"' in field and 'aria-describedby="id_agency_helptext"' in field
        assert '<label for="id_agency">发布机关</label>' in page
        assert f'<span class="help" id="id_agency_helptext">{HINT}</span>' in page
        assert NOT_APPLIED not in page


@pytest.mark.parametrize(
    ("typed_text", "code", "title"),
    [
        ("DEP", "DEP", "局里的补贴通知"),  # the code
        ("dep", "DEP", "局里的补贴通知"),  # the code in other letter case
        ("测试县自然资源局", "DEP", "局里的补贴通知"),  # the exact name
        ("自然资源", "DEP", "局里的补贴通知"),  # the one name that contains it
        (" 镇人民 ", "TWN", "镇里的补贴通知"),  # spaces around
        ("测试县人民政府", "CTY", "县里的补贴通知"),  # exact, though other names contain it
    ],
)
def test_a_code_a_name_or_part_of_one_filters_by_that_agency(
    typed: None, records: Any, client: Client, typed_text: str, code: str, title: str
) -> None:
    from gongkai.agencies.models import Agency

    page = text(client.get("/records/", {"agency": typed_text}))
    field = agency_input(page)
    assert f'value="{Agency.objects.get(code=code).name}"' in field
    assert "aria-invalid" not in field and NOT_APPLIED not in page
    assert listed(page) == {title} and "共 1 条" in page


def test_an_agency_found_by_name_offers_its_own_categories(
    typed: None, town: Any, client: Client
) -> None:
    from gongkai.catalogue.models import Category
    from gongkai.catalogue.services.categories import category_create

    parent = Category.objects.get(agency__isnull=True, code="gzdt")
    category_create(
        actor=town.admin, agency=town.agency, parent=parent, name="村级公益事业", code="cjgy"
    )
    assert '<option value="cjgy">' not in text(client.get("/records/?agency=县人民政府"))
    page = text(client.get("/records/?agency=镇人民政府&category=cjgy"))
    assert '<option value="cjgy" selected>' in page.replace("\u3000", "")


def test_several_agencies_are_offered_as_links_and_filter_nothing(
    typed: None, town: Any, records: Any, client: Client
) -> None:
    page = text(client.get("/records/?agency=测试镇&year=&page=3"))
    assert "有多个机关符合“测试镇”，请选择：" in page and NOT_APPLIED in page
    links = re.findall(r'<li><a href="\?([^"]*)">([^<]*)</a></li>', page)
    # names that start with the text, the shorter first; the other parameters kept, page 1
    assert links == [
        ("agency=TWN&amp;year=", "测试镇人民政府"),
        ("agency=VIL&amp;year=", "测试镇便民服务中心"),
    ]
    assert "共 3 条" in page  # on page 3 of them: none listed
    field = agency_input(page)
    assert (
        'value="测试镇"' in field and 'aria-describedby="id_agency_helptext agency-notice"' in field
    )
    assert 'id="agency-notice"' in page
    # the search page keeps the words searched for in the links
    found = text(client.get("/search/?q=补贴&agency=测试县"))
    assert "有多个机关符合“测试县”，请选择：" in found and "找到 3 条信息" in found
    assert 'href="?q=%E8%A1%A5%E8%B4%B4&amp;agency=CTY"' in found
    chosen = text(client.get("/search/?q=补贴&agency=CTY"))
    assert "找到 1 条信息" in chosen and "县里的补贴通知" in chosen


def test_more_than_twenty_agencies_list_twenty_and_say_how_many(
    typed: None, town: Any, make_agency: Any, client: Client
) -> None:
    for n in range(25):
        make_agency(f"XC{n:02d}", f"测试乡{n:02d}号村民委员会", "other", town.agency)
    page = text(client.get("/records/?agency=村民委员会"))
    assert len(re.findall(r'<li><a href="\?agency=XC\d\d">', page)) == 20
    assert "共 25 个机关符合，这里列出前 20 个" in page


def test_an_unknown_agency_says_so_and_filters_nothing(
    typed: None, town: Any, records: Any, client: Client
) -> None:
    page = text(client.get("/records/?agency=没有这个机关"))
    assert "没有找到名称或代码为“没有这个机关”的机关。" in page and NOT_APPLIED in page
    assert listed(page) == {"镇里的补贴通知", "局里的补贴通知", "县里的补贴通知"}
    field = agency_input(page)
    assert 'value="没有这个机关"' in field and 'aria-invalid="true"' in field
    assert 'aria-describedby="id_agency_helptext agency-notice"' in field
    search = text(client.get("/search/?q=补贴&agency=NOSUCH"))
    assert "没有找到名称或代码为“NOSUCH”的机关。" in search and "找到 3 条信息" in search


def test_an_unknown_code_in_the_drop_down_says_so_too(
    town: Any, records: Any, client: Client
) -> None:
    page = text(client.get("/records/?agency=NOSUCH"))
    assert "没有找到名称或代码为“NOSUCH”的机关。" in page and "共 3 条" in page
    assert '<option value="" selected>' in page


@pytest.mark.parametrize("setting", [3, 100])
def test_agency_addresses_keep_working(
    settings: Any, setting: int, town: Any, records: Any, client: Client
) -> None:
    settings.PORTAL_AGENCY_SELECT_MAX = setting
    page = text(client.get(f"/records/?agency={town.other.code}&page=1"))
    assert listed(page) == {"局里的补贴通知"}
    found = text(client.get(f"/search/?q=补贴&agency={town.other.code}&sort=date"))
    assert "找到 1 条信息" in found and "局里的补贴通知" in found
    api = client.get("/api/v1/records", {"agency": town.other.code}).json()
    assert [r["title"] for r in api["results"]] == ["局里的补贴通知"]
    assert client.get("/api/v1/records", {"agency": "自然资源"}).status_code == 400


def test_the_agency_is_looked_up_without_reading_every_agency(
    typed: None,
    settings: Any,
    town: Any,
    records: Any,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the page is rendered each time, not kept
    for value in ("TWN", "自然资源", "测试县", "没有这个机关"):
        url = f"/search/?q=补贴&agency={value}"
        client.get(url)  # the cached choices are built
        # the agency (when one is found), two years, the rows
        with django_assert_max_num_queries(4):
            client.get(url)


def test_many_agencies_keep_the_page_light(
    settings: Any, town: Any, make_agency: Any, client: Client
) -> None:
    for n in range(120):
        make_agency(f"BULK{n:03d}", f"测试县第{n:03d}机关", "department", town.county)
    page = text(client.get("/records/"))
    assert "测试县第119机关" not in page and 'type="text" name="agency"' in page
    settings.PORTAL_AGENCY_SELECT_MAX = 200
    assert "测试县第119机关" in text(client.get("/records/"))


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "%' OR '1'='1",
    "{{ settings.SECRET_KEY }}",
    "\u202e\ufeff\u200b",
    "测" * 300,
    "x" * 2000,
    "a\x00b",
]


@pytest.mark.parametrize("setting", [3, 100])
@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", ["/records/", "/search/?q=补贴"])
def test_hostile_agency_text_is_never_a_server_error_nor_markup(
    settings: Any, town: Any, client: Client, setting: int, value: str, path: str
) -> None:
    settings.PORTAL_AGENCY_SELECT_MAX = setting
    response = client.get(path, {"agency": value})
    if "\x00" in value:  # refused before any view (gongkai.core.middleware)
        assert response.status_code == 400
        return
    html = text(response)
    for probe in ("<script>alert(1)", "<img src=x onerror", "<svg/onload"):
        assert probe not in html
    assert settings.SECRET_KEY not in html
    assert "没有找到名称或代码为" in html
