"""Checking uploaded files by their content, before anything is stored.

:func:`validate_upload` reads the file (never trusting its name or the browser's content
type), recognises the kind from the bytes, and opens it far enough to refuse damaged or
hostile files: a PDF that PDFium cannot open or that is encrypted, a DOCX/XLSX whose ZIP
container is damaged, encrypted, expands too far (a zip bomb) or lacks its main part, an
image that does not decode or is too large in pixels. Each refusal is a
:class:`~django.core.exceptions.ValidationError` with a Chinese message and a stable code.

Used for record attachments and for files applicants upload.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    content_type: str
    suffix: str


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("pdf", "PDF", "application/pdf", ".pdf"),
        Kind(
            "docx",
            "Word（DOCX）",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        Kind(
            "xlsx",
            "Excel（XLSX）",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        Kind("png", "PNG", "image/png", ".png"),
        Kind("jpeg", "JPEG", "image/jpeg", ".jpg"),
    )
}

#: A ZIP container (DOCX/XLSX) may not expand beyond this, nor any member beyond RATIO times
#: its compressed size, nor hold more than MAX_MEMBERS members.
ZIP_MAX_EXPANDED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_MAX_MEMBERS = 5000
#: Images beyond this many pixels are refused (a decompression bomb).
IMAGE_MAX_PIXELS = 60_000_000

_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_OOXML_CONTENT_TYPE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_MACRO_CONTENT_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def kind_labels(kinds: set[str] | frozenset[str] | list[str] | tuple[str, ...]) -> str:
    return "、".join(KINDS[k].label for k in KINDS if k in kinds)


def _read_all(file: IO[bytes] | Any, max_bytes: int) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = file.read(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise _refuse(
                _("文件过大：不能超过 %(limit)s。") % {"limit": format_size(max_bytes)},
                "too_large",
            )
        parts.append(chunk)
    if hasattr(file, "seek"):
        file.seek(0)
    return b"".join(parts)


def format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB" if n % (1024 * 1024) == 0 else f"{n / 1048576:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"


def sniff(data: bytes) -> str | None:
    """The kind the leading bytes announce ("zip" for any ZIP container), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def validate_upload(
    file: IO[bytes] | Any, *, kinds: set[str] | frozenset[str] | tuple[str, ...], max_bytes: int
) -> str:
    """The kind of ``file`` (a key of :data:`KINDS` within ``kinds``), or ValidationError.

    ``file`` is any binary file object (Django's ``UploadedFile`` included); it is read from
    the start and rewound.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise _refuse(
            _("文件过大：不能超过 %(limit)s。") % {"limit": format_size(max_bytes)}, "too_large"
        )
    data = _read_all(file, max_bytes)
    if not data:
        raise _refuse(_("文件是空的。"), "empty")
    allowed = kind_labels(kinds)
    sniffed = sniff(data)
    if sniffed is None:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise _refuse(
                _("不支持旧版 Office 文件（DOC/XLS），请另存为 %(allowed)s 后上传。")
                % {"allowed": allowed},
                "old_office",
            )
        raise _refuse(
            _("不支持的文件类型，只能上传 %(allowed)s 文件。") % {"allowed": allowed},
            "unsupported",
        )
    if sniffed == "zip":
        kind = _check_ooxml(data, kinds)
    else:
        if sniffed not in kinds:
            raise _refuse(
                _("不支持的文件类型（%(kind)s），只能上传 %(allowed)s 文件。")
                % {"kind": KINDS[sniffed].label, "allowed": allowed},
                "unsupported",
            )
        kind = sniffed
        if kind == "pdf":
            _check_pdf(data)
        else:
            _check_image(data, kind)
    return kind


def _check_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-2048:]:
        raise _refuse(_("PDF 文件不完整或已损坏（缺少文件结尾）。"), "damaged")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise _refuse(_("PDF 文件已加密，请上传未加密的文件。"), "encrypted") from exc
        raise _refuse(_("PDF 文件已损坏，无法打开。"), "damaged") from exc
    try:
        if len(document) == 0:
            raise _refuse(_("PDF 文件没有页面。"), "damaged")
    finally:
        document.close()


def _check_ooxml(data: bytes, kinds: set[str] | frozenset[str] | tuple[str, ...]) -> str:
    allowed = kind_labels(kinds)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise _refuse(_("文件已损坏（ZIP 结构无效）。"), "damaged") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise _refuse(_("文件包含的部件过多，疑似压缩炸弹，已拒绝。"), "zip_bomb")
        names = {info.filename for info in infos}
        expanded = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _refuse(_("文件已加密，请上传未加密的文件。"), "encrypted")
            expanded += info.file_size
            if expanded > ZIP_MAX_EXPANDED_BYTES or (
                info.file_size > 1024 * 1024
                and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
            ):
                raise _refuse(_("文件解压后过大，疑似压缩炸弹，已拒绝。"), "zip_bomb")
        if "[Content_Types].xml" not in names:
            raise _refuse(
                _("不支持的文件类型（普通 ZIP 压缩包），只能上传 %(allowed)s 文件。")
                % {"allowed": allowed},
                "unsupported",
            )
        content_types = _read_member(archive, "[Content_Types].xml", 1024 * 1024)
        if any(t.encode() in content_types for t in _MACRO_CONTENT_TYPES):
            raise _refuse(_("不接受包含宏的 Office 文件（DOCM/XLSM）。"), "macro")
        kind = next(
            (k for k, part in _OOXML_MAIN_PART.items() if part in names),
            None,
        )
        if kind is None or _OOXML_CONTENT_TYPE[kind].encode() not in content_types:
            raise _refuse(
                _("不支持的文件类型，只能上传 %(allowed)s 文件。") % {"allowed": allowed},
                "unsupported",
            )
        if kind not in kinds:
            raise _refuse(
                _("不支持的文件类型（%(kind)s），只能上传 %(allowed)s 文件。")
                % {"kind": KINDS[kind].label, "allowed": allowed},
                "unsupported",
            )
        # Every member must decompress with a correct checksum (within the limits above).
        for info in infos:
            _read_member(archive, info.filename, info.file_size)
        _check_xml(_read_member(archive, _OOXML_MAIN_PART[kind], ZIP_MAX_EXPANDED_BYTES))
    return kind


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        with archive.open(name) as member:
            data = member.read(limit + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        KeyError,
    ) as exc:
        raise _refuse(
            _("文件已损坏（部件 %(name)s 无法读取）。") % {"name": name}, "damaged"
        ) from exc
    if len(data) > limit:
        raise _refuse(_("文件解压后过大，疑似压缩炸弹，已拒绝。"), "zip_bomb")
    return data


def _check_xml(data: bytes) -> None:
    from lxml import etree

    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise _refuse(_("文件包含不允许的 XML 声明（DTD/实体）。"), "xml_entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _refuse(_("文件已损坏（文档内容不是有效的 XML）。"), "damaged") from exc


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise _refuse(_("图片尺寸过大（像素过多），已拒绝。"), "image_too_large")
            expected = {"png": "PNG", "jpeg": "JPEG"}[kind]
            if image.format != expected:
                raise _refuse(_("图片格式与内容不符。"), "damaged")
            image.load()
    except Image.DecompressionBombError as exc:
        raise _refuse(_("图片尺寸过大（像素过多），已拒绝。"), "image_too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _refuse(_("图片文件已损坏，无法打开。"), "damaged") from exc
