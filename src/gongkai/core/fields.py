"""Model fields for personal data at rest.

:class:`EncryptedTextField` keeps a value encrypted in the database (Fernet: AES-128-CBC with an
HMAC-SHA256, from ``cryptography``) and gives plain text to Python. The keys are
``settings.GONGKAI_FIELD_KEYS`` (the first encrypts, every key decrypts, so keys can be rotated);
without them a key is derived from ``SECRET_KEY``. Encrypted values cannot be searched or
compared in SQL: a field that must be matched (the same applicant's ID number) keeps a keyed
digest beside it (:func:`keyed_digest`, keyed with the first key too).

Rotation (README, 密钥轮换): put a new key first, run ``gongkai rekey`` (:mod:`gongkai.core.rekey`
re-encrypts every value and recomputes every digest with the first key), then remove the old key.

A value that cannot be decrypted (a lost key) reads as :data:`UNREADABLE`, never as an error
page: the rest of the record stays usable, and the audit trail shows who saw what.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Sequence
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
def _ciphers(keys: tuple[str, ...], secret: str) -> tuple[Fernet, ...]:
    raw = [k.encode() for k in keys] or [_derived_key(secret, "field-key")]
    return tuple(Fernet(k) for k in raw)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    return MultiFernet(list(_ciphers(keys, secret)))


def field_cipher() -> MultiFernet:
    return _fernet(tuple(settings.GONGKAI_FIELD_KEYS), settings.SECRET_KEY)


def is_encrypted(value: str) -> bool:
    """Whether a stored value is encrypted (not empty, not plain text written before)."""
    return value.startswith(_PREFIX)


def key_position(value: str) -> int | None:
    """Which configured key decrypts an encrypted stored value: 0 for the first (the one that
    encrypts now; the key derived from ``SECRET_KEY`` without ``GONGKAI_FIELD_KEYS``), 1 for the
    next …; ``None`` when none does, and for a value that is not encrypted."""
    if not is_encrypted(value):
        return None
    token = value[len(_PREFIX) :].encode()
    for position, cipher in enumerate(
        _ciphers(tuple(settings.GONGKAI_FIELD_KEYS), settings.SECRET_KEY)
    ):
        try:
            cipher.decrypt(token)
        except InvalidToken:
            continue
        return position
    return None


def current_cipher() -> Fernet:
    """The first key alone: what encrypts now."""
    keys = settings.GONGKAI_FIELD_KEYS
    return Fernet(keys[0].encode() if keys else _derived_key(settings.SECRET_KEY, "field-key"))


def derived_field_key() -> str:
    """The key used while ``GONGKAI_FIELD_KEYS`` is not set (derived from ``SECRET_KEY``): put it
    second in ``GONGKAI_FIELD_KEYS`` when a site that ran without keys sets them."""
    return _derived_key(settings.SECRET_KEY, "field-key").decode()


def invalid_field_keys(keys: Sequence[str]) -> list[int]:
    """Positions (1-based) of the values in ``keys`` that are not Fernet keys."""
    bad = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, binascii.Error):
            bad.append(position)
    return bad


def is_current(value: str) -> bool:
    """Whether a stored value needs no re-encryption: empty, or encrypted with the first key."""
    if not value:
        return True
    if not value.startswith(_PREFIX):
        return False  # plain text, written before encryption
    try:
        current_cipher().decrypt(value[len(_PREFIX) :].encode())
    except InvalidToken:
        return False
    return True


def is_readable(value: str) -> bool:
    """Whether a stored value decrypts with one of the configured keys (or is plain text)."""
    return not value.startswith(_PREFIX) or decrypt_text(value) != UNREADABLE


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
    """An HMAC-SHA256 of ``value`` (hex, 64 characters) for matching without storing it, keyed
    with the first key (``gongkai rekey`` recomputes stored digests after a rotation)."""
    if not value:
        return ""
    keys = settings.GONGKAI_FIELD_KEYS
    key = keys[0].encode() if keys else _derived_key(settings.SECRET_KEY, "digest")
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
