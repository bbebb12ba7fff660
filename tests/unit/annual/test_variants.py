"""Reports in the shapes published ones take, read end to end against the figures put in.

``tests/data/annual/variants/NAME.<ext>`` is a report with known figures laid out like a
government CMS page, a text copy of one, a Word file converted by LibreOffice, with label
variants, dash or blank cells, thousands separators…; ``NAME.json`` holds the figures it was
made from (``make_variants.py`` in that folder regenerates both). The agency, the year and
every figure must come out exactly; a cell printed as a dash (—, -, /) must come out empty
with a finding naming its row (a dash is not a number: never guessed); ``check()`` must find
no arithmetic error in these consistent reports. ``not_a_report`` variants (a 2019
trial-format report, an unrelated document, a news item) must raise :class:`NotAReport`.

Variants the reader does not read yet live in ``variants/failing/`` and are not collected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual.checks import check
from gongkai.annual.readers import NotAReport, read_path
from gongkai.cli import main

VARIANTS = Path(__file__).resolve().parents[2] / "data" / "annual" / "variants"
FIGURE_KEYS = ("agency", "year", "active", "applications", "reviews")
#: Error codes about the table arithmetic: a consistent report must produce none of them.
ARITHMETIC = {
    "app-balance",
    "app-outcome-sum",
    "app-row-total",
    "app-group-sum",
    "review-total",
    "cell-negative",
    "cell-not-integer",
    "fee-invalid",
    "row-shape",
}
TABLE_KEYS = {"二": "active", "三": "applications", "四": "reviews"}


def variant_cases() -> list[Any]:
    cases = []
    for expected in sorted(VARIANTS.glob("*.json")):
        files = [p for p in VARIANTS.glob(expected.stem + ".*") if p.suffix != ".json"]
        assert len(files) == 1, f"{expected.name}: expected one report file, found {files}"
        cases.append(pytest.param(files[0], expected, id=files[0].name))
    return cases


CASES = variant_cases()


def load(expected_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
    return data


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in FIGURE_KEYS:
        want, got = expected.get(key), actual.get(key)
        if isinstance(want, dict) and isinstance(got, dict):
            for sub in list(want) + [k for k in got if k not in want]:
                if want.get(sub) != got.get(sub):
                    out.append(f"{key}.{sub}: expected {want.get(sub)!r}, read {got.get(sub)!r}")
        elif want != got:
            out.append(f"{key}: expected {want!r}, read {got!r}")
    return out


def test_there_are_enough_variants() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize(("report_path", "expected_path"), CASES)
def test_variant_figures(report_path: Path, expected_path: Path) -> None:
    expected = load(expected_path)
    if expected.get("not_a_report"):
        with pytest.raises(NotAReport) as raised:
            read_path(report_path)
        if expected.get("kind"):
            assert raised.value.kind == expected["kind"], raised.value.reason
        return
    report = read_path(report_path)
    diff = differences(expected, report.to_json())
    assert diff == [], f"{report_path.name}: {len(diff)} differences\n" + "\n".join(diff)
    # a dash is not a number: the cell is empty and a finding (the reader's own, or the
    # checks' cell-missing) names its row, so nobody takes the printed dash for a 0
    wheres = [f.where for f in report.findings + check(report)]
    for where in expected.get("null_with_finding") or []:
        table, row = where.split("/")
        assert any(w.startswith(f"{table}/{row}") for w in wheres), (
            f"no finding for the dash cell in {where}: {wheres}"
        )
    for table in expected.get("missing_tables") or []:
        assert any(w.startswith(table) for w in wheres), f"no finding for table {table}: {wheres}"


@pytest.mark.parametrize(("report_path", "expected_path"), CASES)
def test_variant_has_no_false_arithmetic_error(report_path: Path, expected_path: Path) -> None:
    expected = load(expected_path)
    if expected.get("not_a_report"):
        return
    errors = [
        f"{f.code} at {f.where}: expected {f.expected}, actual {f.actual}"
        for f in check(read_path(report_path))
        if f.severity == "error" and f.code in ARITHMETIC
    ]
    assert errors == [], f"{report_path.name}: {errors}"


def test_check_command_on_the_variants(capsys: pytest.CaptureFixture[str]) -> None:
    """``gongkai check --json`` over the passing variants: one line per file, the non-reports
    refused with their reason, and no arithmetic error in any report."""
    files = [str(path) for path, _ in (case.values for case in CASES)]
    status = main(["check", *files, "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert status == 2  # the old-format and unrelated files are not 2021-format reports
    assert sorted(line["file"] for line in lines) == sorted(files)
    refused = {
        Path(p).name for p, e in (case.values for case in CASES) if load(e).get("not_a_report")
    }
    for line in lines:
        codes = {f["code"] for f in line.get("findings") or []}
        assert not codes & ARITHMETIC, f"{line['file']}: {sorted(codes & ARITHMETIC)}"
        assert ("error" in line) == (Path(line["file"]).name in refused), line
