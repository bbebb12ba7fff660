"""Log records with the request they belong to; JSON lines for production.

* :class:`RequestContextFilter` puts ``request_id``, ``client_ip`` (and, for records about a
  request, ``method``, ``path`` and ``status``) on every record.
* :class:`RefusalFilter` drops the traceback of ordinary refusals: a 403, a CSRF failure, an
  oversized request or a bad Host header is not a bug, and a traceback for each of them buries
  the real errors. A 500 keeps its traceback, with the request id that the error page shows.
* :class:`JsonFormatter` writes one JSON object per line (``LOG_FORMAT=json``, the default in
  production), for journald, Loki, Elasticsearch and the like.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from gongkai.core import requestctx

#: Attributes of a LogRecord that are not "extra" fields.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        origin = requestctx.current()
        request = getattr(record, "request", None)
        if not getattr(record, "request_id", ""):
            # Django logs some refusals after the request's context has closed: the request
            # object still carries its id.
            record.request_id = origin.request_id or getattr(request, "request_id", "") or "-"
        if not hasattr(record, "client_ip"):
            record.client_ip = origin.ip or ""
        if request is not None and hasattr(request, "method"):
            record.method = request.method
            record.path = getattr(request, "path", "")
        return True


class RefusalFilter(logging.Filter):
    """Keeps the record, without a traceback when it is an ordinary refusal (status < 500)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _is_refusal(record):
            record.exc_info = None
            record.exc_text = None
        return True


def _is_refusal(record: logging.LogRecord) -> bool:
    if record.name.startswith("django.security."):
        return True
    status = getattr(record, "status_code", None)
    return record.name == "django.request" and isinstance(status, int) and status < 500


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key in entry or key == "request":
                continue
            entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)
