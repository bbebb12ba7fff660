"""Regenerate the variant reports in this folder and their expected figures.

    .venv/bin/python tests/data/annual/variants/make_variants.py [NAME ...]

Each variant is a report with known figures (drawn from a fixed seed so that every table
adds up), laid out in one shape that published reports take: government CMS pages, text
copied out of them, Word files converted by LibreOffice to PDF/HTML/text, label typos,
dash cells, thousands separators, old-format and unrelated documents. ``NAME.json`` holds
the figures put in (``gongkai.annual/1`` keys) — never the reader's output — plus:

* ``null_with_finding``: ``["三/refused_3", …]`` cells printed as a dash: expected ``null``
  and a reader finding whose ``where`` names the row;
* ``not_a_report``: the reader must raise ``NotAReport`` (``kind`` names the subclass);
* ``missing_tables``: tables the file does not print (their cells ``null``, with a finding);
* ``note``: what the variant exercises.

Files the reader gets wrong are moved by hand to ``failing/`` (see the test module).
LibreOffice (``soffice``) is needed for the converted variants.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.annual.format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROWS,
    BALANCE_NOTE,
    OUTCOME_GROUPS,
    OUTCOME_ROW_KEYS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUP_KEYS,
    group_rows,
)
from gongkai.annual.model import Active, Cell, Report
from gongkai.annual.writers import render

HERE = Path(__file__).resolve().parent
FIGURE_KEYS = ("year", "active", "applications", "reviews")

# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def _count(rng: random.Random, scale: int) -> int:
    roll = rng.random()
    if roll < 0.4:
        return 0
    if roll < 0.85:
        return rng.randint(1, max(1, scale // 10))
    return rng.randint(1, scale)


def figures(seed: int, agency: str, year: int, scale: int = 30) -> Report:
    """A report whose figures satisfy every arithmetic rule of the 2021 format."""
    rng = random.Random(seed)
    issued = _count(rng, 20)
    current = issued + rng.randint(0, 80)
    active = Active(
        rules=[0, 0, 0],
        normative_documents=[issued, rng.randint(0, 5), current],
        licensing=_count(rng, scale * 50),
        penalty=_count(rng, scale * 50),
        enforcement=_count(rng, scale * 5),
        fees_wan_yuan=Decimal(0),
    )
    outcome = {
        key: [_count(rng, scale) if c == 0 else _count(rng, max(1, scale // 6)) for c in range(6)]
        for key in OUTCOME_ROW_KEYS
    }
    closed = [sum(outcome[k][c] for k in OUTCOME_ROW_KEYS) for c in range(6)]
    out = [_count(rng, max(1, scale // 5)) for _ in range(6)]
    carried = [rng.randint(0, min(closed[c] + out[c], 3)) for c in range(6)]
    new = [closed[c] + out[c] - carried[c] for c in range(6)]

    def total(cells: list[int]) -> list[Cell]:
        return [*cells, sum(cells)]

    apps: dict[str, list[Cell]] = {key: total(outcome[key]) for key in OUTCOME_ROW_KEYS}
    apps["new"] = total(new)
    apps["carried_in"] = total(carried)
    apps["total"] = total(closed)
    apps["carried_out"] = total(out)
    reviews = {k: total([_count(rng, 4) for _ in range(4)]) for k in REVIEW_GROUP_KEYS}
    return Report(
        agency=agency,
        year=year,
        active=active,
        applications={row.key: apps[row.key] for row in APPLICATION_ROWS},
        reviews=reviews,
    )


def collapse(report: Report, group: str) -> None:
    """Print ``group`` as one row: its figures under the group key, the sub-rows null."""
    subs = group_rows(group)
    report.applications[group] = [
        sum(report.applications[k][c] or 0 for k in subs) for c in range(7)
    ]
    for key in subs:
        report.applications[key] = [None] * 7


def recompute(report: Report) -> None:
    """Row totals, （七）总计 and 一、本年新收 again after cells were changed."""
    apps = report.applications
    for key in OUTCOME_ROW_KEYS:
        apps[key][6] = sum(v or 0 for v in apps[key][:6])
    apps["total"] = [sum(apps[k][c] or 0 for k in OUTCOME_ROW_KEYS) for c in range(7)]
    for c in range(6):
        apps["carried_in"][c] = min(
            apps["carried_in"][c] or 0, apps["total"][c] + (apps["carried_out"][c] or 0)
        )
    apps["carried_in"][6] = sum(v or 0 for v in apps["carried_in"][:6])
    apps["carried_out"][6] = sum(v or 0 for v in apps["carried_out"][:6])
    apps["new"] = [
        (apps["total"][c] or 0) + (apps["carried_out"][c] or 0) - (apps["carried_in"][c] or 0)
        for c in range(7)
    ]


def scale_applications(report: Report, factor: int) -> None:
    for key, cells in report.applications.items():
        report.applications[key] = [None if v is None else v * factor for v in cells]


# --------------------------------------------------------------------------------------
# Layout: tables as rows of (text, colspan, rowspan)
# --------------------------------------------------------------------------------------

Row = list[tuple[str, int, int]]
#: (table, row key, column index) → the text printed in that figure cell
Fmt = Callable[[str, str, int, Any], str]


def plain(table: str, key: str, col: int, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass
class Layout:
    """How the tables of one variant are printed."""

    fmt: Fmt = plain
    labels: dict[str, str] = field(default_factory=dict)  # row key → printed label
    results_label: str = "三、本年度办理结果"
    app_header: str = "standard"  # standard | total-spans-3 | no-applicant-row
    review_header: str = "standard"  # standard | two-rows
    active_header: str = "standard"  # standard | one-block
    fee_unit: str = "本年收费金额（单位：万元）"


def active_rows(report: Report, lay: Layout) -> list[Row]:
    rows: list[Row] = []
    a = report.active
    if lay.active_header == "one-block":
        # one header row for the whole table, the item captions left out
        rows.append(
            [
                ("信息内容", 1, 1),
                ("本年制发件数", 1, 1),
                ("本年废止件数", 1, 1),
                ("现行有效件数", 1, 1),
            ]
        )
    last_item = ""
    for row in ACTIVE_ROWS:
        if lay.active_header == "standard" and row.item != last_item:
            last_item = row.item
            rows.append([(row.item, 4, 1)])
            if len(row.columns) == 3:
                rows.append([("信息内容", 1, 1), *((c, 1, 1) for c in row.columns)])
            else:
                col = lay.fee_unit if row.key == "fees_wan_yuan" else row.columns[0]
                rows.append([("信息内容", 1, 1), (col, 3, 1)])
        value = getattr(a, row.key)
        label = lay.labels.get(row.key, row.label)
        if isinstance(value, list):
            rows.append(
                [
                    (label, 1, 1),
                    *((lay.fmt("二", row.key, i, v), 1, 1) for i, v in enumerate(value)),
                ]
            )
        else:
            rows.append([(label, 1, 1), (lay.fmt("二", row.key, 0, value), 3, 1)])
    return rows


def application_rows(report: Report, lay: Layout) -> list[Row]:
    apps = report.applications
    collapsed = {g.key for g in OUTCOME_GROUPS if g.key in apps}
    note, people = BALANCE_NOTE, APPLICANT_COLUMN_LABELS
    if lay.app_header == "standard":
        rows: list[Row] = [
            [(note, 3, 3), ("申请人情况", 7, 1)],
            [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
            [(label, 1, 1) for label in people[1:6]],
        ]
    elif lay.app_header == "total-spans-3":
        rows = [
            [(note, 3, 3), ("申请人情况", 6, 1), ("总计", 1, 3)],
            [("自然人", 1, 2), ("法人或其他组织", 5, 1)],
            [(label, 1, 1) for label in people[1:6]],
        ]
    else:  # no-applicant-row: 法人或其他组织 on the first row with 自然人 and 总计
        rows = [
            [(note, 3, 2), ("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
            [(label, 1, 1) for label in people[1:6]],
        ]
    result_rows = [
        row
        for row in APPLICATION_ROWS
        if row.key not in {"new", "carried_in", "carried_out", "total"}
        and not (row.group in collapsed and row.key != group_rows(row.group)[0])
    ]
    n_results = len(result_rows) + 1  # with （七）总计

    def figs(key: str) -> Row:
        return [(lay.fmt("三", key, i, v), 1, 1) for i, v in enumerate(apps[key])]

    seen: set[str] = set()
    for row in APPLICATION_ROWS:
        label = lay.labels.get(row.key, f"{row.number}{row.label}")
        cells: Row = []
        if row.key in {"new", "carried_in", "carried_out"}:
            rows.append([(label, 3, 1), *figs(row.key)])
            continue
        if row.key == "granted":
            cells.append((lay.results_label, 1, n_results))
        if row.group is None:
            rows.append([*cells, (label, 2, 1), *figs(row.key)])
            continue
        group = next(g for g in OUTCOME_GROUPS if g.key == row.group)
        glabel = lay.labels.get(group.key, f"{group.number}{group.label}")
        if row.group in collapsed:
            if row.group not in seen:
                seen.add(row.group)
                rows.append([*cells, (glabel, 2, 1), *figs(row.group)])
            continue
        if row.group not in seen:
            seen.add(row.group)
            cells.append((glabel, 1, len(group_rows(row.group))))
        rows.append([*cells, (label, 1, 1), *figs(row.key)])
    return rows


def review_rows(report: Report, lay: Layout) -> list[Row]:
    labels = [(label, 1, 1) for label in REVIEW_COLUMN_LABELS]
    data = [
        (lay.fmt("四", key, i, v), 1, 1)
        for key in REVIEW_GROUP_KEYS
        for i, v in enumerate(report.reviews[key])
    ]
    if lay.review_header == "two-rows":
        return [
            [
                ("行政复议", 5, 1),
                ("行政诉讼（未经复议直接起诉）", 5, 1),
                ("行政诉讼（复议后起诉）", 5, 1),
            ],
            [*labels, *labels, *labels],
            data,
        ]
    return [
        [("行政复议", 5, 2), ("行政诉讼", 10, 1)],
        [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [*labels, *labels, *labels],
        data,
    ]


def grid(rows: list[Row]) -> list[list[str | None]]:
    """The rows as a rectangle; a merged cell's text in its first position, None elsewhere."""
    cells: dict[tuple[int, int], str | None] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in cells:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    cells[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
    n_cols = max(c for _, c in cells) + 1
    return [[cells.get((r, c), "") for c in range(n_cols)] for r in range(len(rows))]


# --------------------------------------------------------------------------------------
# Narrative
# --------------------------------------------------------------------------------------


def title(report: Report) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def intro(report: Report) -> str:
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府"
        f"信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。本报告中所列数据的统计期限"
        f"自{report.year}年1月1日起至{report.year}年12月31日止。"
    )


