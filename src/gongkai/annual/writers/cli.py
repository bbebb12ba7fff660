"""``gongkai render``: a ``gongkai.annual/1`` JSON file → DOCX, PDF, HTML, XLSX, text or JSON.

    gongkai render report.json --to docx -o report.docx
    gongkai extract report.pdf --json | gongkai render - --to html --narrative text.txt -o -

Exit status: 0 on success, 2 on bad input or arguments (with a message, never a
traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ..format import FORMAT_ID
from ..model import Report
from ..render import narrative_from_text
from . import FORMATS, render

BINARY_FORMATS = frozenset({"docx", "pdf", "xlsx"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"gongkai render: 参数错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gongkai render",
        description=(
            "将年度报告数据（gongkai.annual/1 JSON）输出为 DOCX、PDF、HTML、XLSX、文本或 JSON。"
        ),
    )
    parser.add_argument("input", help="输入的 JSON 文件（“-” 表示标准输入）")
    parser.add_argument(
        "--to",
        dest="fmt",
        metavar="格式",
        help="输出格式：docx、pdf、html、xlsx、txt、json（缺省时按输出文件的扩展名判断）",
    )
    parser.add_argument(
        "-o", "--output", metavar="文件", help="输出文件（“-” 或缺省表示标准输出，仅限文本格式）"
    )
    parser.add_argument(
        "--narrative",
        metavar="文件",
        help="正文文本文件（UTF-8），以“一、总体情况”……“六、其他需要报告的事项”分节",
    )
    parser.add_argument(
        "--fragment", action="store_true", help="HTML 只输出报告片段（不含 <html> 页面）"
    )
    return parser


def _fail(message: str) -> int:
    print(f"gongkai render: {message}", file=sys.stderr)
    return 2


def _read_input(name: str) -> tuple[Report | None, str]:
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        return None, f"无法读取输入文件 {name}：{exc.strerror or exc}"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, f"输入文件 {name} 不是 UTF-8 编码的 JSON。"
    except json.JSONDecodeError as exc:
        return None, f"输入文件 {name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。"
    if not isinstance(data, dict):
        return None, f"输入文件 {name} 不是 {FORMAT_ID} 格式的 JSON 对象。"
    try:
        return Report.from_json(data), ""
    except (ValueError, TypeError) as exc:
        return None, f"输入文件 {name} 不是有效的 {FORMAT_ID} 数据：{exc}"


def render_main(argv: Sequence[str]) -> int:
    """Entry point of ``gongkai render`` (argv without the subcommand)."""
    args = _parser().parse_args(list(argv))
    fmt = args.fmt
    if fmt is None and args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        fmt = next((f for f, s in FORMATS.items() if s == suffix), None)
        if suffix == ".htm":
            fmt = "html"
    if fmt is None:
        return _fail("请用 --to 指定输出格式（docx、pdf、html、xlsx、txt、json）。")
    if fmt not in FORMATS:
        return _fail(f"不支持的输出格式“{fmt}”，可选：{'、'.join(FORMATS)}。")
    to_stdout = args.output in (None, "-")
    if to_stdout and fmt in BINARY_FORMATS:
        return _fail(f"{fmt} 是二进制格式，请用 -o 指定输出文件。")
    report, error = _read_input(args.input)
    if report is None:
        return _fail(error)
    narrative = None
    if args.narrative:
        try:
            text = Path(args.narrative).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"无法读取正文文件 {args.narrative}：{exc}")
        narrative = narrative_from_text(text)
        if not narrative:
            return _fail(f"正文文件 {args.narrative} 中没有找到“一、总体情况”等标题。")
    data = render(report, fmt, narrative=narrative, full_page=not args.fragment)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    output = Path(args.output)
    try:
        # Write next to the target and rename, so a failure never leaves half a file.
        partial = output.with_name(output.name + ".part")
        partial.write_bytes(data)
        partial.replace(output)
    except OSError as exc:
        return _fail(f"无法写入输出文件 {output}：{exc.strerror or exc}")
    print(f"已输出 {output}（{fmt}，{len(data)} 字节）", file=sys.stderr)
    return 0


__all__ = ["render_main"]
