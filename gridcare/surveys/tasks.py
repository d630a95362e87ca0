"""Periodic work of the survey module (thin: each task calls one service)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gridcare.surveys.services import survey_obligations_open


@db_periodic_task(crontab(minute="30", hour="0"))
def open_survey_obligations() -> None:
    """Daily: open this half year's survey clock of every key account (R-3.8.2)."""
    survey_obligations_open()
