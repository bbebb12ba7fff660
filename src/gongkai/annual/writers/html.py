"""HTML for the portal: semantic, accessible tables with the template's merged cells.

``render_html(report)`` gives a fragment (an ``<article>`` to embed in a page);
``render_html(report, full_page=True)`` a whole UTF-8 document with a small print-friendly
style and the article meta tags of 《政府网站发展指引》（国办发〔2017〕47号）.

Tables use ``<caption>``, ``<thead>``/``<tbody>``, ``<th scope="col|colgroup|row|rowgroup">``
and ``rowspan``/``colspan`` exactly as the national template merges its cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ..model import Report
from ..render import Grid, GridCell, Outline, outline

STYLE = """\
body { font-family: "FangSong", "仿宋", "仿宋_GB2312", serif; max-width: 60em; margin: 2em auto;
       padding: 0 1em; line-height: 1.8; color: #111; }
h1 { font-family: "SimHei", "黑体", sans-serif; text-align: center; font-size: 1.6em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 1.2em; margin-top: 1.5em; }
p { text-indent: 2em; margin: 0.4em 0; }
table.annual-table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.85em; }
table.annual-table caption { font-weight: bold; margin-bottom: 0.4em; }
table.annual-table th, table.annual-table td { border: 1px solid #333; padding: 0.2em 0.4em; }
table.annual-table th { font-weight: normal; text-align: left; }
table.annual-table thead th { text-align: center; font-weight: bold; }
table.annual-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""

TABLE_IDS = {"active": "table-2", "applications": "table-3", "reviews": "table-4"}
TABLE_NUMBERS = {"active": "二", "applications": "三", "reviews": "四"}


def _attrs(cell: GridCell) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.header and cell.scope:
        attrs += f' scope="{cell.scope}"'
    if cell.numeric:
        attrs += ' class="num"'
    return attrs


def render_table(grid: Grid, *, indent: str = "") -> str:
    """One ``<table>`` with its caption, header rows and merged cells."""
    number = TABLE_NUMBERS[grid.key]
    lines = [
        f'{indent}<table class="annual-table" id="{TABLE_IDS[grid.key]}">',
        f"{indent}  <caption>表{number}　{escape(grid.caption)}</caption>",
    ]
    rows = grid.rows()
    body_started = False
    if grid.header_rows:
        lines.append(f"{indent}  <thead>")
    for i, row in enumerate(rows):
        if i == grid.header_rows and not body_started:
            if grid.header_rows:
                lines.append(f"{indent}  </thead>")
            lines.append(f"{indent}  <tbody>")
            body_started = True
        cells = "".join(
            f"<{'th' if c.header else 'td'}{_attrs(c)}>{escape(c.text)}"
            f"</{'th' if c.header else 'td'}>"
            for c in row
        )
        lines.append(f"{indent}    <tr>{cells}</tr>")
    lines += [f"{indent}  </tbody>", f"{indent}</table>"]
    return "\n".join(lines)


def render_article(doc: Outline) -> str:
    lines = ['<article class="annual-report">', f"  <h1>{escape(doc.title)}</h1>"]
    for section in doc.sections:
        lines.append(f'  <section id="part-{section.number}">')
        lines.append(f"    <h2>{escape(section.heading)}</h2>")
        lines += [f"    <p>{escape(p)}</p>" for p in section.paragraphs]
        if section.table is not None:
            lines.append(render_table(section.table, indent="    "))
        lines.append("  </section>")
    lines.append("</article>")
    return "\n".join(lines) + "\n"


def render_html(
    report: Report, narrative: Mapping[str, str] | None = None, *, full_page: bool = False
) -> str:
    """The report as HTML: an ``<article>`` fragment, or a whole page with ``full_page``."""
    doc = outline(report, narrative)
    article = render_article(doc)
    if not full_page:
        return article
    title = escape(doc.title)
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="ArticleTitle" content="{title}">',
        '<meta name="ColumnName" content="政府信息公开年报">',
    ]
    if report.agency:
        meta.append(f'<meta name="ContentSource" content="{escape(report.agency)}">')
    head = "\n".join(f"  {m}" for m in meta)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        f"{head}\n"
        f"  <title>{title}</title>\n"
        f"  <style>\n{STYLE}  </style>\n"
        "</head>\n"
        "<body>\n"
        f"{article}"
        "</body>\n"
        "</html>\n"
    )


__all__ = ["render_article", "render_html", "render_table"]
