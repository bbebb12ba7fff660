"""Reader benchmark: ``make bench`` (``python -m bench.run``).

Generates a corpus of synthetic 2021-format annual reports (random valid figures) as text,
DOCX and PDF, caches it under ``bench/out/`` and reads every file back through
:func:`gongkai.annual.readers.read_path`, single process. Prints reports/second per kind
and how many came back with exactly the generated figures, e.g.::

    text: 1000 reports in 0.52 s = 1923 reports/s wall clock, 0.45 s CPU = 2222 reports/s
    by CPU time (single process, best of 3 passes) (1000/1000 correct)  goal ≥ 2000/s: met

Goals: ≥ 2,000 text reports/s, ≥ 100 PDF reports/s (single process), judged on the rate
by the process's CPU time (``time.process_time``), which the other processes of a shared
machine do not slow down; the wall-clock rate is printed beside it. Exit status 1 when a
figure was read wrong (speed depends on the machine and is only reported).

Kinds: ``text`` (like the seed), ``docx`` (merged cells), ``pdf`` (ruled tables), and the
platform's own writers: ``html``, ``writer-docx`` (at most 100 files) and ``writer-pdf``
(at most 50: WeasyPrint takes about half a second a file). Then ``gongkai check --jobs N``
over the text corpus for N = 1, 2, … up to the CPU count (reports/s, speed-up and CPU
time of all processes), and
the OCR speed (pages/s) on two scanned pages when RapidOCR is installed. The machine's
load average is printed first: on a shared machine every figure is a lower bound.
Options: ``--count N`` (default 1000 of each kind), ``--kinds text,pdf``, ``--seed S``,
``--regenerate``, ``--no-jobs``, ``--no-ocr``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from gongkai.annual.model import Report
from gongkai.annual.readers import NotAReport, read_path

from .synth import expected_json, random_report, render_docx, render_pdf, render_text

OUT = Path(__file__).resolve().parent / "out"
#: Bump when the generator changes, so cached corpora are not reused.
GENERATOR_VERSION = 2


def _writer(fmt: str) -> Callable[[Report], bytes]:
    """The platform's own writer (gongkai.annual.writers) for ``fmt``."""

    def render(report: Report) -> bytes:
        from gongkai.annual.writers import render as write

        return write(report, fmt)

    return render


#: kind → (file suffix, renderer, at most this many files). The platform's DOCX writer
#: builds every table cell through python-docx (about 0.2 s a file), so fewer of those.
RENDERERS: dict[str, tuple[str, Callable[[Report], bytes], int | None]] = {
    "text": (".txt", lambda report: render_text(report).encode("utf-8"), None),
    "docx": (".docx", render_docx, None),
    "pdf": (".pdf", render_pdf, None),
    "html": (".html", _writer("html"), None),
    "writer-docx": (".writer.docx", _writer("docx"), 100),
    "writer-pdf": (".writer.pdf", _writer("pdf"), 50),
}
GOALS = {"text": 2000.0, "pdf": 100.0}


def kind_count(kind: str, count: int) -> int:
    cap = RENDERERS[kind][2]
    return count if cap is None else min(cap, count)


def corpus_dir(count: int, seed: int) -> Path:
    return OUT / f"v{GENERATOR_VERSION}-seed{seed}-n{count}"


def generate(count: int, seed: int, kinds: Sequence[str], *, regenerate: bool) -> Path:
    """Write ``count`` reports of each kind (and their expected figures) once; reuse after."""
    folder = corpus_dir(count, seed)
    folder.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        suffix, render, _ = RENDERERS[kind]
        done = folder / f".{kind}-complete"
        if done.exists() and not regenerate:
            continue
        started = time.perf_counter()
        n = kind_count(kind, count)
        for index in range(n):
            report = random_report(random.Random(seed * 1_000_003 + index))
            stem = folder / f"{index:05d}"
            expected = stem.with_suffix(".json")
            if not expected.exists() or regenerate:
                expected.write_text(json.dumps(expected_json(report), ensure_ascii=False))
            stem.with_name(stem.name + suffix).write_bytes(render(report))
        done.touch()
        took = time.perf_counter() - started
        print(f"generated {n} {kind} reports in {took:.1f} s ({folder})", flush=True)
    return folder


