"""Shared set-up of the PostgreSQL benchmarks: a fresh, dedicated database each run.

BENCH_DATABASE_URL names the database (postgres://postgres@127.0.0.1:5432/gridcare_bench).
Its name must contain "bench": the database is dropped and created again on every run, so
that a test or development database can never be pointed at by mistake.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_average() -> str:
    """The machine's load while the benchmark ran (2 cores shared with other people)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def backend_cpu_seconds(connection) -> float | None:  # type: ignore[no-untyped-def]
    """CPU time the connection's PostgreSQL backend has used so far (None when the server
    is not on this machine). Beside wall time it shows how much of a figure is work and
    how much is waiting for a core other people are using."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        sys.exit(
            "Set BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/gridcare_bench "
            "(a dedicated database: it is dropped and created again)."
        )
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in {"postgres", "postgresql"} or "bench" not in name:
        sys.exit(
            f"BENCH_DATABASE_URL must name a PostgreSQL database called *bench*, not {name!r}."
        )
    return url


def fresh_database(url: str, *, keep: bool = False) -> None:
    """Drop and create the database (unless `keep`: reuse the data a previous run loaded),
    then set Django up on it and migrate."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    server = parsed._replace(path="/postgres").geturl()
    if not keep:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the APIClient's host
    os.environ.pop("DEBUG", None)  # DEBUG keeps every query in memory and slows them down

    import django
    from django.core.management import call_command

    # WhiteNoise warns that collectstatic has not run: the API answers JSON, no files.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    call_command("migrate", verbosity=0)


def demo_company():  # type: ignore[no-untyped-def]
    """The demo county company (departments and staff answer for the clocks)."""
    from gridcare.org.demo import load_demo_organisation

    return load_demo_organisation().company


def generate(*options: str) -> str:
    """`manage.py generate OPTIONS` in a child process, as a person would run it; prints
    and returns its output."""
    args = [sys.executable, "manage.py", "generate", *options]
    started = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    print(f"$ {' '.join(args[1:])}   ({time.perf_counter() - started:.1f} s in all)")
    print(result.stdout.rstrip())
    return result.stdout


def median_p95(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) of `samples`."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]


@dataclass
class Timing:
    """Seconds per run of each contender, and each one's last result."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)


def time_alternating(
    contenders: dict[str, Callable[[], Any]], *, runs: int, warm_up: int
) -> Timing:
    """Run each contender in turn, `warm_up` + `runs` times, so that a change of load on
    the shared machine falls on all of them alike; the warm-up runs are not counted."""
    timing = Timing({name: [] for name in contenders})
    for run in range(warm_up + runs):
        for name, fn in contenders.items():
            started = time.perf_counter()
            timing.results[name] = fn()
            elapsed = time.perf_counter() - started
            if run >= warm_up:
                timing.samples[name].append(elapsed)
    return timing
