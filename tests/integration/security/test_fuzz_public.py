"""Hostile input to the public pages anyone can reach without an account: the application form
(``/apply/<code>/``), the status look-up (``/track/``), the search page (``/search/``), the
record list's filters (``/records/``) and the API's search (``/api/v1/records?q=``).

XSS payloads, SQL metacharacters, NUL bytes, overlong values (100,000 characters and more),
lone surrogates and raw bytes that are not UTF-8, in query strings, form posts and multipart
bodies. Every answer is a page, never a server error; a refusal says in Chinese what is wrong
(a 400 page or an error next to the field); what was sent never comes back unescaped; and an
application is stored whole or not at all (exactly one with its ID proof, or none).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.integration.applications.public_data import person

from gongkai.applications.models import Application, ApplicationDocument

pytestmark = pytest.mark.django_db

MARK = "<script>alert(1)</script>"
PAYLOADS = [
    MARK,
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE applications_application; --",
    "1' OR '1'='1",
    "\\'; SELECT pg_sleep(5); --",
    "%' AND 1=1 --",
    "a\x00b",
    "\x00",
    "\u202egnp.exe",
    "\ufeff\u200b",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "申请" * 60_000,  # 120,000 characters
    "x" * 100_001,
]
HOSTILE = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=200))
#: Raw bytes for query strings and bodies: invalid UTF-8, lone surrogates encoded as UTF-8
#: would be (CESU), overlong encodings, NUL.
RAW = [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe4\xb8", b"a\x00b", b"\x80" * 50]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
#: What may answer hostile input: a page, a redirect after success, a refusal with a page.
ANSWERS = {200, 302, 400, 413, 414}


@pytest.fixture(autouse=True)
def _generous_limits(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_PUBLIC_LIMITS = {
        "apply_ip": (100_000, 3600),
        "apply_applicant": (100_000, 3600),
        "track_ip": (100_000, 900),
        "track_number": (100_000, 3600),
        "suggest_ip": (100_000, 60),
    }
    cache.clear()


@pytest.fixture
def agency(make_agency: Any) -> Any:
    county = make_agency("FZCY", "模糊测试县人民政府", "government")
    return make_agency("FZTW", "模糊测试镇人民政府", "township", county, phone="0377-65320001")


def counts() -> tuple[int, int]:
    return Application.objects.count(), ApplicationDocument.objects.count()


def assert_escaped(html: str, value: str) -> None:
    """``value`` never appears as markup: where it contains ``<``, only its escaped form may."""
    for probe in ("<script>alert(1)", "<img src=x onerror", "<svg/onload"):
        if probe in value:
            assert probe not in html
    from django.conf import settings as django_settings

    assert django_settings.SECRET_KEY not in html


#: Django's own translation of its NUL message ("empty string not allowed"): misleading.
MISLEADING = "不允许是用空字符串"


def assert_chinese_refusal(response: Any) -> None:
    html = response.content.decode()
    assert '<html lang="zh-' in html or "lang='zh-" in html, html[:300]
    if response.status_code == 200:  # the form again, with what to correct
        assert re.search(r'class="[^"]*error', html), html[:2000]
        assert MISLEADING not in html


FIELDS = ["applicant_name", "contact_person", "id_number", "phone", "email", "address"]
FIELDS += ["postcode", "description", "purpose", "applicant_kind", "id_type", "form_wanted"]


@given(field=st.sampled_from(FIELDS), value=HOSTILE)
@FUZZ
def test_the_form_refuses_or_files_whole(agency: Any, field: str, value: str) -> None:
    client = Client()
    url = f"/apply/{agency.code}/"
    before = counts()
    response = client.post(url, person(**{field: value}))
    assert response.status_code in ANSWERS, (field, response.status_code)
    after = counts()
    if response.status_code == 302:
        assert response["Location"].endswith("/done/")
        assert after[0] == before[0] + 1
        application = Application.objects.latest("pk")
        kinds = list(application.documents.values_list("kind", flat=True))
        assert kinds.count("id_proof") == 1 and set(kinds) == {"id_proof", "receipt"}, (
            field,
            value[:60],
        )
        done = client.get(response["Location"])
        assert done.status_code == 200 and application.tracking_no in done.content.decode()
        assert_escaped(done.content.decode(), value)
    else:
        assert after == before, (field, value[:80])
        assert_chinese_refusal(response)
        assert_escaped(response.content.decode(), value)


@given(values=st.fixed_dictionaries({f: HOSTILE for f in FIELDS[:8]}))
@settings(parent=FUZZ, max_examples=30)
def test_the_form_with_every_field_hostile(agency: Any, values: dict[str, str]) -> None:
    before = counts()
    response = Client().post(f"/apply/{agency.code}/", person(**values))
    assert response.status_code in ANSWERS
    if response.status_code != 302:
        assert counts() == before
        for value in values.values():
            assert_escaped(response.content.decode(), value)


@given(description=HOSTILE, name=HOSTILE)
@settings(parent=FUZZ, max_examples=30)
def test_looking_up_records_first_never_stores(agency: Any, description: str, name: str) -> None:
    """“先查一查” (without a script) and the suggestions the form's script asks for."""
    client = Client()
    before = counts()
    response = client.post(
        f"/apply/{agency.code}/",
        {"action": "lookup", "description": description, "applicant_name": name},
    )
    assert response.status_code in ANSWERS and counts() == before
    assert_escaped(response.content.decode(), description + name)
    suggest = client.get(f"/apply/{agency.code}/suggest/", {"q": description})
    assert suggest.status_code in {200, 400, 414}  # 400: NUL in the address
    if suggest.status_code == 200:
        assert "results" in suggest.json()


