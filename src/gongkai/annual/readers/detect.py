"""What kind of file a report is, by its content; and how its text is encoded.

The file name's extension is only a hint: published reports are often saved with the
wrong one (an HTML page saved as ``.doc``, a DOCX renamed ``.zip``), so the bytes decide.
Chinese reports saved as text are often GBK/GB18030 rather than UTF-8.

The file-level reasons a file cannot be read (damaged, scanned, unsupported type) are
kinds of :class:`~.errors.NotAReport`, so callers handle a single exception.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import ClassVar, Literal

from .errors import NotAReport

Kind = Literal["pdf", "docx", "html", "text", "json"]

# --------------------------------------------------------------------------------------
# File-level reasons (kinds of NotAReport)
# --------------------------------------------------------------------------------------


class UnsupportedFile(NotAReport):
    """A file type the readers do not handle (old .doc, spreadsheets, images, archives…)."""

    kind: ClassVar[str] = "unsupported"
    default_reason: ClassVar[str] = (
        "不支持的文件类型：只能读取 PDF、DOCX、HTML 和文本格式的年度报告 "
        "(unsupported file type: only PDF, DOCX, HTML and text reports can be read)"
    )


class DamagedFile(NotAReport):
    """The file claims a type but its content is broken (truncated PDF, corrupt zip…)."""

    kind: ClassVar[str] = "damaged"
    default_reason: ClassVar[str] = (
        "文件已损坏，无法打开 (the file is damaged and cannot be opened)"
    )


class EncryptedFile(NotAReport):
    """A password-protected PDF or DOCX."""

    kind: ClassVar[str] = "encrypted"
    default_reason: ClassVar[str] = (
        "文件已加密（有密码保护），无法读取 (the file is encrypted with a password)"
    )


class ScannedPdf(NotAReport):
    """A PDF made of page images: there is no text to read without OCR."""

    kind: ClassVar[str] = "scanned-pdf"
    default_reason: ClassVar[str] = (
        "扫描版 PDF，没有文字层，无法读取（需要先进行文字识别） "
        "(a scanned PDF without a text layer: run OCR first)"
    )


class EmptyFile(NotAReport):
    kind: ClassVar[str] = "empty"
    default_reason: ClassVar[str] = "文件是空的 (the file is empty)"


OLD_WORD_REASON = (
    "不支持旧版 Word .doc 格式，请另存为 .docx "
    "(old binary Word .doc files are not supported: save the file as .docx)"
)

# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------

#: Magic numbers of formats that are certainly not a report we can read.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片 (a PNG image)"),
    (b"\xff\xd8\xff", "JPEG 图片 (a JPEG image)"),
    (b"GIF87a", "GIF 图片 (a GIF image)"),
    (b"GIF89a", "GIF 图片 (a GIF image)"),
    (b"II*\x00", "TIFF 图片 (a TIFF image)"),
    (b"MM\x00*", "TIFF 图片 (a TIFF image)"),
    (b"Rar!\x1a\x07", "RAR 压缩包 (a RAR archive)"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包 (a 7z archive)"),
    (b"\x1f\x8b", "gzip 压缩文件 (a gzip file)"),
    (b"{\\rtf", "RTF 文档，请另存为 .docx (an RTF document: save it as .docx)"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(
    rb"<(?:p|div|table|tr|td|th|br|span|body|html|meta|title|h[1-6])\b[^>]*>", re.I
)


def detect(data: bytes, name: str = "") -> Kind:
    """The kind of ``data``; raises a :class:`NotAReport` kind for what cannot be read.

    ``name`` (a file name) only breaks ties, e.g. a text file whose content could also
    be read as HTML.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFile(source=name)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        # Old binary Office (Word .doc, Excel .xls, or an encrypted .docx stored in OLE).
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise EncryptedFile(source=name)
        if (
            b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data
            or name.lower().endswith(".doc")
        ):
            raise UnsupportedFile(OLD_WORD_REASON, source=name)
        raise UnsupportedFile(
            "不支持旧版 Office 文件（.doc/.xls），请另存为 .docx "
            "(old binary Office files are not supported: save as .docx)",
            source=name,
        )
    if head.startswith(b"PK"):
        return _detect_zip(data, name)
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFile(
                f"不支持的文件类型：{what}；只能读取 PDF、DOCX、HTML 和文本 "
                f"(unsupported file type)",
                source=name,
            )
    text_head = _ascii_view(head)
    if _HTML_START.match(text_head) or len(_HTML_TAG.findall(_ascii_view(data[:65536]))) >= 3:
        return "html"
    if text_head.lstrip().startswith(b"{") and b'"format"' in _ascii_view(data[:4096]):
        return "json"
    if looks_binary(data):
        raise UnsupportedFile(source=name)
    return "text"


def _ascii_view(data: bytes) -> bytes:
    """UTF-16 text with a BOM as its ASCII bytes, so tag and magic searches work on it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[2:].replace(b"\x00", b"")
    return data


def _detect_zip(data: bytes, name: str) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        if name.lower().endswith(".docx"):
            raise DamagedFile(
                "DOCX 文件已损坏，无法打开 (the DOCX file is damaged)", source=name
            ) from exc
        raise DamagedFile(
            "压缩文件（ZIP/DOCX）已损坏，无法打开 (the zip/DOCX file is damaged)", source=name
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnsupportedFile(
            "不支持 Excel 文件，请提供报告全文（PDF、DOCX、HTML 或文本） "
            "(Excel files are not supported: give the full report)",
            source=name,
        )
    if "content.xml" in names:
        raise UnsupportedFile(
            "不支持 OpenDocument 文件，请另存为 .docx "
            "(OpenDocument files are not supported: save as .docx)",
            source=name,
        )
    raise UnsupportedFile(
        "这是一个压缩包，不是年度报告文件，请解压后逐个读取 "
        "(a zip archive, not a report file: unpack it first)",
        source=name,
    )


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text in any encoding we decode (control bytes, NULs)."""
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return not _utf16_without_bom(sample)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100)


#: C0 control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _utf16_without_bom(sample: bytes) -> bool:
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(even_nuls, odd_nuls) > half * 0.3 and min(even_nuls, odd_nuls) < half * 0.05


# --------------------------------------------------------------------------------------
# Text encodings
# --------------------------------------------------------------------------------------


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode text: a BOM wins, then UTF-8, then the declared encoding, then GB18030.

    GB18030 is a superset of GBK and GB2312, the encodings Chinese government sites and
    Windows Notepad used before UTF-8. A byte sequence no encoding accepts is replaced
    (U+FFFD) rather than failing: the recogniser decides whether what is left is a report.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return data.decode("utf-32", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096] and _utf16_without_bom(data[:4096]):
        even_nuls = data[:4096][0::2].count(0)
        odd_nuls = data[:4096][1::2].count(0)
        return data.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _candidates(declared):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _candidates(declared: str | None) -> list[str]:
    out: list[str] = []
    if declared:
        try:
            name = codecs.lookup(declared.strip()).name
        except LookupError:
            name = ""
        # gb2312/gbk declarations are read as their superset GB18030.
        if name in {"gb2312", "gbk", "euc_cn", "hz"}:
            name = "gb18030"
        if name and name not in {"utf-8", "utf_8"}:
            out.append(name)
    if "gb18030" not in out:
        out.append("gb18030")
    out.append("big5")
    return out


__all__ = [
    "OLD_WORD_REASON",
    "DamagedFile",
    "EmptyFile",
    "EncryptedFile",
    "Kind",
    "ScannedPdf",
    "UnsupportedFile",
    "decode_text",
    "detect",
    "looks_binary",
]
