"""``gongkai extract`` and ``gongkai check``: read annual reports from files and report on them.

``gongkai extract FILE... [--json]``
    Reads each report and prints its figures: a table in Chinese by default; with
    ``--json`` the ``gongkai.annual/1`` shape with ``findings`` (what the reader could not
    place plus what the checks found). One file prints one indented JSON object; several
    files print JSON Lines, one compact object per file, each with a leading ``"file"``
    key (a file that cannot be read gives ``{"file": …, "error": {"kind": …, "reason": …}}``).

``gongkai check FILE... [--json] [--previous LAST_YEAR_FILE]``
    Prints the findings, one per line: ``file: severity code where: message``. With
    ``--json``: ``{"file": …, "findings": […]}`` per file (same one-object / JSON Lines rule).

A directory argument stands for every report file under it, recursively (``.pdf .docx
.doc .html .htm .shtml .txt``; hidden files and directories skipped; ``.json`` left out
because beside a report it usually holds expected figures — name a ``gongkai.annual/1``
JSON file explicitly to check it).

``--jobs N`` (both commands) reads the files in N processes (0: one per CPU core); the
output keeps the order of the files.

Exit status: 0 when every file was read (``check``: and no error was found), 1 when
``check`` found an error, 2 when a file cannot be read as a report in the 2021 format (its
one-line reason goes to stderr; the other files are still processed), 3 on an internal
error — an unexpected exception in a reader, a bug, not a verdict on the file: one line
with a short id on stderr, the traceback logged under that id. The status is the
largest over the files. A progress bar is shown on stderr only when it is a terminal and
there is more than one file, so piped output stays clean.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import check
from .format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROWS,
    OUTCOME_GROUPS,
    RESULTS_BLOCK_LABEL,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
    SECTIONS,
)
from .model import Finding, Report
from .readers import NotAReport, read_path, report_files

EXIT_OK = 0
EXIT_ERRORS_FOUND = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3

LOGGER = logging.getLogger("gongkai.annual")


@dataclass
class _Outcome:
    path: str
    report: Report | None = None
    findings: list[Finding] | None = None
    error: NotAReport | None = None
    #: an unexpected exception (a bug): its short id; the traceback is logged
    internal: str | None = None
    #: a refusal on its way between processes: (class, reason, source)
    shipped: tuple[type[NotAReport], str, str] | None = None


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def extract_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai extract",
        description="读取政府信息公开工作年度报告（PDF、DOCX、HTML、文本），输出其中的数据。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="报告文件或目录（目录则递归读取）")
    parser.add_argument("--json", action="store_true", help="输出 gongkai.annual/1 格式的 JSON")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="同时使用 N 个进程读取（0 表示使用全部 CPU 核心）",
    )
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    paths, status = _expand(args.files)
    single = len(paths) == 1 and len(args.files) == 1 and not Path(args.files[0]).is_dir()
    for outcome in _run(paths, previous=None, jobs=args.jobs):
        if outcome.internal is not None:
            status = max(status, EXIT_INTERNAL)
            continue
        if outcome.error is not None:
            status = max(status, EXIT_UNREADABLE)
            if args.json and not single:
                _print_json_line({"file": outcome.path, "error": _error_json(outcome.error)})
            continue
        assert outcome.report is not None and outcome.findings is not None
        if args.json:
            data = outcome.report.to_json(findings=outcome.findings)
            if single:
                _out(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                _print_json_line({"file": outcome.path, **data})
        else:
            _out(_figures_table(outcome.path, outcome.report, outcome.findings))
    return status


def check_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai check",
        description="检查政府信息公开工作年度报告：表格勾稽关系、完整性和前后年度一致性。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="报告文件或目录（目录则递归读取）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="同时使用 N 个进程读取（0 表示使用全部 CPU 核心）",
    )
    parser.add_argument(
        "--previous", metavar="LAST_YEAR_FILE", help="上一年度的报告，用于核对结转数等"
    )
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    previous: Report | None = None
    if args.previous:
        try:
            previous = read_path(args.previous)
        except NotAReport as exc:
            _error(f"{args.previous}: 上一年度报告无法读取：{exc.reason}")
            return EXIT_UNREADABLE
    paths, status = _expand(args.files)
    single = len(paths) == 1 and len(args.files) == 1 and not Path(args.files[0]).is_dir()
    for outcome in _run(paths, previous=previous, jobs=args.jobs):
        if outcome.internal is not None:
            status = max(status, EXIT_INTERNAL)
            continue
        if outcome.error is not None:
            status = max(status, EXIT_UNREADABLE)
            if args.json and not single:
                _print_json_line({"file": outcome.path, "error": _error_json(outcome.error)})
            continue
        findings = outcome.findings or []
        if any(f.severity == "error" for f in findings):
            status = max(status, EXIT_ERRORS_FOUND)
        if args.json:
            data = {
                "file": outcome.path,
                "findings": [f.to_json(detailed=True) for f in findings],
            }
            if single:
                _out(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                _print_json_line(data)
        elif findings:
            for f in findings:
                _out(f"{outcome.path}: {f.severity} {f.code} {f.where}: {f.message}")
        else:
            _out(f"{outcome.path}: 未发现问题")
    return status


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(list(argv))
    except SystemExit as exc:  # --help (0) or a usage error (2): a status, not an exit
        return exc.code if isinstance(exc.code, int) else EXIT_UNREADABLE


def _expand(arguments: Sequence[str]) -> tuple[list[str], int]:
    """Files named, directories expanded to their report files; status 2 for empty ones."""
    paths: list[str] = []
    status = EXIT_OK
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = report_files(path)
            if not found:
                _error(f"{argument}: 目录中没有可读取的报告文件（.pdf .docx .html .txt 等）")
                status = EXIT_UNREADABLE
            paths.extend(str(p) for p in found)
        else:
            paths.append(argument)
    return paths, status


class _Progress:
    """The progress bar (on a terminal, for several files); output goes around it."""

    bar: Any = None


def _out(text: str) -> None:
    if _Progress.bar is not None:
        _Progress.bar.write(text, file=sys.stdout)
    else:
        print(text)


def _run(paths: list[str], *, previous: Report | None, jobs: int = 1) -> Iterator[_Outcome]:
    """Each file read and checked, in the order given; with ``jobs`` > 1 (0: every core)
    in that many processes. A progress bar on stderr when it is a terminal."""
    workers = (os.cpu_count() or 1) if jobs <= 0 else jobs
    workers = max(1, min(workers, len(paths)))
    if len(paths) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        _Progress.bar = tqdm(total=len(paths), unit="份", file=sys.stderr, leave=False)
    try:
        for outcome in _outcomes(paths, previous, workers):
            if outcome.internal is not None:
                _error(
                    f"{outcome.path}: 内部错误（编号 {outcome.internal}）：读取或检查时程序出错，"
                    "不是对文件的判断；请将此编号与文件一并报告"
                )
            elif outcome.error is not None:
                _error(f"{outcome.path}: {outcome.error.reason}")
            yield outcome
            if _Progress.bar is not None:
                _Progress.bar.update(1)
    finally:
        if _Progress.bar is not None:
            _Progress.bar.close()
            _Progress.bar = None


def _outcomes(paths: list[str], previous: Report | None, workers: int) -> Iterator[_Outcome]:
    if workers == 1:
        for path in paths:
            yield _read_and_check(path, previous)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    chunk = max(1, min(32, len(paths) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        work = partial(_read_and_check_shippable, previous=previous)
        for outcome in pool.map(work, paths, chunksize=chunk):
            yield _unshipped(outcome)


def _read_and_check_shippable(path: str, previous: Report | None) -> _Outcome:
    return _shippable(_read_and_check(path, previous))


def _shippable(outcome: _Outcome) -> _Outcome:
    """Refusals travel between processes as (class, reason, source)."""
    if outcome.error is None:
        return outcome
    exc = outcome.error
    return _Outcome(outcome.path, shipped=(type(exc), exc.reason, exc.source))


def _unshipped(outcome: _Outcome) -> _Outcome:
    if outcome.shipped is not None:
        cls, reason, source = outcome.shipped
        error = NotAReport.__new__(cls)
        NotAReport.__init__(error, reason, source=source)
        outcome.error = error
        outcome.shipped = None
    return outcome


def _read_and_check(path: str, previous: Report | None) -> _Outcome:
    try:
        report = read_path(path)
    except NotAReport as exc:
        return _Outcome(path, error=exc)
    except Exception:  # a bug: reported with an id, logged with its traceback
        return _internal(path)
    try:
        found = check(report, previous=previous)
    except Exception as exc:  # a failing check must not hide the other files
        found = [
            Finding(
                "check-failed",
                "error",
                "report",
                f"检查过程出错，结果不完整（{type(exc).__name__}）",
                message_en=f"the checks failed: {exc!r}",
            )
        ]
    return _Outcome(path, report=report, findings=[*report.findings, *found])


def _internal(path: str) -> _Outcome:
    error_id = uuid.uuid4().hex[:8]
    LOGGER.error("internal error %s reading %s\n%s", error_id, path, traceback.format_exc())
    return _Outcome(path, internal=error_id)


def _error(message: str) -> None:
    line = message.replace("\n", " ")
    if _Progress.bar is not None:
        _Progress.bar.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)


def _error_json(error: NotAReport) -> dict[str, str]:
    return {"kind": error.kind, "reason": error.reason}


def _print_json_line(data: dict[str, Any]) -> None:
    _out(json.dumps(data, ensure_ascii=False))


# --------------------------------------------------------------------------------------
# The human-readable table
# --------------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut to ``width`` display columns (with …) and pad on the right."""
    if _width(text) > width:
        out = ""
        for ch in text:
            if _width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * (width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def _cell(value: object) -> str:
    return "—" if value is None else str(value)


def _figures_table(path: str, report: Report, findings: list[Finding]) -> str:
    lines = [
        f"文件：{path}",
        f"机关：{report.agency or '（未识别）'}　　年度：{report.year or '（未识别）'}",
        "",
        f"二、{SECTIONS[1].title}",
    ]
    active = report.active
    for row in ACTIVE_ROWS:
        value = getattr(active, row.key)
        if isinstance(value, list):
            cells = "　".join(
                f"{col} {_cell(v)}" for col, v in zip(row.columns, value, strict=True)
            )
        else:
            cells = f"{row.columns[0]} {_cell(value)}"
        lines.append(f"  {_fit(row.label, 16)}{cells}")
    label_width = 34
    col_width = 14
    lines += ["", f"三、{SECTIONS[2].title}（— 表示报告中为空）"]
    header = _fit("", label_width + 2) + "".join(
        _right(c, col_width) for c in APPLICANT_COLUMN_LABELS
    )
    lines.append(header)
    group_labels = {g.key: f"{g.number}{g.label}" for g in OUTCOME_GROUPS}
    shown_groups: set[str] = set()
    for app_row in APPLICATION_ROWS:
        if app_row.key == "granted":
            lines.append(f"  {RESULTS_BLOCK_LABEL}")
        group = app_row.group
        if group and group not in shown_groups:
            shown_groups.add(group)
            if group in report.applications:
                lines.append(
                    _app_line(
                        "  " + group_labels[group] + "（合并为一行）",
                        report.applications[group],
                        label_width,
                        col_width,
                    )
                )
            else:
                lines.append(f"    {group_labels[group]}")
        if (
            group
            and group in report.applications
            and all(v is None for v in report.applications[app_row.key])
        ):
            continue
        indent = "    " if group else ("  " if app_row.is_outcome or app_row.key == "total" else "")
        lines.append(
            _app_line(
                indent + app_row.number + app_row.label,
                report.applications[app_row.key],
                label_width,
                col_width,
            )
        )
    lines += ["", f"四、{SECTIONS[3].title}"]
    lines.append(_fit("", 32) + "".join(_right(c, 10) for c in REVIEW_COLUMN_LABELS))
    for review in REVIEW_GROUPS:
        label = f"{review.parent}（{review.label}）" if review.parent else review.label
        cells = "".join(_right(_cell(v), 10) for v in report.reviews[review.key])
        lines.append(f"  {_fit(label, 30)}{cells}")
    lines.append("")
    if findings:
        lines.append(f"发现的问题（{len(findings)} 项）：")
        lines += [f"  {f.severity} {f.code} {f.where}: {f.message}" for f in findings]
    else:
        lines.append("未发现问题。")
    return "\n".join(lines) + "\n"


def _app_line(label: str, cells: list[int | None], label_width: int, col_width: int) -> str:
    return "  " + _fit(label, label_width) + "".join(_right(_cell(v), col_width) for v in cells)


__all__ = ["check_main", "extract_main"]
