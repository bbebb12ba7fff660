"""No input makes the readers fail with anything but a report or NotAReport.

Any bytes, and real files damaged by truncation or flipped bytes (the corpus PDFs, a DOCX
made with python-docx, HTML and text reports), give a :class:`Report` or a
:class:`NotAReport` with a one-line reason — never another exception. A ``ReaderError``
(the readers' own safety net for an unexpected exception) counts as a failure here.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from bench.synth import random_report, render_docx, render_pdf, render_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.model import Report
from gongkai.annual.readers import NotAReport, ReaderError, read_bytes, read_text

SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_reads_or_refuses(data: bytes, name: str = "") -> None:
    try:
        result = read_bytes(data, name)
    except ReaderError as exc:  # pragma: no cover - shown with its cause when it happens
        raise AssertionError(f"unexpected failure inside a reader: {exc.__cause__!r}") from exc
    except NotAReport as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert isinstance(result, Report)


@cache
def samples() -> dict[str, bytes]:
    report = random_report(random.Random(99))
    found = {
        "report.docx": render_docx(report),
        "report.pdf": render_pdf(report),
        "report.txt": render_text(report).encode("utf-8"),
        "report-gbk.txt": render_text(report).encode("gb18030"),
    }
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        for path in sorted(corpus.iterdir()):
            if path.suffix in {".pdf", ".html", ".txt"}:
                found[path.name] = path.read_bytes()
    return found


SAMPLE_NAMES = sorted(samples())


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["", "a.pdf", "a.docx", "a.html", "a.txt"]))
def test_any_bytes(data: bytes, name: str) -> None:
    assert_reads_or_refuses(data, name)


@FUZZ
@given(
    st.sampled_from(["%PDF-1.7\n", "PK\x03\x04", "<html><table>", "\ufeff", "\xd0\xcf\x11\xe0"]),
    st.binary(max_size=2048),
)
def test_magic_prefix_then_noise(prefix: str, noise: bytes) -> None:
    assert_reads_or_refuses(prefix.encode("latin-1", "replace") + noise)


@FUZZ
@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    try:
        result = read_text(text)
    except ReaderError as exc:  # pragma: no cover
        raise AssertionError(f"unexpected failure: {exc.__cause__!r}") from exc
    except NotAReport:
        return
    assert isinstance(result, Report)


@FUZZ
@given(st.sampled_from(SAMPLE_NAMES), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_files(name: str, fraction: float) -> None:
    data = samples()[name]
    assert_reads_or_refuses(data[: int(len(data) * fraction)], name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLE_NAMES),
    st.lists(st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)), max_size=12),
)
def test_flipped_bytes(name: str, flips: list[tuple[float, int]]) -> None:
    # Fewer examples: a damaged PDF often takes the slow ruled-table fallback.
    data = bytearray(samples()[name])
    for where, value in flips:
        data[min(len(data) - 1, int(where * len(data)))] = value
    assert_reads_or_refuses(bytes(data), name)


def test_the_samples_themselves_are_reports() -> None:
    """The mutation tests above start from files that read as reports."""
    for name in ("report.docx", "report.pdf", "report.txt", "report-gbk.txt"):
        assert isinstance(read_bytes(samples()[name], name), Report)
