"""Benchmark: the leaders' dashboard and the half-year analysis report at province scale
(issue 8 "Speed").

Run from the repository root (the database is dropped and created again):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_dashbench \\
        .venv/bin/python bench/bench_dashboard.py [--applications 1000000] \\
        [--calls 10000000] [--matters 1000000] [--customers 200000] [--runs 10]

1. A fresh database with the demo company, and `manage.py generate` of customers, the
   applications (with their steps and clocks), the calls and the matters (with their
   complaints, relays and clocks) over the two years up to today; rows/s as printed by
   the command. VACUUM ANALYZE of the whole database afterwards.
2. (a) The dashboard's figures for the current half year, computed exactly as
   gridcare.dashboard.views.dashboard computes them (its selectors and registry figures,
   everything but the template), for the `leader` user.
   (b) The half-year analysis report's content for the last complete half year
   (gridcare.reports.services.build_content, what report_generate stores).
   (c) Beside each, the best hand-written SQL found for the same figures: one pass per
   table over the whole range, grouped by month (the half years and the trend are sums
   of months), with reference data (standards, clauses, department names) read once
   beforehand. The numbers are asserted equal.
   Each is run after WARM_UP runs, then `--runs` times (`--report-runs` for the report),
   alternating; median and p95.
3. Prints the targets (dashboard < 1 s, report < 30 s) with OK / NOT MET, the ratio to the
   hand-written SQL, the slowest statements of one run of each, and the load average (the
   machine is shared: figures move with other people's work).

The hand-written SQL covers the tables this benchmark fills (clocks, breaches, calls,
matters and complaints). The dashboard's and the report's other figures (key-account
coverage, surveys, follow-up calls, the assessment ledger, hall tickets, referrals, fault
reports) read tables that stay empty here; they are part of the timings of (a) and (b),
and the script checks that those tables are empty instead of comparing them.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from _postgres import (
    bench_url,
    demo_company,
    fresh_database,
    generate,
    load_average,
    median_p95,
    time_alternating,
)

TARGET_DASHBOARD_S = 1.0
TARGET_REPORT_S = 30.0
WARM_UP = 2

CLOCK_MONTHS = """
SELECT date_trunc('month', period_date)::date, standard_id,
       count(*) FILTER (WHERE state = 'met'),
       count(*) FILTER (WHERE state = 'breached'
                           OR (state = 'running' AND period_date < %(today)s)),
       count(*) FILTER (WHERE state = 'exempted'),
       count(*) FILTER (WHERE state = 'running' AND period_date >= %(today)s)
  FROM rules_clock
 WHERE company_id = %(company)s AND period_date BETWEEN %(from)s AND %(to)s
 GROUP BY 1, 2
"""
CALL_MONTHS = """
SELECT date_trunc('month', call_date)::date,
       count(*) FILTER (WHERE outcome = 'met'),
       count(*) FILTER (WHERE outcome = 'breached')
  FROM frontoffice_callrecord
 WHERE company_id = %(company)s AND call_date BETWEEN %(from)s AND %(to)s
 GROUP BY 1
"""
ALERTS = """
SELECT count(*) FILTER (WHERE remind_on <= %(today)s AND due >= %(today)s),
       count(*) FILTER (WHERE due < %(today)s),
       (SELECT count(*) FROM rules_breach
         WHERE company_id = %(company)s AND status = 'active'
           AND occurred_on BETWEEN %(half)s AND %(today)s)
  FROM rules_clock
 WHERE company_id = %(company)s AND state = 'running' AND paused_since IS NULL
"""
NEAREST = """
SELECT id FROM rules_clock
 WHERE company_id = %(company)s AND state = 'running' AND paused_since IS NULL
   AND remind_on <= %(today)s AND due >= %(today)s
 ORDER BY is_key_account DESC, due, id
 LIMIT 8
"""
COMPLAINTS = """
SELECT m.received_at >= %(half)s, c.category,
       coalesce(concerned.department_id, owner.department_id),
       count(*), count(*) FILTER (WHERE c.finding = 'substantiated')
  FROM frontoffice_matter m
  JOIN frontoffice_complaint c ON c.matter_id = m.id
  JOIN org_staff owner ON owner.id = m.owner_id
  LEFT JOIN org_staff concerned ON concerned.id = c.staff_concerned_id
 WHERE m.company_id = %(company)s AND m.received_at >= %(from)s AND m.received_at < %(to)s
 GROUP BY 1, 2, 3
