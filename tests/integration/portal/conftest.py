"""Portal tests reuse the catalogue's town and record factory, with the real search index."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.integration.catalogue.conftest import (  # noqa: F401
    _media_and_tasks,
    make_record,
    town,
)

from gongkai.catalogue.models import Record


@pytest.fixture
def publish(make_record: Any, django_capture_on_commit_callbacks: Any) -> Any:  # noqa: F811
    """publish(**record fields) -> a published record, indexed (its commit hooks run)."""

    def do(**kw: Any) -> Record:
        with django_capture_on_commit_callbacks(execute=True):
            return make_record("published", **kw)

    return do


@pytest.fixture
def client() -> Client:
    return Client()
