"""Access cases of the working-day calendar's pages: see tests/integration/url_access.py."""

from __future__ import annotations

from tests.integration.url_access import OK, AccessCase, Target

CASES = [
    # The calculator holds no agency's data: every signed-in account may use it.
    AccessCase(
        "calendars:calculator",
        build=lambda w: Target(query="start=2024-09-27&n=20", secret="2024-10-30"),
        other_agency=OK,
        no_role=OK,
    ),
]
