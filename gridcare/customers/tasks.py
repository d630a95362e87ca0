"""Background work of the customer register: imports run in the task consumer."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def run_customer_import(import_id: int) -> None:
    from gridcare.customers.services import customer_import_run

    customer_import_run(import_id=import_id)


@db_periodic_task(crontab(minute="*"))
def reap_customer_imports() -> None:
    """Every minute: an import whose worker ended mid-file is resumed or marked failed."""
    from gridcare.customers.services import customer_imports_reap

    customer_imports_reap()
