"""Redaction for 部分公开 (条例第三十七条): what is under a box is gone from the output.

Each page is rasterised (PDFium), the boxes are painted black on the image, and the page's
text *outside* every box is put back as an invisible text layer at its original position, so the
released document can still be searched and copied. Nothing of the original page is carried
over: not its text objects, fonts, annotations, form fields, attachments, metadata or
JavaScript. A character that touches a box is dropped whole. Pages that are rotated or whose
crop box is not at the origin get no text layer (image only): nothing is guessed.

Each box carries a legal ground (a key of :data:`~.letters.GROUND_BY_KEY`: 第十四、十五、十六条
…); the ground's article is printed in the box, and :func:`withheld_parts` turns the boxes into
the list the reply letter prints (:func:`~.letters.reply_letter`, ``withheld=``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .letters import GROUND_BY_KEY, WithheldPart

DEFAULT_DPI = 150
#: Characters within this many points of a box count as touching it.
MARGIN = 0.5
LABEL_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
#: The CID font of the text layer (Adobe-GB1; viewers and poppler-data map it to Unicode).
TEXT_LAYER_FONT = "STSong-Light"


class RedactionError(ValueError):
    """The document or the boxes cannot be redacted (Chinese message for the staff page)."""


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in PDF points from the page's top-left corner (as pdfplumber
    measures: ``top`` grows downwards)."""

    page: int  # 1-based page number
    x0: float
    top: float
    x1: float
    bottom: float
    ground: str
    note: str = ""  # what is withheld, for the reply letter ("申请人以外自然人的身份证号码")

    @property
    def ground_label(self) -> str:
        ground = GROUND_BY_KEY.get(self.ground)
        return f"{ground.label}（{ground.basis}）" if ground else self.ground

    def touches(self, x0: float, top: float, x1: float, bottom: float) -> bool:
        return not (
            x1 < self.x0 - MARGIN
            or x0 > self.x1 + MARGIN
            or bottom < self.top - MARGIN
            or top > self.bottom + MARGIN
        )


@dataclass(frozen=True)
class RedactionResult:
    pdf: bytes
    pages: int
    boxes: tuple[Box, ...]
    #: pages that got no text layer (rotated, offset crop box)
    image_only_pages: tuple[int, ...]


