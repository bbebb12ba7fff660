"""Synthetic annual reports (2021 format) for the reader benchmark: figures, text, DOCX, PDF.

* :func:`random_report` draws figures that satisfy the table arithmetic (DOMAIN.md §3.4–3.5),
  with realistic magnitudes (many zeros, some large counts, fees with 0–4 decimals) and
  sometimes a group of table 三 printed as one row.
* :func:`render_text` lays the report out like the seed report: tab-separated tables with
  merged cells as empty positions.
* :func:`render_docx` fills a Word template made with python-docx that has real merged
  cells (gridSpan/vMerge) — the template is built once, each report only replaces
  placeholders, so a thousand files take seconds.
* :func:`render_pdf` draws the report with reportlab: paragraphs and ruled tables whose
  labels wrap inside their cells and that break across pages, like published PDFs. The
  Adobe CJK font STSong-Light is referenced, not embedded, so no CJK font is needed.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from decimal import Decimal
from functools import cache
from xml.sax.saxutils import escape

from gongkai.annual.format import (
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROWS,
    BALANCE_NOTE,
    N_APPLICANT_COLUMNS,
    OUTCOME_GROUPS,
    OUTCOME_ROW_KEYS,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUP_KEYS,
    SECTIONS,
    group_rows,
)
from gongkai.annual.model import Active, Cell, Report

N_PEOPLE = N_APPLICANT_COLUMNS - 1

PLACES = ("岢曲镇", "城关镇", "青山区", "临江县", "东湖市", "南山街道办事处", "北河县", "西林市")
KINDS = ("人民政府", "人民政府办公室", "自然资源和规划局", "生态环境局", "市场监督管理局", "教育局")

# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def _count(rng: random.Random, scale: int) -> int:
    roll = rng.random()
    if roll < 0.45:
        return 0
    if roll < 0.85:
        return rng.randint(1, max(1, scale // 20))
    return rng.randint(1, scale)


def random_report(rng: random.Random) -> Report:
    """A report whose figures satisfy every arithmetic rule of the 2021 format."""
    scale = rng.choice((5, 50, 500, 5000))

    def docs() -> list[Cell]:
        current = _count(rng, scale * 4)
        issued = _count(rng, scale)
        repealed = min(current, _count(rng, scale))
        return [issued, repealed, current]

    places = rng.randint(0, 4)
    fee = Decimal(rng.randint(0, 10**7)).scaleb(-places) if rng.random() < 0.7 else Decimal(0)
    active = Active(
        rules=docs() if rng.random() < 0.3 else [0, 0, 0],
        normative_documents=docs(),
        licensing=_count(rng, scale * 200),
        penalty=_count(rng, scale * 200),
        enforcement=_count(rng, scale * 20),
        fees_wan_yuan=fee,
    )
    outcome = {
        key: [_count(rng, scale) if c == 0 else _count(rng, max(1, scale // 10)) for c in range(6)]
        for key in OUTCOME_ROW_KEYS
    }
    closed = [sum(outcome[k][c] for k in OUTCOME_ROW_KEYS) for c in range(N_PEOPLE)]
    out = [_count(rng, max(1, scale // 5)) for _ in range(N_PEOPLE)]
    carried = [rng.randint(0, closed[c] + out[c]) if rng.random() < 0.5 else 0 for c in range(6)]
    new = [closed[c] + out[c] - carried[c] for c in range(N_PEOPLE)]

    def total(cells: list[int]) -> list[Cell]:
        return [*cells, sum(cells)]

    applications: dict[str, list[Cell]] = {key: total(outcome[key]) for key in OUTCOME_ROW_KEYS}
    applications["new"] = total(new)
    applications["carried_in"] = total(carried)
    applications["total"] = total(closed)
    applications["carried_out"] = total(out)
    ordered = {row.key: applications[row.key] for row in APPLICATION_ROWS}
    if rng.random() < 0.1:  # （六）其他处理 printed as one row, as some agencies do
        subs = group_rows("other")
        ordered["other"] = [sum(ordered[k][c] or 0 for k in subs) for c in range(7)]
        for key in subs:
            ordered[key] = [None] * N_APPLICANT_COLUMNS
    reviews: dict[str, list[Cell]] = {}
    for key in REVIEW_GROUP_KEYS:
        parts = [_count(rng, max(1, scale // 10)) for _ in range(4)]
        reviews[key] = total(parts)
    agency = rng.choice(PLACES) + rng.choice(KINDS)
    return Report(
        agency=agency,
        year=rng.randint(2021, 2025),
        active=active,
        applications=ordered,
        reviews=reviews,
    )


def expected_json(report: Report) -> dict[str, object]:
    """The figures a reader must give back (the ``gongkai.annual/1`` keys compared)."""
    data = report.to_json(findings=[])
    return {k: data[k] for k in ("year", "active", "applications", "reviews")}


# --------------------------------------------------------------------------------------
# Narrative
# --------------------------------------------------------------------------------------


def _title(report: Report) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _paragraphs(report: Report, section_key: str) -> list[str]:
    year = report.year
    new = report.applications["new"][-1]
    texts = {
        "intro": [
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国"
            f"政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。本报告中所列数据"
            f"的统计期限自{year}年1月1日起至{year}年12月31日止。",
        ],
        "overview": [
            f"{year}年，{report.agency}坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。",
            f"（一）主动公开。全年通过政府门户网站主动公开政府信息{(new or 0) * 7 + 31}条。",
            f"（二）依申请公开。全年共收到政府信息公开申请{new}件，均在法定期限内答复。",
            "（三）政府信息管理。严格落实信息发布审核制度，定期清理过期信息。",
            "（四）平台建设。持续优化政府信息公开专栏，提升检索与浏览体验。",
            "（五）监督保障。将政务公开工作纳入年度考核，开展业务培训两次。",
        ],
        "problems": [
            "政府信息公开工作仍存在一些不足：政策解读形式不够丰富，依申请公开办理质量有待提高。",
            "下一步，将加强业务培训，规范答复文书，提升政务公开工作水平。",
        ],
        "other": [
            "本年度未收取政府信息公开信息处理费。",
        ],
    }
    return texts.get(section_key, [])


# --------------------------------------------------------------------------------------
# Tables, as HTML describes them: the cells that start in each row, with their spans
# --------------------------------------------------------------------------------------


class Spec:
    """A table: per row, the cells starting there as (text, colspan, rowspan)."""

    def __init__(self, rows: list[list[tuple[str, int, int]]]) -> None:
        self.rows = rows
        grid: dict[tuple[int, int], str | None] = {}
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        for r, cells in enumerate(rows):
            c = 0
            for text, colspan, rowspan in cells:
                while (r, c) in grid:
                    c += 1
                self.extent[(r, c)] = (r + rowspan - 1, c + colspan - 1)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[(r + dr, c + dc)] = text if dr == dc == 0 else None
                c += colspan
        self.n_rows = len(rows)
        self.n_cols = max(c for _, c in grid) + 1
        self.grid: list[list[str | None]] = [
            [grid.get((r, c), "") for c in range(self.n_cols)] for r in range(self.n_rows)
        ]


def _num(value: Cell | Decimal) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def active_spec(report: Report) -> Spec:
    """Table 二: four columns, the 第二十条 item as a caption row."""
    rows: list[list[tuple[str, int, int]]] = []
    last_item = ""
    active = report.active
    for row in ACTIVE_ROWS:
        if row.item != last_item:
            last_item = row.item
            rows.append([(row.item, 4, 1)])
            if len(row.columns) == 3:
                rows.append([("信息内容", 1, 1), *((col, 1, 1) for col in row.columns)])
            else:
                rows.append([("信息内容", 1, 1), (row.columns[0], 3, 1)])
        value = getattr(active, row.key)
        if isinstance(value, list):
            rows.append([(row.label, 1, 1), *((_num(v), 1, 1) for v in value)])
        else:
            rows.append([(row.label, 1, 1), (_num(value), 3, 1)])
    return Spec(rows)


def applications_spec(report: Report) -> Spec:
    """Table 三: three label columns then the seven figure columns."""
    apps = report.applications
    collapsed = {g.key for g in OUTCOME_GROUPS if g.key in apps}
    rows: list[list[tuple[str, int, int]]] = [
        [(BALANCE_NOTE, 3, 3), ("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [(label, 1, 1) for label in APPLICANT_COLUMN_LABELS[1:6]],
    ]
    result_rows = [
        row
        for row in APPLICATION_ROWS
        if row.key not in {"new", "carried_in", "carried_out"}
        and not (row.group in collapsed and row.key != group_rows(row.group)[0])
    ]
    seen: set[str] = set()
    for row in APPLICATION_ROWS:
        figures = [(_num(v), 1, 1) for v in apps[row.key]]
        label = f"{row.number}{row.label}"
        cells: list[tuple[str, int, int]] = []
        if row.key in {"new", "carried_in", "carried_out"}:
            rows.append([(label, 3, 1), *figures])
            continue
        if row.key == "granted":
            cells.append(("三、本年度办理结果", 1, len(result_rows)))
        if row.group is None:
            rows.append([*cells, (label, 2, 1), *figures])
            continue
        group = next(g for g in OUTCOME_GROUPS if g.key == row.group)
        if row.group in collapsed:
            if row.group not in seen:
                seen.add(row.group)
                group_figures = [(_num(v), 1, 1) for v in apps[row.group]]
                rows.append([*cells, (f"{group.number}{group.label}", 2, 1), *group_figures])
            continue
        if row.group not in seen:
            seen.add(row.group)
            cells.append((f"{group.number}{group.label}", 1, len(group_rows(row.group))))
        rows.append([*cells, (label, 1, 1), *figures])
    return Spec(rows)


def reviews_spec(report: Report) -> Spec:
    """Table 四: fifteen columns under 行政复议 and the two kinds of 行政诉讼."""
    labels = [(label, 1, 1) for label in REVIEW_COLUMN_LABELS]
    return Spec(
        [
            [("行政复议", 5, 2), ("行政诉讼", 10, 1)],
            [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
            [*labels, *labels, *labels],
            [(_num(v), 1, 1) for key in REVIEW_GROUP_KEYS for v in report.reviews[key]],
        ]
    )


# --------------------------------------------------------------------------------------
# Text (like the seed: tab-separated tables)
# --------------------------------------------------------------------------------------

SPECS = {"active": active_spec, "applications": applications_spec, "reviews": reviews_spec}


def render_text(report: Report) -> str:
    lines = [_title(report), "", *_paragraphs(report, "intro"), ""]
    for section in SECTIONS:
        lines.append(f"{section.number}、{section.title}")
        lines.append("")
        spec = SPECS.get(section.key)
        if spec is not None:
            for row in spec(report).grid:
                lines.append("\t".join(cell or "" for cell in row))
        else:
            lines.extend(_paragraphs(report, section.key) or ["无。"])
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# DOCX (python-docx template with real merged cells, filled per report)
# --------------------------------------------------------------------------------------


def _is_figure(cell: str) -> bool:
    return cell == "" or bool(re.fullmatch(r"\d+(?:\.\d+)?", cell))


def _add_table(document: object, spec: Spec, prefix: str) -> None:
    """A Word table for ``spec``; figure cells get placeholders ``@{prefix}r_c@``."""
    table = document.add_table(rows=spec.n_rows, cols=spec.n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # All cells at once (table.cell() recomputes the whole grid on every call); merged
    # regions do not overlap, so these stay valid while merging.
    flat = table._cells
    for (r, c), (r2, c2) in spec.extent.items():
        cell = flat[r * spec.n_cols + c]
        if (r2, c2) != (r, c):
            cell = cell.merge(flat[r2 * spec.n_cols + c2])
        text = spec.grid[r][c] or ""
        cell.text = f"@{prefix}{r}_{c}@" if _is_figure(text) else text


def _template_probe(collapsed: frozenset[str]) -> Report:
    """A report with the layout of table 三 wanted: these groups printed as one row."""
    probe = random_report(random.Random(1))
    for group in OUTCOME_GROUPS:
        probe.applications.pop(group.key, None)
        subs = group_rows(group.key)
        for key in subs:
            probe.applications[key] = [None if group.key in collapsed else 0] * 7
        if group.key in collapsed:
            probe.applications[group.key] = [0] * N_APPLICANT_COLUMNS
    return probe


@cache
def _docx_template(collapsed: frozenset[str]) -> tuple[dict[str, bytes], str]:
    import docx

    probe = _template_probe(collapsed)
    document = docx.Document()
    document.add_heading("@title@", level=1)
    document.add_paragraph("@intro@")
    for section in SECTIONS:
        document.add_paragraph(f"{section.number}、{section.title}")
        spec = SPECS.get(section.key)
        if spec is not None:
            _add_table(document, spec(probe), section.key)
        else:
            document.add_paragraph(f"@{section.key}@")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts.pop("word/document.xml").decode("utf-8")
    return parts, xml


def render_docx(report: Report) -> bytes:
    collapsed = frozenset(g.key for g in OUTCOME_GROUPS if g.key in report.applications)
    parts, xml = _docx_template(collapsed)
    values: dict[str, str] = {"title": _title(report)}
    for key in ("intro", "overview", "problems", "other"):
        values[key] = "".join(_paragraphs(report, key)) or "无。"
    for key, spec in SPECS.items():
        grid = spec(report).grid
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is not None:
                    values[f"{key}{r}_{c}"] = cell
    filled = re.sub(r"@([a-z_]+[0-9_]*)@", lambda m: escape(values.get(m.group(1), "")), xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", filled)
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# PDF (reportlab, ruled tables, labels wrapped in their cells, page breaks)
# --------------------------------------------------------------------------------------

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 56.0
FONT_SIZE = 10.5
TABLE_FONT = 9.0


@cache
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines of at most ``width`` points (CJK: one em, ASCII: half)."""
    lines: list[str] = []
    line = ""
    used = 0.0
    for ch in text:
        w = size if ord(ch) > 0x2E7F else size * 0.5
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines or [""]