def figures(report: Report) -> dict[str, object]:
    data = report.to_json(findings=[])
    return {k: data[k] for k in ("year", "active", "applications", "reviews")}


def difference(expected: dict[str, object], actual: dict[str, object]) -> list[str]:
    """Readable differences, key by key."""
    out: list[str] = []
    for key in expected:
        want, got = expected[key], actual.get(key)
        if isinstance(want, dict) and isinstance(got, dict):
            for sub in sorted(set(want) | set(got)):
                if want.get(sub) != got.get(sub):
                    out.append(f"{key}.{sub}: expected {want.get(sub)}, read {got.get(sub)}")
        elif want != got:
            out.append(f"{key}: expected {want}, read {got}")
    return out


def _read_all(files: list[Path]) -> tuple[list[Report | NotAReport], float, float]:
    """The reports (or refusals), the wall-clock time and the process's CPU time."""
    results: list[Report | NotAReport] = []
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        try:
            results.append(read_path(path))
        except NotAReport as exc:
            results.append(exc)
    return results, time.perf_counter() - started, time.process_time() - cpu


def measure(
    folder: Path, kind: str, count: int, repeat: int = 3
) -> tuple[int, int, float, float, list[str]]:
    """Read every file of ``kind``, ``repeat`` times; the fastest pass counts (as timeit does:
    slower passes measure the other work of a shared machine, not the reader).

    Returns (files, correct, wall-clock seconds, CPU seconds, problems); the CPU time of
    this process is what the reader costs, whatever else the machine runs at the time.
    """
    suffix = RENDERERS[kind][0]
    n = kind_count(kind, count)
    files = [folder / f"{i:05d}{suffix}" for i in range(n)]
    expected = [json.loads((folder / f"{i:05d}.json").read_text()) for i in range(n)]
    results, took, cpu = _read_all(files)
    for _ in range(repeat - 1):
        results, again, cpu_again = _read_all(files)
        took, cpu = min(took, again), min(cpu, cpu_again)
    correct = 0
    problems: list[str] = []
    for path, want, got in zip(files, expected, results, strict=True):
        if isinstance(got, NotAReport):
            problems.append(f"{path.name}: not read: {got.reason}")
            continue
        diff = difference(want, figures(got))
        if diff:
            problems.append(f"{path.name}: " + "; ".join(diff[:3]))
        else:
            correct += 1
    return len(files), correct, took, cpu, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="reports of each kind")
    parser.add_argument("--kinds", default=",".join(RENDERERS))
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=3, help="passes over each kind; the fastest is reported"
    )
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs scaling")
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR speed")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in RENDERERS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPU cores, load average {load[0]:.1f} {load[1]:.1f} "
        f"{load[2]:.1f} (1, 5, 15 min)",
        flush=True,
    )
    folder = generate(args.count, args.seed, kinds, regenerate=args.regenerate)
    wrong = 0
    for kind in kinds:
        n, correct, took, cpu, problems = measure(folder, kind, args.count, max(1, args.repeat))
        rate = n / took if took > 0 else float("inf")
        cpu_rate = n / cpu if cpu > 0 else float("inf")
        goal = GOALS.get(kind)
        verdict = ""
        if goal is not None:
            # judged on the CPU-time rate: the machine's other load does not inflate it
            verdict = f"  goal ≥ {goal:.0f}/s: {'met' if cpu_rate >= goal else 'NOT met'}"
        print(
            f"{kind}: {n} reports in {took:.2f} s = {rate:.0f} reports/s wall clock, "
            f"{cpu:.2f} s CPU = {cpu_rate:.0f} reports/s by CPU time "
            f"(single process, best of {max(1, args.repeat)} passes) "
            f"({correct}/{n} correct){verdict}",
            flush=True,
        )
        for line in problems[:5]:
            print(f"    {line}")
        if len(problems) > 5:
            print(f"    … and {len(problems) - 5} more")
        wrong += n - correct
    if not args.no_jobs and "text" in kinds:
        jobs_scaling(folder, kind_count("text", args.count))
    if not args.no_ocr:
        ocr_speed()
    return 1 if wrong else 0


