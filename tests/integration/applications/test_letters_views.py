"""Staff pages that issue letters and redact PDFs."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from .test_redaction import SECRET_ID, SECRET_NAME, _positions, source_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def town(make_agency: Any) -> Any:
    county = make_agency("LVCY", "文书测试县人民政府", "government")
    return make_agency("LVTW", "文书测试镇人民政府", "township", county, phone="0377-65320001")


@pytest.fixture
def application(town: Any) -> Any:
    from gongkai.applications import services

    application, _code = services.submit_online_application(
        agency=town,
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "description": "2023年宅基地审批结果",
            "form_wanted": "electronic",
            "delivery_method": "online",
        },
    )
    return application


@pytest.fixture
def handler_user(town: Any, make_staff: Any) -> Any:
    return make_staff("lv_handler", town, "handler")


@pytest.fixture
def handler(handler_user: Any) -> Client:
    client = Client()
    client.force_login(handler_user)
    return client


def _to_handling(application: Any, handler: Any) -> Any:
    """Confirmed (第三十一条), registered and assigned: the handler works on it."""
    import datetime as dt

    from gongkai.applications import services

    application = services.application_confirm(
        actor=None, application=application, received_on=dt.date.today()
    )
    application = services.application_register(actor=None, application=application)
    return services.application_assign(actor=None, application=application, handler=handler)


def test_handler_issues_a_supplement_notice(handler: Client, application: Any) -> None:
    from gongkai.applications.letters_render import docx_text

    url = reverse("applications_letters:issue", args=[application.pk, "supplement"])
    assert handler.get(url).status_code == 200
    data = {"items": "请写明村名\n请写明年份", "deadline": "2030-01-10"}
    preview = handler.post(url, {**data, "preview": "1"})
    html = preview.content.decode()
    assert "补正告知书" in html and "1. 请写明村名" in html and "第三十条" in html
    assert application.documents.filter(kind="supplement_notice").count() == 0
    response = handler.post(url, {**data, "issue": "1"})
    assert response.status_code == 302
    documents = application.documents.filter(kind="supplement_notice", issued=True)
    assert documents.exists()
    docx = documents.get(content_type__contains="wordprocessingml")
    assert docx.number.endswith("号")
    with docx.file.open("rb") as handle:
        text = docx_text(handle.read())
    assert docx.number in text and "2. 请写明年份" in text and "2030年1月10日前" in text


def test_typed_text_with_control_characters_still_makes_a_letter(
    handler: Client, application: Any
) -> None:
    from gongkai.applications.letters_render import docx_text

    url = reverse("applications_letters:issue", args=[application.pk, "third_party"])
    data = {
        "third_party": "某\x1b建筑\x07公司",
        "information": "中标\x1b结果\x08\n报价\x7f明细",  # a NUL the form refuses
        "issue": "1",
    }
    assert handler.post(url, data).status_code == 302
    docx = application.documents.get(
        kind="consultation_letter", content_type__contains="wordprocessingml"
    )
    with docx.file.open("rb") as handle:
        text = docx_text(handle.read())
    assert "某建筑公司" in text and "中标结果" in text and "报价明细" in text


def test_fee_notice_computes_the_fee_and_records_it(
    handler: Client, handler_user: Any, application: Any
) -> None:
    application = _to_handling(application, handler_user)
    url = reverse("applications_letters:issue", args=[application.pk, "fee_notice"])
    # 30 pages are free: no notice
    response = handler.post(
        url, {"method": "per_page", "pages": "30", "payment_method": "缴款码", "preview": "1"}
    )
    assert "不需收费" in response.content.decode()
    response = handler.post(
        url, {"method": "per_page", "pages": "250", "payment_method": "缴款码", "issue": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fee = application.fees.get()
    assert fee.amount == 4700 and fee.method == "per_page"
    assert "合计：4700元" in fee.breakdown
    assert application.documents.filter(kind="fee_notice", issued=True).exists()


def test_reply_for_partial_disclosure_needs_the_redaction_first(
    handler: Client, application: Any
) -> None:
    url = reverse("applications_letters:issue", args=[application.pk, "reply"])
    response = handler.post(
        url, {"outcome": "partly_granted", "provided": "公示表", "preview": "1"}
    )
    assert "区分处理" in response.content.decode()
    assert "本机关向您提供可以公开的部分" not in response.content.decode()


def test_redaction_round_trip_feeds_the_reply(handler: Client, application: Any) -> None:
    import pdfplumber

    start = reverse("applications_letters:redaction", args=[application.pk])
    upload = SimpleUploadedFile("审批表.pdf", source_pdf(), content_type="application/pdf")
    response = handler.post(start, {"source": upload})
    assert response.status_code == 302
    edit = response.url
    x0, top, x1, bottom = _positions(source_pdf(), SECRET_ID)
    box = {
        "page": "1",
        "x0": str(x0 - 1),
        "top": str(top - 1),
        "x1": str(x1 + 1),
        "bottom": str(bottom + 1),
        "ground": "third_party",
        "note": "第三人身份证号码",
    }
    response = handler.post(edit, {"boxes": "[]", "action": "add", **box})
    html = response.content.decode()
    assert "第三人身份证号码" in html and "第十五条" in html
    boxes = json.loads(
        __import__("re")
        .search(r'name="boxes" value="([^"]*)"', html)
        .group(1)
        .replace("&quot;", '"')
    )
    assert len(boxes) == 1
    # a box without a ground is refused
    response = handler.post(
        edit, {"boxes": json.dumps(boxes), "action": "add", **{**box, "ground": ""}}
    )
    assert "没有选择不予公开的理由" in response.content.decode()
    # the preview image of page 1
    page = handler.get(
        reverse(
            "applications_letters:redaction_page",
            args=[application.pk, int(edit.rstrip("/").split("/")[-1]), 1],
        ),
        {"boxes": json.dumps(boxes)},
    )
    assert page.status_code == 200 and page["Content-Type"] == "image/png"
    response = handler.post(edit, {"boxes": json.dumps(boxes), "action": "make", "issue": "1"})
    assert response.status_code == 302
    redacted = application.documents.get(kind="redacted")
    assert redacted.issued
    with redacted.file.open("rb") as handle:
        data = handle.read()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join((pdf.pages[0].extract_text() or "").split())
    assert SECRET_ID not in text and "审批结果：同意" in text and SECRET_NAME in text
    # the reply lists the withheld part with its ground
    url = reverse("applications_letters:issue", args=[application.pk, "reply"])
    response = handler.post(
        url, {"outcome": "partly_granted", "provided": "审批表（区分处理后）", "preview": "1"}
    )
    html = response.content.decode()
    assert "第1页 第三人身份证号码 | 涉及商业秘密、个人隐私等" in html
    assert "应当先申请行政复议" in html and "文书测试县人民政府申请行政复议" in html


def test_supervisors_read_but_issue_nothing(application: Any, make_staff: Any, town: Any) -> None:
    client = Client()
    client.force_login(make_staff("lv_county", town.parent, "handler", "reviewer"))
    url = reverse("applications_letters:issue", args=[application.pk, "supplement"])
    assert client.get(url).status_code == 403


def test_other_pdf_documents_of_another_application_are_not_offered(
    handler: Client, application: Any, town: Any
) -> None:
    from gongkai.applications import services

    other, _ = services.submit_online_application(
        agency=town,
        data={
            "applicant_kind": "natural_person",
            "applicant_name": "李四",
            "id_type": "passport",
            "id_number": "E1234567",
            "email": "x@example.com",
            "description": "别的",
        },
    )
    foreign = services.attach_document(
        application=other,
        kind="attachment",
        file=ContentFile(source_pdf(), name="x.pdf"),
        content_type="application/pdf",
    )
    url = reverse("applications_letters:redaction_edit", args=[application.pk, foreign.pk])
    assert handler.get(url).status_code == 404
