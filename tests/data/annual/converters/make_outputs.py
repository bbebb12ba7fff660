"""Regenerate the converter corpus: what real PDF/DOCX-to-text converters make of reports.

    CONVERTERS_PYTHON=/path/to/venv/bin/python .venv/bin/python \
        tests/data/annual/converters/make_outputs.py [../shared]

Sources: every PDF of the shared corpus (real published reports), and the platform's own
written reports — each hand-read truth of the corpus, the seed and a few generated reports
rendered with :mod:`gongkai.annual.writers` to PDF and DOCX. Converters (none of them
written here, none tuned for): ``pdftotext`` (poppler-utils) with and without ``-layout``,
pdfplumber's text and its tables, pymupdf4llm's Markdown and markitdown's Markdown (PDF and
DOCX). pymupdf4llm and markitdown are test-only tools that the platform does not depend on:
install them into a separate environment and point ``CONVERTERS_PYTHON`` at it
(``pip install pymupdf4llm==0.3.4 'markitdown[pdf,docx]==0.1.9'``).

Each output is written as ``<source>.<converter>.txt`` beside ``<source>.json``, the truth
of its source file (figures only). Review the diff before committing.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
sys.path.insert(0, str(ROOT))

from bench.synth import random_report  # noqa: E402

from gongkai.annual.model import Report  # noqa: E402
from gongkai.annual.writers import render  # noqa: E402

PYMUPDF4LLM = "import sys, pymupdf4llm; sys.stdout.write(pymupdf4llm.to_markdown(sys.argv[1]))"
MARKITDOWN = (
    "import sys; from markitdown import MarkItDown; "
    "sys.stdout.write(MarkItDown().convert(sys.argv[1]).text_content)"
)


def figures(report: Report) -> dict[str, object]:
    data = report.to_json(findings=[])
    return {key: data[key] for key in ("year", "active", "applications", "reviews")}


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfplumber_tables(path: Path) -> str:
    """Each page's text outside the tables, then its tables as Markdown rows."""
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out.append(page.extract_text() or "")
            for table in page.extract_tables():
                for row in table:
                    cells = [(c or "").replace("\n", "") for c in row]
                    out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, check=True, timeout=300)
    return done.stdout.decode("utf-8", "replace")


def convert_pdf(path: Path) -> dict[str, str]:
    out = {
        "pdftotext": run(["pdftotext", "-enc", "UTF-8", str(path), "-"]),
        "pdftotext-layout": run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"]),
        "pdfplumber-text": pdfplumber_text(path),
        "pdfplumber-tables": pdfplumber_tables(path),
    }
    python = os.environ.get("CONVERTERS_PYTHON")
    if python:
        out["pymupdf4llm"] = run([python, "-c", PYMUPDF4LLM, str(path)])
        out["markitdown"] = run([python, "-c", MARKITDOWN, str(path)])
    return out


def convert_docx(path: Path) -> dict[str, str]:
    python = os.environ.get("CONVERTERS_PYTHON")
    return {"markitdown": run([python, "-c", MARKITDOWN, str(path)])} if python else {}


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    for old in HERE.glob("*.txt"):
        old.unlink()
    for old in HERE.glob("*.json"):
        old.unlink()
    truths: dict[str, Report] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        jobs: list[tuple[str, Path]] = []
        for pdf in sorted((shared / "corpus").glob("*.pdf")):
            truths[pdf.stem] = Report.from_json(json.loads(pdf.with_suffix(".json").read_text()))
            jobs.append((pdf.stem, pdf))
        written = {
            p.stem: Report.from_json(json.loads(p.read_text()))
            for p in [
                *sorted((shared / "corpus").glob("*.json")),
                *(shared / "seed").glob("*.json"),
            ]
        }
        for n in (3, 7, 11):
            written[f"generated-{n}"] = random_report(random.Random(n))
        for name, report in written.items():
            for fmt in ("pdf", "docx"):
                stem = f"written-{name}-{fmt}"
                path = work / f"{stem}.{fmt}"
                path.write_bytes(render(report, fmt))
                truths[stem] = report
                jobs.append((stem, path))
        for stem, path in jobs:
            outputs = convert_pdf(path) if path.suffix == ".pdf" else convert_docx(path)
            for converter, text in outputs.items():
                (HERE / f"{stem}.{converter}.txt").write_text(text, "utf-8")
                print(f"{stem}.{converter}.txt", len(text))
            (HERE / f"{stem}.json").write_text(
                json.dumps(figures(truths[stem]), ensure_ascii=False, indent=1) + "\n", "utf-8"
            )


if __name__ == "__main__":
    main()
