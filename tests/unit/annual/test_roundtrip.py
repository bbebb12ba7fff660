"""Render, then read back: the same report (STYLE.md: golden files and properties).

Every valid report written as DOCX, HTML or text by :mod:`gongkai.annual.writers` is read
back by :mod:`gongkai.annual.readers` with the same figures, agency, year and sections, and
the checks find nothing in it. (XLSX holds the tables only and is not a report format the
readers accept; its content is tested in test_writers.py.)
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.checks import check
from gongkai.annual.format import SECTIONS
from gongkai.annual.model import Report
from gongkai.annual.readers import read_bytes
from gongkai.annual.writers import render

from .strategies import reports_with_a_blank, valid_reports
from .test_writers import example_report

SUFFIXES = {"docx": "report.docx", "html": "report.html", "txt": "report.txt"}


def _read_back(report: Report, fmt: str) -> Report:
    return read_bytes(render(report, fmt), SUFFIXES[fmt])


def _assert_same_figures(back: Report, report: Report) -> None:
    assert back.agency == report.agency
    assert back.year == report.year
    assert back.active == report.active
    assert back.reviews == report.reviews
    assert back.applications == report.applications


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(valid_reports(narrative=True), st.sampled_from(sorted(SUFFIXES)))
def test_render_then_read_gives_the_same_report(report: Report, fmt: str) -> None:
    back = _read_back(report, fmt)
    _assert_same_figures(back, report)
    assert [(s.number, s.title) for s in back.sections] == [(s.number, s.title) for s in SECTIONS]
    assert [f for f in check(back) if f.severity == "error"] == []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reports_with_a_blank(narrative=True), st.sampled_from(sorted(SUFFIXES)))
def test_a_blank_cell_is_read_back_blank(case: tuple[Report, str], fmt: str) -> None:
    report, _where = case
    _assert_same_figures(_read_back(report, fmt), report)


def test_example_round_trips_in_every_readable_format() -> None:
    report = example_report()
    for fmt in SUFFIXES:
        back = _read_back(report, fmt)
        _assert_same_figures(back, report)
        assert back.title == "示例县人民政府2024年政府信息公开工作年度报告"
        # The blank 行政强制 cell stays blank (reported), it is not read as 0.
        assert back.active.enforcement is None
        codes = {(f.code, f.where) for f in check(back)}
        assert ("cell-missing", "二/enforcement/本年处理决定数量") in codes
        # The example's 「一、主动公开情况」 sub-heading is kept and flagged as numbering.
        assert ("section-numbering", "text") in codes
