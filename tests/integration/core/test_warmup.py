"""A new web worker is warmed before it takes requests (gongkai.core.warmup, gunicorn's
post_worker_init)."""

from __future__ import annotations

import logging

import pytest

from gongkai.config import gunicorn as gunicorn_config
from gongkai.core import warmup


@pytest.mark.django_db
def test_warm_does_the_first_request_work_and_reports_the_time(caplog):
    with caplog.at_level(logging.INFO, logger="gongkai.core.warmup"):
        took = warmup.warm()
    assert took >= 0
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("warmed up" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_failing_step_is_logged_and_the_rest_still_runs(monkeypatch, caplog):
    ran = []

    def broken() -> None:
        raise RuntimeError("index unreadable")

    monkeypatch.setattr(warmup, "_templates", broken)
    monkeypatch.setattr(warmup, "_segmentation", lambda: ran.append("segmentation"))
    with caplog.at_level(logging.WARNING, logger="gongkai.core.warmup"):
        warmup.warm()
    assert ran == ["segmentation"]
    assert any("templates" in r.getMessage() for r in caplog.records)


def test_gunicorn_warms_each_worker(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm", lambda: calls.append(1) or 0.0)
    gunicorn_config.post_worker_init(object())
    assert calls == [1]
