"""What an applicant posts to the public form (/apply/<code>/): shared by the form's tests and
the fuzz tests of the public side."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

#: A 居民身份证 number with a valid check character (GB 11643).
GOOD_ID = "11010519491231002X"


def png() -> SimpleUploadedFile:
    """A small PNG as 身份证明."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 200, 200)).save(out, format="PNG")
    return SimpleUploadedFile("id.png", out.getvalue(), content_type="image/png")


def person(**overrides: Any) -> dict[str, Any]:
    """A natural person's complete filing; ``overrides`` replace fields."""
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": GOOD_ID,
        "phone": "13812345678",
        "email": "",
        "address": "",
        "postcode": "",
        "description": "2023年岢曲镇宅基地审批结果",
        "purpose": "",
        "form_wanted": "electronic",
        "delivery_method": "online",
        "id_proof": png(),
        "action": "submit",
    }
    data.update(overrides)
    return data
