"""Identity numbers applicants give (条例第二十九条: 申请人的身份证明).

* 居民身份证号码 (GB 11643-1999, 公民身份号码): 6-digit address code, 8-digit birth date,
  3-digit sequence, and a check character computed by ISO 7064 MOD 11-2 (``X`` stands for 10).
* 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V);
  the last one is a check character computed with MOD 31 and the weights of the standard.

The ``*_problem`` functions are pure (no Django) and return ``None`` or a stable problem code;
the ``validate_*`` functions raise :class:`~django.core.exceptions.ValidationError` with a
Chinese message for forms and models.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- 居民身份证 -------------------------------------------------------------------------------

#: GB 11643-1999 §8.2: weights W_i = 2^(i-1) mod 11 for positions 18 … 2.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: Check character for (Σ a_i·W_i) mod 11 = 0 … 10.
RESIDENT_ID_CHECK = "10X98765432"
#: First two digits of the address code: provinces (GB/T 2260) and the codes used for
#: 港澳台 residents' 居住证 (81, 82, 83).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
_RESIDENT_ID_RE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    """Strip spaces and full-width forms; upper-case (``x`` → ``X``)."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value)).upper()


def resident_id_check_char(first17: str) -> str:
    """The check character for the first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def resident_id_problem(value: str, *, today: dt.date | None = None) -> str | None:
    """``None`` if ``value`` (normalised) is a valid 18-digit number, else a problem code:
    ``length``, ``characters``, ``region``, ``birth_date``, ``future_birth_date``, ``checksum``."""
    if len(value) != 18:
        return "length"
    if not _RESIDENT_ID_RE.match(value):
        return "characters"
    if value[:2] not in PROVINCE_CODES:
        return "region"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth_date"
    if born.year < 1900:
        return "birth_date"
    if born > (today or dt.date.today()):
        return "future_birth_date"
    if resident_id_check_char(value[:17]) != value[17]:
        return "checksum"
    return None


def resident_id_birth_date(value: str) -> dt.date:
    """The birth date encoded in a valid number."""
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


# --- 统一社会信用代码 --------------------------------------------------------------------------

#: GB 32100-2015 表1: the code characters and their values 0 … 30.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
#: GB 32100-2015 §5.2: weights W_i = 3^(i-1) mod 31.
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: 登记管理部门代码 (position 1) in use; ``9`` 市场监管, ``5`` 民政, ``1`` 机构编制 …
USCC_REGISTRARS = frozenset("123456789ANY")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """``None`` if ``value`` (normalised) is a valid 统一社会信用代码, else a problem code:
    ``length``, ``characters``, ``registrar``, ``region``, ``checksum``."""
    if len(value) != 18:
        return "length"
    if any(c not in USCC_VALUE for c in value):
        return "characters"
    if value[0] not in USCC_REGISTRARS:
        return "registrar"
    if not value[2:8].isdigit():
        return "region"
    if uscc_check_char(value[:17]) != value[17]:
        return "checksum"
    return None


# --- Django validators ------------------------------------------------------------------------

RESIDENT_ID_MESSAGES = {
    "length": _("居民身份证号码应为 18 位（17 位数字加 1 位数字或 X），您填写了 %(n)d 位。"),
    "characters": _("居民身份证号码只能由数字组成，最后一位可以是 X。"),
    "region": _("居民身份证号码的前两位（省级行政区划代码）不正确，请核对。"),
    "birth_date": _("居民身份证号码第 7–14 位的出生日期不是有效日期，请核对。"),
    "future_birth_date": _("居民身份证号码中的出生日期晚于今天，请核对。"),
    "checksum": _("居民身份证号码的校验位（最后一位）不正确，可能有数字填错，请核对。"),
}
USCC_MESSAGES = {
    "length": _("统一社会信用代码应为 18 位，您填写了 %(n)d 位。"),
    "characters": _("统一社会信用代码只能由数字和大写字母组成（不使用 I、O、Z、S、V），请核对。"),
    "registrar": _("统一社会信用代码第一位（登记管理部门代码）不正确，请核对。"),
    "region": _("统一社会信用代码第 3–8 位应为行政区划代码（数字），请核对。"),
    "checksum": _("统一社会信用代码的校验位（最后一位）不正确，可能有字符填错，请核对。"),
}


def validate_resident_id(value: str) -> None:
    normalised = normalise_id_number(value)
    problem = resident_id_problem(normalised)
    if problem:
        raise ValidationError(
            RESIDENT_ID_MESSAGES[problem],
            code=f"resident_id_{problem}",
            params={"n": len(normalised)},
        )


def validate_uscc(value: str) -> None:
    normalised = normalise_id_number(value)
    problem = uscc_problem(normalised)
    if problem:
        raise ValidationError(
            USCC_MESSAGES[problem], code=f"uscc_{problem}", params={"n": len(normalised)}
        )


#: Identity documents an applicant may give, by key. Only the two with a published check
#: algorithm are checked beyond their shape.
ID_TYPES: tuple[tuple[str, str], ...] = (
    ("resident_id", "居民身份证"),
    ("uscc", "统一社会信用代码"),
    ("passport", "护照"),
    ("hk_macao", "港澳居民来往内地通行证"),
    ("taiwan", "台湾居民来往大陆通行证"),
    ("other", "其他有效身份证件"),
)
ID_TYPE_LABELS = dict(ID_TYPES)
#: Which document types fit which applicant kind (自然人 / 法人或其他组织).
ID_TYPES_FOR_PERSON = ("resident_id", "passport", "hk_macao", "taiwan", "other")
ID_TYPES_FOR_ORGANISATION = ("uscc", "other")
_OTHER_ID_RE = re.compile(r"^[0-9A-Z]{5,30}$")


def validate_id_number(id_type: str, value: str) -> str:
    """Check ``value`` as a number of ``id_type``; return it normalised."""
    normalised = normalise_id_number(value)
    if id_type == "resident_id":
        validate_resident_id(normalised)
    elif id_type == "uscc":
        validate_uscc(normalised)
    elif id_type in ID_TYPE_LABELS:
        if not _OTHER_ID_RE.match(normalised):
            raise ValidationError(
                _("%(type)s号码应为 5–30 位数字或字母，请核对。"),
                code="id_shape",
                params={"type": ID_TYPE_LABELS[id_type]},
            )
    else:
        raise ValidationError(_("请选择证件类型。"), code="id_type")
    return normalised


def mask_id_number(value: str) -> str:
    """For lists and exports: keep the first 3 and last 2 characters (``110***********123X``
    becomes ``110*************3X``)."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]
