"""Background work of the customer register: imports run in the task consumer."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def run_customer_import(import_id: int) -> None:
    from gridcare.customers.services import customer_import_run

    customer_import_run(import_id=import_id)
