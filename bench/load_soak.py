"""Load and soak: ``make bench BENCH=load-soak`` (``python -m bench load-soak -- OPTIONS``).

Prepares the database named by DATABASE_URL (migrate; demo data if it is empty), starts the
production server (gunicorn with the production settings, over plain HTTP on 127.0.0.1), runs
the locust scenario of ``bench/locustfile.py`` headless against it, and prints::

    load-soak: 600 s, 20 users, 41,230 requests = 68.7 req/s, 0 failures
      p50 12 ms  p95 45 ms  p99 88 ms  max 410 ms
      per page: …
      filings: 412 applications filed: 412 confirmation pages with a 受理编号, 0 failed
        in the database: +412 applications, every 受理编号 shown found: yes; goal nothing lost: met
      server memory (PSS of gunicorn and its workers): start 841 MB, end 806 MB (-4.1%);
        highest in the first half 1004 MB, in the second half 971 MB (-3.3%); goal stable: met
        RSS (shared pages counted once per process): start 1394 MB, end 1989 MB (+42.7%)
        PSS/RSS by minute (MB): 0′ 841/1394, 1′ 850/1455, …; worker processes seen: 8
      load average (1, 5, 15 min): start 0.4 0.3 0.2, end 3.1 2.8 1.6

Goals (issue 9): 0 failures, memory stable, and
nothing lost: the applications added to the database are exactly the filings confirmed to the
applicants. Exit status 1 when a goal is missed. The issue asks for PostgreSQL: with SQLite the
run is made but says so.

Memory is the PSS (proportional set size) of the master and its workers: each page shared by
several processes (the code and data forked from the master, mapped fonts, the search index) is
divided among them. The sum of their RSS counts such pages once per worker, so it jumps each
time gunicorn replaces a worker (``max_requests``) or a worker first maps the fonts to render a
letter, whatever the server really holds; it is printed beside, by minute.

*Stable* means no growth from the first half of the run to the second: the highest PSS reading of
the second half is within 20 % of the highest of the first half. Start and end are printed too,
but their ratio is not the verdict: each worker grows while it first renders a letter, loads the
segmentation dictionary and opens the index, then levels off; when gunicorn replaces workers
(``max_requests``, ``GUNICORN_MAX_REQUESTS``), the new ones warm up again, so memory is a
saw-tooth whose teeth stay the same height, and a start-to-end ratio depends on where the first
reading and the last replacement fall. A leak raises the teeth, and that is what the goal
compares.

The simulated applicants all come from 127.0.0.1, so the server of this run raises the
per-address limit of the public form (``GONGKAI_PUBLIC_LIMITS=apply_ip=…``; production keeps the
default of docs/applications-public.md). Each filing is by a different applicant, so the
per-applicant limit stays as it is.

Options: ``--duration 600`` (seconds), ``--users 20``, ``--spawn-rate 5``, ``--workers 4``,
``--port 8199``, ``--warmup 30`` (seconds before the first memory reading), ``--host URL`` (use a
running server instead of starting one; no memory figures then).
"""

from __future__ import annotations

import argparse
import csv
import json
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
MEMORY_GROWTH_LIMIT = 0.20
#: The public form's per-address limit for this run only (every simulated user is 127.0.0.1).
LOAD_TEST_LIMITS = "apply_ip=1000000/3600"
FILINGS_NAME = "/apply/<code>/ (filing)"


def _memory(pid: int) -> tuple[int, int, frozenset[int]]:
    """(RSS, PSS, worker pids) of a process and its children (gunicorn's master and workers).

    RSS counts pages shared between the processes (the code, mapped fonts and search index)
    once per process; PSS divides each shared page among the processes that map it, so its sum
    is what the server really holds."""
    import psutil

    rss = pss = 0
    try:
        process = psutil.Process(pid)
        children = process.children(recursive=True)
        for p in [process, *children]:
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    except psutil.Error:
        return rss, pss, frozenset()
    return rss, pss, frozenset(c.pid for c in children)


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


