"""Read a published annual report (PDF, DOCX, HTML or text) into a :class:`~..model.Report`.

>>> from gongkai.annual.readers import read_path
>>> report = read_path("2024年政府信息公开工作年度报告.pdf")  # doctest: +SKIP

The file type is recognised from the content (magic bytes, tags), the extension is only a
hint. Everything that cannot be read as a report in the 2021 national format — a damaged
or encrypted file, a scanned PDF without text, an old .doc, an unrelated document, a
report in the 2019 trial format — raises :class:`NotAReport` (or one of its kinds) with a
one-line reason in Chinese; no input makes these functions fail otherwise.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import ClassVar

from ..format import APPLICATION_ROW_KEYS, OUTCOME_GROUPS, group_rows
from ..model import Finding, Report
from .detect import (
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    ScannedPdf,
    UnsupportedFile,
    decode_text,
    detect,
)
from .docx import read_docx
from .errors import NotAReport, OldFormatReport, UnreadableReport
from .html import read_html
from .multiple import SeveralReports
from .ocr import LAST, confirm, ocr_available, ocr_pdf_document
from .pdf import image_pages, read_pdf_pages, read_pdf_tables
from .text import parse_document, parse_text

#: Larger files are not annual reports (the biggest real ones are a few MB).
MAX_FILE_BYTES = 100 * 1024 * 1024

#: File extensions a directory scan picks up (see :func:`report_files`).
REPORT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".txt"})


class ReaderError(NotAReport):
    """Kept for callers that name it; the readers no longer turn an unexpected exception
    into a refusal (it propagates as a bug)."""

    kind: ClassVar[str] = "reader-error"
    default_reason: ClassVar[str] = "读取文件时出错 (the file could not be read)"


def read_path(path: str | Path) -> Report:
    """Read the report in the file at ``path``."""
    name = str(path)
    try:
        status = os.stat(path)  # one system call for what the file is and how big
        if stat.S_ISDIR(status.st_mode):
            raise UnsupportedFile("这是一个目录，不是文件 (a directory, not a file)", source=name)
        if not stat.S_ISREG(status.st_mode):  # a device or a pipe: it may never end
            raise UnsupportedFile("不是普通文件 (not a regular file)", source=name)
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise UnsupportedFile(
                f"文件过大（{size // (1024 * 1024)} MB），不像年度报告 (file too large)",
                source=name,
            )
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError as exc:
        raise NotAReport("文件不存在 (no such file)", source=name) from exc
    except PermissionError as exc:
        raise NotAReport("没有读取该文件的权限 (permission denied)", source=name) from exc
    except OSError as exc:
        raise NotAReport(
            f"无法读取文件 (cannot read the file): {exc.strerror}", source=name
        ) from exc
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str = "") -> Report:
    """Read a report from the bytes of a file; ``name`` is used in messages and as a hint."""
    source = name or "<bytes>"
    try:
        kind = detect(data, name)
        if kind == "pdf":
            return _read_pdf(data, source)
        if kind == "docx":
            return parse_document(read_docx(data, source=source))
        if kind == "html":
            return parse_document(read_html(data, source=source))
        if kind == "json":
            return _read_json(data, source)
        return parse_text(decode_text(data), source=source)
    except NotAReport as exc:
        if not exc.source:
            exc.source = source
        raise
    except RecursionError as exc:
        raise DamagedFile(
            "文件结构嵌套过深，无法读取 (the file is nested too deeply)", source=source
        ) from exc
    # Any other exception is a bug in a reader, not a verdict on the file: it propagates,
    # so tests see it and the command line reports it as an internal error with an id
    # (STYLE.md §13). Refusals are raised deliberately, as NotAReport, where decided.


def read_text(text: str) -> Report:
    """Read a report from text already decoded (a copy from a web page, an OCR result…)."""
    return parse_text(text, source="<text>")


def _read_pdf(data: bytes, source: str) -> Report:
    try:
        pages = read_pdf_pages(data, source=source)
    except ScannedPdf:
        if not ocr_available():
            raise
        return _read_scan(data, source)
    text = "\n".join(pages)
    try:
        report = parse_text(text, source=source)
    except (OldFormatReport, ScannedPdf):
        raise
    except NotAReport as first:
        if image_pages(pages) and ocr_available():
            try:
                return _read_scan(data, source)
            except ScannedPdf:
                pass  # OCR found no report either: say which pages are images
        if image_pages(pages):
            raise ScannedPdf(
                f"PDF 中有 {len(image_pages(pages))} 页是扫描图片（没有文字层），统计表格无法读取"
                "（需要先进行文字识别） (some pages are scanned images without text: run OCR)",
                source=source,
            ) from first
        if "年度报告" not in text and "信息公开" not in text:
            raise
        # The text looks like a report the line reader could not split: try the ruled tables.
        try:
            return parse_document(read_pdf_tables(data, source=source))
        except NotAReport:
            raise first from None
    if missing_cells(report) == 0:
        return report
    # Cells missing from the text: rebuild the ruled tables and keep whichever read fills more.
    try:
        fallback = parse_document(read_pdf_tables(data, source=source))
    except NotAReport:
        return report
    # Only when it fills more cells and agrees on every cell both reads filled: two readers
    # that disagree leave the first read (and its findings) to the checks.
    if missing_cells(fallback) < missing_cells(report) and _agree(report, fallback):
        return fallback
    return report


def _read_scan(data: bytes, source: str) -> Report:
    """A scanned PDF read by OCR; only figures the arithmetic confirms are kept."""
    document = ocr_pdf_document(data, source=source)
    try:
        report = parse_document(document)
    except NotAReport as exc:
        raise ScannedPdf(
            "扫描版 PDF，没有文字层；经文字识别仍未读出年度报告的表格 "
            "(a scanned PDF without a text layer: OCR did not yield the report's tables)",
            source=source,
        ) from exc
    confirm(report)
    report.findings.append(
        Finding(
            "reader-ocr",
            "warning",
            "file",
            f"PDF 没有文字层，已用文字识别读取（{LAST.pages} 页，{LAST.seconds:.1f} 秒）；"
            "未经勾稽关系核实的数字均已标出",
            f"the PDF has no text layer and was read by OCR ({LAST.pages} pages, "
            f"{LAST.seconds:.1f} s); figures the sums do not confirm are flagged",
        )
    )
    return report


def _cells(report: Report) -> list[object]:
    data = report.to_json(findings=[])
    active = data["active"]
    cells: list[object] = [*active["rules"], *active["normative_documents"]]
    cells += [active[key] for key in ("licensing", "penalty", "enforcement", "fees_wan_yuan")]
    cells += [cell for key in APPLICATION_ROW_KEYS for cell in data["applications"][key]]
    cells += [cell for row in data["reviews"].values() for cell in row]
    return cells


def _agree(first: Report, second: Report) -> bool:
    """No cell read by both has two different values."""
    return all(
        a is None or b is None or a == b for a, b in zip(_cells(first), _cells(second), strict=True)
    )


def missing_cells(report: Report) -> int:
    """How many figure cells the reader left empty (a group printed as one row excepted)."""
    skipped: set[str] = set()
    for group in OUTCOME_GROUPS:
        if group.key in report.applications:
            skipped.update(group_rows(group.key))
    missing = sum(
        cell is None
        for key in APPLICATION_ROW_KEYS
        if key not in skipped
        for cell in report.applications[key]
    )
    missing += sum(cell is None for cells in report.reviews.values() for cell in cells)
    active = report.active
    missing += sum(cell is None for cell in [*active.rules, *active.normative_documents])
    missing += sum(
        cell is None
        for cell in (active.licensing, active.penalty, active.enforcement, active.fees_wan_yuan)
    )
    return missing


def _read_json(data: bytes, source: str) -> Report:
    try:
        loaded = json.loads(decode_text(data))
    except ValueError as exc:
        raise DamagedFile("JSON 文件格式错误 (the JSON file is malformed)", source=source) from exc
    if not isinstance(loaded, dict):
        raise NotAReport(
            "JSON 文件不是 gongkai.annual/1 格式的年度报告数据 (not gongkai.annual/1 JSON)",
            source=source,
        )
    try:
        return Report.from_json(loaded)
    except (ValueError, TypeError, KeyError) as exc:
        raise NotAReport(
            "JSON 文件不是 gongkai.annual/1 格式的年度报告数据 (not gongkai.annual/1 JSON): "
            + str(exc).replace("\n", " "),
            source=source,
        ) from exc


def report_files(path: str | Path) -> list[Path]:
    """The report files under a directory, recursively, sorted; hidden entries skipped.

    Picks up ``.pdf .docx .doc .html .htm .shtml .txt`` (an old ``.doc`` is then
    reported as unsupported) (see :data:`REPORT_SUFFIXES`).
    ``.json`` files are left out on purpose: beside a report they usually hold its
    expected figures; name a ``gongkai.annual/1`` JSON file explicitly to read it.
    """
    root = Path(path)
    found: list[Path] = []
    for candidate in sorted(root.rglob("*")):
        relative = candidate.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if candidate.is_file() and candidate.suffix.lower() in REPORT_SUFFIXES:
            found.append(candidate)
    return found


__all__ = [
    "MAX_FILE_BYTES",
    "REPORT_SUFFIXES",
    "DamagedFile",
    "EmptyFile",
    "EncryptedFile",
    "NotAReport",
    "OldFormatReport",
    "ReaderError",
    "ScannedPdf",
    "SeveralReports",
    "UnreadableReport",
    "UnsupportedFile",
    "missing_cells",
    "read_bytes",
    "read_path",
    "read_text",
    "report_files",
]
