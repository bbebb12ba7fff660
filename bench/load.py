"""Page load benchmark: ``make bench BENCH=load`` (``python -m bench load -- OPTIONS``).

Uses the generated records of ``bench/search.py`` (same ``--records``, ``--var`` and
database; generated and indexed first if missing, reused as they are when complete), starts
the production server (gunicorn, ``GONGKAI_ENV=production`` over plain HTTP on 127.0.0.1, so
``SECURE_SSL_REDIRECT=0``; requests also carry ``X-Forwarded-Proto: https``), and runs locust
headless with ``--users`` concurrent clients against the list, detail and search pages
(``bench/locust_pages.py``). Prints throughput and p50/p95/p99 per page. Goal: p99 ≤ 100 ms
with 64 clients.

By default a client sends its next request as soon as the last one returns: a saturation test,
whose latency is the number of clients divided by the throughput (64 clients at 100 pages/s
wait about 640 ms each, whatever one page costs). ``--pace S`` makes each client pause between
pages, for 0.5–1.5 × S seconds at random (64 clients with ``--pace 1`` offer about 64 pages/s:
people reading pages), so the latency measured is the server's under that load. Run both: the
first gives the throughput, the second the latency people would see. Clients start at 16 a
second and the statistics are reset once all have started: the figures are of the steady state.

Options: ``--records 20000``, ``--users 64``, ``--duration 60`` (seconds), ``--workers 4``
(gunicorn), ``--port 8299``, ``--var DIR``, ``--pace 0``. Every wait has a timeout: the server
must be healthy within 60 s, locust is stopped after the duration plus 90 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
BIN = Path(sys.executable).parent
P99_GOAL_MS = 100.0
#: Clients started per second. The figures are of the steady state: locust resets its statistics
#: once every client has started (``--reset-stats``), so the start-up burst, when every new
#: client sends its first request at once, is not counted.
SPAWN_RATE = 16


def _server_env(port: int, var: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GONGKAI_VAR_DIR=str(var),
        STATIC_ROOT=str(OUT / "static"),
        GONGKAI_ENV="production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS=f"127.0.0.1,localhost,127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        TRUSTED_PROXY_COUNT="0",
        LOG_LEVEL="WARNING",
        ACCESS_LOG="0",
    )
    return env


def _wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server at {url} did not become healthy in {seconds:.0f} s")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench load", description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8299)
    parser.add_argument("--var", default="")
    parser.add_argument("--pace", type=float, default=0.0)
    args, _unknown = parser.parse_known_args(list(argv))
    database = os.environ.get("DATABASE_URL", "")
    kind = "postgresql" if database.startswith(("postgres://", "postgresql://")) else "sqlite"
    var = Path(args.var) if args.var else OUT / f"search-{kind}-{args.records}"

    from . import search as search_bench

    search_bench._setup(var)
    from gongkai.agencies.models import Agency
    from gongkai.catalogue import search
    from gongkai.catalogue.models import Record, RecordStatus

    search_bench.generate(args.records, args.agencies)  # one lookup when they are there
    published = Record.objects.filter(status=RecordStatus.PUBLISHED)
    total = published.count()
    if search.backend().num_docs() != total:
        print(f"load: the index holds {search.backend().num_docs():,} of {total:,}: reindex")
        search.reindex(jobs=2)
    ids = published.values_list("pk", flat=True)
    bounds = {"low": ids.order_by("pk").first(), "high": ids.order_by("-pk").first()}
    codes = list(Agency.objects.filter(code__startswith="BA").values_list("code", flat=True)[:200])
    env = _server_env(args.port, var)
    subprocess.run([str(BIN / "gongkai"), "collectstatic", "--noinput", "-v0"], env=env, check=True)
    host = f"http://127.0.0.1:{args.port}"
    print(
        f"load: {total:,} records, {connection_vendor()}, {args.users} clients, "
        f"{args.duration} s, gunicorn {args.workers} workers, "
        + (
            f"pauses of {args.pace / 2:g}–{args.pace * 1.5:g} s between a client's pages"
            if args.pace > 0
            else "no pause between a client's requests"
        ),
        flush=True,
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:gongkai.config.gunicorn",
            "gongkai.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
        ],
        env=env,
        cwd=ROOT,
    )
    prefix = OUT / f"load-{kind}-{args.records}"
    try:
        _wait_healthy(host)
        locust_env = dict(os.environ)
        locust_env.update(
            BENCH_ID_MIN=str(bounds["low"] or 1),
            BENCH_ID_MAX=str(bounds["high"] or 1),
            BENCH_AGENCIES=",".join(codes),
            BENCH_PACE=str(args.pace),
            PYTHONPATH=str(ROOT),
        )
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).resolve().parent / "locust_pages.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(SPAWN_RATE),
                "--reset-stats",
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=subprocess.DEVNULL,
        )
        try:
            locust.wait(timeout=args.duration + 90)
        except subprocess.TimeoutExpired:
            locust.kill()
            print("load: locust did not finish in time; stopped")
            return 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    status = 0
    for row in rows:
        requests = int(row["Request Count"])
        failures = int(row["Failure Count"])
        p99 = float(row["99%"] or 0)
        met = p99 <= P99_GOAL_MS and failures == 0
        if row["Name"] != "Aggregated" and not met:
            status = 1
        print(
            f"  {row['Name']:<24} {requests:>8,} requests {float(row['Requests/s']):>7.1f}/s  "
            f"p50 {row['50%']} ms  p95 {row['95%']} ms  p99 {row['99%']} ms  "
            f"{failures} failures"
            + (
                ""
                if row["Name"] == "Aggregated"
                else f"  goal p99 ≤ 100 ms: {'met' if met else 'MISSED'}"
            )
        )
    return status


def connection_vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