class _Pdf:
    def __init__(self) -> None:
        from reportlab.pdfgen import canvas

        _register_font()
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.page = 1
        self.y = PAGE_H - MARGIN

    def new_page(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def paragraph(self, text: str, size: float = FONT_SIZE, centred: bool = False) -> None:
        lead = size * 1.6
        width = PAGE_W - 2 * MARGIN
        for line in _wrap(("" if centred else "　　") + text, width, size):
            if self.y - lead < MARGIN:
                self.new_page()
            self.canvas.setFont(FONT, size)
            if centred:
                self.canvas.drawCentredString(PAGE_W / 2, self.y - size, line)
            else:
                self.canvas.drawString(MARGIN, self.y - size, line)
            self.y -= lead

    def table(self, spec: Spec, widths: list[float]) -> None:
        scale = (PAGE_W - 2 * MARGIN) / sum(widths)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w * scale)
        lead = TABLE_FONT * 1.35
        pad = 3.0
        heights = [lead + 2 * pad] * spec.n_rows
        for (r, c), (r2, c2) in spec.extent.items():
            lines = _wrap(spec.grid[r][c] or "", xs[c2 + 1] - xs[c] - 2 * pad, TABLE_FONT)
            need = len(lines) * lead + 2 * pad
            have = sum(heights[r : r2 + 1])
            if need > have:  # grow the last row the cell spans
                heights[r2] += need - have
        starts = {(r, c): ext for (r, c), ext in spec.extent.items()}
        owner = {
            (rr, cc): (r, c)
            for (r, c), (r2, c2) in spec.extent.items()
            for rr in range(r, r2 + 1)
            for cc in range(c, c2 + 1)
        }
        canvas = self.canvas
        canvas.setLineWidth(0.5)
        for r in range(spec.n_rows):
            if r == 0 or self.y - heights[r] < MARGIN:
                if r > 0:
                    canvas.line(xs[0], self.y, xs[-1], self.y)  # close the table on this page
                    self.new_page()
                canvas.line(xs[0], self.y, xs[-1], self.y)
            top = self.y
            bottom = top - heights[r]
            canvas.line(xs[-1], top, xs[-1], bottom)
            for c in range(spec.n_cols):
                orow, ocol = owner[(r, c)]
                if ocol == c:  # a cell starts here: its left border
                    canvas.line(xs[c], top, xs[c], bottom)
                if spec.extent[(orow, ocol)][0] == r:  # a cell ends in this row: its bottom
                    canvas.line(xs[c], bottom, xs[c + 1], bottom)
            for c in range(spec.n_cols):
                if (r, c) not in starts:
                    continue
                r2, c2 = starts[(r, c)]
                text = spec.grid[r][c] or ""
                lines = _wrap(text, xs[c2 + 1] - xs[c] - 2 * pad, TABLE_FONT)
                block = len(lines) * lead
                span_h = min(sum(heights[r : r2 + 1]), top - MARGIN)
                offset = max(pad, (span_h - block) / 2)
                canvas.setFont(FONT, TABLE_FONT)
                for i, line in enumerate(lines):
                    y = top - offset - (i + 1) * lead + 3
                    if _is_figure(text) or c2 > c + 2:
                        canvas.drawCentredString((xs[c] + xs[c2 + 1]) / 2, y, line)
                    else:
                        canvas.drawString(xs[c] + pad, y, line)
            self.y = bottom
        self.y -= 8

    def finish(self) -> bytes:
        self.new_page()
        self.canvas.save()
        return self.buffer.getvalue()


#: Relative column widths: the label columns of table 三 are narrow, as in published PDFs,
#: so long labels wrap inside their cells.
WIDTHS = {
    "active": [3.0, 2.0, 2.0, 2.0],
    "applications": [1.0, 1.3, 4.0, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1],
    "reviews": [1.0] * 15,
}


def render_pdf(report: Report) -> bytes:
    pdf = _Pdf()
    pdf.paragraph(_title(report), size=16, centred=True)
    for text in _paragraphs(report, "intro"):
        pdf.paragraph(text)
    for section in SECTIONS:
        pdf.paragraph(f"{section.number}、{section.title}", size=12)
        spec = SPECS.get(section.key)
        if spec is not None:
            pdf.table(spec(report), WIDTHS[section.key])
        else:
            for text in _paragraphs(report, section.key) or ["无。"]:
                pdf.paragraph(text)
    return pdf.finish()


__all__ = [
    "Spec",
    "expected_json",
    "random_report",
    "render_docx",
    "render_pdf",
    "render_text",
]
