"""Appeal cases: validation, audit rows, the counting window of table 四, the staff pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.appeals import selectors, services
from gongkai.appeals.models import AppealCase
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _make(
    agency: Any, kind: str, filed: date, decided: date | None = None, result: str = "", **kw: Any
) -> AppealCase:
    return services.case_create(
        actor=None,
        agency=agency,
        data=services.CaseData(
            kind=kind,
            body="内乡县人民政府",
            filed_on=filed,
            decided_on=decided,
            result=result,
            **kw,
        ),
    )


@pytest.fixture
def cases(hierarchy: Any) -> dict[str, AppealCase]:
    town = hierarchy.town
    r1 = _make(town, "reconsideration", date(2023, 11, 2), date(2024, 1, 20), "upheld")
    return {
        # filed 2023, concluded 2024: counted in 2024 (default window)
        "r1": r1,
        # filed and concluded 2024
        "r2": _make(
            town,
            "reconsideration",
            date(2024, 3, 1),
            date(2024, 4, 1),
            "corrected",
            correction_kind="revoked",
        ),
        # filed 2024, concluded 2025: 尚未审结 in 2024
        "r3": _make(
            town,
            "reconsideration",
            date(2024, 12, 1),
            date(2025, 1, 10),
            "other",
            other_kind="withdrawn",
        ),
        # filed 2023, still open: not counted in 2024 by default, counted by "active"
        "d1": _make(town, "litigation_direct", date(2023, 6, 1)),
        # after reconsideration, filed 2024, open
        "a1": _make(town, "litigation_after_reconsideration", date(2024, 2, 1), reconsideration=r1),
    }


def test_default_window(cases: dict[str, AppealCase], hierarchy: Any) -> None:
    table = selectors.annual_reviews_table(agency_ids=[hierarchy.town.pk], year=2024)
    assert table == {
        "reconsideration": [1, 1, 0, 1, 3],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_reconsideration": [0, 0, 0, 1, 1],
    }
    ids = set(
        selectors.appeal_ids_for_cell(
            agency_ids=[hierarchy.town.pk],
            year=2024,
            group_key="reconsideration",
            column_key="pending",
        ).values_list("pk", flat=True)
    )
    assert ids == {cases["r3"].pk}


def test_other_windows(cases: dict[str, AppealCase], hierarchy: Any, settings: Any) -> None:
    filed = selectors.annual_reviews_table(
        agency_ids=[hierarchy.town.pk], year=2024, window="filed"
    )
    assert filed["reconsideration"] == [0, 1, 0, 1, 2]
    settings.APPEALS_COUNTING_WINDOW = "active"
    active = selectors.annual_reviews_table(agency_ids=[hierarchy.town.pk], year=2024)
    assert active["litigation_direct"] == [0, 0, 0, 1, 1]
    assert active["reconsideration"] == [1, 1, 0, 1, 3]
    settings.APPEALS_COUNTING_WINDOW = "nonsense"
    with pytest.raises(ValueError):
        selectors.annual_reviews_table(agency_ids=[hierarchy.town.pk], year=2024)


def test_bulk_tables_cover_every_agency(cases: dict[str, AppealCase], hierarchy: Any) -> None:
    tables = selectors.annual_reviews_tables(
        year=2024, agency_ids=[hierarchy.town.pk, hierarchy.dept.pk]
    )
    assert tables[hierarchy.dept.pk]["reconsideration"] == [0, 0, 0, 0, 0]
    assert tables[hierarchy.town.pk]["reconsideration"][-1] == 3


def test_validation(hierarchy: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _make(hierarchy.town, "litigation_after_reconsideration", date(2024, 1, 1))
    assert "reconsideration" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _make(hierarchy.town, "reconsideration", date(2024, 1, 1), None, "upheld")
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _make(hierarchy.town, "reconsideration", date(2024, 5, 1), date(2024, 4, 1), "upheld")
    other = _make(hierarchy.dept, "reconsideration", date(2024, 1, 1))
    with pytest.raises(ValidationError):
        _make(
            hierarchy.town,
            "litigation_after_reconsideration",
            date(2024, 2, 1),
            reconsideration=other,
        )


def test_update_is_audited(hierarchy: Any) -> None:
    case = _make(hierarchy.town, "reconsideration", date(2024, 1, 1))
    data = services.CaseData(
        kind="reconsideration",
        body="内乡县人民政府",
        filed_on=date(2024, 1, 1),
        decided_on=date(2024, 2, 1),
        result="corrected",
        correction_kind="ordered_reanswer",
    )
    services.case_update(actor=None, case=case, data=data)
    case.refresh_from_db()
    assert case.result_label() == "纠正（责令重新答复或履行）"
    assert AuditEvent.objects.filter(action="appeal.update", object_id=str(case.pk)).exists()
    assert [s.kind for s in case.stages.all()] == ["filed", "decided"]


def test_register_through_the_page(client: Any, hierarchy: Any, make_staff: Any) -> None:
    handler = make_staff("hdl", hierarchy.town, Role.HANDLER)
    client.force_login(handler)
    response = client.post(
        reverse("appeals:case_create"),
        {
            "kind": "reconsideration",
            "body": "内乡县人民政府",
            "filed_on": "2024-03-04",
            "case_number": "内政复〔2024〕7号",
        },
    )
    case = AppealCase.objects.get()
    assert response.status_code == 302 and case.agency == hierarchy.town
    page = client.get(reverse("appeals:case_detail", args=[case.pk]))
    assert "内政复〔2024〕7号" in page.content.decode()
    assert "尚未审结" in page.content.decode()


def test_a_case_links_to_its_application(hierarchy: Any, make_staff: Any, client: Any) -> None:
    from gongkai.applications import services as application_services

    registrar = make_staff("reg", hierarchy.town, Role.REGISTRAR)
    application, _code = application_services.application_create(
        actor=registrar,
        agency=hierarchy.town,
        data={
            "applicant_kind": "natural_person",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13800138000",
            "description": "2024年本镇宅基地审批结果",
            "form_wanted": "electronic",
            "email": "zhangsan@example.com",
            "delivery_method": "email",
        },
        channel="in_person",
        received_on=date(2024, 3, 1),
    )
    case = _make(
        hierarchy.town,
        "reconsideration",
        date(2024, 5, 1),
        application_ref=application.tracking_no.lower(),
    )
    assert case.application == application
    client.force_login(make_staff("hdl", hierarchy.town, Role.HANDLER))
    page = client.get(reverse("appeals:case_detail", args=[case.pk])).content.decode()
    assert reverse("applications:detail", args=[application.pk]) in page
    # another agency's application with that number is not linked
    other = _make(
        hierarchy.dept, "reconsideration", date(2024, 5, 1), application_ref=application.tracking_no
    )
    assert other.application is None
