"""The cost of the heaviest pages without load: one warm request each through Django's test
client on the load database, with the number of queries, their time and the three slowest
(beside bench_load.py's figures, this tells a page's own cost from the queueing).

Run from the repository root after bench_load.py has loaded the data:

    .venv/bin/python bench/load/pages_alone.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _postgres import load_average

#: (login, page): the home of each persona and the pages that were slowest under load.
CASES = (
    ("load-clerk-01", "/"),
    ("load-agent-01", "/"),
    ("kacontact", "/"),
    ("load-marketing-01", "/"),
    ("load-leader-01", "/"),
    ("load-leader-01", "/dashboard/"),
    ("load-marketing-01", "/rules/compliance/"),
    ("kacontact", "/keyaccounts/"),
    ("load-clerk-01", "/applications/?queue=open"),
    ("load-clerk-01", "/customers/?q=王"),
    ("load-agent-01", "/frontoffice/matters/"),
)


def main() -> None:
    os.environ.setdefault(
        "DATABASE_URL",
        os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gridcare_load"),
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "load-test-only-" + "k" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.update(SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    os.environ.pop("DEBUG", None)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(load_average())
    for username, url in CASES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        client.get(url)  # warm: templates, caches, the session
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{username:<18} {url:<28} {response.status_code} {elapsed:6.0f} ms, "
            f"{len(queries)} queries, {sql:.0f} ms of SQL"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        for query in slowest:
            print(f"    {float(query['time']) * 1000:5.0f} ms  {query['sql'][:150]}")


if __name__ == "__main__":
    main()
