"""PDF in the official layout, and HTML letters as PDF (WeasyPrint).

``render_pdf(report)`` lays the report out as :func:`~.html.render_article` does for the
portal, printed on A4 portrait with the margins of 《党政机关公文格式》(GB/T 9704-2012): top
37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title centred in a 小标宋-style face
(二号, 22 pt); the six section headings in 黑体 三号 (16 pt); the body in 仿宋 三号 with a
two-character first-line indent; tables in 仿宋 (五号 for table 二, 小五 for the wide tables
三 and 四) with the merged header cells of the national template, header rows repeated on
every page a table runs over, page numbers “— N —” at the foot of each page.

Fonts: the official faces (方正小标宋简体, 黑体, 仿宋_GB2312) are used when installed; on a
free system the Noto CJK faces of Debian's ``fonts-noto-cjk`` stand in (Noto Serif CJK SC
for the body, Noto Sans CJK SC for headings). The glyphs used are embedded (subset) in the
PDF, so the file prints and reads the same on any machine.

``html_to_pdf(html, base_url=…)`` prints any HTML page (notices and replies to applicants)
with the same fonts. Only ``data:`` URLs and files under ``base_url`` (a local directory)
are fetched: a letter never makes the server request a network address.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from ..model import Report
from ..render import outline
from .html import render_article

#: Font stacks: the official faces first, the free Noto CJK faces as stand-ins.
TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
HEADING_FONTS = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'
BODY_FONTS = '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif'

#: The Debian package that provides the free stand-in faces.
FONT_PACKAGE = "fonts-noto-cjk"

PRINT_STYLE = f"""\
@page {{
  size: A4 portrait;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {BODY_FONTS}; font-size: 14pt; }}
}}
html {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 1.5; color: #000; }}
body {{ margin: 0; }}
h1 {{ font-family: {TITLE_FONTS}; font-size: 22pt; font-weight: normal; text-align: center;
      line-height: 1.4; margin: 0 0 1em 0; }}
h2 {{ font-family: {HEADING_FONTS}; font-size: 16pt; font-weight: normal; margin: 0.6em 0 0.2em 0;
      page-break-after: avoid; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
table.annual-table {{ border-collapse: collapse; width: 100%; margin: 0.5em 0 0.8em 0;
                      font-size: 9pt; line-height: 1.3; }}
table#table-2 {{ font-size: 10.5pt; }}
table.annual-table caption {{ font-family: {HEADING_FONTS}; font-size: 12pt; margin-bottom: 0.3em;
                              text-align: center; }}
table.annual-table thead {{ display: table-header-group; }}
table.annual-table tr {{ page-break-inside: avoid; }}
table.annual-table th, table.annual-table td {{ border: 0.75pt solid #000;
                                                padding: 1.5pt 2pt; vertical-align: middle; }}
table.annual-table th {{ font-weight: normal; text-align: left; }}
table.annual-table thead th {{ text-align: center; }}
table.annual-table td.num {{ text-align: center; }}
table#table-3 td.num {{ width: 7.5%; }}
"""

LETTER_STYLE = f"""\
@page {{ size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }}
html {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 1.5; }}
h1, h2, h3 {{ font-family: {HEADING_FONTS}; font-weight: normal; }}
"""


def _page(title: str, article: str, agency: str | None) -> str:
    meta = f'<meta name="author" content="{escape(agency)}">' if agency else ""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{meta}<style>{PRINT_STYLE}</style></head>"
        f"<body>{article}</body></html>"
    )


def render_pdf(report: Report, narrative: Mapping[str, str] | None = None) -> bytes:
    """The report as an A4 PDF in the official layout, fonts embedded."""
    doc = outline(report, narrative)
    html = _page(doc.title, render_article(doc), report.agency)
    return _write(html, base_url=None, stylesheets=())


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """An HTML page (a letter) as an A4 PDF with the platform's Chinese fonts.

    The page's own styles apply over a default of A4, GB/T 9704 margins, 仿宋 三号 body
    and 黑体 headings. ``base_url`` (a local directory or ``file:`` URL) resolves relative
    links such as a seal image; nothing outside it, and no network address, is fetched.
    """
    return _write(html, base_url=base_url, stylesheets=(LETTER_STYLE,))


def _write(html: str, *, base_url: str | None, stylesheets: tuple[str, ...]) -> bytes:
    # Imported here: WeasyPrint (Pango, fonts) takes a moment to load and only the PDF
    # writer needs it.
    from PIL import ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint  # type: ignore[import-untyped]

    # Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would
    # let damaged uploads pass the platform's image check: put it back.
    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    # WeasyPrint reports each layout step at INFO: not worth a log line per document.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    root = _local_root(base_url)
    base = root.as_uri() + "/" if root is not None else None
    fetcher = _local_fetcher(root)
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    styles = [weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    data: bytes = document.write_pdf(stylesheets=styles)
    return data


def _local_root(base_url: str | None) -> Path | None:
    if not base_url:
        return None
    parsed = urllib.parse.urlparse(base_url)
    if parsed.scheme in ("", "file"):
        path = Path(urllib.parse.unquote(parsed.path if parsed.scheme else base_url))
        if path.is_file():
            path = path.parent
        return path.resolve()
    raise ValueError(f"base_url must be a local directory, not {base_url!r}")


def _local_fetcher(root: Path | None) -> Any:
    """A WeasyPrint fetcher of ``data:`` URLs and of files under ``root``, nothing else."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                parsed = urllib.parse.urlparse(url)
                path = Path(urllib.parse.unquote(parsed.path)).resolve()
                inside = root is not None and (path == root or root in path.parents)
                if parsed.scheme != "file" or not inside:
                    raise ValueError(f"not fetched (outside the letter's folder): {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


__all__ = ["FONT_PACKAGE", "html_to_pdf", "render_pdf"]
