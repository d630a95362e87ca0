"""Load test: 50 members of staff on gunicorn + PostgreSQL with province-scale data (issue 9,
item 10). Prints requests, failures, error rate and the median / p95 / p99 per page.

Run from the repository root (the database is dropped and created again unless --skip-data):

    .venv/bin/python bench/bench_load.py [--users 50] [--spawn-rate 1] [--run-time 5m]
        [--clocks 1000000] [--customers 200000] [--workers 5] [--port 8113] [--skip-data]

1. Data (skipped with --skip-data, which reuses the loaded database): a fresh database
   (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/gridcare_load; its name
   must contain "load"), migrations, the demo company (`manage.py demo
   --allow-production`: its loader switches the two-step login policy off for the demo
   company, audited, as for every demo), `manage.py generate --clocks N` (clocks with their
   breaches and exemptions), then set-based SQL for what no generator makes yet: CUSTOMERS
   customers and one connection application behind every generated application clock that
   has started (open while its clock runs or has breached unstopped, else closed), with
   its steps; and the load users, copies of the demo logins per persona (the key-account
   contacts are the demo's own contacts: visits are recorded on one's own accounts).
2. `collectstatic`, then gunicorn with DEBUG off and production settings, except HTTPS on
   loopback: SECURE_SSL_REDIRECT=0 and SECURE_COOKIES=0 (a secure cookie is never sent
   over http://127.0.0.1). Cache and task queue on Redis (db REDIS_DB, default 13); no
   task consumer runs, so queued notifications wait in Redis and cost the web no CPU.
3. locust headless (bench/load/locustfile.py) with the users, spawn rate and duration given;
   its CSV files go to var/load/.
4. The table per page (as locust saw it: waiting for a worker included), the time inside
   the workers per route (gunicorn's access log), the load average at the start, the
   highest seen and at the end, and the CPU seconds that locust, gunicorn and the
   workers' PostgreSQL backends used: on a shared machine the rest went to other people.
   gunicorn is stopped and its log (tracebacks of any 500) kept in var/load/gunicorn.log.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from _postgres import ROOT, fresh_database, generate, load_average, median_p95

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gridcare_load"
OUT = ROOT / "var" / "load"
# The demo password (gridcare.org.demo.DEMO_PASSWORD), on a throw-away database.
PASSWORD = "dazu-demo-2026"  # noqa: S105
#: persona: (demo login copied, how many copies). Weighted as in the locustfile.
CLONES = {
    "clerk": ("clerk", 14),
    "agent": ("agent", 14),
    "marketing": ("marketing", 6),
    "supervision": ("supervision", 4),
    "leader": ("leader", 4),
}
#: The key-account contacts sign in as the demo's contacts: accounts are assigned by name.
CONTACTS = ("kacontact", "cscdirector")
#: gunicorn's access log: method, path, status and the time the worker spent (ms), which
#: beside locust's figure (from the client) shows how long a request waited for a worker.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(M)s"
#: Main tables whose sizes are printed.
TABLES = (
    "rules_clock",
    "rules_breach",
    "rules_clockexemption",
    "applications_application",
    "applications_applicationstep",
    "customers_customer",
    "frontoffice_callrecord",
    "frontoffice_matter",
    "core_auditevent",
)


def database_url() -> str:
    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL)
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in {"postgres", "postgresql"} or "load" not in name:
        sys.exit(f"LOAD_DATABASE_URL must name a PostgreSQL database called *load*, not {name!r}")
    return url


def server_env(url: str, redis_db: int) -> dict[str, str]:
    """Production settings (DEBUG off) on loopback, for manage.py and gunicorn."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "load-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "LOG_LEVEL": "WARNING",
        # No mail leaves the machine (no consumer runs either; see the docstring).
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    print(f"$ manage.py {' '.join(args)}   ({time.perf_counter() - started:.1f} s)")
    return result.stdout


