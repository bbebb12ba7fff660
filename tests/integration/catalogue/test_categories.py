"""An agency admin's own sub-categories and the applicability of standard categories."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.catalogue import selectors, services
from gongkai.catalogue.models import AgencyCategorySetting, Category
from gongkai.core.models import AuditEvent

from .conftest import category

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_adds_a_sub_category_with_entry_fields(town) -> None:
    client = client_for(town.admin)
    form = client.get(reverse("catalogue:category_create") + "?parent=jc-shjz")
    assert form.status_code == 200
    response = client.post(
        reverse("catalogue:category_create"),
        {
            "parent": category("jc-shjz").pk,
            "name": "孤儿基本生活保障",
            "code": "jc-shjz-ge",
            "position": 40,
            "content": "保障对象、保障标准",
            "basis": "《国务院办公厅关于加强孤儿保障工作的意见》",
            "deadline": "信息形成或者变更之日起20个工作日内",
            "channels": ["政府网站", "便民服务站"],
            "audience": "特定群体",
            "mode": "主动",
            "level": "乡级",
        },
    )
    assert response.status_code == 302
    own = Category.objects.get(code="jc-shjz-ge")
    assert own.agency == town.agency and own.parent.code == "jc-shjz" and own.kind == "area"
    assert (
        own.entry["channels"] == ["政府网站", "便民服务站"] and own.entry["audience"] == "特定群体"
    )
    assert AuditEvent.objects.filter(action="category.create", object_id=str(own.pk)).exists()
    page = client.get(reverse("catalogue:category_list")).content.decode()
    assert "孤儿基本生活保障" in page and "公开渠道和载体" in page
    # records may be filed there now
    assert own in [c for c, _d in selectors.category_choices_for_agency(agency=town.agency)]


def test_codes_may_not_clash(town) -> None:
    with pytest.raises(ValidationError) as info:
        services.category_create(
            actor=town.admin, agency=town.agency, parent=category("gzdt"), name="动态", code="gzdt"
        )
    assert "已被使用" in str(info.value)
    services.category_create(
        actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务", code="cw"
    )
    with pytest.raises(ValidationError):
        services.category_create(
            actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务2", code="cw"
        )
    # another agency may use the same code for its own
    services.category_create(
        actor=None, agency=town.other, parent=category("gzdt"), name="局务", code="cw"
    )
    with pytest.raises(ValidationError):
        services.category_create(
            actor=town.admin,
            agency=town.agency,
            parent=category("gzdt"),
            name="坏代码",
            code="Bad Code",
        )


def test_parent_must_apply_to_the_agency(town) -> None:
    with pytest.raises(ValidationError) as info:
        services.category_create(
            actor=town.admin, agency=town.agency, parent=category("szjs"), name="x", code="x1"
        )
    assert "不适用" in str(info.value)
    other_own = services.category_create(
        actor=None, agency=town.other, parent=category("gzdt"), name="局务", code="jw"
    )
    with pytest.raises(ValidationError):
        services.category_create(
            actor=town.admin, agency=town.agency, parent=other_own, name="x", code="x2"
        )


def test_delete_only_when_empty(town, make_record) -> None:
    own = services.category_create(
        actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务", code="cw"
    )
    child = services.category_create(
        actor=town.admin, agency=town.agency, parent=own, name="村务子", code="cwz"
    )
    with pytest.raises(ValidationError):
        services.category_delete(actor=town.admin, category=own)
    services.category_delete(actor=town.admin, category=child)
    from datetime import date

    from gongkai.catalogue.services import RecordData

    services.record_create(
        actor=town.publisher,
        agency=town.agency,
        data=RecordData(category=own, title="t", written_on=date(2024, 1, 1)),
    )
    with pytest.raises(ValidationError) as info:
        services.category_delete(actor=town.admin, category=own)
    assert "栏目下有信息" in str(info.value)
    with pytest.raises(ValidationError):
        services.category_delete(actor=town.admin, category=category("gzdt"))


def test_not_applicable_needs_a_reason_and_an_empty_area(town, make_record) -> None:
    with pytest.raises(ValidationError) as info:
        services.category_setting_set(
            actor=town.admin, agency=town.agency, category=category("jc-ssgl"), applicable=False
        )
    assert "理由" in str(info.value)
    services.category_setting_set(
        actor=town.admin,
        agency=town.agency,
        category=category("jc-ssgl"),
        applicable=False,
        reason="税收管理由县税务局负责",
    )
    assert AgencyCategorySetting.objects.get().reason == "税收管理由县税务局负责"
    # a record can no longer be filed there
    from datetime import date

    from gongkai.catalogue.services import RecordData

    with pytest.raises(ValidationError) as info:
        services.record_create(
            actor=town.publisher,
            agency=town.agency,
            data=RecordData(category=category("jc-ssgl"), title="t", written_on=date(2024, 1, 1)),
        )
    assert "不适用" in str(info.value)
    services.category_setting_set(
        actor=town.admin, agency=town.agency, category=category("jc-ssgl"), applicable=True
    )
    assert not AgencyCategorySetting.objects.exists()
    make_record("published", code="jc-jy")
    with pytest.raises(ValidationError) as info:
        services.category_setting_set(
            actor=town.admin,
            agency=town.agency,
            category=category("jc-jy"),
            applicable=False,
            reason="无",
        )
    assert "已发布" in str(info.value)


def test_setting_page(town) -> None:
    client = client_for(town.admin)
    url = reverse("catalogue:category_setting", args=[category("jc-fwzs").pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"applicable": "0", "reason": ""})
    assert response.status_code == 200 and "请说明不适用的理由" in response.content.decode()
    assert (
        client.post(url, {"applicable": "0", "reason": "本镇无国有土地上房屋征收"}).status_code
        == 302
    )
    page = client.get(reverse("catalogue:category_list")).content.decode()
    assert "本镇无国有土地上房屋征收" in page


def test_category_pages_are_for_the_agency_admin_only(town) -> None:
    own = services.category_create(
        actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务", code="cw"
    )
    for user, expected in ((town.publisher, 403), (town.supervisor, 403), (town.outsider, 404)):
        client = client_for(user)
        assert client.get(reverse("catalogue:category_edit", args=[own.pk])).status_code == expected
        assert (
            client.post(reverse("catalogue:category_delete", args=[own.pk])).status_code == expected
        )
    for user in (town.publisher, town.supervisor, town.outsider):
        client = client_for(user)
        assert client.get(reverse("catalogue:category_create")).status_code == 403
        assert (
            client.post(
                reverse("catalogue:category_setting", args=[category("jc-fwzs").pk]),
                {"applicable": "0", "reason": "x"},
            ).status_code
            == 403
        )
    assert (
        Category.objects.filter(pk=own.pk).exists() and not AgencyCategorySetting.objects.exists()
    )
    # reading the list is for every member
    assert client_for(town.publisher).get(reverse("catalogue:category_list")).status_code == 200


def test_admin_edits_own_category(town) -> None:
    own = services.category_create(
        actor=town.admin, agency=town.agency, parent=category("gzdt"), name="村务", code="cw"
    )
    client = client_for(town.admin)
    url = reverse("catalogue:category_edit", args=[own.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"parent": category("gzdt").pk, "name": "村务公开", "position": 5})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "村务公开" and own.position == 5 and own.code == "cw"
