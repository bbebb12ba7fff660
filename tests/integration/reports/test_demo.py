"""The reports' demo: the seed imported as 岢曲镇's 2023 report, its 2024 report computed from
the demo data, checked and published, whose 上年结转 equals the seed's 结转下年度 and whose own
DOCX (and PDF, when the PDF writer is installed) reads back with every figure right."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai import demo
from gongkai.annual.checks import check
from gongkai.annual.readers import read_bytes
from gongkai.reports import rollup, selectors
from gongkai.reports.checks import with_narrative
from gongkai.reports.documents import PdfUnavailable, render_report, version_report
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(capsys: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert demo.demo_main([]) == 0
    assert "年度报告演示数据" in capsys.readouterr().out
    from gongkai.agencies.models import Agency

    return {a.code: a for a in Agency.objects.all()}


def test_2024_report_continues_the_seed(built: dict[str, Any]) -> None:
    town = built["KQZ"]
    seed = AnnualReport.objects.get(agency=town, year=2023)
    report = AnnualReport.objects.get(agency=town, year=2024)
    seed_data = seed.versions.get().data
    published = report.latest_version()
    assert published is not None and published.published_on.isoformat() == "2025-01-20"
    assert published.data["applications"]["carried_in"] == seed_data["applications"]["carried_out"]
    assert published.data["reviews"]["reconsideration"] == [1, 0, 0, 0, 1]
    assert not selectors.workspace(report).data_moved
    previous = selectors.previous_report(report)
    figures = version_report(published.data)
    findings = check(
        with_narrative(figures, dict(published.narrative)), previous=previous, level="town"
    )
    assert [f for f in findings if f.severity == "error"] == []
    # the published files read back with every figure
    formats = ["docx", "pdf"]
    for fmt in formats:
        try:
            data = render_report(version_report(published.data), dict(published.narrative), fmt)
        except PdfUnavailable:
            continue
        back = read_bytes(data, f"report.{fmt}")
        assert back.to_json(findings=[])["applications"] == published.data["applications"]
        assert back.to_json(findings=[])["reviews"] == published.data["reviews"]
        assert back.to_json(findings=[])["active"] == published.data["active"]
        assert not [
            f for f in check(back, previous=previous, level="town") if f.severity == "error"
        ]


def test_roll_up_of_the_county(built: dict[str, Any]) -> None:
    agencies = [*built["NXX"].descendants(), built["NXX"]]
    data = rollup.county_rollup(agencies=agencies, year=2024)
    statuses = {r.agency.code: r.status for r in data.rows}
    assert statuses["KQZ"] == "published"
    assert statuses["NXZRZYJ"] == "draft"
    assert statuses["NXX"] == "not_started"


def test_demo_is_idempotent(built: dict[str, Any], capsys: Any) -> None:
    assert demo.demo_main([]) == 0
    assert AnnualReport.objects.filter(agency=built["KQZ"]).count() == 2


def test_chart_figures_of_the_demo_town(built: dict[str, Any]) -> None:
    from gongkai.reports import stats

    town = built["KQZ"].pk
    monthly = stats.monthly_received(agency_ids=[town], year=2024)
    report = AnnualReport.objects.get(agency=built["KQZ"], year=2024).latest_version()
    assert (
        monthly is not None
        and sum(n for _m, n in monthly) == report.data["applications"]["new"][-1]
    )
    timely = stats.on_time(agency_ids=[town], year=2024)
    assert timely is not None and 0 < timely[town][0] <= report.data["applications"]["total"][-1]
