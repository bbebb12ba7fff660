"""Applications benchmark: ``make bench BENCH=applications`` (``python -m bench.applications``).

Generates applications over many agencies in a fresh database and measures, as the issue asks:

* the staff dashboard query for one agency (the counts — due within 5 working days, overdue,
  awaiting 补正/征求意见/缴费, 待确认, 待审核 — plus the overdue, due-soon, waiting and pending
  lists): p50/p95 over random agencies; goal p95 ≤ 50 ms;
* recomputing every open application's due date from its events (what a calendar change runs):
  applications/s.

Options: ``--scale N`` applications (default 100,000; the issue's figure is 1,000,000),
``--agencies A`` (default 2,000), ``--backends sqlite,pg``, ``--pg-url URL`` (default
``postgres://postgres@127.0.0.1:5432/gk_bench_applications``, created if missing),
``--samples S`` dashboard queries (default 300), ``--recompute-limit K`` open applications for
the recompute rate (default: all). Each backend runs in its own process with its own database.

1M over 2,000 agencies::

    nice .venv/bin/python -m bench.applications --scale 1000000 --agencies 2000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

GOAL_P95_MS = 50.0
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/gk_bench_applications"

_TYPES = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
)
_OUTCOMES = ("granted", "partly_granted", "refused_4", "unable_1", "unable_2", "not_processed_2")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.applications")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--backends", default="sqlite,pg")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--recompute-limit", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv or []))
    if args.worker:
        return _worker(args)
    status = 0
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        env = dict(os.environ)
        tmp = tempfile.mkdtemp(prefix="gk-bench-apps-")
        env["GONGKAI_VAR_DIR"] = tmp
        env["GONGKAI_TASKS"] = "immediate"
        env["ACCESS_LOG"] = "0"
        env["LOG_LEVEL"] = "WARNING"
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        elif backend == "pg":
            if not _pg_ready(args.pg_url):
                print(f"applications [pg]: skipped (cannot reach or create {args.pg_url})")
                continue
            env["DATABASE_URL"] = args.pg_url
        else:
            print(f"unknown backend {backend}")
            return 2
        cmd = [sys.executable, "-m", "bench.applications", "--worker", backend, *_forward(args)]
        status |= subprocess.call(cmd, env=env)
    return status


def _forward(args: argparse.Namespace) -> list[str]:
    return [
        "--scale", str(args.scale),
        "--agencies", str(args.agencies),
        "--samples", str(args.samples),
        "--recompute-limit", str(args.recompute_limit),
        "--seed", str(args.seed),
    ]  # fmt: skip


def _pg_ready(url: str) -> bool:
    """Drop and create the benchmark database (it holds nothing else)."""
    try:
        import psycopg
    except ImportError:
        return False
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # any failure means: no PostgreSQL here
        print(f"applications [pg]: {exc}")
        return False
    return True


# --- the worker: one backend, one fresh database ---------------------------------------------


def _worker(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    backend = args.worker
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    agency_ids = _generate(args)
    built = time.perf_counter() - t0
    print(
        f"applications [{backend}]: {args.scale:,} applications over {len(agency_ids):,} "
        f"agencies generated in {built:.0f} s",
        flush=True,
    )
    figures = {"backend": backend, "scale": args.scale, "agencies": len(agency_ids)}
    figures.update(_dashboard(agency_ids, args.samples, args.seed))
    print(
        f"applications [{backend}]: dashboard query (counts: due within 5 working days, "
        f"overdue, awaiting …) for one agency: p50 {figures['dashboard_p50_ms']:.1f} ms, "
        f"p95 {figures['dashboard_p95_ms']:.1f} ms ({args.samples} agencies)  "
        f"goal p95 ≤ {GOAL_P95_MS:.0f} ms: "
        f"{'met' if figures['dashboard_p95_ms'] <= GOAL_P95_MS else 'NOT met'}; "
        f"the page's four lists: p50 {figures['lists_p50_ms']:.1f} ms, "
        f"p95 {figures['lists_p95_ms']:.1f} ms",
        flush=True,
    )
    figures.update(_recompute(args.recompute_limit))
    print(
        f"applications [{backend}]: recomputed {figures['recomputed']:,} open applications' "
        f"due dates in {figures['recompute_s']:.1f} s = "
        f"{figures['recompute_per_s']:,.0f} applications/s",
        flush=True,
    )
    print(json.dumps(figures, ensure_ascii=False))
    return 0


def _insert_sql(model: Any) -> tuple[str, list[Any]]:
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})", fields


def _generate(args: argparse.Namespace) -> list[int]:
    """Agencies through the ORM; applications and their receipt events with executemany (the
    ORM's per-row work, encrypted fields included, would dominate the run)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application, ApplicationEvent

    rng = random.Random(args.seed)
    today = timezone.localdate()
    agencies = [
        Agency(name=f"基准测试机关{i:05d}", code=f"B{i:05d}", kind="township")
        for i in range(args.agencies)
    ]
    Agency.objects.bulk_create(agencies, batch_size=1000)
    agency_ids = list(Agency.objects.filter(code__startswith="B").values_list("pk", flat=True))
    now = timezone.now()
    app_sql, app_fields = _insert_sql(Application)
    waiting = ("", "", "", "", "", "", "supplement", "consultation", "fee")
    defaults: dict[str, Any] = {}
    for f in app_fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    defaults.update(created_at=now, updated_at=now, query_code_hash="", id_number="", phone="")
    order = [f.attname for f in app_fields]
    batch: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(args.scale):
            column = rng.choice(_TYPES)
            open_ = rng.random() < 0.1
            if open_:
                received = today - timedelta(days=rng.randrange(0, 45))
            else:
                received = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 2000))
                received = min(received, today - timedelta(days=30))
            wait = rng.choice(waiting) if open_ else ""
            row = dict(defaults)
            row.update(
                agency_id=rng.choice(agency_ids),
                tracking_no=f"B-{i:08d}",
                applicant_kind="natural_person" if column == "natural_person" else "organisation",
                applicant_type=column,
                applicant_name="申请人",
                id_type="resident_id",
                description="基准测试申请",
                form_wanted="electronic",
                delivery_method="online",
                channel="online",
                submitted_at=timezone.make_aware(datetime.combine(received, datetime.min.time())),
                received_on=received,
                stage=rng.choice(("received", "registered", "handling", "review"))
                if open_
                else "archived",
                waiting=wait,
                due_on=None if (not open_ or wait) else received + timedelta(days=28),
                closed_on=None if open_ else received + timedelta(days=rng.randrange(1, 28)),
                outcome="" if open_ else rng.choice(_OUTCOMES),
            )
            batch.append(tuple(row[name] for name in order))
            if len(batch) >= 5000:
                cursor.executemany(app_sql, batch)
                batch = []
        if batch:
            cursor.executemany(app_sql, batch)
    # the receipt event of every open application (what the clock starts from)
    event_sql, event_fields = _insert_sql(ApplicationEvent)
    event_order = [f.attname for f in event_fields]
    kinds = {"supplement": "supplement_requested", "consultation": "consultation_started"}
    rows: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for pk, received, wait in Application.objects.filter(closed_on__isnull=True).values_list(
            "pk", "received_on", "waiting"
        ):
            base = {
                "application_id": pk,
                "at": now,
                "actor_id": None,
                "actor_label": "",
                "stage_before": "",
                "stage_after": "",
                "note": "",
            }
            rows.append(
                tuple(
                    {
                        **base,
                        "kind": "created",
                        "day": received,
                        "data": json.dumps({"received_on": received.isoformat()}),
                    }[name]
                    for name in event_order
                )
            )
            if wait:
                rows.append(
                    tuple(
                        {
                            **base,
                            "kind": kinds.get(wait, "fee_notified"),
                            "day": received + timedelta(days=2),
                            "data": "{}",
                        }[name]
                        for name in event_order
                    )
                )
            if len(rows) >= 5000:
                cursor.executemany(event_sql, rows)
                rows = []
        if rows:
            cursor.executemany(event_sql, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return agency_ids


def _dashboard(agency_ids: list[int], samples: int, seed: int) -> dict[str, float]:
    """The counts query (the figure of the goal) and, separately, the four lists the page
    shows under it."""
    from gongkai.applications import selectors

    rng = random.Random(seed + 1)
    counts, lists = [], []
    soon = selectors.due_soon_limit()
    for _ in range(samples):
        ids = [rng.choice(agency_ids)]
        t = time.perf_counter()
        selectors.dashboard_counts(agency_ids=ids, user_id=1, soon=soon)
        t1 = time.perf_counter()
        selectors.dashboard_lists(agency_ids=ids, soon=soon)
        t2 = time.perf_counter()
        counts.append((t1 - t) * 1000)
        lists.append((t2 - t1) * 1000)

    def p95(values: list[float]) -> float:
        values = sorted(values)
        return values[max(0, int(len(values) * 0.95) - 1)]

    return {
        "dashboard_p50_ms": statistics.median(counts),
        "dashboard_p95_ms": p95(counts),
        "lists_p50_ms": statistics.median(lists),
        "lists_p95_ms": p95(lists),
    }


def _recompute(limit: int) -> dict[str, float]:
    from gongkai.applications.models import OPEN_STAGES, Application
    from gongkai.applications.services import application_due_recompute_all

    ids = None
    if limit:
        ids = sorted(
            set(
                Application.objects.filter(stage__in=list(OPEN_STAGES))
                .order_by("pk")
                .values_list("agency_id", flat=True)[:limit]
            )
        )
    t = time.perf_counter()
    seen, changed = application_due_recompute_all(agency_ids=ids)
    elapsed = time.perf_counter() - t
    return {
        "recomputed": seen,
        "recompute_changed": changed,
        "recompute_s": elapsed,
        "recompute_per_s": seen / elapsed if elapsed else 0.0,
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
