"""The standard category tree is data, loaded by migration 0002 and by the sync service."""

from __future__ import annotations

import pytest

from gongkai.catalogue.categories import CategoryDataError, standard_categories_sync, standard_tree
from gongkai.catalogue.models import Category, CategoryKind, ReportKey

pytestmark = pytest.mark.django_db


def test_migration_loaded_the_standard_tree() -> None:
    standard = Category.objects.filter(agency__isnull=True)
    names = {c.code: c.name for c in standard}
    for code, name in {
        "dwgk": "单位概况",
        "jgsz": "机构设置",
        "dwzz": "单位职责",
        "ldxx": "领导信息",
        "gz": "规章",
        "gfxwj": "行政规范性文件",
        "qtwj": "其他文件",
        "gzdt": "工作动态",
        "czyjs": "财政预决算",
        "xzxk": "行政许可",
        "xzcf": "行政处罚",
        "xzqz": "行政强制",
        "xzsyxsf": "行政事业性收费",
        "ndbg": "政府信息公开年报",
    }.items():
        assert names[code] == name
    by_code = {c.code: c for c in standard}
    assert by_code["gz"].parent == by_code["zcwj"]
    assert by_code["gz"].report_key == ReportKey.RULES and by_code["gz"].has_validity
    assert by_code["gfxwj"].report_key == ReportKey.NORMATIVE_DOCUMENTS
    assert by_code["ndbg"].report_key == ReportKey.ANNUAL_REPORT
    assert by_code["xzxk"].article == "第二十条第（五）项"
    areas = by_code["jcbzml"].children.filter(kind=CategoryKind.AREA)
    assert areas.count() == 26
    social = by_code["jc-shjz"]
    assert social.entry["deadline"] == "信息形成或者变更之日起20个工作日内"
    assert social.children.count() == 3
    assert by_code["zjdsh"].agency_kinds == ["township", "subdistrict"]


def test_sync_is_idempotent_and_repairs_edits() -> None:
    assert standard_categories_sync() == 0
    Category.objects.filter(code="gzdt", agency__isnull=True).update(name="改坏的名称")
    assert standard_categories_sync() == 1
    assert Category.objects.get(code="gzdt", agency__isnull=True).name == "工作动态"


def test_data_errors_are_refused() -> None:
    with pytest.raises(CategoryDataError, match="重复"):
        standard_tree('[[category]]\ncode="a"\nname="A"\n[[category]]\ncode="a"\nname="B"\n')
    with pytest.raises(CategoryDataError, match="未知字段"):
        standard_tree('[[category]]\ncode="a"\nname="A"\ncolour="red"\n')