def check_boxes(boxes: Sequence[Box], page_sizes: Sequence[tuple[float, float]]) -> None:
    for box in boxes:
        if box.ground not in GROUND_BY_KEY:
            raise RedactionError(f"第{box.page}页的遮盖框没有选择不予公开的理由。")
        if not 1 <= box.page <= len(page_sizes):
            raise RedactionError(f"文件没有第{box.page}页。")
        width, height = page_sizes[box.page - 1]
        if not (0 <= box.x0 < box.x1 <= width + 1 and 0 <= box.top < box.bottom <= height + 1):
            raise RedactionError(f"第{box.page}页的遮盖框超出了页面范围或者大小为零。")


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page, as displayed."""
    document = _open(data)
    try:
        return [_size(document[i]) for i in range(len(document))]
    finally:
        document.close()


def _size(page: Any) -> tuple[float, float]:
    width, height = page.get_size()
    return float(width), float(height)


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RedactionError("PDF 文件无法打开（已损坏或已加密）。") from exc


def _label_font(size: int) -> Any:
    from PIL import ImageFont

    for candidate in LABEL_FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size=size, index=2)  # index 2: SC
    return None


def _paint(image: Any, boxes: Sequence[Box], scale: float) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for box in boxes:
        rect = (
            int(box.x0 * scale) - 1,
            int(box.top * scale) - 1,
            int(box.x1 * scale + 1.999) + 1,
            int(box.bottom * scale + 1.999) + 1,
        )
        draw.rectangle(rect, fill=(0, 0, 0))
        label = GROUND_BY_KEY[box.ground].basis.replace("《条例》", "")
        height = rect[3] - rect[1]
        size = min(int(height * 0.6), int(14 * scale))
        font = _label_font(size) if size >= 8 else None
        if font is not None and draw.textlength(label, font=font) < rect[2] - rect[0] - 4:
            draw.text(
                (rect[0] + 3, rect[1] + (height - size) / 2), label, fill=(255, 255, 255), font=font
            )


def _grey_if_possible(image: Any) -> Any:
    from PIL import ImageChops

    red, green, blue = image.split()
    if (
        ImageChops.difference(red, green).getbbox() is None
        and ImageChops.difference(green, blue).getbbox() is None
    ):
        return red
    return image


def _chars(data: bytes) -> list[list[dict[str, Any]]]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [{k: c[k] for k in ("text", "x0", "x1", "top", "bottom", "size")} for c in page.chars]
            for page in pdf.pages
        ]


def redact_pdf(data: bytes, boxes: Sequence[Box], *, dpi: int = DEFAULT_DPI) -> RedactionResult:
    """A new PDF with every page rasterised, the boxes painted, and the text outside the boxes
    as an invisible layer."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    # binary streams: reportlab's ASCII85 encoder is pure Python without its C accelerator
    # (seconds per page image); binary image streams are ordinary PDF
    rl_config.useA85 = 0
    document = _open(data)
    try:
        sizes = [_size(document[i]) for i in range(len(document))]
        check_boxes(boxes, sizes)
        chars = _chars(data)
        if TEXT_LAYER_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(TEXT_LAYER_FONT))
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pageCompression=1, invariant=1)
        pdf.setTitle("")
        pdf.setAuthor("")
        pdf.setSubject("")
        pdf.setCreator("gongkai")
        pdf.setProducer("gongkai")
        scale = dpi / 72
        image_only: list[int] = []
        for index in range(len(document)):
            number = index + 1
            page = document[index]
            page_boxes = [b for b in boxes if b.page == number]
            bitmap = page.render(scale=scale, may_draw_forms=True)
            image = bitmap.to_pil().convert("RGB")
            _paint(image, page_boxes, scale)
            width, height = sizes[index]
            if (image.width > image.height) != (width > height):
                width, height = height, width
            pdf.setPageSize((width, height))
            # the pixels go in as they are (Flate-compressed), no PNG round trip; a page
            # without colour as greyscale (a third of the size)
            pdf.drawImage(ImageReader(_grey_if_possible(image)), 0, 0, width, height)
            crop = page.get_cropbox()
            media = page.get_mediabox()
            if page.get_rotation() % 360 or tuple(crop[:2]) != tuple(media[:2]):
                image_only.append(number)
            else:
                _text_layer(pdf, chars[index], page_boxes, height)
            pdf.showPage()
            page.close()
        pdf.save()
    finally:
        document.close()
    return RedactionResult(out.getvalue(), len(sizes), tuple(boxes), tuple(image_only))


def _text_layer(
    pdf: Any, chars: Sequence[dict[str, Any]], boxes: Sequence[Box], height: float
) -> None:
    text = pdf.beginText()
    text.setTextRenderMode(3)  # invisible: searchable and copyable, drawn by the image
    for char in chars:
        if not char["text"].strip():
            continue
        if any(box.touches(char["x0"], char["top"], char["x1"], char["bottom"]) for box in boxes):
            continue
        size = max(float(char["size"]), 1.0)
        text.setFont(TEXT_LAYER_FONT, size)
        # baseline about 12% of the size above the glyph box's bottom
        text.setTextOrigin(char["x0"], height - char["bottom"] + size * 0.12)
        text.textOut(char["text"])
    pdf.drawText(text)


def withheld_parts(boxes: Sequence[Box]) -> list[WithheldPart]:
    """The boxes as the reply letter lists them: one line per page and ground, in page order."""
    grouped: dict[tuple[int, str], list[str]] = {}
    for box in sorted(boxes, key=lambda b: (b.page, b.top, b.x0)):
        notes = grouped.setdefault((box.page, box.ground), [])
        if box.note and box.note not in notes:
            notes.append(box.note)
    parts = []
    for (page, ground), notes in grouped.items():
        what = "、".join(notes) if notes else "遮盖部分"
        parts.append(WithheldPart(f"第{page}页 {what}", ground))
    return parts
