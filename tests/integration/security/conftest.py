"""Fixtures of the security tests."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the platform's console log handler writes (its filters and formatter included)."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    console = next(h for h in handlers if h.formatter is not None and h.filters)
    buffer = io.StringIO()
    # not setStream(): it flushes the old stream, which may be a capture file pytest has closed
    previous, console.stream = console.stream, buffer
    try:
        yield buffer
    finally:
        console.stream = previous
