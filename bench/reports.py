"""Annual-report benchmark: ``make bench BENCH=reports`` (``python -m bench.reports``).

Generates applications over agencies and years in a fresh database (SQLite under a temporary
directory unless ``DATABASE_URL`` names another, e.g. a PostgreSQL database of its own), then
times, for one year:

* **table 三 of every agency** — ``annual_applications_tables(year=…)``, one pass;
* **the county roll-up** — ``gongkai.reports.rollup.county_rollup`` for one county (its
  government and the agencies below it: statuses, deadlines, tables 二/三/四, the sum);
* beside them, **the naive way**: one ORM ``count()`` per cell of table 三
  (``application_ids_for_cell(…).count()``, 25 × 7 queries per agency) on a sample of the
  agencies (``--sample``, default 1%), scaled to all of them.

Goals (issue 8): every agency's table 三 ≤ 5 s on PostgreSQL, ≤ 15 s on SQLite; the county
roll-up ≤ 1 s. Defaults: 1,000,000 applications, 2,000 agencies (20 counties of 100), 5 years
(2020–2024), report year 2024. ``--applications 100000`` for a quicker run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

GOALS = {"tables_sqlite": 15.0, "tables_postgresql": 5.0, "rollup": 1.0}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.reports")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--year", type=int, default=2024, help="report year (the last generated)")
    parser.add_argument(
        "--sample", type=float, default=0.01, help="share of agencies counted naively"
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="SQLite directory kept and reused (generated once; later runs only measure)",
    )
    return parser


def _setup(tmp: str) -> None:
    os.environ.setdefault("GONGKAI_VAR_DIR", tmp)
    os.environ.setdefault("GONGKAI_TASKS", "immediate")
    from gongkai.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _agencies(n: int, counties: int) -> tuple[list[int], dict[int, list[int]]]:
    from gongkai.agencies.models import Agency

    per = max(n // counties, 1)
    ids: list[int] = []
    tree: dict[int, list[int]] = {}
    for c in range(counties):
        county = Agency.objects.create(
            name=f"基准测试第{c + 1}县人民政府", code=f"BC{c:03d}", kind="government"
        )
        members = [county.pk]
        children = [
            Agency(
                name=f"基准测试第{c + 1}县第{i}机关",
                code=f"BC{c:03d}A{i:04d}",
                kind="township" if i % 3 == 0 else "department",
                parent=county,
            )
            for i in range(1, per)
        ]
        Agency.objects.bulk_create(children, batch_size=1000)
        members += list(
            Agency.objects.filter(parent=county).order_by("pk").values_list("pk", flat=True)
        )
        tree[county.pk] = members
        ids += members
    return ids, tree


def _existing() -> tuple[list[int], dict[int, list[int]]]:
    from gongkai.agencies.models import Agency

    tree: dict[int, list[int]] = {}
    ids: list[int] = []
    for county in Agency.objects.filter(code__startswith="BC", parent__isnull=True).order_by("pk"):
        members = [
            county.pk,
            *Agency.objects.filter(parent=county).order_by("pk").values_list("pk", flat=True),
        ]
        tree[county.pk] = members
        ids += members
    return ids, tree


def _generate(
    agency_ids: list[int], n: int, first_year: int, last_year: int, rng: random.Random
) -> None:
    """Applications inserted with executemany (the ORM would encrypt empty fields one by one)."""
    from django.db import connection, transaction

    from gongkai.annual.format import APPLICANT_COLUMN_KEYS, OUTCOME_ROW_KEYS
    from gongkai.applications.models import Application

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    table = Application._meta.db_table
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
    start = date(first_year, 1, 1)
    span = (date(last_year, 12, 31) - start).days + 1
    now = datetime.now(UTC)
    types = list(APPLICANT_COLUMN_KEYS[:6])
    type_weights = [70, 12, 2, 3, 8, 5]
    outcomes = list(OUTCOME_ROW_KEYS)
    outcome_weights = [50, 10] + [1] * (len(outcomes) - 2)
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.name] = f.get_default()
        elif f.null:
            defaults[f.name] = None
        elif f.get_internal_type() in ("CharField", "TextField", "EmailField"):
            defaults[f.name] = ""
        elif f.get_internal_type() == "DateTimeField":
            defaults[f.name] = now
        elif f.get_internal_type() == "BooleanField":
            defaults[f.name] = False
        else:
            defaults[f.name] = ""
    batch: list[tuple[object, ...]] = []
    with transaction.atomic():
        for i in range(n):
            received = start + timedelta(days=rng.randrange(span))
            kind = rng.choices(types, type_weights)[0]
            open_ = rng.random() < 0.04
            closed = None if open_ else received + timedelta(days=rng.randint(0, 45))
            row = dict(defaults)
            row.update(
                agency=rng.choice(agency_ids),
                tracking_no=f"B{i:09d}",
                applicant_kind="natural_person" if kind == "natural_person" else "organisation",
                applicant_type=kind,
                applicant_name="基准测试申请人",
                id_type="resident_id",
                description="基准测试",
                form_wanted="electronic",
                delivery_method="online",
                channel="online",
                submitted_at=now,
                received_on=received,
                stage="handling" if open_ else "archived",
                outcome="" if open_ else rng.choices(outcomes, outcome_weights)[0],
                closed_on=closed,
                due_on=received + timedelta(days=28),
                created_at=now,
                updated_at=now,
            )
            batch.append(
                tuple(row[f.name] if f.name in row else row.get(f.attname) for f in fields)
            )
            if len(batch) == 20_000:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv: Sequence[str] = ()) -> int:
    args = _parser().parse_args(list(argv))
    tmp = args.keep or tempfile.mkdtemp(prefix="gongkai-bench-reports-")
    os.makedirs(tmp, exist_ok=True)
    _setup(tmp)
    from django.db import connection

    try:
        from gongkai.applications import selectors
    except ImportError:
        print("reports: the applications app is not installed; nothing to measure")
        return 0
    from gongkai.agencies.models import Agency
    from gongkai.reports.rollup import county_rollup

    rng = random.Random(args.seed)
    vendor = connection.vendor
    from gongkai.applications.models import Application

    t0 = time.perf_counter()
    if Agency.objects.filter(code__startswith="BC").exists():
        agency_ids, tree = _existing()
        print(
            f"reports: reusing {Application.objects.count():,} applications over "
            f"{len(agency_ids):,} agencies in {tmp}",
            flush=True,
        )
    else:
        agency_ids, tree = _agencies(args.agencies, args.counties)
        _generate(agency_ids, args.applications, args.year - args.years + 1, args.year, rng)
        print(
            f"reports: generated {args.applications:,} applications over {len(agency_ids):,} "
            f"agencies and {args.years} years on {vendor} in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )

    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        tables = selectors.annual_applications_tables(year=args.year)
        best = min(best, time.perf_counter() - t)
    goal = GOALS[f"tables_{'postgresql' if vendor == 'postgresql' else 'sqlite'}"]
    total = sum(t["new"][-1] for t in tables.values())
    print(
        f"table 三 of every agency ({len(tables):,} agencies, {total:,} received in {args.year}): "
        f"{best:.2f} s (best of 3)  goal ≤ {goal:.0f} s: {'met' if best <= goal else 'NOT met'}"
    )

    county_id = next(iter(tree))
    agencies = list(Agency.objects.filter(pk__in=tree[county_id]).order_by("kind", "code"))
    rbest = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        county_rollup(agencies=agencies, year=args.year)
        rbest = min(rbest, time.perf_counter() - t)
    print(
        f"county roll-up ({len(agencies)} agencies): {rbest:.2f} s (best of 3)  "
        f"goal ≤ {GOALS['rollup']:.0f} s: {'met' if rbest <= GOALS['rollup'] else 'NOT met'}"
    )

    from gongkai.annual.format import APPLICANT_COLUMN_KEYS, APPLICATION_ROW_KEYS

    sample = rng.sample(agency_ids, max(1, round(len(agency_ids) * args.sample)))
    t = time.perf_counter()
    for agency_id in sample:
        for row in APPLICATION_ROW_KEYS:
            for col in APPLICANT_COLUMN_KEYS:
                selectors.application_ids_for_cell(
                    agency_ids=[agency_id], year=args.year, row_key=row, column_key=col
                ).count()
    naive = time.perf_counter() - t
    scaled = naive * len(agency_ids) / len(sample)
    print(
        f"naive per-cell ORM count: {len(sample)} agencies in {naive:.2f} s "
        f"({len(APPLICATION_ROW_KEYS) * len(APPLICANT_COLUMN_KEYS)} queries each), "
        f"scaled to {len(agency_ids):,} agencies: {scaled:.0f} s "
        f"({scaled / best:.0f}× the one pass)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
