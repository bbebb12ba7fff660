"""Validators for values that many apps store: Chinese telephone numbers; text that letters and
documents can hold."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: Several numbers in one field are separated by 、 ; ； , ， or "/"
#: (e.g. "0377-65320001、65320002").
PHONE_SEPARATORS = re.compile(r"\s*[、;；,，/]\s*")

_MOBILE = r"(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"
#: 区号 0 + 2–3 digits (010, 0377), in optional brackets, then a local number of 7–8 digits
#: (a hyphen or space may split it); without 区号 the local number does not start with 0 or 1.
#: An optional extension.
_LANDLINE = (
    r"(?:(?:\+|00)?86[\s-]?)?"
    r"(?:(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[\s-]?)[1-9]|[2-9])\d{2,3}[\s-]?\d{4}"
    r"(?:\s?(?:-|转|分机|ext\.?|x)\s?\d{1,6})?"
)
#: Public service numbers: 12345 政务服务便民热线, 12315, 110 …; 95xxx; 400/800 numbers.
_SERVICE = r"(?:1[0-2]\d{1,3}|95\d{3,6}|[48]00[\s-]?\d{3}[\s-]?\d{4})"
PHONE_RE = re.compile(rf"^(?:{_MOBILE}|{_LANDLINE}|{_SERVICE})$", re.IGNORECASE)

MAX_PHONE_NUMBERS = 5

#: Characters no XML document (DOCX, the letters) may hold: C0 controls other than tab, line feed
#: and carriage return, surrogates, U+FFFE and U+FFFF (XML 1.0 §2.2); and DEL and the C1
#: controls, which no one types on purpose.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Vertical tab and form feed (a line or page break pasted from a word processor).
_BREAKS = re.compile("[\x0b\x0c]")


def storable_text(value: str) -> str:
    """``value`` without the invisible control characters that a letter or DOCX cannot hold
    (pasted from another program, or sent by a script); a pasted line or page break becomes
    a line break. Visible text is unchanged."""
    return _NOT_TEXT.sub("", _BREAKS.sub("\n", value))


#: Tabs and line breaks, which a one-line field does not keep.
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")


def storable_line(value: str) -> str:
    """:func:`storable_text` for a one-line field (a name, an address, a telephone number):
    tabs and line breaks become one space as well."""
    return _LINE_BREAKS.sub(" ", storable_text(value))


def split_phone_numbers(value: str) -> list[str]:
    return [part for part in PHONE_SEPARATORS.split(value.strip()) if part]


@deconstructible
class PhoneNumbersValidator:
    """One or more Chinese telephone numbers: landline (``0377-65320001``, ``(010)12345678``,
    with an extension ``-801`` or ``转801``), mobile (``13812345678``, ``+86 138 1234 5678``) or a
    service number (``12345``, ``400-123-4567``), separated by 、 or ；."""

    message = _(
        "“%(number)s”不是有效的电话号码。请填写固定电话（如 0377-65320001，分机写作 -801 或"
        "转801）、手机号码（如 13812345678）或服务热线（如 12345）；多个号码用“、”或“；”分隔。"
    )
    code = "invalid_phone"

    def __call__(self, value: str) -> None:
        numbers = split_phone_numbers(value)
        if not numbers and value.strip():
            raise ValidationError(self.message, code=self.code, params={"number": value})
        if len(numbers) > MAX_PHONE_NUMBERS:
            raise ValidationError(
                _("最多填写 %(max)d 个号码。"),
                code="too_many_phones",
                params={"max": MAX_PHONE_NUMBERS},
            )
        for number in numbers:
            if not PHONE_RE.match(number):
                raise ValidationError(self.message, code=self.code, params={"number": number})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhoneNumbersValidator)

    def __hash__(self) -> int:
        return hash(type(self))


validate_phone_numbers = PhoneNumbersValidator()
