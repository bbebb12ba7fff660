"""Serving attachments: always as a download, with headers that stop the browser from
interpreting the file (the content was checked at upload; the headers are the second line).
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404

from gongkai.catalogue.models import Attachment


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
    ascii_name = "".join(ch for ch in name if 32 < ord(ch) < 127 and ch not in '"\\;%') or ""
    if not ascii_name or ascii_name.startswith("."):
        ascii_name = f"attachment.{suffix}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_response(attachment: Attachment) -> FileResponse:
    """The attachment's file as a download (the caller decided that it may be read)."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("attachment file missing") from exc
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = content_disposition(attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