STATIC_ROOT = OUT / "static"


def _server_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        STATIC_ROOT=str(STATIC_ROOT),
        GONGKAI_ENV="production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS=f"127.0.0.1,localhost,127.0.0.1:{port}",
        # plain HTTP on the loopback interface: no proxy in front of this run
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        TRUSTED_PROXY_COUNT="0",
        LOG_LEVEL="WARNING",
        ACCESS_LOG="0",
        GONGKAI_PUBLIC_LIMITS=LOAD_TEST_LIMITS,
    )
    return env


_COUNT_SCRIPT = """
import json, sys
from gongkai.applications.models import Application
numbers = json.load(open(sys.argv[-1], encoding="utf-8"))["confirmed"]
found = set(
    Application.objects.filter(tracking_no__in=numbers).values_list("tracking_no", flat=True)
)
print(json.dumps({"count": Application.objects.count(),
                  "missing": sorted(set(numbers) - found)[:20]}))
"""


def _applications(numbers_file: Path) -> dict[str, object]:
    """Applications in the database, and which of the 受理编号 in ``numbers_file`` it lacks."""
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_ENV"}
    if not numbers_file.exists():
        numbers_file.write_text('{"confirmed": [], "failed": []}', encoding="utf-8")
    script = OUT / "load-soak-count.py"
    script.write_text(_COUNT_SCRIPT, encoding="utf-8")
    out = subprocess.run(
        [str(BIN / "python"), "-c", _SHELL_RUNNER, str(script), str(numbers_file)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


#: Runs a script with Django set up as the ``gongkai`` command does.
_SHELL_RUNNER = (
    "import sys, runpy; from gongkai.cli import setup_django; setup_django(); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)


def _prepare(port: int) -> None:
    """Migrate, demo data into an empty database, static files as production serves them."""
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_ENV"}
    gongkai = str(BIN / "gongkai")
    subprocess.run([gongkai, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([gongkai, "demo", "--if-empty"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [gongkai, "collectstatic", "--noinput", "-v0"], env=_server_env(port), check=True
    )


def _aggregated(csv_path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return total, [row for row in rows if row["Name"] != "Aggregated"]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench load-soak", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--host", default="")
    args = parser.parse_args(list(argv))
    database = os.environ.get("DATABASE_URL", "sqlite")
    if not database.startswith(("postgres://", "postgresql://")):
        print("load-soak: note: DATABASE_URL is not PostgreSQL (the issue's figures are for it)")
    OUT.mkdir(parents=True, exist_ok=True)
    server: subprocess.Popen[bytes] | None = None
    host = args.host
    if not host:
        _prepare(args.port)
        host = f"http://127.0.0.1:{args.port}"
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
            env=_server_env(args.port),
            cwd=ROOT,
        )
    try:
        _wait_healthy(host)
        prefix = OUT / "load-soak"
        filings_file = OUT / "load-soak-filings.json"
        filings_file.unlink(missing_ok=True)
        before = _applications(filings_file) if server is not None else None
        load_start = os.getloadavg()
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).resolve().parent / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
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
            env={**os.environ, "LOCUST_FILINGS_FILE": str(filings_file)},
        )
        memory: list[tuple[float, int, int, frozenset[int]]] = []
        started = time.monotonic()
        while locust.poll() is None:
            time.sleep(5)
            elapsed = time.monotonic() - started
            if server is not None and elapsed >= args.warmup:
                memory.append((elapsed, *_memory(server.pid)))
        total, pages = _aggregated(Path(f"{prefix}_stats.csv"))
        load_end = os.getloadavg()
        after = _applications(filings_file) if server is not None else None
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    print(
        f"load-soak: {args.duration} s, {args.users} users, {requests:,} requests = "
        f"{float(total['Requests/s']):.1f} req/s, {failures} failures"
    )
    print(
        f"  p50 {total['50%']} ms  p95 {total['95%']} ms  p99 {total['99%']} ms  "
        f"max {float(total['Max Response Time']):.0f} ms"
    )
    for row in pages:
        print(
            f"  {row['Name']:<26} {int(row['Request Count']):>8,} requests  "
            f"{int(row['Failure Count']):>5} failures  p99 {row['99%']} ms"
        )
    status = 0 if failures == 0 else 1
    filing_rows = [row for row in pages if row["Name"] == FILINGS_NAME]
    counted = sum(int(row["Request Count"]) for row in filing_rows)
    filed = json.loads(filings_file.read_text(encoding="utf-8"))
    confirmed, refused = len(filed["confirmed"]), len(filed["failed"])
    print(
        f"  filings: {confirmed + refused:,} applications filed: {confirmed:,} confirmation pages "
        f"with a 受理编号, {refused} failed (locust's statistics counted {counted:,})"
    )
    if before is not None and after is not None:
        added = int(str(after["count"])) - int(str(before["count"]))
        missing = list(after["missing"])  # type: ignore[call-overload]
        kept = added == confirmed and not missing
        print(
            f"    in the database: {added:+,} applications ({before['count']} → {after['count']}), "
            f"every 受理编号 shown found: {'yes' if not missing else 'NO, missing ' + str(missing)}"
            f"; goal nothing lost: {'met' if kept else 'MISSED'}"
        )
        if not kept:
            status = 1
    if memory:
        first, last = memory[0][2], memory[-1][2]
        half = memory[0][0] + (memory[-1][0] - memory[0][0]) / 2
        peak_first = max(pss for elapsed, _rss, pss, _pids in memory if elapsed <= half)
        peak_second = max(
            [pss for elapsed, _rss, pss, _pids in memory if elapsed > half] or [peak_first]
        )
        growth = (peak_second - peak_first) / peak_first if peak_first else 0.0
        print(
            f"  server memory (PSS of gunicorn and its workers): start {first / 2**20:.0f} MB, "
            f"end {last / 2**20:.0f} MB ({(last - first) / first if first else 0.0:+.1%}); "
            f"highest in the first half {peak_first / 2**20:.0f} MB, in the second half "
            f"{peak_second / 2**20:.0f} MB ({growth:+.1%}); goal stable (≤ "
            f"+{MEMORY_GROWTH_LIMIT:.0%}): {'met' if growth <= MEMORY_GROWTH_LIMIT else 'MISSED'}"
        )
        rss_first, rss_last = memory[0][1], memory[-1][1]
        print(
            f"    RSS (shared pages counted once per process): start {rss_first / 2**20:.0f} MB, "
            f"end {rss_last / 2**20:.0f} MB ({(rss_last - rss_first) / rss_first:+.1%})"
        )
        minutes: dict[int, tuple[int, int]] = {}  # the first reading of each minute, the last
        for elapsed, rss, pss, _pids in memory:
            minutes.setdefault(int(elapsed) // 60, (pss, rss))
        minutes[int(memory[-1][0] + 59) // 60] = (last, rss_last)
        series = [f"{m}′ {p / 2**20:.0f}/{r / 2**20:.0f}" for m, (p, r) in sorted(minutes.items())]
        workers = {pid for *_rest, pids in memory for pid in pids}
        print(
            f"    PSS/RSS by minute (MB): {', '.join(series)}; worker processes seen: "
            f"{len(workers)} (gunicorn replaces a worker after GUNICORN_MAX_REQUESTS requests)"
        )
        if growth > MEMORY_GROWTH_LIMIT:
            status = 1
    print(
        "  load average (1, 5, 15 min): start "
        + " ".join(f"{x:.2f}" for x in load_start)
        + ", end "
        + " ".join(f"{x:.2f}" for x in load_end)
    )
    verdict = "met" if failures == 0 else "MISSED"
    print(f"  goal 0 failures: {verdict} (details: {prefix}_failures.csv)")
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
