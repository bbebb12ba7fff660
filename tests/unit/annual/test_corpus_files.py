"""Every figure of every real report in shared/corpus (and the seed) read end to end.

Each ``NAME.<ext>`` goes through :func:`gongkai.annual.readers.read_path`; its ``year``,
``active``, ``applications`` and ``reviews`` must equal the hand-read ``NAME.json`` key by
key. The JSON files' extra keys (source, level, shape, notes…) are not figures; the agency
name is left out because the hand-read one sometimes carries an explanatory parenthetical.
``inconsistencies`` lists real arithmetic problems that ``check()`` must find and
``expected_warnings`` what it must warn about.

``shared/`` sits beside the repository (CI runs with a copy of it next to the clone); the
tests are skipped, with the reason printed, when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual.checks import check
from gongkai.annual.readers import read_path

FIGURE_KEYS = ("year", "active", "applications", "reviews")
READABLE = {".pdf", ".docx", ".html", ".htm", ".txt"}


def shared_dir() -> Path | None:
    """``<repo>/../shared``: the shared folder beside the clone, if present."""
    candidate = (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()
    return candidate if candidate.is_dir() else None


def corpus_cases() -> list[Any]:
    shared = shared_dir()
    if shared is None:
        return [
            pytest.param(None, None, marks=pytest.mark.skip(reason="no shared/ beside the repo"))
        ]
    cases = []
    for folder in ("corpus", "seed"):
        for expected in sorted((shared / folder).glob("*.json")):
            reports = [
                p for p in expected.parent.glob(expected.stem + ".*") if p.suffix in READABLE
            ]
            for report in reports:
                cases.append(pytest.param(report, expected, id=f"{folder}/{report.name}"))
    if not cases:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="shared/ has no reports"))]
    return cases


def figure_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Key-by-key differences, readable in a failing assertion."""
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


def _figures_json(expected: dict[str, Any]) -> dict[str, Any]:
    """The hand-read figures; a group key is compared only when the report has one."""
    return {key: expected.get(key) for key in FIGURE_KEYS}


@pytest.mark.parametrize(("report_path", "expected_path"), corpus_cases())
def test_corpus_figures(report_path: Path, expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = read_path(report_path)
    diff = figure_differences(_figures_json(expected), report.to_json())
    assert diff == [], f"{report_path.name}: {len(diff)} differences\n" + "\n".join(diff)


def warning_code(description: str) -> str:
    """``"section numbering: the sub-sections …"`` → ``"section-numbering"``."""
    return description.split(":", 1)[0].strip().replace(" ", "-")


@pytest.mark.parametrize(("report_path", "expected_path"), corpus_cases())
def test_corpus_findings(report_path: Path, expected_path: Path) -> None:
    """check() finds the listed inconsistencies and warnings, and no other error."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    findings = check(read_path(report_path))
    errors = sorted({f.code for f in findings if f.severity == "error"})
    codes = {f.code for f in findings}
    listed = expected.get("inconsistencies") or []
    for item in listed:
        code = item.get("code") if isinstance(item, dict) else warning_code(str(item))
        assert code in codes, f"{report_path.name}: check() missed {item!r}; found {sorted(codes)}"
    if not listed:
        assert errors == [], f"{report_path.name}: errors in a consistent report: {errors}"
    for item in expected.get("expected_warnings") or []:
        code = warning_code(str(item))
        assert code in codes, f"{report_path.name}: check() did not warn {item!r}"
