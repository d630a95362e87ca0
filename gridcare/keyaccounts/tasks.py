"""Periodic work of the key-account module (thin: each task calls one service)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gridcare.keyaccounts.services.rounds import (
    designation_rounds_remind,
)
from gridcare.keyaccounts.services.visits import visit_half_years_open


@db_periodic_task(crontab(minute="10", hour="0"))
def open_half_years() -> None:
    """Daily: open this half year's visit clock of every key account (R-3.6.1)."""
    visit_half_years_open()


@db_periodic_task(crontab(minute="20", hour="0"))
def remind_rounds() -> None:
    """Daily: open the next designation round when the list in force nears its end
    (R-3.3.2)."""
    designation_rounds_remind()
