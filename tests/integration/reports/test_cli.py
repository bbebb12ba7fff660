"""``gongkai report build`` writes the report computed from the platform's data;
``gongkai extract`` reads every figure back."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai.annual.cli import extract_main
from gongkai.appeals import services as appeal_services
from gongkai.reports import services
from gongkai.reports.cli import report_main
from gongkai.reports.services import EnteredFigures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report(hierarchy: Any) -> Any:
    report = services.report_create(actor=None, agency=hierarchy.town, year=2024)
    services.figures_update(
        actor=None,
        report=report,
        figures=EnteredFigures(
            licensing=12, penalty=3, enforcement=1, fees_wan_yuan=Decimal("1.25")
        ),
    )
    appeal_services.case_create(
        actor=None,
        agency=hierarchy.town,
        data=appeal_services.CaseData(
            kind="litigation_direct",
            body="测试县人民法院",
            filed_on=date(2024, 3, 1),
            decided_on=date(2024, 9, 1),
            result="corrected",
            correction_kind="revoked",
        ),
    )
    return report


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html", ".json", ".txt"])
def test_build_and_extract(report: Any, tmp_path: Any, capsys: Any, suffix: str) -> None:
    if suffix == ".pdf":
        pytest.importorskip("gongkai.annual.writers.pdf", reason="the PDF writer is not installed")
    out = tmp_path / f"report{suffix}"
    assert report_main(["build", "--agency", "TWN", "--year", "2024", "-o", str(out)]) == 0
    capsys.readouterr()
    assert extract_main([str(out), "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2024
    assert data["active"]["licensing"] == 12 and data["active"]["penalty"] == 3
    assert data["active"]["fees_wan_yuan"] == 1.25
    assert data["reviews"]["litigation_direct"] == [0, 1, 0, 0, 1]
    assert data["applications"]["new"] == [0] * 7


def test_refusals(report: Any, tmp_path: Any) -> None:
    assert (
        report_main(["build", "--agency", "NOPE", "--year", "2024", "-o", str(tmp_path / "a.docx")])
        == 1
    )
    assert (
        report_main(["build", "--agency", "TWN", "--year", "2024", "-o", str(tmp_path / "a.doc")])
        == 2
    )
    assert (
        report_main(
            [
                "build",
                "--agency",
                "TWN",
                "--year",
                "2024",
                "--published",
                "-o",
                str(tmp_path / "a.docx"),
            ]
        )
        == 1
    )
