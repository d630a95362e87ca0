"""Periodic work of the core app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gridcare.core.services import heartbeat_record


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Proves every minute that a consumer is running; /healthz shows the last run."""
    heartbeat_record(name="consumer")
