"""Rendered public pages kept for anonymous readers (gongkai.portal.pagecache): served without
rendering again, and never out of date after a change to what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.catalogue.services import records as record_services
from gongkai.core import generations
from gongkai.portal.pagecache import GENERATION

pytestmark = pytest.mark.django_db

PAGES = ("/", "/records/", "/search/?q=补贴")


def _queries(client: Client, url: str, **extra: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def test_a_second_anonymous_reader_gets_the_kept_page(town: Any, publish: Any) -> None:
    record = publish(code="gzdt", title="低保补贴发放公示")
    client = Client()
    for url in (*PAGES, f"/records/{record.pk}/", f"/agencies/{town.agency.code}/"):
        first_queries, first = _queries(client, url)
        again_queries, again = _queries(client, url)
        assert again == first, url
        assert "Cookie" in client.get(url)["Vary"], url
        # the generation of the public content, read to find the page: nothing else
        assert again_queries == 1 < first_queries, url
    # another font size is another page
    _n, large = _queries(client, "/records/", HTTP_COOKIE="fontsize=large")
    assert "font-large" in large and "font-large" not in first


def test_publishing_and_withdrawing_show_at_once(
    town: Any, publish: Any, make_record: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    kept = publish(code="gzdt", title="已有的动态")
    for url in PAGES:
        client.get(url)
    client.get(f"/records/{kept.pk}/")

    record = publish(code="gzdt", title="新发布的低保补贴通知")
    detail = f"/records/{record.pk}/"
    for url in PAGES:
        assert f'href="{detail}"' in client.get(url).content.decode(), url
    assert client.get(detail).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        record_services.record_withdraw(
            actor=town.publisher, record=record, version=record.version, reason="内容有误"
        )
    assert client.get(detail).status_code == 404
    for url in PAGES:
        assert f'href="{detail}"' not in client.get(url).content.decode(), url

    # an edit of a published record's agency shows on its page too
    town.agency.name = "改名后的镇人民政府"
    town.agency.save()
    assert "改名后的镇人民政府" in client.get(f"/records/{kept.pk}/").content.decode()


def test_staff_and_readers_with_messages_get_fresh_pages(town: Any, publish: Any) -> None:
    publish(code="gzdt", title="动态")
    client = Client()
    client.get("/records/")
    for cookie in ("sessionid=abc", "messages=xyz"):
        queries, _page = _queries(client, "/records/", HTTP_COOKIE=cookie)
        assert queries > 1, cookie


def test_no_page_cache_when_turned_off(settings: Any, town: Any, publish: Any) -> None:
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    publish(code="gzdt", title="动态")
    client = Client()
    _queries(client, "/records/")
    again, _page = _queries(client, "/records/")
    assert again > 1  # the page is rendered again (the filter choices are cached apart)


def test_only_successful_pages_are_kept(town: Any) -> None:
    client = Client()
    assert client.get("/records/999999/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/records/999999/").status_code == 404
    assert len(queries) > 1


def test_generation_rises_with_each_change_and_not_back_after_a_restore() -> None:
    assert generations.current(GENERATION) == 0
    generations.changed(GENERATION)
    first = generations.current(GENERATION)
    assert first > 0
    generations.changed(GENERATION)
    second = generations.current(GENERATION)
    assert second > first
    # a rolled-back change takes its raise with it
    with pytest.raises(RuntimeError), transaction.atomic():
        generations.changed(GENERATION)
        raise RuntimeError
    assert generations.current(GENERATION) == second
    # a database restored from a backup: the next raise goes past every number used since
    from gongkai.core.models import Generation

    Generation.objects.filter(name=GENERATION).update(value=5)
    generations.changed(GENERATION)
    assert generations.current(GENERATION) > second
