"""`manage.py sweep`: run one clock sweep now and say what it handled and what failed.

Exit status 0 when every clock was handled, 1 when any failed (each is listed, and kept
in the sweep run for the administrators' page)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.rules.sweep import clock_sweep


class Command(BaseCommand):
    help = "Breach the overdue clocks and send the reminders that are due, now."

    def handle(self, *args: Any, **options: Any) -> None:
        result = clock_sweep()
        self.stdout.write(
            f"Clock sweep: {result.breached} breached, {result.reminded} reminders sent, "
            f"{result.failed} failed."
        )
        for failure in result.failures:
            self.stdout.write(f"  clock {failure.clock} ({failure.stage}): {failure.error}")
        if result.failed > len(result.failures):
            self.stdout.write(f"  … and {result.failed - len(result.failures)} more.")
        if result.failed:
            raise SystemExit(1)
