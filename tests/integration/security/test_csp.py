"""Content-Security-Policy: strict on every page, and no template needs an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[3] / "src" / "gongkai"

#: What the policy forbids in a template, and how to fix it.
FORBIDDEN = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "inline <script>: put the code in a static .js file",
    ),
    (re.compile(r"<style[\s>]", re.I), "<style> element: put the rules in static/css/<app>.css"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute: use a class from static/css/<app>.css"),
    (
        re.compile(r"\son[a-z]+\s*=", re.I),
        "event handler attribute: attach it from a static .js file",
    ),
    (
        re.compile(r"javascript:", re.I),
        "javascript: URL: use a link or a button with a static .js file",
    ),
]


def templates() -> list[Path]:
    return sorted(
        p
        for p in SRC.rglob("templates/**/*")
        if p.is_file() and p.suffix in {".html", ".txt", ".xml"}
    )


def test_templates_need_no_inline_scripts_or_styles() -> None:
    problems = []
    for path in templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, advice in FORBIDDEN:
                if pattern.search(line):
                    problems.append(f"{path.relative_to(SRC)}:{number}: {advice}")
    assert templates(), "no templates found"
    assert not problems, (
        "The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) forbids these:\n"
        + "\n".join(problems)
    )


EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/staff/login/", "/staff/nope/", "/admin/login/"])
def test_every_page_carries_the_strict_policy(url: str, client: Client) -> None:
    response = client.get(url)
    directives = policy(response["Content-Security-Policy"])
    for name, value in EXPECTED.items():
        assert directives[name] == value, name
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
