"""Benchmark: the clock sweep over 1,000,000 overdue running clocks, with none failing and
with 1 % failing (R-3.9.1: the sweep never halts).

Run from the repository root (each run drops and creates its own database):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench_sweep \\
        .venv/bin/python bench/bench_sweep.py [--clocks 1000000] [--repeat 1]

Each variant runs in its own child process on a fresh database, alternating, so that its
peak memory is its own:
1. migrate, load the demo organisation, insert the clocks with one INSERT … SELECT: every
   clock running and past its due date, one in ten with a responsible person (who is
   told of the breach);
2. time `clock_sweep()` alone, and read the process's peak resident memory after it.
In the failing variant the breach of every clock whose id is a multiple of 100 raises
(the engine's breaches_open is wrapped, as a clock with broken data would fail): the
sweep must breach every other clock and list the failed ones.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _postgres import ROOT, bench_url, demo_company, fresh_database, load_average


def _insert_clocks(count: int) -> None:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from gridcare.org.models import Company, Staff
    from gridcare.rules.models import ServiceStandard

    company = Company.objects.get(code="dazu")
    standard = ServiceStandard.objects.get(
        code="application.plan_reply", variant="low", profile__company=company
    )
    staff = Staff.objects.filter(company=company, department__code="csc").first()
    subject_type = ContentType.objects.get_for_model(Group)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO rules_clock (
                company_id, standard_id, subject_type_id, subject_id, amount, unit,
                started_at, start_date, paused_days, due, remind_on, provisional,
                calendar_version, state, period_date, responsible_department_id,
                responsible_staff_id, is_key_account)
            SELECT %s, %s, %s, n, 3, 'working_days',
                   TIMESTAMPTZ '2026-06-01 02:00+00' + (n %% 90) * INTERVAL '1 day',
                   DATE '2026-06-01' + (n %% 90), 0, DATE '2026-06-04' + (n %% 90),
                   DATE '2026-06-03' + (n %% 90), false, 'bench', 'running',
                   DATE '2026-06-04' + (n %% 90), NULL,
                   CASE WHEN n %% 10 = 0 THEN %s END, false
            FROM generate_series(1, %s) AS n
            """,
            [company.pk, standard.pk, subject_type.pk, staff.pk if staff else None, count],
        )


def child(clocks: int, fail_share: float) -> None:
    """One variant on a fresh database; prints one JSON line with its figures."""
    fresh_database(bench_url())
    demo_company()
    from gridcare.org.models import Company
    from gridcare.rules.demo import load_demo

    load_demo(Company.objects.get(code="dazu"))  # the company owns its measures
    started = time.perf_counter()
    _insert_clocks(clocks)
    inserted = time.perf_counter() - started

    from gridcare.rules import sweep
    from gridcare.rules.models import Clock

    if fail_share:
        every = round(1 / fail_share)
        real = sweep.breaches_open

        def breaches_open(batch):  # type: ignore[no-untyped-def]
            for clock in batch:
                if clock.pk % every == 0:
                    raise ValueError(f"bench: clock {clock.pk} fails")
            return real(batch)

        sweep.breaches_open = breaches_open  # type: ignore[assignment]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = sweep.clock_sweep()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    left = Clock.objects.filter(state="running").count()
    print(
        json.dumps(
            {
                "fail_share": fail_share,
                "seconds": seconds,
                "insert_seconds": inserted,
                "breached": result.breached,
                "failed": result.failed,
                "reminded": result.reminded,
                "running_after": left,
                "peak_rss_mb": peak / 1024,
                "rss_before_mb": rss_before / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.clocks, args.child)
        return
    bench_url()
    rows = []
    for _ in range(args.repeat):
        for share in (0.0, 0.01):
            out = subprocess.run(
                [sys.executable, str(Path(__file__)), "--clocks", str(args.clocks),
                 "--child", str(share)],
                cwd=ROOT, capture_output=True, text=True, check=False, env=os.environ.copy(),
            )  # fmt: skip
            if out.returncode:
                sys.exit(out.stdout + out.stderr)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"clock sweep over {args.clocks:,} overdue running clocks ({load_average()})")
    print("failing  sweep (s)  clocks/s  breached   failed  still running  peak RSS (MB)")
    for row in rows:
        print(
            f"{row['fail_share']:>6.0%}  {row['seconds']:>9.1f}  "
            f"{args.clocks / row['seconds']:>8,.0f}  {row['breached']:>8,}  {row['failed']:>7,}"
            f"  {row['running_after']:>13,}  {row['peak_rss_mb']:>13.0f}"
        )
    for row in rows:
        expected_failed = round(args.clocks * row["fail_share"])
        assert row["failed"] == expected_failed, row
        assert row["breached"] == args.clocks - expected_failed, row
        assert row["running_after"] == expected_failed, row


if __name__ == "__main__":
    main()