def populate(customers: int) -> None:
    """Customers, and an application (with its steps) behind each application clock."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from gridcare.applications.models import Application
    from gridcare.org.models import Company

    company = Company.objects.get(code="dazu")
    subject_type = ContentType.objects.get_for_model(Application).pk
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO customers_customer (company_id, account_number, name, category, "
            "voltage, supply_sources, town, address, phone, phone_alt, contact_name, "
            "contact_phone, annual_consumption_kwh, credit_rating, is_government_body, "
            "is_key_project, special_guarantee_need, deposit_paid, is_key_account, created_at, "
            "updated_at) "
            "SELECT %(company)s, 'LD' || lpad(g::text, 7, '0'), "
            "substr('王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅', 1 + g %% 20, 1) || "
            "substr('偉芳娜秀英敏靜麗強磊軍洋勇艷傑娟濤明超華', 1 + (g / 20) %% 20, 1) || "
            "substr('建國志紅玲慶文斌海燕雪梅平剛桂蘭霞宏峰', 1 + (g / 400) %% 20, 1), "
            "CASE WHEN g %% 10 < 8 THEN 'residential' ELSE 'non_residential' END, "
            "CASE WHEN g %% 10 < 8 THEN 'low' WHEN g %% 10 = 8 THEN '10kv' "
            "ELSE (ARRAY['low','high'])[1 + g %% 2] END, 1, t.town, "
            "t.town || (g %% 300 + 1) || '號', '139' || lpad(g::text, 8, '0'), '', '', '', "
            "500 + g %% 20000, '', false, false, false, false, false, now(), now() "
            "FROM generate_series(1, %(customers)s) AS g, LATERAL (SELECT (ARRAY["
            "'龍崗街道','棠香街道','龍水鎮','郵亭鎮','智鳳街道','寶頂鎮','中敖鎮','三驅鎮'])"
            "[1 + g %% 8] AS town) t",
            {"company": company.pk, "customers": customers},
        )
        cursor.execute(
            "INSERT INTO applications_application (id, company_id, number, customer_id, kind, "
            "residential_lighting, status, received_at, note, voltage, supply_sources, town, "
            "is_key_account, responsible_department_id, responsible_staff_id, next_due, "
            "remind_from, has_breach) "
            "SELECT c.subject_id, c.company_id, "
            "'YK' || extract(year FROM c.started_at)::int || '-' || lpad(c.subject_id::text, 8, "
            "'0'), cu.id, 'new_connection', s.code = 'application.residential_energize', "
            "CASE WHEN NOT o.open THEN 'closed' WHEN s.code = 'application.energize' "
            "THEN 'acceptance_passed' ELSE 'received' END, "
            "c.started_at - CASE WHEN s.code = 'application.energize' THEN interval '30 days' "
            "ELSE interval '0' END, '', "
            "CASE WHEN s.variant IN ('10kv', 'low') THEN s.variant WHEN s.variant = '' "
            "THEN 'low' ELSE 'high' END, CASE WHEN s.variant = 'high-2' THEN 2 ELSE 1 END, "
            "cu.town, c.is_key_account, c.responsible_department_id, c.responsible_staff_id, "
            "CASE WHEN o.open THEN c.due ELSE DATE '9999-12-31' END, "
            "CASE WHEN o.open THEN c.remind_on ELSE DATE '9999-12-31' END, "
            "c.state = 'breached' "
            "FROM rules_clock c JOIN rules_servicestandard s ON s.id = c.standard_id "
            "CROSS JOIN LATERAL (SELECT c.stopped_at IS NULL "
            "AND c.state IN ('running', 'breached') AS open) o "
            "JOIN customers_customer cu ON cu.company_id = c.company_id "
            "AND cu.account_number = 'LD' || lpad((1 + c.subject_id %% %(customers)s)::text, 7, "
            "'0') "
            "WHERE c.company_id = %(company)s AND c.subject_type_id = %(type)s "
            "AND s.code LIKE 'application.%%' AND c.started_at <= now() "
            "AND NOT EXISTS (SELECT 1 FROM applications_application a WHERE a.id = c.subject_id)",
            {"company": company.pk, "customers": customers, "type": subject_type},
        )
        applications = cursor.rowcount
        # The steps each status implies: received; for energize clocks also the plan reply
        # and the acceptance that started them; for closed ones the closing.
        cursor.execute(
            "INSERT INTO applications_applicationstep (application_id, step, at, recorded_at, "
            "note) "
            "SELECT a.id, x.step, x.at, x.at, '' FROM applications_application a "
            "JOIN rules_clock c ON c.subject_type_id = %(type)s AND c.subject_id = a.id "
            "CROSS JOIN LATERAL (VALUES ('received', a.received_at, true), "
            "('plan_replied', a.received_at + interval '10 days', "
            "a.status = 'acceptance_passed'), "
            "('acceptance_passed', c.started_at, a.status = 'acceptance_passed'), "
            "('closed', LEAST(COALESCE(c.stopped_at, c.due::timestamptz), now()), "
            "a.status = 'closed')) AS x(step, at, wanted) "
            "WHERE a.company_id = %(company)s AND x.wanted AND a.number LIKE 'YK____-________' "
            "AND NOT EXISTS (SELECT 1 FROM applications_applicationstep s "
            "WHERE s.application_id = a.id)",
            {"company": company.pk, "type": subject_type},
        )
        steps = cursor.rowcount
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('applications_application', 'id'), "
            "(SELECT max(id) FROM applications_application))"
        )
    with connection.cursor() as cursor:
        for table in (
            "customers_customer",
            "applications_application",
            "applications_applicationstep",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(
        f"set-based SQL: {customers:,} customers, {applications:,} applications behind the "
        f"clocks, {steps:,} steps in {time.perf_counter() - started:.1f} s"
    )


def load_users() -> dict[str, list[str]]:
    """Copies of the demo logins, one per virtual user of each persona (same company,
    department, position and roles); the contacts use the demo's own logins."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from gridcare.mfa.policy import policy_in_force
    from gridcare.org.models import Staff

    user_model = get_user_model()
    password = make_password(PASSWORD)  # one hash for all: PBKDF2 takes a second each
    logins: dict[str, list[str]] = {"contact": list(CONTACTS)}
    for persona, (demo, count) in CLONES.items():
        model = user_model.objects.get(username=demo)
        staff = model.staff
        groups = list(model.groups.all())
        logins[persona] = []
        for number in range(1, count + 1):
            username = f"load-{persona}-{number:02d}"
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"password": password}
            )
            if created:
                user.groups.set(groups)
                Staff.objects.create(
                    user=user, company=staff.company, department=staff.department,
                    position=staff.position, employee_number=f"LD-{persona[:4]}-{number:02d}",
                    name=f"{staff.name[0]}測{number:02d}",
                )  # fmt: skip
            logins[persona].append(username)
    if policy_in_force(staff.company).enabled:
        sys.exit("The two-step login policy is on for the demo company: run the demo loader.")
    return logins