def overview(report: Report) -> list[str]:
    new = report.applications["new"][6]
    return [
        f"{report.year}年，{report.agency}坚持以公开为常态、不公开为例外，扎实推进政务公开工作。",
        f"（一）主动公开。全年主动公开政府信息{(new or 0) * 5 + 217}条，发布政策解读12篇。",
        f"（二）依申请公开。全年共收到政府信息公开申请{new}件，均在法定期限内答复。",
        "（三）政府信息管理。严格落实信息发布“三审三校”制度，定期清理过期信息。",
        "（四）平台建设。持续优化政府信息公开专栏。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，开展业务培训2次。",
    ]


PROBLEMS = [
    "一是政策解读形式不够丰富；二是依申请公开答复文书有待规范。",
    "下一步，将加强业务培训，规范答复文书，提升政务公开工作水平。",
]
OTHER = ["本年度未收取政府信息公开信息处理费。"]

HEADINGS = [
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
]


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "table"
    text: str = ""
    rows: list[Row] | None = None


def blocks(report: Report, lay: Layout, skip_tables: frozenset[str] = frozenset()) -> list[Block]:
    out = [Block("title", title(report)), Block("para", intro(report))]
    tables = {"二": active_rows, "三": application_rows, "四": review_rows}
    for number, heading in HEADINGS:
        out.append(Block("heading", f"{number}、{heading}"))
        if number == "一":
            out += [Block("para", p) for p in overview(report)]
        elif number in tables:
            if number not in skip_tables:
                out.append(Block("table", rows=tables[number](report, lay)))
            else:
                out.append(Block("para", "本年度无相关数据。"))
        elif number == "五":
            out += [Block("para", p) for p in PROBLEMS]
        else:
            out += [Block("para", p) for p in OTHER]
    out.append(Block("para", f"{report.agency}"))
    out.append(Block("para", f"{report.year + 1}年1月20日"))
    return out


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cms_cell(text: str, *, th: bool, style: str, br_labels: bool) -> str:
    tag = "th" if th else "td"
    inner = html_escape(text)
    if br_labels and len(text) > 8 and not text.strip().isdigit():
        cut = len(text) // 2
        inner = html_escape(text[:cut]) + "<br/>" + html_escape(text[cut:])
    if style == "span":
        inner = (
            '<p style="text-align:center;line-height:150%"><span style="font-family:仿宋_GB2312;'
            f'font-size:14px">{inner}</span></p>'
        )
    elif style == "nbsp":
        inner = f"&nbsp;{inner}&nbsp;"
    return f"<{tag}>{inner}</{tag}>"


