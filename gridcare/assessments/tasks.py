"""Periodic work of the ledger: run every item source (thin: the work is in sync)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gridcare.assessments.sync import ledger_sync_all


@db_periodic_task(crontab(minute="*/15"))
def sync_ledger() -> None:
    """Every quarter hour: record new items and withdraw those whose evidence fell
    (idempotent)."""
    ledger_sync_all()
