"""The report workspace: computing, drafting, checking, acknowledging, publishing, freezing,
correcting, importing last year's report, the public page and the county roll-up."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.appeals import services as appeal_services
from gongkai.reports import rollup, selectors, services
from gongkai.reports.checks import run_checks
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import EnteredFigures

pytestmark = pytest.mark.django_db
SEED = (
    Path(__file__).resolve().parents[3]
    / "src/gongkai/catalogue/data/seed/kqz-2023-annual-report.txt"
)


def _checks(report: AnnualReport) -> Any:
    space = selectors.workspace(report)
    return run_checks(
        report,
        space.computed,
        previous=selectors.previous_report(report),
        stale_parts=space.stale_parts,
    )


def _import_seed(agency: Any) -> AnnualReport:
    return services.report_import(
        actor=None,
        agency=agency,
        data=SEED.read_bytes(),
        name="seed.txt",
        published_on=date(2024, 1, 20),
    )


def _ready(report: AnnualReport) -> AnnualReport:
    """Fill what the platform cannot know and acknowledge the remaining warnings."""
    report = services.figures_update(
        actor=None,
        report=report,
        figures=EnteredFigures(
            licensing=3,
            penalty=0,
            enforcement=0,
            fees_wan_yuan=Decimal("0"),
            figures_source="县政务服务平台",
            fee_notices=0,
        ),
    )
    parts = dict(report.narrative)
    parts["supervision"] = "本年监督电话未接到反映问题的来电。本年开展政务公开工作考核一次。"
    parts["problems"] = "一是公开内容还需丰富。下一步将加强培训。"
    parts["other"] = "本年未收取信息处理费。"
    report = services.narrative_update(actor=None, report=report, parts=parts)
    for finding in _checks(report).open_warnings:
        services.warning_acknowledge(
            actor=None, report=report, key=f"{finding.code}@{finding.where}", note="已核实"
        )
    return report


def test_new_report_is_drafted_and_blocked_until_fixed(hierarchy: Any) -> None:
    _import_seed(hierarchy.town)
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    assert "2024 年共主动公开政务信息" in report.narrative["active"]
    result = _checks(report)
    codes = {f.code for f in result.errors}
    assert "cell-missing" in codes and "platform-placeholder" in codes
    with pytest.raises(ValidationError):
        services.report_publish(actor=None, report=report)
    report = _ready(report)
    assert _checks(report).can_publish
    version = services.report_publish(actor=None, report=report, today=date(2025, 1, 15))
    assert version.number == 1 and version.data["active"]["licensing"] == 3
    assert version.data["applications"]["carried_in"] == [0] * 7  # = the seed's 结转下年度


def test_previous_report_carry_over_is_checked(hierarchy: Any) -> None:
    seed = _import_seed(hierarchy.town)
    version = seed.versions.get()
    data = dict(version.data)
    data["applications"] = dict(data["applications"])
    data["applications"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    type(version).objects.filter(pk=version.pk).update(data=data)
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    codes = {f.code for f in _checks(report).warnings}
    assert "carried-in" in codes


def test_freezing_notice_and_corrected_version(
    hierarchy: Any, client: Any, make_staff: Any
) -> None:
    _import_seed(hierarchy.town)
    report = _ready(services.report_create(actor=None, agency=hierarchy.town, year=2024))
    services.report_publish(actor=None, report=report)
    assert not selectors.workspace(report).data_moved
    # a case filed in 2024 arrives after publication: the data move, the version does not
    appeal_services.case_create(
        actor=None,
        agency=hierarchy.town,
        data=appeal_services.CaseData(
            kind="reconsideration", body="测试县人民政府", filed_on=date(2024, 6, 1)
        ),
    )
    space = selectors.workspace(report)
    assert space.data_moved
    assert space.latest.data["reviews"]["reconsideration"] == [0, 0, 0, 0, 0]
    reviewer = make_staff("rev", hierarchy.town, Role.REVIEWER)
    client.force_login(reviewer)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "发布后平台数据已变化" in page
    report.refresh_from_db()
    report = _ready(report)
    with pytest.raises(ValidationError):
        services.report_publish(actor=None, report=report)  # no change note
    second = services.report_publish(actor=None, report=report, change_note="补录一件行政复议")
    assert second.number == 2 and second.data["reviews"]["reconsideration"][3] == 1
    public = client.get(
        reverse("reports_public:report", args=[hierarchy.town.code, 2024])
    ).content.decode()
    assert "补录一件行政复议" in public and "更正版" in public
    assert [v.year for v in selectors.published_reports(agency=hierarchy.town)] == [2024, 2023]


def test_stale_draft_is_flagged_and_redrafted(hierarchy: Any) -> None:
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    services.log_add(
        actor=None,
        agency=hierarchy.town,
        on=date(2024, 3, 5),
        kind="other_platform",
        text="微信公众号全年推送 918 期",
    )
    space = selectors.workspace(report)
    assert "platform" in space.stale_parts
    assert "stale-draft" in {f.code.removeprefix("platform-") for f in _checks(report).warnings}
    report = services.narrative_redraft(actor=None, report=report, part="platform")
    assert "918" in report.narrative["platform"]
    assert "platform" not in selectors.workspace(report).stale_parts


def test_public_downloads_read_back(hierarchy: Any, client: Any) -> None:
    from gongkai.annual.readers import read_bytes

    _import_seed(hierarchy.town)
    report = _ready(services.report_create(actor=None, agency=hierarchy.town, year=2024))
    services.report_publish(actor=None, report=report)
    url = reverse("reports_public:download", args=[hierarchy.town.code, 2024, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    back = read_bytes(response.content, "r.docx")
    assert back.year == 2024 and back.active.licensing == 3
    assert back.applications["total"] == [0] * 7


def test_rollup_statuses_xlsx_and_cells(hierarchy: Any, client: Any, make_staff: Any) -> None:
    from openpyxl import load_workbook

    _import_seed(hierarchy.town)
    draft = services.report_create(actor=None, agency=hierarchy.dept, year=2024)
    agencies = [hierarchy.county, hierarchy.town, hierarchy.dept]
    data = rollup.county_rollup(agencies=agencies, year=2023, today=date(2024, 2, 15))
    by_code = {r.agency.code: r for r in data.rows}
    assert by_code["TWN"].status == "published" and not by_code["TWN"].late
    assert by_code["DEP"].status == "not_started" and by_code["DEP"].late  # 31 January passed
    assert by_code["CTY"].status == "not_started" and not by_code["CTY"].late  # 31 March
    rollup.check_all(actor=None, reports=[draft])
    data = rollup.county_rollup(agencies=agencies, year=2024, today=date(2025, 1, 10))
    assert {r.agency.code: r.status for r in data.rows}["DEP"] == "draft_errors"
    supervisor = make_staff("sup", hierarchy.county, Role.REVIEWER)
    client.force_login(supervisor)
    page = client.get(reverse("reports:rollup") + "?year=2023")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:rollup_xlsx") + "?year=2023").content)
    )
    assert book.sheetnames[:2] == ["汇总", "合计"] and "TWN" in book.sheetnames
    cell = client.get(
        reverse("reports:rollup_cell", args=["applications", "new", "total"]) + "?year=2023"
    )
    assert hierarchy.town.name in cell.content.decode()


def test_town_deadline_is_the_countys(hierarchy: Any) -> None:
    services.town_deadline_set(actor=None, county=hierarchy.county, month=2, day=20)
    assert selectors.deadline_for(hierarchy.town, 2024) == date(2025, 2, 20)
    assert selectors.deadline_for(hierarchy.dept, 2024) == date(2025, 1, 31)
    assert selectors.deadline_for(hierarchy.county, 2024) == date(2025, 3, 31)


def test_workspace_page_and_drill_down(hierarchy: Any, client: Any, make_staff: Any) -> None:
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    case = appeal_services.case_create(
        actor=None,
        agency=hierarchy.town,
        data=appeal_services.CaseData(
            kind="reconsideration",
            body="测试县人民政府",
            filed_on=date(2024, 2, 1),
            decided_on=date(2024, 4, 1),
            result="upheld",
            case_number="测复〔2024〕1号",
        ),
    )
    client.force_login(make_staff("rev", hierarchy.town, Role.REVIEWER))
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "cells/reviews/reconsideration/upheld/" in page
    drill = client.get(
        reverse("reports:cell", args=[report.pk, "reviews", "reconsideration", "upheld"])
    )
    assert case.case_number in drill.content.decode()
    response = client.post(
        reverse("reports:figures_edit", args=[report.pk]),
        {"licensing": "5", "figures_source": "政务服务平台"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.licensing == 5
    data = json.loads(client.get(reverse("reports:download", args=[report.pk, "json"])).content)
    assert data["reviews"]["reconsideration"] == [1, 0, 0, 0, 1]


def test_import_refuses_what_is_not_a_report(hierarchy: Any, client: Any, make_staff: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_staff("rev", hierarchy.town, Role.REVIEWER))
    response = client.post(
        reverse("reports:report_import"),
        {
            "file": SimpleUploadedFile("note.txt", "这是一份会议通知。".encode()),
            "published_on": "2024-01-20",
        },
    )
    assert response.status_code == 200
    assert "无法作为年度报告读取" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_application_drill_down_only_for_those_who_work_on_applications(
    hierarchy: Any, client: Any, make_staff: Any
) -> None:
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
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    url = reverse("reports:cell", args=[report.pk, "applications", "new", "natural_person"])
    client.force_login(registrar)
    assert application.tracking_no in client.get(url).content.decode()
    client.force_login(make_staff("pub", hierarchy.town, Role.PUBLISHER))
    assert application.tracking_no not in client.get(url).content.decode()


def test_flagged_cells_follow_the_findings() -> None:
    from gongkai.annual.model import Finding
    from gongkai.reports.views import flagged_cells

    findings = [
        Finding("carried-in", "warning", "三/carried_in/自然人", "x"),
        Finding("cell-missing", "error", "二/licensing/本年处理决定数量", "x"),
        Finding("review-total", "error", "四/reconsideration/总计", "x"),
        Finding("current-documents", "warning", "二/rules/现行有效件数", "x"),
        Finding("text", "warning", "text/一", "x"),
    ]
    assert flagged_cells(findings) == {
        "applications/carried_in/natural_person",
        "entered/licensing",
        "reviews/reconsideration/total",
        "active/rules/in_force",
    }
