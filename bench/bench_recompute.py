"""Benchmark: entering a new year recomputes 1,000,000 stored deadlines (R-CAL-3).

Run from the repository root (the database is dropped and created again):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench \\
        .venv/bin/python bench/bench_recompute.py [--clocks 1000000]

1. A fresh database with the demo company, and `manage.py generate --provisional 1`:
   clocks whose working-day deadlines all reach past the known calendar into 2027.
2. 2027's arrangement is entered through workdays.services.calendar_year_enter, which
   recomputes the deadlines (rules.recompute.clocks_recompute) in the same transaction.
   Timed end to end (the entry, the recompute, the commit) and the recompute alone.
3. Prints the rows changed, the verdicts reconciled and the audit rows written, and checks
   a sample of the new due dates against the pure arithmetic.

The 2027 arrangement below is illustrative (plausible festival dates; the State Council's
notice for 2027 was not published when this was written). Target: at most 60 s.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from _postgres import (
    backend_cpu_seconds,
    bench_url,
    demo_company,
    fresh_database,
    generate,
    load_average,
)

TARGET_SECONDS = 60
HOLIDAYS_2027 = [
    (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
    (date(2027, 2, 6), date(2027, 2, 12), "春節"),
    (date(2027, 4, 3), date(2027, 4, 5), "清明節"),
    (date(2027, 5, 1), date(2027, 5, 5), "勞動節"),
    (date(2027, 6, 9), date(2027, 6, 9), "端午節"),
    (date(2027, 9, 15), date(2027, 9, 15), "中秋節"),
    (date(2027, 10, 1), date(2027, 10, 7), "國慶節"),
]
MAKEUP_2027 = [
    (date(2027, 2, 14), "春節"),  # Sunday
    (date(2027, 2, 20), "春節"),  # Saturday
    (date(2027, 4, 25), "勞動節"),  # Sunday
    (date(2027, 5, 8), "勞動節"),  # Saturday
    (date(2027, 9, 26), "國慶節"),  # Sunday
    (date(2027, 10, 9), "國慶節"),  # Saturday
]
SOURCE = "國務院辦公廳關於2027年部分節假日安排的通知（示意，基準測試用）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clocks", type=int, default=1_000_000)
    args = parser.parse_args()
    url = bench_url()
    fresh_database(url)
    company = demo_company()
    generate(
        "--clocks", str(args.clocks), "--company", company.code, "--seed", "1",
        "--provisional", "1",
    )  # fmt: skip

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from gridcare.core.models import AuditEvent
    from gridcare.rules import receivers
    from gridcare.rules.deadlines import due_date
    from gridcare.rules.models import Clock
    from gridcare.workdays.selectors import calendar_snapshot
    from gridcare.workdays.services import calendar_year_enter

    provisional = Clock.objects.filter(provisional=True).count()
    print(f"clocks {Clock.objects.count():,}, provisional (reaching into 2027) {provisional:,}")
    admin = get_user_model().objects.filter(username="admin").first()
    audit_before = AuditEvent.objects.filter(action="rules.clock.due_recomputed").count()

    timings: dict[str, float] = {}
    results = []
    recompute = receivers.clocks_recompute

    def timed_recompute(**kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = recompute(**kwargs)
        timings["recompute"] = time.perf_counter() - started
        results.append(result)
        return result

    receivers.clocks_recompute = timed_recompute  # type: ignore[assignment]
    load = load_average()
    backend_before, python_before = backend_cpu_seconds(connection), time.process_time()
    started = time.perf_counter()
    with transaction.atomic():
        calendar_year_enter(
            year=2027,
            holidays=HOLIDAYS_2027,
            makeup_days=MAKEUP_2027,
            source=SOURCE,
            actor=admin,
        )
        timings["before commit"] = time.perf_counter() - started
    end_to_end = time.perf_counter() - started
    backend_after, python_cpu = backend_cpu_seconds(connection), time.process_time() - python_before
    load_after = load_average()
    receivers.clocks_recompute = recompute  # type: ignore[assignment]

    result = results[0]
    audit = AuditEvent.objects.filter(action="rules.clock.due_recomputed").count() - audit_before
    still = Clock.objects.filter(provisional=True).count()
    snapshot = calendar_snapshot()
    sample = Clock.objects.order_by("?")[:2000]
    wrong = sum(
        due_date(
            unit=c.unit, amount=c.amount, start=c.start_date, paused=c.paused_days,
            snapshot=snapshot,
        ).date != c.due
        for c in sample
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]

    print()
    print(f"{version}; {load} at the start, {load_after.split(' on ')[0]} at the end")
    print(f"enter 2027 end to end (entry + recompute + commit): {end_to_end:8.2f} s")
    print(f"  of which clocks_recompute:                       {timings['recompute']:8.2f} s")
    print(f"  commit:                                          "
          f"{end_to_end - timings['before commit']:8.2f} s")  # fmt: skip
    if backend_before is not None and backend_after is not None:
        print(
            f"CPU time: PostgreSQL backend {backend_after - backend_before:.1f} s, "
            f"Python {python_cpu:.1f} s (the rest of the wall time is waiting: I/O, other load)"
        )
    print(
        f"distinct (start, working days) pairs {result.candidates:,}; "
        f"rows changed {result.changed:,}; verdicts reconciled {result.reconciled:,}; "
        f"audit rows written {audit:,}; still provisional {still:,}"
    )
    print(f"sample of {len(sample):,} clocks checked against the arithmetic: {wrong} wrong")
    verdict = "OK" if end_to_end <= TARGET_SECONDS else "MISSED"
    print(
        f"recompute after a new year: {end_to_end:.1f} s (target <= {TARGET_SECONDS} s) {verdict}"
    )
    if wrong:
        raise SystemExit("recomputed due dates disagree with the arithmetic")


if __name__ == "__main__":
    main()
