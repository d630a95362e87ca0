"""Benchmark the customer import (issue 4): 1,000,000 rows on PostgreSQL.

Run from the repository root, with PostgreSQL on 127.0.0.1 (user postgres):

    .venv/bin/python bench/bench_customers_import.py [--rows 1000000]

It uses its own database (gridcare_bench_apps; created and migrated when missing), writes a
CSV of --rows customers in the documented layout, then measures, each in a child process
whose peak memory (ru_maxrss) is read with os.wait4:
  (a) the real import (services.customer_import_run: stream, check, COPY into a staging
      table, one upsert), into an empty register;
  (b) the same file again (every row unchanged: nothing is written);
  (c) the baseline: the same rows parsed with csv and written with Model.objects.bulk_create
      in batches of 5,000 (no checks, no upsert), into another company.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "gridcare_bench_apps"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
CSV_PATH = Path("/tmp/gridcare_bench_customers.csv")  # noqa: S108 - a bench scratch file
STATIC_ROOT = Path("/tmp/gridcare_bench_static")  # noqa: S108 - a bench scratch folder


def django_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        HUEY_IMMEDIATE="1",
        LOG_LEVEL="WARNING",
        # Production settings (the test switch is refused with DEBUG off): pages render
        # from collectstatic's manifest, made by ensure_database.
        STATIC_ROOT=str(STATIC_ROOT),
    )
    env.pop("DEBUG", None)
    return env


def setup_django() -> None:
    os.environ.update(django_env())
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def ensure_database() -> None:
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT, env=django_env(), check=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT, env=django_env(), check=True,
    )  # fmt: skip


def write_csv(rows: int) -> None:
    if CSV_PATH.exists() and CSV_PATH.stat().st_size > 0:
        with CSV_PATH.open(encoding="utf-8") as f:
            if sum(1 for _ in f) - 1 == rows:
                return
    setup_django()
    from gridcare.customers.imports import COLUMNS

    rng = random.Random(7)
    towns = ["龍崗街道", "棠香街道", "智鳳街道", "龍水鎮", "郵亭鎮", "寶頂鎮", "三驅鎮", "萬古鎮"]
    with CSV_PATH.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.code for c in COLUMNS])
        for i in range(rows):
            residential = rng.random() < 0.7
            writer.writerow([
                f"9{i:09d}", f"客戶{i}", "residential" if residential else "non_residential",
                "low" if residential else rng.choice(["low", "10kv", "high"]),
                1, rng.choice(towns), f"正街{i % 500}號", f"139{i:08d}", "", "", "",
                rng.randint(100, 90000), rng.choice(["A", "AA", "B", ""]),
                "否", "否", "否", "否",
            ])  # fmt: skip


def child(phase: str) -> tuple[float, float]:
    """Run one phase in a child process: (seconds, peak resident MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--phase", phase], cwd=ROOT, env=django_env()
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"phase {phase} failed ({status})")
    return elapsed, usage.ru_maxrss / 1024


def _company(code: str):  # type: ignore[no-untyped-def]
    from gridcare.org.models import Company

    return Company.objects.get_or_create(code=code, defaults={"name": code})[0]


def _user():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="bench-importer")[0]


def phase_import() -> None:
    from django.utils import timezone

    from gridcare.customers.models import CustomerImport
    from gridcare.customers.services import customer_import_run

    started = time.perf_counter()
    record = CustomerImport.objects.create(
        company=_company("bench"), uploaded_by=_user(), uploaded_at=timezone.now(),
        file_name="bench.csv", path=str(CSV_PATH),
    )  # fmt: skip
    result = customer_import_run(import_id=record.pk)
    elapsed = time.perf_counter() - started
    print(
        f"    import: {result.status} rows={result.rows_read} created={result.created} "
        f"updated={result.updated} unchanged={result.unchanged} rejected={result.rejected} "
        f"in {elapsed:.1f} s"
    )


def phase_baseline() -> None:
    from gridcare.customers.models import Customer

    company = _company("bench-baseline")
    Customer.objects.filter(company=company).delete()
    batch: list[Customer] = []
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        index = {name: i for i, name in enumerate(header)}
        for row in reader:
            batch.append(
                Customer(
                    company=company, account_number=row[index["account_number"]],
                    name=row[index["name"]], category=row[index["category"]],
                    voltage=row[index["voltage"]], supply_sources=int(row[index["supply_sources"]]),
                    town=row[index["town"]], address=row[index["address"]],
                    phone=row[index["phone"]],
                    annual_consumption_kwh=int(row[index["annual_consumption_kwh"]]),
                    credit_rating=row[index["credit_rating"]],
                )
            )  # fmt: skip
            if len(batch) == 5000:
                Customer.objects.bulk_create(batch)
                batch = []
    Customer.objects.bulk_create(batch)


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM customers_customerimportrejection; DELETE FROM customers_customerimport;"
            "DELETE FROM customers_customer WHERE company_id IN (SELECT id FROM org_company "
            "WHERE code IN ('bench', 'bench-baseline'))"
        )
        # Each run starts from a clean table even where autovacuum is off.
        cursor.execute("VACUUM ANALYZE customers_customer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["import", "baseline", "reset"])
    args = parser.parse_args()
    if args.phase:
        setup_django()
        {"import": phase_import, "baseline": phase_baseline, "reset": reset}[args.phase]()
        return
    ensure_database()
    print(f"writing {args.rows:,} rows to {CSV_PATH} ...")
    write_csv(args.rows)
    print(f"file: {CSV_PATH.stat().st_size / 1e6:.0f} MB")
    child("reset")
    rows = args.rows
    for label, phase in [
        ("(a) import into an empty register", "import"),
        ("(b) the same file again (all unchanged)", "import"),
        ("(c) baseline: csv + bulk_create", "baseline"),
    ]:
        print(label)
        seconds, peak = child(phase)
        print(f"    {seconds:.1f} s, {rows / seconds:,.0f} rows/s, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
