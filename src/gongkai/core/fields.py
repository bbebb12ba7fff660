"""Model fields for personal data at rest.

:class:`EncryptedTextField` keeps a value encrypted in the database (Fernet: AES-128-CBC with an
HMAC-SHA256, from ``cryptography``) and gives plain text to Python. The keys are
``settings.GONGKAI_FIELD_KEYS`` (the first encrypts, every key decrypts, so keys can be rotated);
without them a key is derived from ``SECRET_KEY``. Encrypted values cannot be searched or
compared in SQL: a field that must be matched (the same applicant's ID number) keeps a keyed
digest beside it (:func:`keyed_digest`).

A value that cannot be decrypted (a lost key) reads as :data:`UNREADABLE`, never as an error
page: the rest of the record stays usable, and the audit trail shows who saw what.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

#: What a value that no configured key decrypts reads as.
UNREADABLE = "（无法解密）"
_PREFIX = "enc1:"


def _derived_key(secret: str, purpose: str) -> bytes:
    digest = hashlib.sha256(f"gongkai:{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    raw = [k.encode() for k in keys] or [_derived_key(secret, "field-key")]
    return MultiFernet([Fernet(k) for k in raw])


def field_cipher() -> MultiFernet:
    return _fernet(tuple(settings.GONGKAI_FIELD_KEYS), settings.SECRET_KEY)


def encrypt_text(value: str) -> str:
    return _PREFIX + field_cipher().encrypt(value.encode()).decode()


def decrypt_text(value: str) -> str:
    if not value.startswith(_PREFIX):
        return value  # written before encryption, or empty
    try:
        return field_cipher().decrypt(value[len(_PREFIX) :].encode()).decode()
    except InvalidToken:
        return UNREADABLE


def keyed_digest(value: str, *, purpose: str) -> str:
    """An HMAC-SHA256 of ``value`` (hex, 64 characters) for matching without storing it."""
    if not value:
        return ""
    keys = settings.GONGKAI_FIELD_KEYS
    key = keys[-1].encode() if keys else _derived_key(settings.SECRET_KEY, "digest")
    return hmac.new(key + purpose.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest; empty stays empty (so ``blank=True`` fields cost nothing)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            return None  # encrypted: no searching inside
        return super().get_lookup(lookup_name)