def cms_table(rows: list[Row], *, style: str = "span", th_header: int = 0, br: bool = False) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="width:100%">', "<tbody>"]
    for r, row in enumerate(rows):
        tds = []
        for text, colspan, rowspan in row:
            attrs = ""
            if colspan > 1:
                attrs += f' colspan="{colspan}"'
            if rowspan > 1:
                attrs += f' rowspan="{rowspan}"'
            cell = cms_cell(text, th=r < th_header, style=style, br_labels=br)
            tag_end = cell.index(">")
            tds.append(cell[:tag_end] + attrs + cell[tag_end:])
        out.append('<tr style="height:28px">' + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


CHROME_TOP = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政府信息公开年报_{site}</title>
<script>var _hmt = _hmt || []; var pageId = 20240131;</script></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a>
| <a href="/hdjl/">互动交流</a>
| 2025年1月20日 星期一 | 无障碍浏览 | 长者模式</div>
<div class="nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li>
<li>互动交流</li><li>走进{site}</li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt;
<a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<table class="xxgk"><tr><td>索引号：</td><td>11411325005862811A/2025-00012</td>
<td>发布机构：</td><td>{agency}</td></tr>
<tr><td>发文日期：</td><td>2025-01-20</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table>
"""
CHROME_BOTTOM = """<div class="share">分享到：微信 微博 【打印本页】【关闭窗口】
浏览次数：1032</div>
<div class="footer"><p>主办单位：{site}人民政府办公室　承办：{site}大数据中心</p>
<p>地址：{site}人民路88号　邮编：474350　联系电话：0377-65332100　传真：0377-65332101</p>
<p>网站标识码：4113250001　豫ICP备05012345号-1　豫公网安备 41132502000123号</p>
<p>Copyright 2017-2025 All Rights Reserved　建议使用1920×1080分辨率</p></div>
</body></html>
"""


def cms_page(
    report: Report,
    lay: Layout,
    *,
    site: str = "内乡县",
    style: str = "span",
    th_header: int = 0,
    br: bool = False,
    wrap_layout: bool = False,
    charset: str = "utf-8",
    skip_tables: frozenset[str] = frozenset(),
) -> str:
    body: list[str] = []
    for b in blocks(report, lay, skip_tables):
        if b.kind == "title":
            continue
        if b.kind == "table":
            assert b.rows is not None
            table = cms_table(b.rows, style=style, th_header=th_header, br=br)
            if wrap_layout:
                table = f'<table width="100%"><tr><td align="center">\n{table}\n</td></tr></table>'
            body.append(table)
        elif b.kind == "heading":
            body.append(
                f'<p style="text-indent:2em"><strong><span style="font-family:黑体">{b.text}'
                "</span></strong></p>"
            )
        else:
            body.append(
                f'<p style="text-indent:2em"><span style="font-family:仿宋">{b.text}</span></p>'
            )
    article = (
        f'<div class="article"><h1 class="title">{title(report)}</h1>\n'
        '<div class="info">来源：本站　发布时间：2025-01-20 09:30　字号：[大 中 小]</div>\n'
        '<div class="TRS_Editor">\n' + "\n".join(body) + "\n</div></div>\n"
    )
    fill = {"title": title(report), "site": site, "agency": report.agency, "charset": charset}
    return CHROME_TOP.format(**fill) + article + CHROME_BOTTOM.format(**fill)


def text_lines(
    report: Report,
    lay: Layout,
    *,
    sep: str = "\t",
    one_per_line: bool = False,
    skip_tables: frozenset[str] = frozenset(),
) -> str:
    """Text as copied from a browser: cells tab-separated (merged ones empty), or one per line."""
    lines: list[str] = []
    for b in blocks(report, lay, skip_tables):
        if b.kind == "table":
            assert b.rows is not None
            if one_per_line:
                for row in b.rows:
                    lines += [text for text, _, _ in row]
            elif sep == "spaces":
                for row in grid(b.rows):
                    texts = [c for c in row if c]
                    lines.append("    ".join(texts))
            else:
                for row in grid(b.rows):
                    lines.append(sep.join(c or "" for c in row))
        else:
            lines.append(b.text)
            lines.append("")
    return "\n".join(lines) + "\n"


def soffice(src: Path, target: str, out_dir: Path) -> Path:
    infilter = ["--infilter=HTML (StarWriter)"] if src.suffix == ".html" else []
    subprocess.run(
        [
            "soffice",
            "--headless",
            *infilter,
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ext = target.split(":")[0]
    return out_dir / (src.stem + "." + ext)


# --------------------------------------------------------------------------------------
# Expected JSON
# --------------------------------------------------------------------------------------


def expected(report: Report, **extra: Any) -> dict[str, Any]:
    data = report.to_json(findings=[])
    out: dict[str, Any] = {"format": data["format"], "agency": report.agency}
    out.update({k: data[k] for k in FIGURE_KEYS})
    out.update(extra)
    return out


# --------------------------------------------------------------------------------------
# The variants
# --------------------------------------------------------------------------------------

VARIANTS: dict[str, Callable[[Path], tuple[str, bytes, dict[str, Any]]]] = {}


def variant(func: Callable[[Path], tuple[str, bytes, dict[str, Any]]]) -> Any:
    VARIANTS[func.__name__] = func
    return func


def _docx_via_writer(report: Report, tmp: Path, stem: str) -> Path:
    path = tmp / f"{stem}.docx"
    path.write_bytes(render(report, "docx"))
    return path


@variant
def cms_span_cells(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(1, "内乡县人民政府", 2024)
    page = cms_page(r, Layout(), style="span")
    return ".html", page.encode(), expected(r, note="CMS page: cells as <p><span style>, chrome")


@variant
def cms_nbsp_th_br(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(2, "南阳市卧龙区人民政府", 2023)
    page = cms_page(r, Layout(), style="nbsp", th_header=2, br=True)
    return (
        ".html",
        page.encode(),
        expected(r, note="&nbsp; around every cell, <th> header rows, <br> inside long labels"),
    )


def _spaced(table: str, key: str, col: int, value: Any) -> str:
    return f"  {plain(table, key, col, value)} " if value is not None else ""


@variant
def cms_spaced_numbers_layout_table(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(3, "淅川县人民政府", 2024)
    page = cms_page(r, Layout(fmt=_spaced), wrap_layout=True)
    return (
        ".html",
        page.encode(),
        expected(
            r, note="numbers with surrounding spaces, each table inside a one-cell layout table"
        ),
    )


def _fullwidth(table: str, key: str, col: int, value: Any) -> str:
    text = plain(table, key, col, value)
    return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))


@variant
def cms_fullwidth_digits(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(4, "镇平县人民政府", 2024)
    r.active.fees_wan_yuan = Decimal("1.25")
    page = cms_page(r, Layout(fmt=_fullwidth))
    return ".html", page.encode(), expected(r, note="full-width digits in every cell, fee １．２５")


@variant
def cms_total_header_spans_3(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(5, "西峡县人民政府", 2024)
    page = cms_page(r, Layout(app_header="total-spans-3"))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="table 三 header: 总计 on the first row spanning 3 rows, "
            "申请人情况 over 6 columns",
        ),
    )


@variant
def cms_no_applicant_row(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(6, "社旗县人民政府", 2024)
    page = cms_page(r, Layout(app_header="no-applicant-row"))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="table 三 header without 申请人情况: "
            "自然人, 法人或其他组织, 总计 on the first row",
        ),
    )


@variant
def cms_review_two_header_rows(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(7, "方城县人民政府", 2024)
    page = cms_page(r, Layout(review_header="two-rows"))
    return (
        ".html",
        page.encode(),
        expected(
            r, note="table 四 as two header rows (行政诉讼（未经复议直接起诉） …) + one data row"
        ),
    )


@variant
def cms_gbk_page(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(8, "唐河县人民政府", 2023)
    page = cms_page(r, Layout(), charset="gb2312")
    return ".htm", page.encode("gbk"), expected(r, note="GB2312-declared page encoded in GBK")


@variant
def department_report(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(9, "内乡县自然资源局", 2024, scale=8)
    page = cms_page(r, Layout())
    return ".html", page.encode(), expected(r, note="a county department's report")


@variant
def subdistrict_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(10, "宛城区东关街道办事处", 2024, scale=3)
    return (
        ".txt",
        text_lines(r, Layout()).encode(),
        expected(r, note="a 街道办事处 report, tab-separated text"),
    )


@variant
def text_crlf_tabs(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(11, "邓州市人民政府", 2024)
    text = text_lines(r, Layout()).replace("\n", "\r\n")
    return ".txt", text.encode(), expected(r, note="browser copy, tab-separated, CRLF line ends")


@variant
def text_one_cell_per_line(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(12, "桐柏县人民政府", 2024)
    text = text_lines(r, Layout(), one_per_line=True)
    return (
        ".txt",
        text.encode(),
        expected(
            r, note="browser copy where every table cell is on its own line (merged cells once)"
        ),
    )


@variant
def text_gbk(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(13, "新野县人民政府", 2024)
    return ".txt", text_lines(r, Layout()).encode("gbk"), expected(r, note="GBK-encoded text")


@variant
def text_space_runs(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(14, "南召县人民政府", 2024)
    text = text_lines(r, Layout(), sep="spaces")
    return (
        ".txt",
        text.encode(),
        expected(r, note="tables flattened, non-empty cells separated by runs of four spaces"),
    )


def _dash_fmt(dashes: dict[tuple[str, str, int], str]) -> Fmt:
    def fmt(table: str, key: str, col: int, value: Any) -> str:
        return dashes.get((table, key, col), plain(table, key, col, value))

    return fmt


@variant
def cms_dash_cells(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(15, "南阳市宛城区人民政府", 2024)
    dashes = {
        ("三", "refused_2", 3): "—",
        ("三", "unable_3", 4): "-",
        ("三", "other_2", 5): "/",
        ("二", "licensing", 0): "—",
    }
    for _, key, col in dashes:  # a dash stands for 0 here: the tables still add up
        if key != "licensing":
            r.applications[key][col] = 0
    recompute(r)
    for _, key, col in dashes:
        if key == "licensing":
            r.active.licensing = None
        else:
            r.applications[key][col] = None
    page = cms_page(r, Layout(fmt=_dash_fmt(dashes)))
    # the dashed cells were 0 in the figures (a dash means 无); expected null, never guessed
    return (
        ".html",
        page.encode(),
        expected(
            r,
            null_with_finding=["三/refused_2", "三/unable_3", "三/other_2", "二/licensing"],
            note="cells printed as —, - and / : null with a reader finding",
        ),
    )


@variant
def cms_blank_cells(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(16, "内乡县马山口镇人民政府", 2024)
    for key in ("refused_7", "refused_8", "not_processed_4"):
        r.applications[key] = [0] * 7
    recompute(r)
    for key in ("refused_7", "refused_8", "not_processed_4"):
        r.applications[key] = [None] * 7
    r.active.enforcement = None
    page = cms_page(r, Layout())
    return (
        ".html",
        page.encode(),
        expected(
            r,
            null_with_finding=[],
            note="blank cells (whole rows of zeros left empty, 行政强制 empty): null, not 0",
        ),
    )


def _thousands(table: str, key: str, col: int, value: Any) -> str:
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}"
    return plain(table, key, col, value)


@variant
def cms_thousands_separators(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(17, "南阳市人民政府", 2024, scale=40)
    scale_applications(r, 97)
    r.active.licensing = 123456
    r.active.penalty = 4321
    r.active.fees_wan_yuan = Decimal("1234.56")
    page = cms_page(r, Layout(fmt=_thousands))
    return (
        ".html",
        page.encode(),
        expected(r, note="numbers ≥ 1000 printed with thousands separators (1,234), fee 1,234.56"),
    )


def _fee_fmt(fee_text: str) -> Fmt:
    def fmt(table: str, key: str, col: int, value: Any) -> str:
        return fee_text if key == "fees_wan_yuan" else plain(table, key, col, value)

    return fmt


@variant
def fee_zero_point_zero_zero(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(18, "镇平县城关镇人民政府", 2024)
    text = text_lines(r, Layout(fmt=_fee_fmt("0.00")))
    return ".txt", text.encode(), expected(r, note="fee printed 0.00")


@variant
def fee_with_unit(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(19, "内乡县赤眉镇人民政府", 2024)
    lay = Layout(fmt=_fee_fmt("0万元"), fee_unit="本年收费金额")
    return (
        ".html",
        cms_page(r, lay).encode(),
        expected(r, note="fee printed 0万元 under a header without the unit"),
    )


@variant
def fee_decimal_docx_pdf(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(20, "南阳市自然资源和规划局", 2024)
    r.active.fees_wan_yuan = Decimal("12.5")
    pdf = soffice(_docx_via_writer(r, tmp, "fee"), "pdf", tmp)
    return (
        ".pdf",
        pdf.read_bytes(),
        expected(r, note="writer DOCX → LibreOffice PDF, fee 12.5 万元"),
    )


@variant
def group_as_one_row(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(21, "内乡县人民政府办公室", 2024)
    collapse(r, "refused")
    page = cms_page(r, Layout())
    return (
        ".html",
        page.encode(),
        expected(r, note="（三）不予公开 printed as one row with 7 figures and no sub-rows"),
    )


@variant
def two_groups_as_rows_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(22, "内乡县余关镇人民政府", 2024)
    collapse(r, "not_processed")
    collapse(r, "other")
    return (
        ".txt",
        text_lines(r, Layout()).encode(),
        expected(r, note="（五）不予处理 and （六）其他处理 each printed as one row, tab text"),
    )


TYPO_LABELS = {
    "partly_granted": "（二）部分公开",
    "refused_1": "1、属于国家秘密",
    "refused_2": "2、其他法律行政法规禁止公开",
    "refused_3": "3、危及“三安全一稳定”",
    "unable_1": "（1）本机关不掌握相关政府信息",
    "unable_2": "（2）没有现成信息需要另行制作",
    "unable_3": "（3）补正后申请内容仍不明确",
    "total": "(七)总计",
    "carried_out": "四、结转下年度继续办理数量",
}


@variant
def label_variants_html(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(23, "内乡县瓦亭镇人民政府", 2024)
    lay = Layout(labels=TYPO_LABELS, results_label="")
    return (
        ".html",
        cms_page(r, lay).encode(),
        expected(
            r,
            note="label variants: （二）部分公开 without parenthetical, "
            "1、/（1） numbering, (七)总计, "
            "结转下年度继续办理数量, 三、本年度办理结果 cell empty",
        ),
    )


@variant
def label_variants_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(24, "内乡县灌涨镇人民政府", 2024)
    lay = Layout(labels=TYPO_LABELS, results_label="")
    return (
        ".txt",
        text_lines(r, lay).encode(),
        expected(r, note="the label variants of label_variants_html as tab text"),
    )


@variant
def writer_docx_to_pdf(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(25, "淮安市清江浦区人民政府", 2024, scale=60)
    pdf = soffice(_docx_via_writer(r, tmp, "w2p"), "pdf", tmp)
    return ".pdf", pdf.read_bytes(), expected(r, note="writer DOCX → LibreOffice PDF layout")


@variant
def writer_docx_to_html(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(26, "淮安市淮阴区人民政府", 2024)
    html = soffice(_docx_via_writer(r, tmp, "w2h"), "html", tmp)
    return ".html", html.read_bytes(), expected(r, note="writer DOCX → LibreOffice HTML")


@variant
def writer_docx_to_txt(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(27, "淮安市洪泽区高良涧街道办事处", 2024, scale=4)
    txt = soffice(_docx_via_writer(r, tmp, "w2t"), "txt:Text (encoded):UTF8", tmp)
    return ".txt", txt.read_bytes(), expected(r, note="writer DOCX → LibreOffice text")


@variant
def cms_html_to_docx(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(28, "内乡县教育局", 2024, scale=10)
    src = tmp / "c2d.html"
    src.write_text(_article_only(cms_page(r, Layout(labels=TYPO_LABELS))), encoding="utf-8")
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    return (
        ".docx",
        docx.read_bytes(),
        expected(r, note="CMS page (label variants) opened in LibreOffice and saved as Word"),
    )


@variant
def cms_html_to_pdf(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(29, "内乡县卫生健康委员会", 2024, scale=10)
    collapse(r, "other")
    src = tmp / "c2p.html"
    src.write_text(_article_only(cms_page(r, Layout(app_header="total-spans-3"))), encoding="utf-8")
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    pdf = soffice(docx, "pdf", tmp)
    return (
        ".pdf",
        pdf.read_bytes(),
        expected(r, note="CMS page → Word → PDF; （六） as one row, 总计 header spanning 3 rows"),
    )


@variant
def active_one_block(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(30, "内乡县七里坪乡人民政府", 2024)
    page = cms_page(r, Layout(active_header="one-block"))
    return (
        ".html",
        page.encode(),
        expected(r, note="table 二 with one header row and no 第二十条 item captions"),
    )


@variant
def missing_table_three(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(31, "内乡县桃溪镇人民政府", 2024)
    r.applications = Report().applications
    page = cms_page(r, Layout(), skip_tables=frozenset({"三"}))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            missing_tables=["三"],
            note="a report without table 三: a Report (figures of 二 and 四) with a finding, "
            "not NotAReport",
        ),
    )


def _article_only(page: str) -> str:
    """The report body of a CMS page (what an editor copies into Word)."""
    start = page.index('<div class="article">')
    end = page.index('<div class="share">')
    return "<html><head><meta charset='utf-8'></head><body>" + page[start:end] + "</body></html>"


@variant
def cms_nbsp_th_br_to_docx(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(32, "内乡县发展和改革委员会", 2024, scale=12)
    src = tmp / "br2d.html"
    src.write_text(
        _article_only(cms_page(r, Layout(), style="nbsp", th_header=2, br=True)), encoding="utf-8"
    )
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    return (
        ".docx",
        docx.read_bytes(),
        expected(
            r, note="CMS body with <br> inside labels and <th> rows, saved as Word by LibreOffice"
        ),
    )


def _slash_rules(table: str, key: str, col: int, value: Any) -> str:
    if key == "rules":
        return "/"
    return plain(table, key, col, value)


@variant
def town_rules_slash(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(33, "内乡县夏馆镇人民政府", 2024)
    r.active.rules = [None, None, None]
    page = cms_page(r, Layout(fmt=_slash_rules))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            null_with_finding=["二/rules"],
            note="a town prints / in the three 规章 cells (it makes no rules): null with a finding",
        ),
    )


@variant
def town_rules_slash_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(34, "内乡县板场乡人民政府", 2024)
    r.active.rules = [None, None, None]
    text = text_lines(r, Layout(fmt=_slash_rules))
    return (
        ".txt",
        text.encode(),
        expected(r, null_with_finding=["二/rules"], note="the / 规章 cells as tab text"),
    )


def mso_page(report: Report, lay: Layout) -> str:
    """A page pasted from Word into a CMS editor: MsoNormal paragraphs, <o:p>, widths."""
    parts = []
    for b in blocks(report, lay):
        if b.kind == "table":
            assert b.rows is not None
            rows = []
            for row in b.rows:
                tds = []
                for text, colspan, rowspan in row:
                    attrs = f' width="{40 * colspan}" valign="center"'
                    if colspan > 1:
                        attrs += f' colspan="{colspan}"'
                    if rowspan > 1:
                        attrs += f' rowspan="{rowspan}"'
                    lang = ' lang="EN-US"' if text.strip().isdigit() else ""
                    tds.append(
                        f'<td{attrs} style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                        f'<p class="MsoNormal" align="center" style="text-align:center">'
                        f'<span{lang} style="font-size:10.5pt;font-family:宋体;'
                        "mso-bidi-font-family:"
                        f'宋体">{html_escape(text)}<o:p></o:p></span></p></td>'
                    )
                rows.append('<tr style="mso-yfti-irow:0;height:20.0pt">' + "".join(tds) + "</tr>")
            parts.append(
                '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
                'style="border-collapse:collapse;mso-table-layout-alt:fixed">'
                + "".join(rows)
                + "</table>"
            )
        else:
            parts.append(
                '<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0">'
                f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{html_escape(b.text)}'
                '<span lang="EN-US"><o:p></o:p></span></span></p>'
            )
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">'
        f'<title>{title(report)}</title></head><body><div class="TRS_Editor">'
        + "\n".join(parts)
        + "</div></body></html>"
    )


@variant
def cms_pasted_from_word(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(35, "内乡县住房和城乡建设局", 2024, scale=15)
    return (
        ".html",
        mso_page(r, Layout()).encode(),
        expected(r, note="Word markup pasted into the CMS: MsoNormal, <o:p>, lang=EN-US spans"),
    )


def _split_table_three(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Table 三 cut after （四）无法提供, the rest a second table (a Word page break)."""
    cut = next(i for i, row in enumerate(rows) if any(t.startswith("（五）") for t, _, _ in row))
    first = [list(r) for r in rows[:cut]]
    second = [list(r) for r in rows[cut:]]
    # the 三、本年度办理结果 cell spanned both parts: shorten it in the first
    for r in first:
        for i, (text, colspan, rowspan) in enumerate(r):
            if text == "三、本年度办理结果":
                r[i] = (text, colspan, rowspan - (len(rows) - cut - 1))
    # the second part starts with an empty cell standing for the results column
    second[0] = [("", 1, len(second) - 1), *second[0]]
    return first, second


@variant
def cms_table_three_split(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(36, "内乡县王店镇人民政府", 2024)
    lay = Layout()
    page = cms_page(r, lay)
    rows = application_rows(r, lay)
    whole = cms_table(rows)
    first, second = _split_table_three(rows)
    page = page.replace(whole, cms_table(first) + "\n<p>　</p>\n" + cms_table(second))
    assert whole not in page
    return (
        ".html",
        page.encode(),
        expected(
            r, note="table 三 cut in two tables at （五）不予处理 (a page break kept by the CMS)"
        ),
    )


@variant
def chinese_numeral_year_title(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(37, "内乡县大桥乡人民政府", 2024)
    text = (
        text_lines(r, Layout())
        .replace(title(r), f"{r.agency}二〇二四年度政府信息公开工作年度报告", 1)
        .replace(f"统计期限自{r.year}年1月1日起至{r.year}年12月31日止", "统计期限为本年度")
    )
    return (
        ".txt",
        text.encode(),
        expected(
            r,
            note="title with the year in Chinese numerals (二〇二四年度), "
            "no Arabic year in the period",
        ),
    )


@variant
def pdf_title_wrapped(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(38, "内乡县市场监督管理局", 2024)
    text = text_lines(r, Layout())
    text = text.replace(title(r), f"{r.agency}\n{r.year}年政府信息公开工作年度报告", 1)
    return (
        ".txt",
        text.encode(),
        expected(r, note="title over two lines, agency alone on the first (as PDFs print it)"),
    )


@variant
def text_single_spaces(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(39, "内乡县师岗镇人民政府", 2024)
    text = text_lines(r, Layout(), sep="spaces").replace("    ", " ")
    return (
        ".txt",
        text.encode(),
        expected(
            r, note="tables flattened with single spaces between cells (pdftotext without -layout)"
        ),
    )


def _review_vertical(report: Report, lay: Layout) -> list[Row]:
    labels = [(label, 1, 1) for label in REVIEW_COLUMN_LABELS]
    names = {
        "reconsideration": "行政复议",
        "litigation_direct": "行政诉讼（未经复议直接起诉）",
        "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
    }
    rows: list[Row] = [[("类别", 1, 1), *labels]]
    for key in REVIEW_GROUP_KEYS:
        rows.append(
            [
                (names[key], 1, 1),
                *((lay.fmt("四", key, i, v), 1, 1) for i, v in enumerate(report.reviews[key])),
            ]
        )
    return rows


@variant
def review_table_vertical(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(40, "内乡县公安局", 2024)
    lay = Layout()
    page = cms_page(r, lay).replace(
        cms_table(review_rows(r, lay)), cms_table(_review_vertical(r, lay))
    )
    return (
        ".html",
        page.encode(),
        expected(
            r, note="table 四 laid out as 3 rows (行政复议 / 直接起诉 / 复议后起诉) × 5 columns"
        ),
    )


@variant
def fee_unit_in_cell_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(41, "内乡县桃溪镇人民政府", 2024)
    return (
        ".txt",
        text_lines(r, Layout(fmt=_fee_fmt("0万元"))).encode(),
        expected(r, note="fee printed 0万元 in a tab-separated text copy"),
    )


@variant
def counts_with_unit(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(42, "内乡县城关镇人民政府", 2024)

    def fmt(table: str, key: str, col: int, value: Any) -> str:
        if key in ("licensing", "penalty", "enforcement"):
            return f"{value}件"
        return plain(table, key, col, value)

    return (
        ".html",
        cms_page(r, Layout(fmt=fmt)).encode(),
        expected(r, note="table 二 decisions printed with their unit: 12件"),
    )


@variant
def writer_html_fragment_in_cms(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(43, "内乡县湍东镇人民政府", 2024)
    fragment = render(r, "html", full_page=False).decode()
    page = cms_page(r, Layout())
    start = page.index('<div class="TRS_Editor">')
    end = page.index('<div class="share">')
    page = page[:start] + f'<div class="TRS_Editor">{fragment}</div></div>\n' + page[end:]
    return (
        ".html",
        page.encode(),
        expected(r, note="the platform's HTML fragment inside CMS chrome"),
    )


SIDEBAR = """<div class="left-nav"><h3>法定主动公开内容</h3><ul>
<li><a href="/gz/">规章(0)</a></li><li><a href="/gfxwj/">行政规范性文件(35)</a></li>
<li><a href="/xzxk/">行政许可(1208)</a></li><li><a href="/xzcf/">行政处罚(96)</a></li>
<li><a href="/xzqz/">行政强制(4)</a></li><li><a href="/sf/">行政事业性收费(12)</a></li>
<li><a href="/nb/">政府信息公开年报(9)</a></li></ul></div>
"""


@variant
def cms_sidebar_categories(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(44, "内乡县人民政府", 2023)
    page = cms_page(r, Layout())
    page = page.replace('<div class="article">', SIDEBAR + '<div class="article">', 1)
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="a 政府信息公开专栏 left menu before the body naming 规章, 行政许可, 行政处罚 … "
            "with item counts in brackets",
        ),
    )


@variant
def cms_prev_next_links(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(45, "西峡县人民政府", 2024)
    page = cms_page(r, Layout())
    links = (
        '<div class="related"><p>上一篇：<a href="/a.html">西峡县人民政府2023年政府信息公开工作'
        '年度报告</a></p><p>下一篇：<a href="/b.html">西峡县人民政府2022年政府信息公开工作年度报告'
        "</a></p><h4>相关链接</h4><ul><li>西峡县2021年政府信息公开工作年度报告 2022-01-28</li>"
        "<li>西峡县2020年政府信息公开工作年度报告 2021-01-29</li></ul></div>\n"
    )
    page = page.replace('<div class="share">', links + '<div class="share">', 1)
    return (
        ".html",
        page.encode(),
        expected(r, note="上一篇/下一篇 and 相关链接 naming other years' reports after the body"),
    )


def _wrap_label_around_numbers(text: str) -> str:
    """PDF text order: a two-line label cell, its figures vertically centred between."""
    out = []
    for line in text.split("\n"):
        parts = line.split(" ")
        label = next((p for p in parts if len(p) > 12 and not p.isdigit()), None)
        numbers = [p for p in parts if p.isdigit()]
        if label is not None and len(numbers) == 7:
            at = parts.index(label)
            cut = len(label) // 2
            head = " ".join(p for p in parts[:at] if p)
            out.append((head + " " if head else "") + label[:cut])
            out.append(" ".join(numbers))
            out.append(label[cut:])
        else:
            out.append(line)
    return "\n".join(out)


@variant
def pdf_text_label_around_numbers(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(46, "内乡县乍曲镇人民政府", 2024)
    text = text_lines(r, Layout(), sep="spaces").replace("    ", " ")
    text = _wrap_label_around_numbers(text)
    return (
        ".txt",
        text.encode(),
        expected(
            r,
            note="text out of a PDF: long labels of table 三 wrap over two lines and the row's "
            "figures come between the two halves",
        ),
    )


@variant
def text_page_break_in_table_three(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(47, "内乡县赵店乡人民政府", 2024)
    text = text_lines(r, Layout())
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("\t（四）无法提供"))
    header = [
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    ]
    lines[at:at] = ["", "— 3 —", "", "第 3 页 共 6 页", *header]
    return (
        ".txt",
        "\n".join(lines).encode(),
        expected(
            r, note="a page break inside table 三: page number lines and the repeated header rows"
        ),
    )


def cms_p_cells(report: Report, lay: Layout) -> str:
    page = cms_page(report, lay, style="plain")
    # every figure cell as <td><p>0</p><p></p></td> or <td>0<br></td>
    import re

    flip = [0]

    def cell(match: re.Match[str]) -> str:
        flip[0] += 1
        value = match.group(2)
        inner = f"<p>{value}</p><p></p>" if flip[0] % 2 else f"{value}<br>"
        return f"<td{match.group(1)}>{inner}</td>"

    return re.sub(r"<td([^>]*)>(\d+)</td>", cell, page)


@variant
def cms_cells_with_empty_paragraphs(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(48, "内乡县岞曲镇人民政府", 2024)
    return (
        ".html",
        cms_p_cells(r, Layout()).encode(),
        expected(r, note="figure cells as <td><p>3</p><p></p></td> or <td>3<br></td>"),
    )


@variant
def active_as_four_tables(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(49, "内乡县林业局", 2024)
    lay = Layout()
    rows = active_rows(r, lay)
    page = cms_page(r, lay)
    whole = cms_table(rows)
    starts = [i for i, row in enumerate(rows) if row[0][0].startswith("第二十条")]
    parts = [rows[a:b] for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]
    page = page.replace(whole, "\n<p>　</p>\n".join(cms_table(p) for p in parts))
    assert whole not in page
    return (
        ".html",
        page.encode(),
        expected(r, note="table 二 as four tables, one per 第二十条 item"),
    )


@variant
def narrative_names_rows_with_figures(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(50, "内乡县人民政府", 2024)
    text = text_lines(r, Layout())
    extra = (
        f"（一）主动公开。本年度未制定规章，制发行政规范性文件"
        f"{r.active.normative_documents[0]}件；公开行政许可结果{(r.active.licensing or 0) + 17}条、"
        f"行政处罚结果{(r.active.penalty or 0) + 3}条，行政强制1件；收取行政事业性收费0.5万元。"
        "全年予以公开申请7件，部分公开2件，不予公开1件，结转下年度继续办理3件。"
    )
    text = text.replace("（一）主动公开。", extra, 1)
    return (
        ".txt",
        text.encode(),
        expected(
            r,
            note="总体情况 names the rows of the tables with other figures (规章, 行政许可 …, "
            "予以公开, 结转下年度继续办理) before the tables",
        ),
    )


@variant
def title_only_in_head(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(51, "内乡县审计局", 2024)
    page = cms_page(r, Layout()).replace(f'<h1 class="title">{title(r)}</h1>', "", 1)
    return (
        ".html",
        page.encode(),
        expected(
            r, note="the title only in <title> with the site's suffix (_政府信息公开年报_内乡县)"
        ),
    )


@variant
def tables_as_images(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(52, "内乡县退役军人事务局", 2024)
    lay = Layout()
    page = cms_page(r, lay)
    for n, rows in enumerate((active_rows(r, lay), application_rows(r, lay), review_rows(r, lay))):
        page = page.replace(cms_table(rows), f'<p><img src="/upload/2025/01/nb{n}.png"></p>')
    return (
        ".html",
        page.encode(),
        {
            "not_a_report": True,
            "kind": "unreadable",
            "note": "the three tables published as images: an annual report whose tables "
            "cannot be read (UnreadableReport), not a report with every cell empty",
        },
    )


@variant
def text_ideographic_spaces(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(53, "内乡县余关镇人民政府", 2023)
    text = text_lines(r, Layout(), sep="spaces").replace("    ", "\u3000\u3000")
    return (
        ".txt",
        text.encode(),
        expected(r, note="cells separated by ideographic spaces (U+3000), as in Word text exports"),
    )


def group_subtotal_rows(report: Report, lay: Layout) -> list[Row]:
    """Table 三 with a 小计 row under each group label before its numbered rows."""
    labels = {f"{g.number}{g.label}": g.key for g in OUTCOME_GROUPS}
    out: list[Row] = []
    for row in application_rows(report, lay):
        row = [(t, c, r + 4) if t == lay.results_label else (t, c, r) for t, c, r in row]
        key = labels.get(row[0][0])
        if key is None:
            out.append(row)
            continue
        subs = group_rows(key)
        sums = [sum(report.applications[k][c] or 0 for k in subs) for c in range(7)]
        text, colspan, rowspan = row[0]
        out.append([(text, colspan, rowspan + 1), ("小计", 1, 1), *((str(v), 1, 1) for v in sums)])
        out.append(row[1:])
    return out


@variant
def group_subtotal_rows_html(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(54, "内乡县交通运输局", 2024)
    lay = Layout()
    page = cms_page(r, lay).replace(
        cms_table(application_rows(r, lay)), cms_table(group_subtotal_rows(r, lay))
    )
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="a 小计 row under each of （三）…（六） before its numbered rows: "
            "the sub-rows are "
            "the figures, the 小计 is not a row of the format",
        ),
    )


@variant
def cms_spans_stripped(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    import re

    r = figures(55, "内乡县赤眉镇人民政府", 2023)
    page = re.sub(r' (rowspan|colspan)="\d+"', "", cms_page(r, Layout()))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="rowspan/colspan lost in the CMS editor: every row just lists the cells that "
            "start in it (label cells missing from the rows they used to span)",
        ),
    )


FOOTNOTES = {
    "三、收到和处理": "注：本年新收申请中，当面申请3件，信函申请5件，网上申请21件；"
    "涉及自然资源类12件、住房保障类6件。",
    "四、政府信息公开行政复议": "注：表中数据统计截至12月31日，单位：件。",
}


@variant
def text_table_footnotes(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(56, "内乡县人力资源和社会保障局", 2024)
    text = text_lines(r, Layout())
    for heading, note in FOOTNOTES.items():
        text = text.replace(heading, note + "\n\n" + heading, 1)
    text = text.replace(
        "五、存在的主要问题", "（单位：件）\n注：复议2件均为上年结转。\n\n五、存在的主要问题"
    )
    return (
        ".txt",
        text.encode(),
        expected(
            r, note="注：lines with figures (and （单位：件）) right after tables 二, 三 and 四"
        ),
    )


@variant
def review_dashes_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(57, "内乡县夏馆镇人民政府", 2024)
    r.reviews = {k: [0, 0, 0, 0, 0] for k in REVIEW_GROUP_KEYS}
    r.reviews["litigation_after_reconsideration"] = [None] * 5

    def fmt(table: str, key: str, col: int, value: Any) -> str:
        if table == "四" and value is None:
            return "—"
        return plain(table, key, col, value)

    return (
        ".txt",
        text_lines(r, Layout(fmt=fmt)).encode(),
        expected(
            r,
            null_with_finding=["四/litigation_after_reconsideration"],
            note="table 四: the five 复议后起诉 cells printed — (tab text)",
        ),
    )


@variant
def fee_thousands_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(58, "南阳市财政局", 2024)
    r.active.fees_wan_yuan = Decimal("12345.5")
    lay = Layout(fmt=_fee_fmt("12,345.50"))
    return (
        ".txt",
        text_lines(r, lay).encode(),
        expected(r, note="fee printed 12,345.50 in tab text"),
    )


@variant
def big_docx_to_pdf(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(59, "南阳市", 2024, scale=900)
    r.agency = "南阳市人民政府办公室"
    r.active.licensing = 56789
    pdf = soffice(_docx_via_writer(r, tmp, "big"), "pdf", tmp)
    return (
        ".pdf",
        pdf.read_bytes(),
        expected(r, note="writer DOCX → LibreOffice PDF with large counts (3–5 digit cells)"),
    )


@variant
def typo_labels_docx_to_txt(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(60, "内乡县教育局", 2023, scale=10)
    src = tmp / "t2t.html"
    src.write_text(_article_only(cms_page(r, Layout(labels=TYPO_LABELS))), encoding="utf-8")
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    txt = soffice(docx, "txt:Text (encoded):UTF8", tmp)
    return (
        ".txt",
        txt.read_bytes(),
        expected(r, note="CMS body with label variants → Word → LibreOffice text export"),
    )


@variant
def layout_table_to_docx(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(61, "内乡县水利局", 2024)
    src = tmp / "l2d.html"
    src.write_text(_article_only(cms_page(r, Layout(), wrap_layout=True)), encoding="utf-8")
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    return (
        ".docx",
        docx.read_bytes(),
        expected(r, note="tables inside one-cell layout tables, saved as Word: nested Word tables"),
    )


def _intro_paragraphs(report: Report) -> dict[str, str]:
    new = report.applications["new"][6]
    return {
        "二、主动公开政府信息情况": "2024年，全县主动公开政府信息3562条，其中政策文件128条、"
        "政策解读35篇、新闻发布会6场，回应社会关切21次。具体情况如下：",
        "三、收到和处理政府信息公开申请情况": f"本年度共收到政府信息公开申请{new}件，"
        "其中网上申请18件、当面申请5件、信函申请2件；按期答复率100%。",
        "四、政府信息公开行政复议、行政诉讼情况": "本年度因政府信息公开被申请行政复议和"
        "提起行政诉讼的情况如下（单位：件）：",
    }


@variant
def paragraphs_before_tables_html(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(62, "内乡县人民政府", 2024)
    page = cms_page(r, Layout())
    for heading, para in _intro_paragraphs(r).items():
        at = page.index(heading)
        end = page.index("</p>", at) + 4
        page = page[:end] + f"\n<p>{para}</p>" + page[end:]
    return (
        ".html",
        page.encode(),
        expected(r, note="a paragraph with figures between each section heading and its table"),
    )


@variant
def paragraphs_before_tables_text(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(63, "内乡县马山口镇人民政府", 2024)
    text = text_lines(r, Layout())
    for heading, para in _intro_paragraphs(r).items():
        text = text.replace(heading + "\n", heading + "\n" + para + "\n", 1)
    return (
        ".txt",
        text.encode(),
        expected(r, note="the same paragraphs with figures before each table, tab text"),
    )


@variant
def year_first_title(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(64, "内乡县人民政府", 2024)
    text = text_lines(r, Layout()).replace(
        title(r), f"{r.year}年度{r.agency}政府信息公开工作年度报告", 1
    )
    return (
        ".txt",
        text.encode(),
        expected(
            r, note="title with the year first: 2024年度内乡县人民政府政府信息公开工作年度报告"
        ),
    )


@variant
def paragraphs_before_tables_pdf(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(65, "内乡县灌涨镇人民政府", 2024)
    page = cms_page(r, Layout())
    for heading, para in _intro_paragraphs(r).items():
        at = page.index(heading)
        end = page.index("</p>", at) + 4
        page = page[:end] + f"\n<p>{para}</p>" + page[end:]
    src = tmp / "pbt.html"
    src.write_text(_article_only(page), encoding="utf-8")
    docx = soffice(src, "docx:MS Word 2007 XML", tmp)
    pdf = soffice(docx, "pdf", tmp)
    return (
        ".pdf",
        pdf.read_bytes(),
        expected(r, note="paragraphs with figures before each table, CMS body → Word → PDF"),
    )


@variant
def text_hard_wrapped(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    import textwrap

    r = figures(66, "内乡县七里坪乡人民政府", 2024)
    text = text_lines(r, Layout(), sep="spaces").replace("    ", " ")
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, 40, break_long_words=True) or [""])
    return (
        ".txt",
        "\n".join(lines).encode(),
        expected(r, note="text hard-wrapped at 40 characters (a mail or a fixed-width export)"),
    )


def markdown(report: Report, lay: Layout) -> str:
    lines: list[str] = []
    for b in blocks(report, lay):
        if b.kind == "table":
            assert b.rows is not None
            g = grid(b.rows)
            lines.append("| " + " | ".join(c or "" for c in g[0]) + " |")
            lines.append("|" + "---|" * len(g[0]))
            lines += ["| " + " | ".join(c or "" for c in row) + " |" for row in g[1:]]
            lines.append("")
        elif b.kind == "heading":
            lines += [f"## {b.text}", ""]
        elif b.kind == "title":
            lines += [f"# {b.text}", ""]
        else:
            lines += [b.text, ""]
    return "\n".join(lines)


@variant
def markdown_tables(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(67, "内乡县城关镇人民政府", 2023)
    return (
        ".txt",
        markdown(r, Layout()).encode(),
        expected(
            r, note="Markdown (what OCR or a converter gives): pipe tables, merged cells blank"
        ),
    )


@variant
def year_in_brackets_after_title(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(68, "内乡县人民政府", 2024)
    text = text_lines(r, Layout()).replace(
        title(r), f"{r.agency}政府信息公开工作年度报告（{r.year}年）", 1
    )
    return (
        ".txt",
        text.encode(),
        expected(r, note="year printed after the title in brackets: …工作年度报告（2024年）"),
    )


def _tracked(xml: str, after: str, value: int, old: str, n: int) -> str:
    """Put a deleted run with ``old`` before the ``value`` run that follows ``after``."""
    at = xml.index(f"<w:t>{value}</w:t>", xml.index(after))
    run = xml.rindex("<w:r>", 0, at)
    deleted = (
        f'<w:del w:id="{n}" w:author="张三" w:date="2025-01-18T10:00:00Z"><w:r>'
        f"<w:delText>{old}</w:delText></w:r></w:del>"
    )
    return xml[:run] + deleted + xml[run:]


@variant
def docx_tracked_changes(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    import io
    import zipfile

    r = figures(69, "内乡县民政局", 2024)
    source = zipfile.ZipFile(io.BytesIO(render(r, "docx")))
    xml = source.read("word/document.xml").decode("utf-8")
    xml = _tracked(xml, "行政许可", r.active.licensing or 0, "9999", 901)
    xml = _tracked(xml, "予以公开", r.applications["granted"][0] or 0, "77", 902)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = xml.encode("utf-8")
            target.writestr(item, data)
    return (
        ".docx",
        out.getvalue(),
        expected(
            r,
            note="Word file saved with tracked changes shown: deleted runs (w:delText 9999, 77) "
            "before the current figures of 行政许可 and 予以公开/自然人",
        ),
    )


@variant
def cms_extra_empty_column(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(70, "内乡县文化广电和旅游局", 2024)
    page = cms_page(r, Layout()).replace(
        "</tr>", '<td width="0" style="border:none">&nbsp;</td></tr>'
    )
    return (
        ".html",
        page.encode(),
        expected(r, note="a ghost empty column at the end of every table row (Word-exported HTML)"),
    )


@variant
def cms_scripts_and_comments(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(71, "内乡县统计局", 2024)
    page = cms_page(r, Layout())
    junk = (
        "<!-- 旧版数据：行政许可 1200 行政处罚 35 予以公开 9 -->\n"
        "<script>var visits = 10234; var row = [0, 1, 2, 3, 4, 5, 6];</script>\n"
        "<style>.t td { width: 60px; padding: 2px 4px; }</style>\n"
    )
    page = page.replace('<div class="TRS_Editor">\n', '<div class="TRS_Editor">\n' + junk, 1)
    for heading in ("三、收到和处理", "四、政府信息公开行政复议"):
        at = page.index(heading)
        page = page[:at] + "<!-- 2 0 0 0 0 0 2 -->" + page[at:]
    return (
        ".html",
        page.encode(),
        expected(
            r, note="HTML comments and a <script>/<style> with figures inside the report body"
        ),
    )


def _ocr_fmt(table: str, key: str, col: int, value: Any) -> str:
    if (table, key, col) in {("三", "granted", 3), ("三", "refused_5", 2)}:
        return "O"
    if (table, key, col) == ("三", "carried_out", 1):
        return "l"
    return plain(table, key, col, value)


@variant
def ocr_letter_digits(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(72, "内乡县板场乡人民政府", 2024)
    r.applications["granted"][3] = 0
    r.applications["refused_5"][2] = 0
    r.applications["carried_out"][1] = 1
    recompute(r)
    lay = Layout(fmt=_ocr_fmt)
    text = markdown(r, lay)
    r.applications["granted"][3] = None
    r.applications["refused_5"][2] = None
    r.applications["carried_out"][1] = None
    return (
        ".txt",
        text.encode(),
        expected(
            r,
            null_with_finding=["三/granted", "三/refused_5", "三/carried_out"],
            note="OCR'd Markdown with the letters O and l printed for 0 and 1 in three cells: "
            "those cells cannot be read, so null with a finding (never guessed)",
        ),
    )


@variant
def review_as_three_tables(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(73, "内乡县司法局", 2024)
    lay = Layout()
    labels = [(label, 1, 1) for label in REVIEW_COLUMN_LABELS]
    names = {
        "reconsideration": "行政复议",
        "litigation_direct": "行政诉讼（未经复议直接起诉）",
        "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
    }
    tables = [
        cms_table(
            [
                [(names[key], 5, 1)],
                labels,
                [(plain("四", key, i, v), 1, 1) for i, v in enumerate(r.reviews[key])],
            ]
        )
        for key in REVIEW_GROUP_KEYS
    ]
    page = cms_page(r, lay).replace(cms_table(review_rows(r, lay)), "\n".join(tables))
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="table 四 as three small tables (行政复议; 直接起诉; 复议后起诉), 5 columns each",
        ),
    )


@variant
def cms_duplicate_mobile_copy(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    r = figures(74, "内乡县乍曲镇人民政府", 2024)
    page = cms_page(r, Layout())
    start = page.index('<div class="TRS_Editor">')
    end = page.index("</div></div>", start)
    body = page[start:end]
    mobile = f'<div class="mobile-only" style="display:none">{body}</div>\n'
    page = page.replace('<div class="share">', mobile + '<div class="share">', 1)
    return (
        ".html",
        page.encode(),
        expected(
            r,
            note="the CMS prints the report body twice (a hidden copy for phones): the same "
            "figures twice",
        ),
    )


@variant
def pdf_page_numbers_and_header(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    import docx  # python-docx, a dependency of the writers
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    r = figures(75, "内乡县人民政府", 2024, scale=200)
    path = _docx_via_writer(r, tmp, "pn")
    document = docx.Document(str(path))
    for run in document.paragraphs[0].runs:  # a title that fits on one line
        run.font.size = Pt(12)
    section = document.sections[0]
    section.header.paragraphs[0].text = "内乡县人民政府办公室　2025年1月20日印发"
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = footer.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)
    footer.add_run(" —")
    document.save(str(path))
    pdf = soffice(path, "pdf", tmp)
    return (
        ".pdf",
        pdf.read_bytes(),
        expected(
            r,
            note="writer DOCX with a page header (agency, date) and '— N —' page numbers, "
            "→ LibreOffice PDF: tables 二 and 三 break across pages",
        ),
    )


OLD_FORMAT = """{agency}2019年政府信息公开工作年度报告

一、总体情况
2019年，我县认真贯彻落实新修订的《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t5\t5\t48
第二十条第（二）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t120\t+3\t3561
其他对外管理服务事项\t14\t0\t230
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t87\t-2\t402
行政强制\t12\t0\t9
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t6\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t21\t1530.6

三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况
\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计
\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t
一、本年新收政府信息公开申请数量\t\t\t12\t1\t0\t0\t0\t0\t13
二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t（一）予以公开\t\t5\t1\t0\t0\t0\t0\t6
\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t1\t0\t0\t0\t0\t0\t1
\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0
\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0
\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0
\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0
\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t（四）无法提供\t1.本机关不掌握相关政府信息\t4\t0\t0\t0\t0\t0\t4
\t\t2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0
\t（五）不予处理\t1.信访举报投诉类申请\t1\t0\t0\t0\t0\t0\t1
\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
\t（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1
\t（七）总计\t\t12\t1\t0\t0\t0\t0\t13
四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0

四、政府信息公开行政复议、行政诉讼情况
行政复议\t\t\t\t\t行政诉讼
\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况
政策解读质量有待提高。

六、其他需要报告的事项
无。
"""


@variant
def old_format_2019(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    text = OLD_FORMAT.format(agency="内乡县人民政府")
    return (
        ".txt",
        text.encode(),
        {
            "not_a_report": True,
            "kind": "old-format",
            "note": "2019 trial format: 本年新制作数量/对外公开总数量, 上一年项目数量/本年增减, "
            "政府集中采购, （六）其他处理 as one row",
        },
    )


@variant
def old_format_2019_html(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    text = OLD_FORMAT.format(agency="西峡县人民政府")
    paras = []
    rows: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            paras.append("<table border='1'>" + "".join(rows) + "</table>")
            rows = []
        if line:
            paras.append(f"<p>{line}</p>")
    page = "<html><head><meta charset='utf-8'></head><body>" + "\n".join(paras) + "</body></html>"
    return (
        ".html",
        page.encode(),
        {
            "not_a_report": True,
            "kind": "old-format",
            "note": "the 2019 trial-format report as a web page",
        },
    )


@variant
def unrelated_word_document(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    import docx  # python-docx, a dependency of the writers

    document = docx.Document()
    document.add_heading("关于做好2024年度安全生产检查工作的通知", level=1)
    document.add_paragraph(
        "各乡镇人民政府、县直各单位：为切实做好安全生产工作，现将有关事项通知如下。"
    )
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(
        [
            ["序号", "检查内容", "责任单位", "完成时限"],
            ["1", "消防设施", "应急局", "3月31日"],
            ["2", "燃气管道", "住建局", "4月30日"],
            ["3", "危化品仓库", "应急局", "5月31日"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("联系电话：0377-65330000。")
    path = tmp / "unrelated.docx"
    document.save(str(path))
    return ".docx", path.read_bytes(), {"not_a_report": True, "note": "an unrelated Word notice"}


NEWS = """<html><head><meta charset="utf-8"><title>我县政务公开工作获评全市第一</title></head><body>
<div class="TRS_Editor">
<p>近日，市政务公开领导小组办公室通报了2024年度政务公开工作考核结果，我县以98.5分位列全市第一。</p>
<p>2024年，全县共主动公开政府信息12563条，其中行政规范性文件35件、政策解读128篇；收到政府信息
公开申请86件，其中自然人申请79件，法人或其他组织申请7件，予以公开41件，部分公开12件，不予公开3件，
无法提供22件，不予处理5件，其他处理3件，结转下年度继续办理0件。发生政府信息公开行政复议2起、行政诉讼1起。</p>
<p>下一步，我县将对照《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，认真编制
政府信息公开工作年度报告，持续提升政务公开质效。</p>
<table><tr><td>指标</td><td>2023年</td><td>2024年</td></tr>
<tr><td>主动公开信息（条）</td><td>11021</td><td>12563</td></tr>
<tr><td>依申请公开（件）</td><td>74</td><td>86</td></tr></table>
<p>（县政府办公室　供稿）</p></div></body></html>
"""


@variant
def news_article(tmp: Path) -> tuple[str, bytes, dict[str, Any]]:
    return (
        ".html",
        NEWS.encode(),
        {
            "not_a_report": True,
            "note": "a news item about 政务公开 quoting the year's figures "
            "in prose and a small table",
        },
    )


# --------------------------------------------------------------------------------------


def main(names: list[str]) -> int:
    chosen = names or list(VARIANTS)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name in chosen:
            suffix, data, exp = VARIANTS[name](tmp)
            target = HERE
            if (HERE / "failing" / f"{name}.json").exists():
                target = HERE / "failing"
            for old in target.glob(f"{name}.*"):
                old.unlink()
            (target / f"{name}{suffix}").write_bytes(data)
            (target / f"{name}.json").write_text(
                json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"{target.name}/{name}{suffix}")
    shutil.rmtree(HERE / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
