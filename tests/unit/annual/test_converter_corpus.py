"""Reports as converters nobody here wrote make them: every figure right, or flagged.

``tests/data/annual/converters`` holds what pdftotext (with and without ``-layout``),
pdfplumber (text; tables), pymupdf4llm and markitdown made of the corpus PDFs and of
reports written by the platform's own PDF and DOCX writers, each beside the truth of its
source (``make_outputs.py`` regenerates them). A cell is

* right — the figure of the source;
* flagged — wrong, with a finding (reader's or check's) naming the cell or its row; or
  empty, with a finding naming it, its row or its table;
* silently wrong — a figure other than the source's with nothing naming it.

The test prints the counts and requires no silently wrong cell.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual.checks import check
from gongkai.annual.format import ACTIVE_BY_KEY, APPLICANT_COLUMN_LABELS, REVIEW_COLUMN_LABELS
from gongkai.annual.readers import NotAReport, read_bytes

DATA = Path(__file__).resolve().parents[2] / "data" / "annual" / "converters"
OUTPUTS = sorted(DATA.glob("*.txt"))


def _cells(data: dict[str, Any]) -> dict[str, object]:
    out: dict[str, object] = {}
    active = data["active"]
    for key in ("rules", "normative_documents"):
        for column, value in zip(ACTIVE_BY_KEY[key].columns, active[key], strict=True):
            out[f"二/{key}/{column}"] = value
    for key in ("licensing", "penalty", "enforcement", "fees_wan_yuan"):
        column = ACTIVE_BY_KEY[key].columns[0]
        out[f"二/{key}/{column}"] = None if active[key] is None else str(active[key])
    for key, row in data["applications"].items():
        for i, value in enumerate(row):
            out[f"三/{key}/{APPLICANT_COLUMN_LABELS[i]}"] = value
    for key, row in data["reviews"].items():
        for i, value in enumerate(row):
            out[f"四/{key}/{REVIEW_COLUMN_LABELS[i]}"] = value
    return out


def _flagged(cell: str, wheres: set[str]) -> bool:
    table, row, col = cell.split("/")
    return bool(
        {cell, f"{table}/{row}/*", f"{table}/{row}", f"{table}/{row}/{col}"} & wheres
    ) or any(w.startswith(f"{table}/{row}/") and col in w.split("/")[2].split(",") for w in wheres)


def tally(path: Path) -> tuple[Counter[str], list[str]]:
    truth = json.loads(DATA.joinpath(path.name.split(".")[0] + ".json").read_text("utf-8"))
    counts: Counter[str] = Counter()
    try:
        report = read_bytes(path.read_bytes(), path.name)
    except NotAReport:
        counts["refused"] += 1
        return counts, []
    wheres = {f.where for f in [*report.findings, *check(report)]}
    got = _cells(report.to_json(findings=[]))
    silent: list[str] = []
    for cell, want in _cells(truth).items():
        value = got.get(cell)
        if value == want:
            counts["right"] += 1
        elif value is None and (_flagged(cell, wheres) or cell.split("/")[0] in wheres):
            counts["empty, flagged"] += 1
        elif value is not None and _flagged(cell, wheres):
            counts["wrong, flagged"] += 1
        else:
            counts["silently wrong"] += 1
            silent.append(f"{cell}: {value} (truth {want})")
    return counts, silent


@pytest.mark.skipif(not OUTPUTS, reason="no converter outputs")
def test_no_silently_wrong_cell(capsys: pytest.CaptureFixture[str]) -> None:
    total: Counter[str] = Counter()
    per_converter: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    for path in OUTPUTS:
        counts, silent = tally(path)
        total += counts
        converter = path.name.split(".")[1]
        per_converter.setdefault(converter, Counter()).update(counts)
        wrong += [f"{path.name}: {s}" for s in silent]
    with capsys.disabled():
        print(f"\nconverter corpus: {len(OUTPUTS)} outputs")
        for converter, counts in sorted(per_converter.items()):
            print(f"  {converter:18} {dict(sorted(counts.items()))}")
        print(f"  silently wrong cells: {total['silently wrong']}")
    assert total["silently wrong"] == 0, "\n".join(wrong[:40])
    # The converters that keep a table's rows on lines read completely.
    assert total["right"] > 0.75 * sum(total.values())
