"""The JSON API against its own OpenAPI description (schemathesis).

Requests generated from ``/api/v1/openapi.json`` — valid parameters and invalid ones — go to the
WSGI application with published records in the database. Every answer must be documented (status
code, content type, body against the schema) and never a server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from tests.integration.catalogue.conftest import (  # noqa: F401
    _media_and_tasks,
    make_record,
    town,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Requests share the test's database connection (and transaction), as Django's test client
    arranges: the handler must not close it at the end of a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    town: Any,  # noqa: F811
    make_record: Any,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
    same_connection: None,
) -> Any:
    from django.core.wsgi import get_wsgi_application

    with django_capture_on_commit_callbacks(execute=True):  # indexed for search
        make_record("published", title="岢曲镇召开安全生产工作会议", document_no="岢政〔2024〕1号")
        make_record("published", code="gzdt", title="2024年乡村振兴工作动态")
        make_record("draft", title="未发布的草稿")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_documented(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
