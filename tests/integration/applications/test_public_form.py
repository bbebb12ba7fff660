"""The public application form /apply/<code>/ (条例第二十九条) and the status page /track/."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from .public_data import GOOD_ID, person

pytestmark = pytest.mark.django_db

GOOD_USCC = "91350100M000100Y43"


@pytest.fixture(autouse=True)
def _clean(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def agency(make_agency: Any) -> Any:
    county = make_agency("PFCY", "表单测试县人民政府", "government")
    return make_agency("PFTW", "表单测试镇人民政府", "township", county, phone="0377-65320001")


def url(agency: Any) -> str:
    return reverse("applications_public:apply", args=[agency.code])


def test_the_form_is_public_and_offers_help(client: Client, agency: Any) -> None:
    response = client.get(url(agency))
    assert response.status_code == 200
    html = response.content.decode()
    assert "0377-65320001" in html and "第四十三条" in html and "代为填写" in html
    for label in (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
    ):
        assert label in html
    for label in ("纸质文本", "电子文档", "现场查阅", "邮寄", "电子邮件", "自行领取"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<legend>申请人类型" in html
    assert 'class="hp" aria-hidden="true"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_unknown_agency_is_404(client: Client) -> None:
    assert client.get("/apply/NOSUCH/").status_code == 404


def test_a_person_files_and_sees_the_codes_once(client: Client, agency: Any) -> None:
    from gongkai.applications.models import Application

    response = client.post(url(agency), person())
    assert response.status_code == 302, response.content.decode()[:3000]
    done = client.get(response.url)
    html = done.content.decode()
    application = Application.objects.get()
    assert application.tracking_no in html
    code = re.search(r'id="query-code">([A-Z0-9]+)<', html)
    assert code is not None
    assert "no-store" in done["Cache-Control"]
    assert application.stage == "pending" and application.received_on is None
    assert application.applicant_kind == "natural_person"
    assert application.applicant_type == "natural_person"
    assert application.form_wanted == "electronic" and application.delivery_method == "online"
    kinds = sorted(application.documents.values_list("kind", flat=True))
    assert "id_proof" in kinds and "receipt" in kinds
    # the code is shown once
    again = client.get(response.url)
    assert again.status_code == 302 and code.group(1) not in again.content.decode()
    # and it works on the status page
    from gongkai.applications import selectors

    assert (
        selectors.application_for_tracking(
            tracking_no=application.tracking_no, query_code=code.group(1)
        )
        == application
    )


def test_an_organisation_must_give_its_category(client: Client, agency: Any) -> None:
    from gongkai.applications.models import Application

    data = person(
        applicant_kind="organisation",
        applicant_name="某某律师事务所",
        id_type="uscc",
        id_number=GOOD_USCC,
    )
    response = client.post(url(agency), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择法人或其他组织的类别" in html
    assert 'href="#id_applicant_type_0"' in html  # the error summary links to the group
    assert not Application.objects.exists()
    data = person(
        applicant_kind="organisation",
        applicant_type="legal_services",
        applicant_name="某某律师事务所",
        id_type="uscc",
        id_number=GOOD_USCC,
    )
    assert client.post(url(agency), data).status_code == 302
    application = Application.objects.get()
    assert (application.applicant_kind, application.applicant_type) == (
        "organisation",
        "legal_services",
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "校验位"),
        ({"id_number": "110105194902300021"}, "id_number", "出生日期"),
        ({"id_type": "uscc", "id_number": GOOD_USCC}, "id_type", "个人证件"),
        (
            {
                "applicant_kind": "organisation",
                "applicant_type": "commercial",
                "id_type": "uscc",
                "id_number": "91350100M000100Y44",
            },
            "id_number",
            "统一社会信用代码的校验位",
        ),
        ({"phone": "", "email": "", "address": ""}, "phone", "至少填写一种联系方式"),
        ({"phone": "12"}, "phone", "不是有效的电话号码"),
        ({"delivery_method": "email"}, "email", "请填写电子邮箱"),
        ({"delivery_method": "post"}, "address", "请填写通信地址"),
        ({"description": ""}, "description", "这个字段是必填项"),
        ({"form_wanted": ""}, "form_wanted", "这个字段是必填项"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_linked(
    client: Client, agency: Any, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post(url(agency), person(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_errors"' in html
    assert 'role="alert"' in html and "申请未能提交" in html
    if field not in ("form_wanted",):
        tag = re.search(rf'<(input|textarea|select)[^>]*name="{field}"[^>]*>', html)
        assert tag is not None
        assert 'aria-invalid="true"' in tag.group(0)
        assert f"id_{field}_errors" in tag.group(0)
    else:
        assert f'aria-describedby="id_{field}_errors' in html


def test_a_bad_upload_is_refused(client: Client, agency: Any) -> None:
    bad = SimpleUploadedFile("id.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(url(agency), person(id_proof=bad))
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()


def test_the_honeypot_stops_a_script(client: Client, agency: Any) -> None:
    from gongkai.applications.models import Application

    response = client.post(url(agency), person(website="http://spam.example"))
    assert response.status_code == 200
    assert "提交未成功" in response.content.decode()
    assert not Application.objects.exists()


def test_csrf_is_required(agency: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(agency), person()).status_code == 403


def test_rate_limit_per_address(client: Client, agency: Any, settings: Any) -> None:
    settings.GONGKAI_PUBLIC_LIMITS = {"apply_ip": (2, 3600)}
    assert client.post(url(agency), person()).status_code == 302
    # an attempt with errors counts too
    assert client.post(url(agency), person(id_number="11010519491231003X")).status_code == 200
    response = client.post(url(agency), person())
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()


def test_rate_limit_per_applicant(client: Client, agency: Any, settings: Any) -> None:
    from gongkai.applications.models import Application

    settings.GONGKAI_PUBLIC_LIMITS = {"apply_applicant": (1, 3600)}
    assert client.post(url(agency), person()).status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.9")
    response = other.post(url(agency), person())
    assert response.status_code == 429
    assert "同一申请人" in response.content.decode()
    assert Application.objects.count() == 1


def _fake_search(monkeypatch: Any, agency: Any, make_record: Any = None) -> list[int]:
    """A published record and a search engine that finds it."""
    from gongkai.catalogue import search

    calls: list[int] = []

    def search_records(q: str, **kw: Any) -> Any:
        calls.append(1)
        from gongkai.catalogue.models import Record

        ids = list(Record.objects.filter(status="published").values_list("pk", flat=True))
        return SimpleNamespace(count=len(ids), ids=ids)

    monkeypatch.setattr(search, "search_records", search_records, raising=False)
    return calls


@pytest.fixture
def published(agency: Any, make_staff: Any) -> Any:
    from gongkai.catalogue.models import Category, Record

    category = Category.objects.filter(agency__isnull=True).first() or Category.objects.first()
    if category is None:
        pytest.skip("no catalogue categories in the test database")
    import datetime as dt

    return Record.objects.create(
        agency=agency,
        category=category,
        title="岢曲镇2023年宅基地审批结果公示",
        written_on=dt.date(2024, 1, 5),
        published_on=dt.date(2024, 1, 8),
        status="published",
        index_no="PFTW/2024-00001",
    )


def test_without_scripts_the_lookup_button_lists_published_records(
    client: Client, agency: Any, monkeypatch: Any, published: Any
) -> None:
    from gongkai.applications.models import Application

    _fake_search(monkeypatch, agency)
    data = person(action="lookup", id_number="")
    response = client.post(url(agency), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "岢曲镇2023年宅基地审批结果公示" in html
    assert "申请未能提交" not in html  # nothing was checked
    assert 'value="张三"' in html  # what was typed is kept
    assert not Application.objects.exists()


def test_suggestions_as_json(client: Client, agency: Any, monkeypatch: Any, published: Any) -> None:
    _fake_search(monkeypatch, agency)
    response = client.get(
        reverse("applications_public:apply_suggest", args=[agency.code]), {"q": "宅基地"}
    )
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["title"] == "岢曲镇2023年宅基地审批结果公示"
    assert data["results"][0]["agency"] == agency.name


def test_suggestions_without_a_search_engine_are_empty(
    client: Client, agency: Any, monkeypatch: Any
) -> None:
    from gongkai.catalogue import search

    monkeypatch.delattr(search, "search_records", raising=False)
    response = client.get(
        reverse("applications_public:apply_suggest", args=[agency.code]), {"q": "宅基地"}
    )
    assert response.json() == {"count": 0, "results": []}


# --- /track/ ------------------------------------------------------------------------------


@pytest.fixture
def filed(agency: Any) -> tuple[Any, str]:
    from gongkai.applications import services

    return services.submit_online_application(
        agency=agency,
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "王五",
            "id_type": "resident_id",
            "id_number": GOOD_ID,
            "phone": "13812345678",
            "description": "村级财务公开情况",
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )


def _issue(application: Any, body: bytes = b"%PDF-1.4 reply") -> Any:
    from django.core.files.base import ContentFile

    from gongkai.applications import services

    return services.attach_document(
        application=application,
        kind="reply",
        file=ContentFile(body, name="reply.pdf"),
        title="政府信息公开申请答复书",
        number="PFTW政公开〔2024〕1号",
        issued=True,
        content_type="application/pdf",
    )


def test_track_with_the_right_code_shows_status_and_documents(
    client: Client, filed: tuple[Any, str]
) -> None:
    application, code = filed
    document = _issue(application)
    response = client.post(
        reverse("applications_public:track"),
        {"tracking_no": application.tracking_no.lower(), "query_code": code.lower()},
    )
    assert response.status_code == 302
    status = client.get(response.url)
    html = status.content.decode()
    assert application.tracking_no in html and "待受理机关确认" in html
    assert "政府信息公开申请答复书" in html and "PFTW政公开〔2024〕1号" in html
    assert "王五" not in html and GOOD_ID not in html  # nothing personal is shown
    download = client.get(reverse("applications_public:track_document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 reply"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert "sandbox" in download["Content-Security-Policy"]
    # ending the look-up forgets it
    client.post(reverse("applications_public:track_end"))
    assert client.get(reverse("applications_public:track_status")).status_code == 302
    assert (
        client.get(reverse("applications_public:track_document", args=[document.pk])).status_code
        == 404
    )


def test_documents_not_issued_or_of_another_application_are_not_served(
    client: Client, filed: tuple[Any, str], agency: Any
) -> None:
    from django.core.files.base import ContentFile

    from gongkai.applications import services

    application, code = filed
    draft = services.attach_document(
        application=application,
        kind="reply",
        file=ContentFile(b"draft", name="draft.pdf"),
        issued=False,
    )
    other, _ = services.submit_online_application(
        agency=agency,
        data={
            "applicant_kind": "natural_person",
            "applicant_name": "赵六",
            "id_type": "passport",
            "id_number": "E12345678",
            "email": "a@example.com",
            "description": "别的申请",
        },
    )
    foreign = _issue(other)
    client.post(
        reverse("applications_public:track"),
        {"tracking_no": application.tracking_no, "query_code": code},
    )
    for document in (draft, foreign):
        url = reverse("applications_public:track_document", args=[document.pk])
        assert client.get(url).status_code == 404


def test_a_wrong_code_is_refused_and_guessing_is_limited(
    client: Client, filed: tuple[Any, str], settings: Any
) -> None:
    settings.GONGKAI_PUBLIC_LIMITS = {"track_number": (3, 3600)}
    application, code = filed
    track = reverse("applications_public:track")
    for _ in range(3):
        response = client.post(track, {"tracking_no": application.tracking_no, "query_code": "X"})
        assert response.status_code == 200
        assert "受理编号或查询码不正确" in response.content.decode()
        assert "村级财务公开情况" not in response.content.decode()
    # even the right code is refused now: the number is locked for a while
    response = client.post(track, {"tracking_no": application.tracking_no, "query_code": code})
    assert response.status_code == 429


def test_an_unknown_number_answers_like_a_wrong_code(client: Client, filed: Any) -> None:
    response = client.post(
        reverse("applications_public:track"), {"tracking_no": "NOPE-2024-00001", "query_code": "X"}
    )
    assert response.status_code == 200
    assert "受理编号或查询码不正确" in response.content.decode()


def test_guessing_from_one_address_is_limited(client: Client, filed: Any, settings: Any) -> None:
    settings.GONGKAI_PUBLIC_LIMITS = {"track_ip": (2, 900)}
    track = reverse("applications_public:track")
    for n in range(2):
        client.post(track, {"tracking_no": f"PFTW-2024-0000{n}", "query_code": "X"})
    assert (
        client.post(track, {"tracking_no": "PFTW-2024-00009", "query_code": "X"}).status_code == 429
    )


def test_a_failing_receipt_does_not_cost_the_applicant_the_code(
    client: Client, agency: Any, monkeypatch: Any, caplog: Any
) -> None:
    from gongkai.applications import letters_issue

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("renderer down")

    monkeypatch.setattr(letters_issue, "issue_receipt", broken)
    response = client.post(url(agency), person())
    assert response.status_code == 302
    assert 'id="query-code"' in client.get(response.url).content.decode()
    assert "receipt for" in caplog.text and "renderer down" in caplog.text