def logins_from_names() -> dict[str, list[str]]:
    """The same logins as load_users() made, for --skip-data."""
    logins = {p: [f"load-{p}-{n:02d}" for n in range(1, c + 1)] for p, (_d, c) in CLONES.items()}
    return {**logins, "contact": list(CONTACTS)}


def table_sizes(url: str) -> str:
    import psycopg

    lines = []
    with psycopg.connect(url) as connection:
        for table in TABLES:
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            lines.append(f"  {table:<32} {count[0] if count else 0:>12,}")
    return "\n".join(lines)


def load_data(args: argparse.Namespace, url: str, env: dict[str, str]) -> dict[str, list[str]]:
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL")})
    started = time.perf_counter()
    fresh_database(url)  # drop, create, migrate; Django set up in this process
    print(manage(env, "demo", "--allow-production").rstrip())
    generate("--clocks", str(args.clocks), "--company", "dazu", "--seed", "1")
    populate(args.customers)
    logins = load_users()
    print(f"data loaded in {time.perf_counter() - started:.0f} s")
    return logins


def cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def backend_cpu(url: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to the load database (none
    when the server is on another machine)."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(url) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    seconds = {}
    for (pid,) in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def static_stale() -> bool:
    """Whether collectstatic must run (it compresses every file: minutes of CPU)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    sources = [ROOT / "static", *ROOT.glob("gridcare/*/static")]
    newest = max(f.stat().st_mtime for d in sources for f in d.rglob("*") if f.is_file())
    return newest > manifest.stat().st_mtime


class LoadSampler(threading.Thread):
    """Every 5 s while the test runs: the highest 1-minute load average, and the CPU time of
    the workers' PostgreSQL backends (a backend lives at most CONN_MAX_AGE, so they are
    followed one by one; the last seconds of one that ends between two looks are lost)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.highest = 0.0
        self.backends: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(5):
            self.highest = max(self.highest, os.getloadavg()[0])
            self.backends.update(backend_cpu(self.url))


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "access.log").unlink(missing_ok=True)
    log = (OUT / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60",
         "--graceful-timeout", "10", "--access-logfile", str(OUT / "access.log"),
         "--access-logformat", ACCESS_FORMAT],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(60):
        time.sleep(1)
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped: see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as answer:
                if answer.status == 200:
                    return server
        except OSError:
            continue
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def run_locust(args: argparse.Namespace, logins: dict[str, list[str]]) -> int:
    env = {**os.environ, "LOAD_PASSWORD": PASSWORD}
    for persona, names in logins.items():
        env[f"LOAD_USERS_{persona.upper()}"] = ",".join(names)
    for old in OUT.glob("stats_*.csv"):
        old.unlink()
    command = [
        str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "bench/load/locustfile.py"),
        "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", args.run_time, "--host", f"http://127.0.0.1:{args.port}",
        "--csv", str(OUT / "stats"), "--only-summary", "--loglevel", "WARNING",
        "--stop-timeout", "15",
    ]  # fmt: skip
    print("$ " + " ".join(command[1:]).replace(str(ROOT) + "/", ""))
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def route(path: str) -> str:
    """/applications/123/events/ -> /applications/{id}/events/ (one line per route)."""
    return re.sub(r"/\d+(?=/|\.|$)", "/{id}", path)


