"""gunicorn's settings: ``gunicorn -c python:gongkai.config.gunicorn gongkai.config.wsgi``.

Command-line options (``--bind``, ``--workers``) override these; ``make run`` and the systemd
unit (deploy/gongkai-web.service) both use this file. The access log is the application's own
(``gongkai.access`` lines with the request id, JSON in production), so gunicorn writes none.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# A request that runs longer than this is a bug or an attack: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (with jitter, not all at once): memory that a
# long-running process fragments is returned. Not often: a new worker spends about half a second
# of CPU warming up and starts with empty per-process caches (kept pages, agencies, categories),
# and at 10,000 requests a saturated server replaced a worker about every 15 seconds, each time
# slowing the pages of that moment (the 1,000,000-record load test's p99 went from 100 to 200 ms).
# In the 600 s soak (bench load-soak, no replacement) the highest memory of the second half was
# 10 % above that of the first (the goal allows 20 %); at ordinary traffic 50,000 requests are days.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# gunicorn's largest request line: longer ones get gunicorn's own English "400 Bad Request".
# nginx in front refuses long lines first with a Chinese 414 page (deploy/nginx.conf), and the
# application answers addresses over 4096 characters with its own 414 page.
limit_request_line = 8190
limit_request_field_size = 16380
# X-Forwarded-Proto is trusted from nginx on the same machine only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker: object) -> None:
    """Warm each new worker (imports, templates, segmentation dictionary, search index) before
    it accepts requests, so that nobody's request pays for it (gongkai.core.warmup)."""
    from gongkai.core.warmup import warm

    warm()