@pytest.mark.parametrize("raw", RAW)
def test_the_form_with_bytes_that_are_not_utf8(client: Client, agency: Any, raw: bytes) -> None:
    url = f"/apply/{agency.code}/"
    # a form post, urlencoded by hand: every value ends in raw bytes
    body = "&".join(f"{k}={quote(v)}" for k, v in person().items() if isinstance(v, str))
    raw_q = "".join(f"%{b:02X}" for b in raw)
    before = counts()
    response = client.post(
        url,
        data=f"{body}&applicant_name=%E5%BC%A0{raw_q}&description=x{raw_q}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in ANSWERS and counts() == before  # no ID proof: refused
    assert_chinese_refusal(response)
    # the same as multipart, with the file, raw bytes in a field and in the file name
    boundary = "fuzzboundary"
    parts = []
    for key, value in person().items():
        if key == "id_proof":
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="id_proof"; '.encode()
                + b'filename="id'
                + raw
                + b'.png"\r\nContent-Type: image/png\r\n\r\n'
                + value.read()
                + b"\r\n"
            )
        else:
            data = value.encode() + (raw if key in ("description", "purpose") else b"")
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
    parts.append(f"--{boundary}--\r\n".encode())
    response = client.generic(
        "POST",
        url,
        data=b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code in ANSWERS
    after = counts()
    if response.status_code == 302:
        assert after[0] == before[0] + 1
        stored = Application.objects.latest("pk")
        assert "\x00" not in stored.description and "\ud800" not in stored.description
    else:
        assert after == before
        assert_chinese_refusal(response)


@given(q=HOSTILE)
@FUZZ
def test_search_page_and_api(q: str) -> None:
    client = Client()
    page = client.get("/search/", {"q": q})
    assert page.status_code in {200, 400, 414}
    assert_escaped(page.content.decode(), q)
    if page.status_code != 200:
        assert_chinese_refusal(page)
    api = client.get("/api/v1/records", {"q": q})
    assert api.status_code in {200, 400, 414}
    if api.status_code == 400:
        assert api.json()["field"] == "q" and api.json()["error"]
    for name in ("agency", "category", "year", "sort", "page"):
        other = client.get("/api/v1/records", {name: q})
        assert other.status_code in {200, 400, 414}, (name, other.status_code)


@given(value=HOSTILE)
@FUZZ
def test_the_agency_filter_typed_or_chosen(agency: Any, value: str) -> None:
    """The 发布机关 of the list and search pages, as a drop-down and as a text field (more
    agencies than PORTAL_AGENCY_SELECT_MAX): the text is looked up, shown back escaped."""
    from django.test import override_settings

    for limit in (1, 100):
        with override_settings(PORTAL_AGENCY_SELECT_MAX=limit):
            for path in ("/records/", "/search/?q=通知"):
                page = Client().get(path, {"agency": value})
                assert page.status_code in {200, 400, 414}, (limit, path, page.status_code)
                assert_escaped(page.content.decode(), value)
                if page.status_code != 200:
                    assert_chinese_refusal(page)


@pytest.mark.parametrize("raw", RAW)
@pytest.mark.parametrize("path", ["/search/", "/api/v1/records", "/track/", "/apply/FZTW/"])
def test_query_strings_that_are_not_utf8(agency: Any, path: str, raw: bytes) -> None:
    raw_q = "".join(f"%{b:02X}" for b in raw)
    client = Client()
    for query in (f"q={raw_q}", f"q=%E4%B8{raw_q}&page={raw_q}", f"agency={raw_q}", raw_q):
        response = client.get(f"{path}?{query}")
        assert response.status_code in {200, 400}, (path, query, response.status_code)
        if response.status_code == 400 and path.startswith("/api/"):
            assert response.json()["error"]  # the API answers in JSON, in Chinese
        elif response.status_code == 400:
            assert_chinese_refusal(response)


@pytest.mark.parametrize(
    "path",
    ["/apply/%00/", "/apply/FZ%00TW/", "/agencies/%00/guide/", "/records/%00/", "/search/%00"],
)
def test_nul_in_the_path(agency: Any, path: str) -> None:
    """PostgreSQL cannot look up a value holding NUL: refused before any view runs."""
    response = Client().get(path)
    assert response.status_code in {400, 404}
    assert_chinese_refusal(response)


def test_nul_in_the_api_is_a_documented_error(agency: Any) -> None:
    response = Client().get("/api/v1/records?agency=FZ%00TW")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == {"error": "参数不能包含空字符（%00）。", "field": "agency"}


@given(number=HOSTILE, code=HOSTILE)
@FUZZ
def test_track_refuses_in_chinese(number: str, code: str) -> None:
    response = Client().post("/track/", {"tracking_no": number, "query_code": code})
    assert response.status_code in {200, 400}
    html = response.content.decode()
    assert_escaped(html, number + code)
    assert_chinese_refusal(response)


@pytest.mark.parametrize("raw", RAW)
def test_track_with_bytes_that_are_not_utf8(client: Client, raw: bytes) -> None:
    raw_q = "".join(f"%{b:02X}" for b in raw)
    response = client.post(
        "/track/",
        data=f"tracking_no=GK{raw_q}&query_code={raw_q}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in {200, 400}
    assert_chinese_refusal(response)
