"""Search tests reuse the catalogue's town and record factory, without its search stub."""

from __future__ import annotations

from tests.integration.catalogue.conftest import (  # noqa: F401
    _media_and_tasks,
    make_record,
    town,
)
