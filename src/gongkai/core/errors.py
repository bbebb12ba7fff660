"""Error pages: Chinese, in the look of the side of the site they are on.

A page under ``/staff/`` or ``/admin/`` wears the back office's header (工作人员 see the
work navigation and a way back to 工作台); every other page wears the public portal's. The
handlers are wired in ``gongkai.config.urls`` (``handler400`` …) and ``CSRF_FAILURE_VIEW``;
:class:`gongkai.core.middleware.ErrorPageMiddleware` fills the empty bodies of 405 answers.

A 500 page shows the request id (错误编号), which is also in the log line that carries the
traceback, so a user's report leads to the exact error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template import loader

from gongkai.core import requestctx

STAFF_PREFIXES = ("/staff/", "/admin/")


def side_of(request: HttpRequest | None) -> str:
    """ "staff" for the back office and the Django admin, "public" for everything else."""
    path = getattr(request, "path", "") or ""
    return "staff" if path.startswith(STAFF_PREFIXES) else "public"


def _base_template(request: HttpRequest | None) -> str:
    return "staff/base.html" if side_of(request) == "staff" else "portal/base.html"


def render_error(
    request: HttpRequest | None,
    status: int,
    *,
    template: str | None = None,
    with_request_context: bool = True,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render ``<status>.html`` (the page's words are in the template).

    ``with_request_context=False`` renders without context processors (no session, no user,
    no database): for malformed requests and for the 500 page, which must render even when
    the database is what failed.
    """
    context: dict[str, Any] = {
        "base_template": _base_template(request),
        "status": status,
        "side": side_of(request),
        "request_id": requestctx.current().request_id,
        **(extra or {}),
    }
    page = loader.get_template(template or f"{status}.html")
    if with_request_context and request is not None:
        body = page.render(context, request)
    else:
        body = page.render(context)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return payload_too_large(request)
    return render_error(request, 400, with_request_context=False)


def payload_too_large(request: HttpRequest) -> HttpResponse:
    return render_error(request, 413, with_request_context=False)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = render_error(request, 405)
    response["Allow"] = allowed
    return response


def uri_too_long(request: HttpRequest) -> HttpResponse:
    return render_error(request, 414, with_request_context=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the form was stale, or cookies are off."""
    return render_error(request, 403, template="403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500, with_request_context=False)
