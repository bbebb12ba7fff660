"""``validate_upload``: the kind comes from the content; damaged and hostile files are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogue.sample_files import docx_bytes, pdf_bytes, xlsx_bytes
from gongkai.core.uploads import validate_upload

ALL = frozenset({"pdf", "docx", "xlsx", "png", "jpeg"})
MB = 1024 * 1024


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def upload(data: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refused(data: bytes, code: str, kinds: frozenset[str] = ALL, max_bytes: int = 20 * MB) -> str:
    with pytest.raises(ValidationError) as info:
        validate_upload(upload(data), kinds=kinds, max_bytes=max_bytes)
    assert info.value.code == code, (info.value.code, info.value.messages)
    return info.value.messages[0]


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("pdf", pdf_bytes("测试文件", ["第一段。"])),
        ("docx", docx_bytes("测试文件", ["第一段。"], table=[["a", "b"], ["1", "2"]])),
        ("xlsx", xlsx_bytes([["名称", "数量"], ["低保", 3]])),
        ("png", image_bytes("PNG")),
        ("jpeg", image_bytes("JPEG")),
    ],
)
def test_each_kind_is_recognised_by_content_not_name(kind: str, data: bytes) -> None:
    file = upload(data, "misleading-name.txt")
    assert validate_upload(file, kinds=ALL, max_bytes=20 * MB) == kind
    assert file.read(4) == data[:4]  # rewound for the caller


def test_kind_outside_the_allowed_set_is_refused() -> None:
    message = refused(image_bytes("PNG"), "unsupported", kinds=frozenset({"pdf"}))
    assert "PNG" in message and "PDF" in message
    refused(xlsx_bytes([["a"]]), "unsupported", kinds=frozenset({"pdf", "docx"}))


def test_unknown_and_old_office_files_are_refused() -> None:
    assert "只能上传" in refused(b"<html><script>alert(1)</script></html>", "unsupported")
    assert "DOC" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old_office")
    refused(b"", "empty")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "ZIP" in refused(plain_zip.getvalue(), "unsupported")


def test_size_limit() -> None:
    data = pdf_bytes("大文件", ["内容"] * 10)
    assert "不能超过" in refused(data, "too_large", max_bytes=len(data) - 1)
    assert validate_upload(upload(data), kinds=ALL, max_bytes=len(data)) == "pdf"


def test_damaged_pdf_is_refused() -> None:
    data = pdf_bytes("测试", ["内容"])
    refused(data[: len(data) // 2], "damaged")  # cut in the middle
    refused(b"%PDF-1.7\n garbage garbage \n%%EOF\n", "damaged")


def test_encrypted_pdf_is_refused() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret"))
    c.drawString(100, 700, "secret")
    c.save()
    assert "加密" in refused(out.getvalue(), "encrypted")


def _ooxml(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes("x", ["y"]))) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_zip_bomb_is_refused() -> None:
    members = _docx_members()
    members["word/media/bomb.bin"] = b"\0" * (60 * MB)  # deflates to ~60 KB: ratio ~1000
    data = _ooxml(members)
    assert len(data) < MB
    assert "压缩炸弹" in refused(data, "zip_bomb")


def test_corrupted_member_is_refused() -> None:
    data = bytearray(docx_bytes("测试", ["正文内容" * 200]))
    # flip bytes inside the compressed document.xml
    start = data.find(b"word/document.xml") + 40
    for i in range(start, start + 30):
        data[i] ^= 0xFF
    with pytest.raises(ValidationError) as info:
        validate_upload(upload(bytes(data)), kinds=ALL, max_bytes=20 * MB)
    assert info.value.code in {"damaged", "unsupported"}


def test_xml_entities_and_macros_are_refused() -> None:
    members = _docx_members()
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>&lol2;</w:document>"
    )
    refused(_ooxml(members), "xml_entities")
    members = _docx_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    refused(_ooxml(members), "macro")


def test_malformed_main_part_is_refused() -> None:
    members = _docx_members()
    members["word/document.xml"] = b"<w:document><w:body>unclosed"
    refused(_ooxml(members), "damaged")


def test_encrypted_zip_flag_is_refused() -> None:
    data = bytearray(docx_bytes("x", ["y"]))
    # set the "encrypted" flag bit in every local and central header
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(signature)
        while pos != -1:
            data[pos + offset] |= 0x1
            pos = data.find(signature, pos + 4)
    refused(bytes(data), "encrypted")


def test_broken_and_huge_images_are_refused() -> None:
    png = image_bytes("PNG", (300, 300))
    refused(png[: len(png) // 2], "damaged")
    jpeg = image_bytes("JPEG", (300, 300))
    refused(jpeg[:200], "damaged")
    # a PNG whose header claims 100 000 × 100 000 pixels
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    refused(bomb, "image_too_large")
