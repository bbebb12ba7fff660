"""pdfium without the machine's CJK fonts while it extracts a text layer.

A PDF may name a font without embedding it (reportlab's ``STSong-Light``, some Word
exports). pdfium then substitutes an installed font, and measures every glyph with it.
For text extraction the substitute buys nothing — the characters come from the PDF's
own encoding (the Adobe-GB1 maps for Chinese fonts) — and costs a lot where a CJK font
is installed: with Debian's ``fonts-noto-cjk`` pdfium loads a 20–26 MB OpenType
collection and measures its glyphs on every page, about 45 ms for a two-page report
against 4 ms without it.

:func:`text_only` installs, once, a font source for pdfium that hands every request to
pdfium's default system-font source, except while a text layer is extracted inside
``with text_only():``. Then a Chinese, Japanese or Korean font is not looked up by name,
and the installed CJK font pdfium would fall back to is replaced by a small Latin one
(Liberation Sans or Arial): the text layer is then character for character the one a
machine without fonts gives (checked on every PDF of the tests and the bench). Where no
such font is installed, the request goes to the default source as before. Rendering
(OCR rasterises pages) still gets the installed fonts. pdfium is not thread-safe, so
neither is this (one document at a time per process, as pypdfium2 requires).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

_INFO = pdfium_c.FPDF_SYSFONTINFO
_TYPES: dict[str, Any] = dict(_INFO._fields_)
#: Small fonts, one of which most systems have, lent to a CJK font while text is extracted.
_LATIN_FACES = (b"Liberation Sans", b"Arial", b"Liberation Serif", b"Times New Roman")
#: The charsets of Chinese, Japanese and Korean fonts (the large ones).
_CJK_CHARSETS = frozenset(
    {
        pdfium_c.FXFONT_SHIFTJIS_CHARSET,
        pdfium_c.FXFONT_HANGEUL_CHARSET,
        pdfium_c.FXFONT_GB2312_CHARSET,
        pdfium_c.FXFONT_CHINESEBIG5_CHARSET,
    }
)


class _Fonts:
    """The font source installed in pdfium: the default one, CJK fonts left out on demand."""

    def __init__(self) -> None:
        self.extracting = False
        self.refused = False
        self.default = pdfium_c.FPDF_GetDefaultSystemFontInfo()
        info = _INFO()
        info.version = 1
        # the callbacks are kept on this object: pdfium holds only their addresses
        self.callbacks = {
            "Release": _TYPES["Release"](self._release),
            "EnumFonts": _TYPES["EnumFonts"](self._enum_fonts),
            "MapFont": _TYPES["MapFont"](self._map_font),
            "GetFont": _TYPES["GetFont"](self._get_font),
            "GetFontData": _TYPES["GetFontData"](self._get_font_data),
            "GetFaceName": _TYPES["GetFaceName"](self._get_face_name),
            "GetFontCharset": _TYPES["GetFontCharset"](self._get_font_charset),
            "DeleteFont": _TYPES["DeleteFont"](self._delete_font),
        }
        for name, callback in self.callbacks.items():
            setattr(info, name, callback)
        self.info = info

    def _release(self, this: Any) -> None:
        pass  # the default source lives as long as the process

    def _enum_fonts(self, this: Any, mapper: Any) -> None:
        self.default.contents.EnumFonts(self.default, mapper)

    def _map_font(
        self, this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any
    ) -> Any:
        if self.extracting and charset in _CJK_CHARSETS:
            # not found by name: pdfium then asks for the installed font of this charset
            self.refused = True
            return None
        return self.default.contents.MapFont(
            self.default, weight, italic, charset, pitch, face, exact
        )

    def _get_font(self, this: Any, face: Any) -> Any:
        if self.extracting and self.refused:
            # the CJK font pdfium falls back to: lend it a small one for the metrics
            self.refused = False
            for name in _LATIN_FACES:
                font = self.default.contents.GetFont(self.default, name)
                if font:
                    return font
        return self.default.contents.GetFont(self.default, face)

    def _get_font_data(self, this: Any, font: Any, table: int, buffer: Any, size: int) -> int:
        return int(self.default.contents.GetFontData(self.default, font, table, buffer, size))

    def _get_face_name(self, this: Any, font: Any, buffer: Any, size: int) -> int:
        return int(self.default.contents.GetFaceName(self.default, font, buffer, size))

    def _get_font_charset(self, this: Any, font: Any) -> int:
        return int(self.default.contents.GetFontCharset(self.default, font))

    def _delete_font(self, this: Any, font: Any) -> None:
        self.default.contents.DeleteFont(self.default, font)


_FONTS: _Fonts | None = None


def _installed() -> _Fonts | None:
    global _FONTS
    if _FONTS is None:
        fonts = _Fonts()
        if not fonts.default:  # no default source on this platform: nothing to switch off
            return None
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(fonts.info))
        _FONTS = fonts
    return _FONTS


@contextmanager
def text_only() -> Iterator[None]:
    """pdfium offers no installed CJK font to the documents loaded inside this block."""
    fonts = _installed()
    if fonts is None:
        yield
        return
    outer = fonts.extracting
    fonts.extracting = True
    try:
        yield
    finally:
        fonts.extracting = outer


__all__ = ["text_only"]
