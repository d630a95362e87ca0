"""Benchmark the open-applications list (issue 4): p95 of the real view with 1,000,000
applications on PostgreSQL, first page and a deep page.

Run from the repository root, with PostgreSQL on 127.0.0.1 (user postgres):

    .venv/bin/python bench/bench_applications_list.py [--applications 1000000]

Uses the database gridcare_bench_apps (see bench_customers_import.py). The applications are
written with set-based SQL (generate_series), not through the services: this measures the
list, not the receipt. About 8 % are open with a running plan-reply clock each, 1 % are key
accounts, the rest closed. Each page is fetched REPEAT times through Django's test client
as a signed-in counter clerk (middleware, scoping selector, FilterSet, keyset pagination,
clocks of the page in one query, template), and the p50 / p95 are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_customers_import import ensure_database, setup_django

REPEAT = 40
OPEN_SHARE = 0.08


def populate(total: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from gridcare.applications.models import Application
    from gridcare.org.models import Company, Department, Position, Staff
    from gridcare.rules.selectors import standard_in_force

    company, _ = Company.objects.get_or_create(code="bench-apps", defaults={"name": "bench"})
    department, _ = Department.objects.get_or_create(
        company=company, code="hall", defaults={"name": "門市", "kind": "service_hall"}
    )
    position, _ = Position.objects.get_or_create(
        code="clerk", defaults={"name": "營業員", "kind": "staff"}
    )
    user, created = get_user_model().objects.get_or_create(username="bench-clerk")
    if created:
        user.groups.set(Group.objects.filter(name="counter_clerk"))
        Staff.objects.create(
            user=user, company=company, department=department, position=position,
            employee_number="B0001", name="bench",
        )  # fmt: skip
    have = Application.objects.filter(company=company).count()
    if have >= total:
        return
    print(f"creating {total:,} applications (set-based) ...")
    started = time.perf_counter()
    today = timezone.localdate()
    standard = standard_in_force(
        company=company, code="application.plan_reply", on=today, attrs={"voltage": "low"}
    )
    content_type = ContentType.objects.get_for_model(Application).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM rules_clock WHERE company_id = %s; "
            "DELETE FROM applications_application WHERE company_id = %s; "
            "DELETE FROM customers_customer WHERE company_id = %s",
            [company.pk, company.pk, company.pk],
        )
        cursor.execute(
            "INSERT INTO customers_customer (company_id, account_number, name, category, "
            "voltage, supply_sources, town, address, phone, phone_alt, contact_name, "
            "contact_phone, annual_consumption_kwh, credit_rating, is_government_body, "
            "is_key_project, special_guarantee_need, deposit_paid, is_key_account, created_at, "
            "updated_at) SELECT %s, 'B' || g, '客戶' || g, 'non_residential', "
            "(ARRAY['low','10kv','high'])[1 + g %% 3], 1, "
            "(ARRAY['龍崗街道','棠香街道','龍水鎮','郵亭鎮'])[1 + g %% 4], '', '139' || g, '', "
            "'', '', 1000, '', false, false, false, false, g %% 100 = 0, now(), now() "
            "FROM generate_series(1, 50000) AS g",
            [company.pk],
        )
        cursor.execute(
            "INSERT INTO applications_application (company_id, number, customer_id, kind, "
            "residential_lighting, status, received_at, note, voltage, supply_sources, town, "
            "is_key_account, responsible_department_id, responsible_staff_id, next_due, "
            "remind_from, has_breach) "
            "SELECT %(company)s, 'YK' || (2000 + g / 100000) || '-' || lpad((g %% 100000)::text, "
            "6, '0'), c.id, 'new_connection', false, "
            "CASE WHEN g %% 100 < %(open)s THEN (ARRAY['received','plan_replied',"
            "'acceptance_passed'])[1 + g %% 3] ELSE 'closed' END, "
            "now() - (g %% 365) * interval '1 day', '', c.voltage, 1, c.town, c.is_key_account, "
            "%(department)s, %(staff)s, "
            "CASE WHEN g %% 100 < %(open)s THEN %(today)s::date + (g %% 40 - 10) "
            "ELSE DATE '9999-12-31' END, "
            "CASE WHEN g %% 100 < %(open)s THEN %(today)s::date + (g %% 40 - 13) "
            "ELSE DATE '9999-12-31' END, g %% 50 = 0 "
            "FROM generate_series(1, %(total)s) AS g "
            "JOIN customers_customer c ON c.company_id = %(company)s "
            "AND c.account_number = 'B' || (1 + g %% 50000)",
            {
                "company": company.pk, "open": int(OPEN_SHARE * 100), "department": department.pk,
                "staff": user.staff.pk, "today": today, "total": total,
            },
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO rules_clock (company_id, standard_id, subject_type_id, subject_id, "
            "amount, unit, started_at, start_date, paused_days, due, remind_on, provisional, "
            "calendar_version, state, period_date, is_key_account) "
            "SELECT a.company_id, %s, %s, a.id, 3, 'working_days', a.received_at, "
            "LEAST(a.received_at::date, a.next_due), 0, a.next_due, a.remind_from, false, '', "
            "'running', a.next_due, a.is_key_account FROM applications_application a "
            "WHERE a.company_id = %s AND a.status IN ('received','plan_replied',"
            "'acceptance_passed')",
            [standard.pk, content_type, company.pk],
        )
        cursor.execute("ANALYZE applications_application; ANALYZE rules_clock")
    print(f"    done in {time.perf_counter() - started:.0f} s")


def timed(client, url: str) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        assert b'href="/applications/' in response.content, url
    return times


def deep_cursor(queue_filter: str, offset: int) -> str:
    from gridcare.applications.models import Application
    from gridcare.applications.pagination import cursor_of

    qs = Application.objects.filter(company__code="bench-apps")
    if queue_filter == "open":
        qs = qs.filter(status__in=list(Application.OPEN))
    row = qs.order_by("-is_key_account", "next_due", "id")[offset]
    return cursor_of(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1_000_000)
    args = parser.parse_args()
    ensure_database()
    setup_django()
    populate(args.applications)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from gridcare.applications.models import Application

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-clerk"))
    open_count = Application.objects.filter(
        company__code="bench-apps", status__in=list(Application.OPEN)
    ).count()
    print(f"{args.applications:,} applications, {open_count:,} open")
    deep_open = deep_cursor("open", open_count - 60)
    cases = [
        ("open, first page", "/applications/?queue=open"),
        ("open, deep page (last page)", f"/applications/?queue=open&after={deep_open}"),
        ("open, 10kv + 龍水鎮, first page", "/applications/?queue=open&voltage=10kv&town=龍水鎮"),
        ("all, deep page (row 900,000)",
         f"/applications/?queue=all&after={deep_cursor('all', int(args.applications * 0.9))}"),
    ]  # fmt: skip
    client.get(cases[0][1])  # warm the caches of this process
    for label, url in cases:
        times = sorted(timed(client, url))
        p95 = times[int(0.95 * len(times)) - 1]
        print(f"{label:<34} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
