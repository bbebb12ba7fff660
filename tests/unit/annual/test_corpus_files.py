"""Every figure of every real report in shared/corpus (and the seed) read end to end.

Each ``NAME.<ext>`` goes through :func:`gongkai.annual.readers.read_path`; its ``year``,
``active``, ``applications`` and ``reviews`` must equal the hand-read ``NAME.json`` key by
key. The JSON files' extra keys (source, level, shape, notes…) are not figures; the agency
name is left out because the hand-read one sometimes carries an explanatory parenthetical.
``inconsistencies`` lists real arithmetic problems that ``check()`` must find and
``expected_warnings`` what it must warn about. A cell the file itself does not determine
(see ``UNDETERMINED``) must come out empty, with a reader finding, rather than guessed.

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

#: (file name, "table.row") → why the file alone does not determine those cells. The reader
#: must then leave them empty (never guess) and say so with a finding at that row; the
#: checks then report the cells as missing.
UNDETERMINED: dict[tuple[str, str], str] = {
    ("pingtan-2021.txt", "active.normative_documents"): (
        "the page text glues 69, 3 and 665 into '693665' and table 二 has no sum to split "
        "it (the hand-read JSON took them from the page's HTML)"
    ),
}


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


def undetermined(name: str) -> list[tuple[str, str]]:
    """(table, row) of the cells the file ``name`` does not determine."""
    return [
        (where.split(".")[0], where.split(".")[1]) for file, where in UNDETERMINED if file == name
    ]


def _figures_json(name: str, expected: dict[str, Any]) -> dict[str, Any]:
    """The hand-read figures, with the undetermined cells empty."""
    figures = json.loads(json.dumps({key: expected.get(key) for key in FIGURE_KEYS}))
    for table, row in undetermined(name):
        value = figures[table][row]
        figures[table][row] = [None] * len(value) if isinstance(value, list) else None
    return figures


@pytest.mark.parametrize(("report_path", "expected_path"), corpus_cases())
def test_corpus_figures(report_path: Path, expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = read_path(report_path)
    diff = figure_differences(_figures_json(report_path.name, expected), report.to_json())
    assert diff == [], f"{report_path.name}: {len(diff)} differences\n" + "\n".join(diff)
    for _, row in undetermined(report_path.name):
        wheres = [f.where for f in report.findings]
        assert any(row in where for where in wheres), f"no reader finding for {row}: {wheres}"


def warning_code(description: str) -> str:
    """``"section numbering: the sub-sections …"`` → ``"section-numbering"``."""
    return description.split(":", 1)[0].strip().replace(" ", "-")


@pytest.mark.parametrize(("report_path", "expected_path"), corpus_cases())
def test_corpus_findings(report_path: Path, expected_path: Path) -> None:
    """check() finds the listed inconsistencies and warnings, and no other error."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    findings = check(read_path(report_path))
    unread = [row for _, row in undetermined(report_path.name)]
    errors = sorted(
        {
            f.code
            for f in findings
            if f.severity == "error"
            and not (f.code == "cell-missing" and any(row in f.where for row in unread))
        }
    )
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
