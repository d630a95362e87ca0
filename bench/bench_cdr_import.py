"""Benchmark the call-record import (API.md "Call records", R-2.8) on PostgreSQL.

Run from the repository root, with a dedicated database (dropped and created again):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench \
        python bench/bench_cdr_import.py                     # 1,000,000 lines
    ... python bench/bench_cdr_import.py --lines 3000000     # memory stays flat

Side by side, on the same generated Master.csv (fixed seed, about 250 bytes a line, times
over a year, 85 % answered, 2 % of lines without uniqueid):
  (a) PostgreSQL's own COPY of the file (FORMAT csv, streamed from the client like psql's
      \\copy) into a plain table of 18 text columns — the floor for reading the file;
  (b) GridCare's import (gridcare.frontoffice.services.cdr_import.call_import_run): parse
      and check every line and COPY the calls into the call table (with its three
      indexes) while the next lines are read; run in a child process so that its peak
      memory (ru_maxrss) is its own;
  (c) the same file imported again: every line a duplicate, so every run of lines goes
      through the staging table and INSERT … ON CONFLICT DO NOTHING.
Each of (a) and (b) runs REPEAT times alternately (after a CHECKPOINT); the best times are
compared. Beside wall time, the CPU seconds of the PostgreSQL backend (and, for (b), of the
importing process) show the work done, which the machine's load does not change.
Targets: (b) at least 50,000 lines/s, at most 3× (a), peak memory under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _postgres import backend_cpu_seconds, bench_url, fresh_database, load_average  # noqa: E402

SEED = 20250303
REPEAT = 2
# The 18 columns of cdr_csv (start and end renamed: they are SQL words).
RAW_COLUMNS = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start_",
    "answer",
    "end_",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
]
DISPOSITIONS = ((0.85, "ANSWERED"), (0.96, "NO ANSWER"), (0.99, "BUSY"), (1.0, "FAILED"))


def generate(path: Path, lines: int) -> int:
    """A Master.csv of `lines` lines, written as it is made (no list in memory)."""
    rng = random.Random(SEED)
    moment = datetime(2025, 1, 1, 8, 0, 0)
    step = max(1, int(365 * 86400 / lines * 2))
    with path.open("w", newline="") as f:
        for n in range(lines):
            moment += timedelta(seconds=rng.randint(1, step))
            ring = rng.randint(0, 40)
            draw = rng.random()
            disposition = next(name for share, name in DISPOSITIONS if draw < share)
            start = moment.strftime("%Y-%m-%d %H:%M:%S")
            if disposition == "ANSWERED":
                answer = (moment + timedelta(seconds=ring)).strftime("%Y-%m-%d %H:%M:%S")
                talk = rng.randint(20, 600)
            else:
                answer, talk = "", 0
            end = (moment + timedelta(seconds=ring + talk)).strftime("%Y-%m-%d %H:%M:%S")
            caller = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            extension = rng.randint(8001, 8012)
            uniqueid = "" if rng.random() < 0.02 else f"{1735689600 + n}.{n}"
            f.write(
                f'"","{caller}","95598","from-pstn","""客户"" <{caller}>","SIP/trunk-{n:08x}",'
                f'"SIP/{extension}-{n:08x}","Queue","service,t,,,300","{start}","{answer}",'
                f'"{end}",{ring + talk},{talk},"{disposition}","DOCUMENTATION","{uniqueid}",""\r\n'
            )
    return path.stat().st_size


def setup_django(url: str) -> None:
    """The child process: Django on the database the parent prepared."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.pop("DEBUG", None)
    import django

    django.setup()


def baseline(url: str, path: Path) -> tuple[float, float]:
    """PostgreSQL's own COPY of the file into a table of text columns: (wall, backend CPU)
    seconds."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_cdr_raw")
        conn.execute(
            "CREATE TABLE bench_cdr_raw (" + ", ".join(f"{c} text" for c in RAW_COLUMNS) + ")"
        )
        conn.execute("CHECKPOINT")
        cpu = backend_cpu_seconds(conn) or 0.0
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bench_cdr_raw FROM STDIN (FORMAT csv)") as copy,
            path.open("rb") as f,
        ):
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cpu = (backend_cpu_seconds(conn) or 0.0) - cpu
        conn.execute("DROP TABLE bench_cdr_raw")
    return elapsed, cpu


def child(path: str) -> None:
    """Run one import in this process and print its figures as JSON."""
    from django.db import connection

    from gridcare.frontoffice.services.cdr_import import call_import_create, call_import_run
    from gridcare.org.models import Company

    company, _ = Company.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    size = Path(path).stat().st_size
    batch = call_import_create(
        company=company, source="api", filename="Master.csv", size=size, actor=None
    )
    backend = backend_cpu_seconds(connection) or 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with open(path, "rb") as stream:
        result = call_import_run(batch=batch, stream=stream, actor=None)
    elapsed = time.perf_counter() - started
    backend = (backend_cpu_seconds(connection) or 0.0) - backend
    usage = resource.getrusage(resource.RUSAGE_SELF)
    python_cpu = usage.ru_utime + usage.ru_stime - own.ru_utime - own.ru_stime
    peak_kb = usage.ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "imported": result.imported,
                "duplicates": result.duplicates,
                "rejected": result.rejected,
                "peak_mb": peak_kb / 1024,
                "backend_cpu": backend,
                "python_cpu": python_cpu,
            }
        )
    )


def run_child(url: str, path: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def empty_calls(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE frontoffice_callimportrejection, frontoffice_callback, "
            "frontoffice_callrecord CASCADE"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        child(args.child)
        return
    url = bench_url()
    fresh_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Master.csv"
        started = time.perf_counter()
        size = generate(path, args.lines)
        print(
            f"generated {args.lines:,} lines, {size / 1e6:.0f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        copies, imports = [], []
        for n in range(args.repeat):
            copies.append(baseline(url, path))
            empty_calls(url)
            imports.append(run_child(url, path))
            print(
                f"run {n + 1}: COPY {copies[-1][0]:.2f} s; import {imports[-1]['seconds']:.2f} s, "
                f"peak {imports[-1]['peak_mb']:.0f} MB"
            )
        again = run_child(url, path)
    best_copy, copy_cpu = min(copies)
    best = min(imports, key=lambda r: r["seconds"])
    rate = args.lines / best["seconds"]
    ratio = best["seconds"] / best_copy
    peak = max(r["peak_mb"] for r in [*imports, again])
    print()
    print(f"lines                         {args.lines:,}")
    print(
        f"PostgreSQL COPY (best)        {best_copy:.2f} s  ({args.lines / best_copy:,.0f} lines/s)"
    )
    print(
        f"GridCare import (best)        {best['seconds']:.2f} s  ({rate:,.0f} lines/s), "
        f"imported {best['imported']:,}, duplicates {best['duplicates']:,}, "
        f"rejected {best['rejected']:,}"
    )
    print(f"ratio import / COPY           {ratio:.2f}×  (target ≤ 3×)")
    print(
        f"same file again               {again['seconds']:.2f} s, imported {again['imported']:,}, "
        f"duplicates {again['duplicates']:,}"
    )
    print(f"peak memory of the import     {peak:.0f} MB  (target < 300 MB)")
    print(
        f"CPU seconds                   COPY: backend {copy_cpu:.2f}; import: backend "
        f"{best['backend_cpu']:.2f} + Python {best['python_cpu']:.2f} "
        f"(ratio {(best['backend_cpu'] + best['python_cpu']) / max(copy_cpu, 0.01):.2f}×)"
    )
    print(load_average())


if __name__ == "__main__":
    main()
