"""Benchmark: GET /api/v1/compliance/ over a half-year holding 1,000,000 clocks.

Run from the repository root (the database is dropped and created again):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench \\
        .venv/bin/python bench/bench_compliance.py [--clocks 1000000] [--calls 20]

1. A fresh database with the demo company, and `manage.py generate` of 1,020,000 clocks
   started in 2026-01-01..2026-06-30, so that over 1,000,000 count in the half-year (a
   clock counts on its stop date, else its due date: about 2 % of those started late in
   June count in July). Vacuumed and analysed after the COPY, as autovacuum would.
2. Side by side, in the same run and alternating call by call: the real endpoint through
   DRF's APIClient with a token (authentication, permissions, the whole view, JSON
   rendering) and the best hand-written SQL for the same figures through a raw cursor
   (one GROUP BY over the index rules_clock_period, index-only, codes mapped in Python).
   Three warm-up calls each, then median and p95 of `--calls` calls.
3. Checks that both give the same figures.

Targets: the endpoint under 500 ms, and within 3x of the hand-written SQL.
"""

from __future__ import annotations

import argparse
import time

from _postgres import bench_url, demo_company, fresh_database, generate, load_average, median_p95

TARGET_MS = 500
TARGET_RATIO = 3
DATE_FROM, DATE_TO = "2026-01-01", "2026-06-30"
WARM_UP = 3

# The fastest SQL found for the figures: everything it reads is in rules_clock_period
# (company_id, period_date, standard_id, state), so PostgreSQL answers from the index.
# A running clock has no stop, so its period_date is its due date.
HAND_SQL = """
SELECT standard_id,
       count(*) FILTER (WHERE state = 'met'),
       count(*) FILTER (WHERE state = 'breached'
                           OR (state = 'running' AND period_date < %(today)s)),
       count(*) FILTER (WHERE state = 'exempted'),
       count(*) FILTER (WHERE state = 'running' AND period_date >= %(today)s)
  FROM rules_clock
 WHERE company_id = %(company)s AND period_date BETWEEN %(from)s AND %(to)s
 GROUP BY standard_id
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clocks", type=int, default=1_020_000)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    url = bench_url()
    fresh_database(url)
    company = demo_company()
    generate(
        "--clocks", str(args.clocks), "--company", company.code, "--seed", "1",
        "--from", DATE_FROM, "--to", DATE_TO, "--provisional", "0",
    )  # fmt: skip

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from gridcare.rules.models import Clock, ServiceStandard

    user = get_user_model().objects.get(username="leader")
    token, _ = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    in_range = Clock.objects.filter(
        company=company, period_date__gte=DATE_FROM, period_date__lte=DATE_TO
    ).count()
    params = {
        "company": company.pk,
        "from": DATE_FROM,
        "to": DATE_TO,
        "today": timezone.localdate(),
    }
    codes = dict(ServiceStandard.objects.values_list("pk", "code"))

    def endpoint() -> dict[str, tuple[int, ...]]:
        response = api.get("/api/v1/compliance/", {"from": DATE_FROM, "to": DATE_TO}, secure=True)
        assert response.status_code == 200, response.content[:500]
        return {
            row["code"]: (row["met"], row["breached"], row["exempted"], row["running"])
            for row in response.json()["standards"]
            if row["total"]
        }

    def hand_written() -> dict[str, tuple[int, ...]]:
        figures: dict[str, list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            for standard_id, *counts in cursor.fetchall():
                total = figures.setdefault(codes[standard_id], [0, 0, 0, 0])
                for i, n in enumerate(counts):
                    total[i] += n
        return {code: tuple(counts) for code, counts in figures.items()}

    samples: dict[str, list[float]] = {"endpoint": [], "sql": []}
    results = {}
    for call in range(WARM_UP + args.calls):
        for name, fn in (("endpoint", endpoint), ("sql", hand_written)):
            started = time.perf_counter()
            results[name] = fn()
            elapsed = time.perf_counter() - started
            if call >= WARM_UP:
                samples[name].append(elapsed * 1000)
    assert results["endpoint"] == results["sql"], (results["endpoint"], results["sql"])

    # The endpoint's own query on rules_clock, caught in one more call.
    with CaptureQueriesContext(connection) as queries:
        endpoint()
    endpoint_sql = next(q["sql"] for q in queries.captured_queries if '"rules_clock"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + endpoint_sql)
        endpoint_plan = [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + HAND_SQL, params)
        plan = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]

    def scan_of(plan: list[str]) -> str:
        scan = next((line.strip(" ->") for line in plan if "Scan" in line), "")
        fetches = next((line.strip() for line in plan if "Heap Fetches" in line), "")
        return f"{scan.split('  (cost')[0]}; {fetches}"

    endpoint_median, endpoint_p95 = median_p95(samples["endpoint"])
    sql_median, sql_p95 = median_p95(samples["sql"])
    ratio = endpoint_median / sql_median
    total = sum(sum(counts) for counts in results["sql"].values())
    print()
    print(f"{version}; {load_average()}")
    print(f"clocks {Clock.objects.count():,}; in {DATE_FROM}..{DATE_TO}: {in_range:,} "
          f"(counted {total:,} in {len(results['sql'])} codes)")  # fmt: skip
    print(f"plan of the endpoint's query: {scan_of(endpoint_plan)}")
    print(f"plan of the hand-written SQL: {scan_of(plan)}")
    print(f"{args.calls} calls each, after {WARM_UP} warm-up calls, alternating:")
    print(f"  GET /api/v1/compliance/ (APIClient, token)  median {endpoint_median:7.1f} ms"
          f"   p95 {endpoint_p95:7.1f} ms")  # fmt: skip
    print(f"  hand-written SQL (raw cursor)              median {sql_median:7.1f} ms"
          f"   p95 {sql_p95:7.1f} ms")  # fmt: skip
    print(
        f"endpoint median: {endpoint_median:.0f} ms (target < {TARGET_MS} ms) "
        f"{'OK' if endpoint_median < TARGET_MS else 'MISSED'}; p95 {endpoint_p95:.0f} ms"
    )
    print(
        f"endpoint / hand-written SQL (median): {ratio:.2f} x (target <= {TARGET_RATIO} x) "
        f"{'OK' if ratio <= TARGET_RATIO else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
