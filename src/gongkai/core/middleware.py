"""Request-level middleware of the platform (order in ``settings.MIDDLEWARE``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.functional import empty

from gongkai.core import dbrouter, errors, health, requestctx

logger = logging.getLogger(__name__)
#: One line per request (method, path, status, duration): the access log, with the request id.
access_logger = logging.getLogger("gongkai.access")

GetResponse = Callable[[HttpRequest], HttpResponseBase]

__all__ = [
    "ErrorPageMiddleware",
    "HealthCheckMiddleware",
    "NulCharacterMiddleware",
    "RequestContextMiddleware",
    "UrlLengthMiddleware",
]


class RequestContextMiddleware:
    """First in the chain: a request id (the proxy's X-Request-ID or a new one) and the client's
    address, for every log line and audit row of the request; the id goes back in the
    ``X-Request-ID`` response header. Also decides whether the request may read from a replica
    (:mod:`gongkai.core.dbrouter`)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        origin = requestctx.Origin(
            request_id=requestctx.request_id_from(request),
            ip=requestctx.client_ip(request),
            channel="web",
        )
        request.request_id = origin.request_id  # type: ignore[attr-defined]
        started = time.monotonic()
        with requestctx.bound(origin), dbrouter.replica_reads(dbrouter.may_use_replica(request)):
            response = self.get_response(request)
            response["X-Request-ID"] = origin.request_id
            if settings.GONGKAI_ACCESS_LOG:
                access_logger.log(
                    logging.DEBUG if request.path == HealthCheckMiddleware.PATH else logging.INFO,
                    "%s %s %s",
                    request.method,
                    request.path[:500],
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path[:500],
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    },
                )
        return response


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    # only if the view looked at the user (the lazy user is not evaluated here)
    if user is None or getattr(user, "_wrapped", None) is empty or not user.is_authenticated:
        return None
    pk: int = user.pk
    return pk


class HealthCheckMiddleware:
    """``/healthz``: answered before host validation and the HTTPS redirect, so a load balancer
    or ``curl http://127.0.0.1:8000/healthz`` on the server itself gets an answer. 200 when the
    database (and the shared cache, if configured) answer, 503 otherwise; no data, no session."""

    PATH = "/healthz"

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.rstrip("/") != self.PATH:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            response: HttpResponse = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        report = health.check()
        response = JsonResponse(report.as_dict(), status=200 if report.ok else 503)
        response["Cache-Control"] = "no-store"
        return response


class UrlLengthMiddleware:
    """A Chinese 414 page for overlong addresses (JSON under ``/api/``, as the API's other
    errors); a proxy in front answers longer ones itself, see deploy/nginx.conf."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.limit: int = settings.GONGKAI_MAX_URL_LENGTH

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        length = len(request.path) + len(request.META.get("QUERY_STRING", ""))
        if length > self.limit:
            logger.warning("URI too long (%s characters): %s…", length, request.path[:200])
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "网址过长，无法处理。", "field": ""},
                    status=414,
                    json_dumps_params={"ensure_ascii": False},
                )
            return errors.uri_too_long(request)
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuses an address whose path or query holds a NUL character (``%00``) with a 400 page
    (JSON under ``/api/``): no one types it, and PostgreSQL cannot compare text holding it, so
    any look-up by such a value (an agency code, a category) would fail with a server error."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        fields = [name for name, values in request.GET.lists() if _has_nul(name, *values)]
        if "\x00" in request.path or fields:
            logger.warning("NUL character in the address refused: %s", request.path[:200])
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "参数不能包含空字符（%00）。", "field": fields[0] if fields else ""},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return errors.bad_request(request)
        return self.get_response(request)


def _has_nul(*values: str) -> bool:
    return any("\x00" in value for value in values)


class ErrorPageMiddleware:
    """Gives the empty 405 answers of ``require_http_methods`` and class-based views a page."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and isinstance(response, HttpResponse)
            and not response.content
            and request.method != "HEAD"
        ):
            return errors.method_not_allowed(request, response.get("Allow", ""))
        return response
