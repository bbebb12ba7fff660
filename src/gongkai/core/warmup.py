"""Warm a newly started web worker before it takes requests.

gunicorn starts workers, and replaces each after ``max_requests`` (gongkai/config/gunicorn.py).
A fresh worker pays once for what the first request of each kind needs: importing every view,
compiling the page templates, loading the word-segmentation dictionary (about half a second)
and opening the search index. Without a warm-up the person whose request lands first on a new
worker waits for all of it, and under load every request queued behind it waits too.
``warm()`` does that work in ``post_worker_init``, before the worker accepts connections.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)

#: The templates of the public pages people open most (compiled once per worker, cached).
PUBLIC_TEMPLATES = (
    "portal/home.html",
    "portal/agency_home.html",
    "portal/record_list.html",
    "portal/record_detail.html",
    "portal/search.html",
    "portal/apply.html",
)


def warm() -> float:
    """Do the first-request work now; returns the seconds it took. Never raises: a part that
    fails is logged and left to the first request, as it would be without a warm-up."""
    started = time.perf_counter()
    steps = (
        ("URL configuration and views", _urls),
        ("templates", _templates),
        ("word segmentation", _segmentation),
        ("search index", _search_index),
    )
    for name, step in steps:
        try:
            step()
        except Exception:  # a warm-up must not stop a worker from serving
            logger.warning("warm-up step failed: %s", name, exc_info=True)
    from django.db import connections

    connections.close_all()  # the worker's requests open their own
    took = time.perf_counter() - started
    logger.info("worker warmed up in %.2f s", took)
    return took


def _urls() -> None:
    from django.urls import get_resolver

    def walk(patterns: list[object]) -> None:
        for pattern in patterns:
            nested = getattr(pattern, "url_patterns", None)
            if nested is not None:
                walk(list(nested))

    walk(list(get_resolver().url_patterns))


def _templates() -> None:
    from django.template.loader import get_template

    for name in PUBLIC_TEMPLATES:
        get_template(name)


def _segmentation() -> None:
    from gongkai.catalogue.search.segment import index_tokens, query_terms

    query_terms("政府信息公开 低保")
    index_tokens("政府信息公开工作年度报告")


def _search_index() -> None:
    from gongkai.catalogue import search

    if search.backend().exists():
        search.search_records("政府信息公开")
