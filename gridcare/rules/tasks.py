"""Periodic work of the measures engine."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gridcare.rules.sweep import clock_sweep


@db_periodic_task(crontab(minute="*/5"))
def sweep_clocks() -> None:
    """Every five minutes: breach overdue clocks and send due reminders (idempotent)."""
    clock_sweep()
