"""Rendered public pages kept for anonymous readers.

A public page is the same for every reader who is not logged in: the same records, the same
filters. The busiest pages (the home page, an agency's landing page, the record list, a record,
search results) are therefore rendered once and kept in the cache (``CACHES["default"]``: Redis
when ``REDIS_URL`` is set, shared by every process; otherwise each process's memory) under a key
made of

- the generation of the public content (``core.generations``, name ``portal``), raised after
  every change to a record, an attachment, a relation between records, an agency, a category or
  an agency's category settings (receivers in ``portal.apps``; bulk changes call
  :func:`content_changed` themselves);
- for pages built from the search index (the list and search results), the index's state
  (``catalogue.search.index_state``), which changes when the task worker has indexed a change;
- the host, scheme, path and query string, the font-size cookie and the language.

So a published or withdrawn record shows (or stops showing) on the next request after the
commit, in every process, as without the cache. Pages are kept ``PORTAL_PAGE_CACHE_SECONDS``
at most (default 300; 0 turns the cache off). Not cached: requests with a session or message
cookie (staff, who may see more), anything but GET and HEAD, answers other than 200, answers
that set a cookie or asked for a CSRF token.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from gongkai.core import generations

GENERATION = "portal"
#: Cookies that mean the reader may see something other than the anonymous page.
PERSONAL_COOKIES = ("messages",)
#: Headers a view may set that are kept with the page (the rest come from the middleware).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "X-Robots-Tag", "Link")


def content_changed(**_kwargs: Any) -> None:
    """The public content changed (also a signal receiver): cached pages are out of date once
    the current transaction commits."""
    generations.changed(GENERATION)


def _timeout() -> int:
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300))


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(
        name in cookies for name in PERSONAL_COOKIES
    )


def _key(request: HttpRequest, generation: int, *, uses_index: bool) -> str | None:
    state = ""
    if uses_index:
        from gongkai.catalogue.search import index_state

        state = index_state()
        if not state:  # no index, or an engine that cannot tell when it changed
            return None
    parts = "\n".join(
        (
            str(generation),
            state,
            request.scheme or "",
            request.get_host(),
            request.get_full_path(),
            # the switch's values (templates/portal/base.html); anything else reads as normal
            font if (font := request.COOKIES.get("fontsize", "")) in ("large", "larger") else "",
            translation.get_language() or "",
        )
    )
    return "portal:page:" + hashlib.blake2b(parts.encode("utf-8"), digest_size=20).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached_page(
    *, uses_index: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve the view's page from the cache for anonymous readers (see the module's text);
    ``uses_index``: the page is built from search results."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            timeout = _timeout()
            if timeout <= 0 or not _cacheable_request(request):
                return view(request, *args, **kwargs)
            generation = generations.current(GENERATION)
            key = _key(request, generation, uses_index=uses_index)
            if key is None:
                return view(request, *args, **kwargs)
            kept = cache.get(key)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
            else:
                # the page is read under the number it is kept under (portal.selectors keeps
                # agencies and categories per generation)
                with generations.pinned(GENERATION, generation):
                    response = view(request, *args, **kwargs)
                if _storable(request, response):
                    headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
                    cache.set(key, (response.content, headers), timeout)
            # the page depends on cookies (the font size; a session gets another page): a cache
            # between here and the reader must not hand one reader's page to another
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapper

    return decorate