"""
BREACHES = """
SELECT occurred_on >= %(half)s, department_id, count(*)
  FROM rules_breach
 WHERE company_id = %(company)s AND status = 'active'
   AND occurred_on BETWEEN %(from)s AND %(to)s
 GROUP BY 1, 2
"""
#: Tables of figures this benchmark does not generate: they must be empty for the
#: comparison to hold (their figures are zero on both sides).
# The dashboard's complaint figure: complaints received this half year.
DASHBOARD_COMPLAINTS = """
SELECT COUNT(*) FROM frontoffice_matter
WHERE company_id = %(company)s AND kind = 'complaint'
  AND received_at >= %(start)s AND received_at < %(end)s
"""

NOT_GENERATED = (
    "frontoffice_ticket",
    "frontoffice_referral",
    "field_faultreport",
    "assessments_assessmentitem",
    "followups_followupcall",
    "surveys_surveyround",
    "keyaccounts_keyaccounthalfyear",
    "reports_analysisreport",
)


def rate(met: int, breached: int) -> float | None:
    """As Counts.rate and the report show it: met / decided in %, one decimal."""
    decided = met + breached
    return round(round(met / decided, 4) * 100, 1) if decided else None


def load_data(args: argparse.Namespace, company_code: str, first_day: date, today: date) -> None:
    """Province-scale data through `manage.py generate` (COPY)."""
    generate(
        "--customers",
        str(args.customers),
        "--applications",
        str(args.applications),
        "--calls",
        str(args.calls),
        "--matters",
        str(args.matters),
        "--company",
        company_code,
        "--seed",
        "1",
        "--from",
        first_day.isoformat(),
        "--to",
        today.isoformat(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=10_000_000)
    parser.add_argument("--matters", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--report-runs", type=int, default=5)
    parser.add_argument(
        "--skip-data",
        action="store_true",
        help="Time the figures on the data an earlier run loaded (no drop, no generate).",
    )
    args = parser.parse_args()
    url = bench_url()
    fresh_database(url, keep=args.skip_data)
    company = demo_company()

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from gridcare.assessments.selectors import scorecard_total
    from gridcare.core.selectors import day_start
    from gridcare.dashboard.selectors import (
        clock_alerts,
        compliance_summary,
        compliance_trend,
        department_scores,
        figure_values,
        half_start,
        keyaccount_coverage,
        latest_report,
        month_starts,
    )
    from gridcare.frontoffice.compliance import RING_CODE
    from gridcare.frontoffice.models import Complaint
    from gridcare.org.models import Department
    from gridcare.reports import sections
    from gridcare.reports.periods import complete_halves, month_ranges, previous_half
    from gridcare.reports.services import build_content
    from gridcare.rules.models import ServiceStandard
    from gridcare.rules.selectors import profile_in_force, standards_in_force

    today = timezone.localdate()
    first_day = today.replace(year=today.year - 2) + timedelta(days=1)
    if not args.skip_data:
        load_data(args, company.code, first_day, today)
    started = time.perf_counter()
    connection.close()  # VACUUM runs outside a transaction, on a fresh connection
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE (whole database) in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        for table in NOT_GENERATED:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] == 0, f"{table} is not empty"
        cursor.execute(
            "SELECT (SELECT count(*) FROM applications_application),"
            " (SELECT count(*) FROM frontoffice_callrecord),"
            " (SELECT count(*) FROM frontoffice_matter),"
            " (SELECT count(*) FROM frontoffice_complaint),"
            " (SELECT count(*) FROM rules_clock), (SELECT count(*) FROM rules_breach)"
        )
        sizes = cursor.fetchone()

    leader = get_user_model().objects.get(username="leader")
    half = half_start(today)
    months = month_starts(today)
    report_half = complete_halves(today=today)[0]
    report_previous = previous_half(report_half)

    # Reference data for the hand-written side, read once (not figures: a few hundred rows).
    standards = {s.pk: s for s in ServiceStandard.objects.select_related("clause")}
    code_of = {pk: s.code for pk, s in standards.items()}
    department_names = dict(Department.objects.values_list("pk", "name"))
    with translation.override(settings.LANGUAGE_CODE):
        no_department = _("(no department)")
        category_labels = [(value, str(label)) for value, label in Complaint.Category.choices]

    def rows_in_force(on: date) -> dict[str, tuple[str, str, bool]]:
        """code -> (clause number, title, measured by an installed module), as
        rules.compliance._group_by_code names them."""
        profile = profile_in_force(company=company, on=on)
        assert profile is not None
        named: dict[str, tuple[str, str, bool]] = {}
        for s in sorted(
            standards_in_force(profile=profile, on=on).select_related("clause"),
            key=lambda s: (s.clause.sort_key, s.code, s.variant),
        ):
            title = s.localised_title if s.code not in named else s.clause.localised_title
            installed = bool(s.module) and apps.is_installed(f"gridcare.{s.module}")
            named[s.code] = (s.clause.number, title, installed)
        return named

    with translation.override(settings.LANGUAGE_CODE):
        report_names = rows_in_force(report_half.end)
    dashboard_names = rows_in_force(today)

    # (a) The dashboard, as the view computes it --------------------------------------
    def dashboard() -> dict[str, Any]:
        scores = department_scores(user=leader, today=today)
        return {
            "compliance": compliance_summary(company=company, today=today),
            "trend": compliance_trend(company=company, today=today),
            "alerts": clock_alerts(company=company, today=today),
            "coverage": keyaccount_coverage(user=leader, today=today),
            "complaints": figure_values(group="complaints", company=company, today=today),
            "coverage_figures": figure_values(group="coverage", company=company, today=today),
            "followups": figure_values(group="followups", company=company, today=today),
            "report": latest_report(company=company),
            "scores": scores,
            "scores_total": scorecard_total(scores),
        }

    def dashboard_figures(result: dict[str, Any]) -> dict[str, Any]:
        alerts = result["alerts"]
        return {
            "compliance": {
                row.code: (
                    row.counts.met,
                    row.counts.breached,
                    row.counts.exempted,
                    row.counts.running,
                )
                for row in result["compliance"]
                if row.counts.total
            },
            "trend": {s["name"]: s["data"] for s in result["trend"]["series"]},
            "alerts": (
                alerts.at_risk,
                alerts.overdue,
                alerts.breaches,
                [clock.pk for clock in alerts.nearest],
            ),
            "complaints": [figure.value for figure in result["complaints"]],
        }

    def month_counts(params: dict[str, Any]) -> dict[tuple[date, str], list[int]]:
        """(month, code) -> [met, breached, exempted, running], clocks and calls."""
        counts: dict[tuple[date, str], list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(CLOCK_MONTHS, params)
            for month, standard_id, *numbers in cursor.fetchall():
                total = counts.setdefault((month, code_of[standard_id]), [0, 0, 0, 0])
                for i, n in enumerate(numbers):
                    total[i] += n
            cursor.execute(CALL_MONTHS, params)
            for month, met, breached in cursor.fetchall():
                total = counts.setdefault((month, RING_CODE), [0, 0, 0, 0])
                total[0] += met
                total[1] += breached
        return counts

    def summed(counts: dict[tuple[date, str], list[int]], low: date, high: date) -> dict:
        result: dict[str, list[int]] = {}
        for (month, code), numbers in counts.items():
            if low <= month <= high:
                total = result.setdefault(code, [0, 0, 0, 0])
                for i, n in enumerate(numbers):
                    total[i] += n
        return result

    def dashboard_sql() -> dict[str, Any]:
        params = {
            "company": company.pk,
            "from": months[0],
            "to": today,
            "today": today,
            "half": half,
        }
        counts = month_counts(params)
        this_half = summed(counts, half, today)
        compliance = {
            code: tuple(numbers)
            for code, numbers in this_half.items()
            if code in dashboard_names and sum(numbers)
        }
        trend: dict[str, list[float | None]] = {}
        for n, month in enumerate(months):
            for code, numbers in summed(counts, month, month).items():
                if code not in dashboard_names:
                    continue
                number, title, _installed = dashboard_names[code]
                data = trend.setdefault(f"{number} {title}", [None] * len(months))
                data[n] = rate(numbers[0], numbers[1])
        with connection.cursor() as cursor:
            cursor.execute(ALERTS, params)
            at_risk, overdue, breaches = cursor.fetchone()
            cursor.execute(NEAREST, params)
            nearest = [pk for (pk,) in cursor.fetchall()]
            cursor.execute(
                DASHBOARD_COMPLAINTS,
                {
                    "company": company.pk,
                    "start": day_start(half),
                    "end": day_start(today + timedelta(days=1)),
                },
            )
            (received,) = cursor.fetchone()
        return {
            "compliance": compliance,
            "trend": {
                name: data for name, data in trend.items() if any(v is not None for v in data)
            },
            "alerts": (at_risk, overdue, breaches, nearest),
            "complaints": [received],
        }

    # (b) The half-year report's build ------------------------------------------------
    def report() -> dict[str, Any]:
        return build_content(company=company, half_start=report_half.start)

    def report_figures(content: dict[str, Any]) -> dict[str, Any]:
        by_code = {s["code"]: s for s in content["sections"]}
        compliance = by_code["compliance"]
        complaints = by_code["complaints"]
        return {
            "compliance": {tuple(row[:2]): row[2:] for row in compliance["tables"][0]["rows"]},
            "monthly": {name: data for name, data in compliance["charts"][0]["series"]},
            "categories": complaints["tables"][0]["rows"],
            "complaint_departments": {r[0]: r[1:] for r in complaints["tables"][1]["rows"]},
            "breaches": {r[0]: r[1:] for r in by_code["breaches"]["tables"][0]["rows"]},
        }

    def report_sql() -> dict[str, Any]:
        params = {
            "company": company.pk,
            "from": report_previous.start,
            "to": report_half.end,
            "today": today,
        }
        counts = month_counts(params)
        now = summed(counts, report_half.start, report_half.end)
        before = summed(counts, report_previous.start, report_previous.end)
        compliance: dict[tuple[str, str], list[Any]] = {}
        monthly: dict[str, list[float | None]] = {}
        for code, (number, title, installed) in report_names.items():
            numbers = now.get(code, [0, 0, 0, 0])
            if not (installed or sum(numbers)):
                continue
            current = rate(numbers[0], numbers[1])
            prior = rate(*before[code][:2]) if code in before else None
            change = (
                round(current - prior, 1) if current is not None and prior is not None else None
            )
            compliance[(number, title)] = [*numbers[:3], current, prior, change]
            data = [
                rate(*summed(counts, first, first).get(code, [0, 0])[:2])
                for first, _last in month_ranges(report_half)
            ]
            if any(v is not None for v in data):
                monthly[f"{number} {title}"] = data
        categories: dict[tuple[bool, str], list[int]] = {}
        departments: dict[tuple[bool, Any], int] = {}
        breaches: dict[tuple[bool, Any], int] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                COMPLAINTS,
                {
                    "company": company.pk,
                    "half": day_start(report_half.start),
                    "from": day_start(report_previous.start),
                    "to": day_start(report_half.end + timedelta(days=1)),
                },
            )
            for this_half, category, department, n, substantiated in cursor.fetchall():
                total = categories.setdefault((this_half, category), [0, 0])
                total[0] += n
                total[1] += substantiated
                departments[(this_half, department)] = (
                    departments.get((this_half, department), 0) + n
                )
            cursor.execute(BREACHES, {**params, "half": report_half.start})
            for this_half, department, n in cursor.fetchall():
                breaches[(this_half, department)] = n

        def by_department(counts: dict[tuple[bool, Any], int]) -> dict[str, list[int]]:
            keys = {key for _half, key in counts}
            return {
                department_names.get(key, no_department): [
                    counts.get((True, key), 0),
                    counts.get((False, key), 0),
                ]
                for key in keys
            }

        return {
            "compliance": compliance,
            "monthly": monthly,
            "categories": [
                [
                    label,
                    categories.get((True, value), [0, 0])[0],
                    categories.get((True, value), [0, 0])[1],
                    categories.get((False, value), [0, 0])[0],
                ]
                for value, label in category_labels
            ],
            "complaint_departments": by_department(departments),
            "breaches": by_department(breaches),
        }

    # Runs ------------------------------------------------------------------------------
    dash = time_alternating(
        {"dashboard": dashboard, "dashboard SQL": dashboard_sql}, runs=args.runs, warm_up=WARM_UP
    )
    assert dashboard_figures(dash.results["dashboard"]) == dash.results["dashboard SQL"], (
        dashboard_figures(dash.results["dashboard"]),
        dash.results["dashboard SQL"],
    )
    rep = time_alternating(
        {"report": report, "report SQL": report_sql}, runs=args.report_runs, warm_up=1
    )
    assert report_figures(rep.results["report"]) == rep.results["report SQL"], (
        report_figures(rep.results["report"]),
        rep.results["report SQL"],
    )

    def slowest(fn: Callable[[], Any], count: int = 5) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            fn()
        ranked = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        lines = [
            f"    {float(q['time']) * 1000:8.1f} ms  {' '.join(q['sql'].split())[:150]}"
            for q in ranked[:count]
        ] + [f"    ({len(queries.captured_queries)} statements in all)"]
        # How PostgreSQL answers the slowest one: its scans, from EXPLAIN ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + ranked[0]["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        scans = [line.strip(" ->").split("  (cost")[0] for line in plan if "Scan" in line]
        totals = [
            line.strip() for line in plan if line.strip().startswith(("Buffers", "Execution"))
        ]
        lines.append(f"    plan of the slowest: {'; '.join(scans)}; {'; '.join(totals[-2:])}")
        return lines

    def section_times() -> list[str]:
        period = report_half
        lines = []
        with translation.override(settings.LANGUAGE_CODE):
            for section in sections.sections():
                started = time.perf_counter()
                section.compute(company, period, report_previous)
                lines.append(f"    {section.code:12} {time.perf_counter() - started:7.2f} s")
        return lines

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    figures = dash.results["dashboard SQL"]
    print()
    print(f"{version}; {load_average()} (shared machine)")
    print(
        f"rows: applications {sizes[0]:,}, calls {sizes[1]:,}, matters {sizes[2]:,} "
        f"(complaints {sizes[3]:,}), clocks {sizes[4]:,}, breaches {sizes[5]:,}; "
        f"{first_day} .. {today}"
    )
    print(
        f"dashboard: half year {half} .. {today}, trend {months[0]:%Y-%m} .. {today:%Y-%m}; "
        f"{len(figures['compliance'])} standards with figures, at risk {figures['alerts'][0]:,}, "
        f"breaches {figures['alerts'][2]:,}"
    )
    print(
        f"report: {report_half.start} .. {report_half.end} against {report_previous.start} .. "
        f"{report_previous.end}"
    )
    print("figures equal to the hand-written SQL: dashboard yes, report yes (asserted)")
    for label, timing, target in (
        (
            "dashboard figures (selectors as the view)",
            dash.samples["dashboard"],
            TARGET_DASHBOARD_S,
        ),
        ("dashboard, hand-written SQL", dash.samples["dashboard SQL"], None),
        ("report build (build_content)", rep.samples["report"], TARGET_REPORT_S),
        ("report, hand-written SQL", rep.samples["report SQL"], None),
    ):
        median, p95 = median_p95(timing)
        verdict = ""
        if target is not None:
            verdict = f"  target < {target:g} s: {'OK' if median < target else 'NOT MET'}"
        print(f"  {label:44} median {median:8.3f} s  p95 {p95:8.3f} s  (n={len(timing)}){verdict}")
    dash_ratio = (
        median_p95(dash.samples["dashboard"])[0] / median_p95(dash.samples["dashboard SQL"])[0]
    )
    rep_ratio = median_p95(rep.samples["report"])[0] / median_p95(rep.samples["report SQL"])[0]
    print(
        f"  ratio to the hand-written SQL (medians): dashboard {dash_ratio:.1f} x, "
        f"report {rep_ratio:.1f} x"
    )
    print("slowest statements of one dashboard run:")
    print("\n".join(slowest(dashboard)))
    print("slowest statements of one report build:")
    print("\n".join(slowest(report)))
    print("report sections, one run each:")
    print("\n".join(section_times()))
    print(load_average())


if __name__ == "__main__":
    main()