def service_times() -> None:
    """Time inside the gunicorn workers per route, from the access log."""
    times: dict[str, list[float]] = {}
    for line in (OUT / "access.log").read_text().splitlines():
        method, path, _status, elapsed = line.split(" ")
        if not path.startswith("/static/"):
            times.setdefault(f"{method} {route(path)}", []).append(float(elapsed))
    print()
    print(f"{'route (time inside a worker)':<52} {'requests':>8} {'median':>7} {'p95':>7}   (ms)")
    for name, samples in sorted(times.items(), key=lambda item: -median_p95(item[1])[1]):
        median, p95 = median_p95(samples)
        print(f"{name:<52} {len(samples):>8,} {median:>7.0f} {p95:>7.0f}")


def report(load_start: str, highest: float, load_end: str) -> None:
    with (OUT / "stats_stats.csv").open(newline="") as stats:
        rows = list(csv.DictReader(stats))
    print()
    header = f"{'page':<36} {'requests':>8} {'failures':>8} {'error %':>7} "
    print(header + f"{'median':>7} {'p95':>7} {'p99':>7}   (ms)")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        print(
            f"{row['Name']:<36} {count:>8,} {failed:>8,} {100 * failed / max(count, 1):>6.2f}% "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    failures = OUT / "stats_failures.csv"
    if failures.exists():
        with failures.open(newline="") as listed:
            for row in csv.DictReader(listed):
                print(f"failure: {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    service_times()
    print()
    print(f"{load_start} at the start; highest 1-min {highest:.2f} during the run; ")
    print(f"{load_end.split(' on ')[0]} at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--spawn-rate", type=float, default=1, help="users started per second (staff arrive)"
    )
    parser.add_argument("--run-time", default="5m", help="e.g. 300s, 5m, 1h")
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8113)
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--skip-data", action="store_true", help="reuse the loaded database")
    args = parser.parse_args()
    url = database_url()
    env = server_env(url, args.redis_db)
    if args.skip_data:
        logins = logins_from_names()
    else:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # this run's own queue and cache
        logins = load_data(args, url, env)
    print(table_sizes(url))
    if static_stale():
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    server = start_gunicorn(env, args.port, args.workers)
    load_start = load_average()
    sampler = LoadSampler(url)
    sampler.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        run_locust(args, logins)
        locust = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        sampler.stop.set()
        load_end = load_average()
        server.terminate()
        server.wait(timeout=30)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report(load_start, max(sampler.highest, os.getloadavg()[0]), load_end)
    print(
        f"CPU used in {wall:.0f} s: locust {cpu(locust) - cpu(before):.0f} s, gunicorn "
        f"{cpu(after) - cpu(locust):.0f} s, PostgreSQL (the workers' connections) "
        f"{sum(sampler.backends.values()):.0f} s, of {(os.cpu_count() or 1) * wall:.0f} "
        "core-seconds on this machine"
    )


if __name__ == "__main__":
    main()
