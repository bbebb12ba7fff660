"""Scanned copies of reports, made here: rasterised, turned, noised, stamped, smudged."""

from __future__ import annotations

import io
import random
from functools import cache

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def page_images(pdf: bytes, dpi: int) -> list[Image.Image]:
    """The pages rendered in gray (copies: callers draw on them)."""
    return [image.copy() for image in _rendered(pdf, dpi)]


@cache
def _rendered(pdf: bytes, dpi: int) -> tuple[Image.Image, ...]:
    # rendered once per run: several scans are made of the same report
    doc = pdfium.PdfDocument(pdf)
    try:
        return tuple(doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc)))
    finally:
        doc.close()


def scan(
    pdf: bytes,
    *,
    dpi: int = 150,
    angle: float = 0.0,
    noise: float = 0.0,
    jpeg: int = 75,
    stamp: bool = False,
    pages: list[int] | None = None,
    seed: int = 1,
) -> bytes:
    """An image-only PDF of ``pdf``'s pages (all, or the 0-based ``pages``)."""
    rng = random.Random(seed)
    images = page_images(pdf, dpi)
    if pages is not None:
        images = [images[i] for i in pages]
    out: list[Image.Image] = []
    for image in images:
        if stamp:  # a red seal over the upper right of the page, as on a signed copy
            rgb = image.convert("RGB")
            draw = ImageDraw.Draw(rgb, "RGBA")
            w, h = rgb.size
            r = int(0.09 * w)
            cx, cy = int(0.72 * w), int(0.38 * h)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30, 150), width=6)
            draw.regular_polygon((cx, cy, r // 3), 5, fill=(220, 30, 30, 110))
            image = rgb.convert("L")
        if angle:
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if noise:
            pixels = image.load()
            w, h = image.size
            for _ in range(int(noise * w * h)):
                x, y = rng.randrange(w), rng.randrange(h)
                pixels[x, y] = rng.choice((0, 90, 200))
            image = image.filter(ImageFilter.GaussianBlur(0.4))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=jpeg)
        out.append(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    target = io.BytesIO()
    out[0].save(target, "PDF", save_all=True, append_images=out[1:], resolution=dpi)
    return target.getvalue()


def smudge(pdf: bytes, text: str, *, dpi: int = 150, page_hint: int | None = None) -> bytes:
    """The PDF with the first printed ``text`` (a figure) blotted out by an ink smudge."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            if page_hint is not None and number != page_hint:
                continue
            words = [w for w in page.extract_words() if w["text"] == text]
            if words:
                word = words[0]
                box = (word["x0"], word["top"], word["x1"], word["bottom"])
                break
        else:
            raise ValueError(f"{text!r} not printed")
    images = page_images(pdf, dpi)
    scale = dpi / 72
    draw = ImageDraw.Draw(images[number])
    x0, y0, x1, y1 = (v * scale for v in box)
    draw.rectangle((x0 + 1, y0 + 2, x1 - 1, y1 - 2), fill=40)
    target = io.BytesIO()
    rgb = [i.convert("RGB") for i in images]
    rgb[0].save(target, "PDF", save_all=True, append_images=rgb[1:], resolution=dpi)
    return target.getvalue()