def jobs_counts(cores: int) -> list[int]:
    """1, 2, … up to the number of cores (doubling past 8: 1, 2, 3, 4, …, 8, 16, …)."""
    counts = set(range(1, min(cores, 8) + 1))
    n = 16
    while n < cores:
        counts.add(n)
        n *= 2
    counts.add(cores)
    return sorted(counts)


def jobs_scaling(folder: Path, n: int) -> None:
    """``gongkai check`` over the text corpus (read + every check) with 1, 2, … processes.

    Beside the wall-clock rate (what ``--jobs`` is for), the CPU time of all processes
    (this one and its finished workers): reports per CPU second fall when processes
    wait on each other or start up.
    """
    import contextlib
    import io

    from gongkai.annual.cli import _run

    paths = [str(folder / f"{i:05d}.txt") for i in range(n)]
    base = 0.0
    for jobs in jobs_counts(os.cpu_count() or 1):
        before = os.times()
        started = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            done = sum(1 for _ in _run(paths, previous=None, jobs=jobs))
        took = time.perf_counter() - started
        after = os.times()
        cpu = sum(after[i] - before[i] for i in range(4))  # user, system, children's
        rate = done / took
        base = base or rate
        print(
            f"check --jobs {jobs}: {done} text reports read and checked in {took:.2f} s = "
            f"{rate:.0f} reports/s wall clock (×{rate / base:.2f}); CPU {cpu:.2f} s in all "
            f"processes = {done / cpu if cpu > 0 else float('inf'):.0f} reports per CPU second",
            flush=True,
        )


def ocr_speed() -> None:
    """OCR pages/s on two scanned pages of a written report (150 dpi, turned, noised)."""
    from gongkai.annual.readers import ocr, read_bytes

    if not ocr.ocr_available():
        print("ocr: RapidOCR not installed (rapidocr-onnxruntime), skipped")
        return
    from tests.unit.annual.scans import scan

    report = random_report(random.Random(7))
    scanned = scan(_writer("pdf")(report), dpi=150, angle=0.3, noise=0.001)
    started, cpu = time.perf_counter(), time.process_time()
    back = read_bytes(scanned, "scan.pdf")
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    want, got = expected_json(report), figures(back)
    pairs = [
        (a, b)
        for table in ("applications", "reviews")
        for key, row in want[table].items()  # type: ignore[attr-defined]
        for a, b in zip(row, got[table][key], strict=True)  # type: ignore[index]
    ]
    # a cell the report leaves blank (a group printed as one row) is right when read blank
    wrong = [1 for a, b in pairs if b is not None and a != b]
    empty = sum(1 for a, b in pairs if b is None and a is not None)
    flagged = sum(1 for f in back.findings if f.code == "reader-ocr-unconfirmed")
    right = sum(1 for a, b in pairs if a == b)
    print(
        f"ocr: {ocr.LAST.pages} scanned pages in {took:.1f} s = {ocr.LAST.pages_per_second:.2f} "
        f"pages/s wall clock, {cpu:.1f} s CPU (all threads) = "
        f"{ocr.LAST.pages / cpu if cpu > 0 else float('inf'):.2f} pages/s by CPU time "
        f"(RapidOCR, {ocr.OCR_DPI} dpi); tables 三 and 四: {right} "
        f"cells right, {empty} left empty, {len(wrong)} wrong; {flagged} figures flagged",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
