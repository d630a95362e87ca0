"""Ask the working-day calendar from a shell (R-CAL-1..3).

    manage.py workdays add 2025-09-30 3        -> 2025-10-11
    manage.py workdays between 2025-09-30 2025-10-11   -> 3
    manage.py workdays day 2025-10-11          -> 2025-10-11 makeup_workday 國慶節

An answer that relies on a year whose arrangement is not entered ends in " (provisional)".
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.workdays.api.serializers import MAX_WORKING_DAYS
from gridcare.workdays.selectors import calendar_snapshot

PROVISIONAL = " (provisional)"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _days(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_WORKING_DAYS:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 1000")
    return n


class Command(BaseCommand):
    help = "Working-day arithmetic on the stored calendar: add, between, day."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="The N-th working day strictly after START.")
        add.add_argument("start", type=_date)
        add.add_argument("days", type=_days)
        between = sub.add_parser("between", help="Working days d with START < d <= END.")
        between.add_argument("start", type=_date)
        between.add_argument("end", type=_date)
        day = sub.add_parser("day", help="The kind and festival of DATE.")
        day.add_argument("date", type=_date)

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = calendar_snapshot()
        action = options["action"]
        if action == "add":
            try:
                result = snapshot.add_working_days(options["start"], options["days"])
            except (OverflowError, ValueError):
                raise CommandError("the result would fall after 9999-12-31") from None
            answer, provisional = result.date.isoformat(), result.provisional
        elif action == "between":
            counted = snapshot.working_days_between(options["start"], options["end"])
            answer, provisional = str(counted.working_days), counted.provisional
        else:
            d = options["date"]
            name = snapshot.name(d)
            answer = f"{d.isoformat()} {snapshot.kind(d).value}" + (f" {name}" if name else "")
            provisional = not snapshot.is_known(d)
        self.stdout.write(answer + (PROVISIONAL if provisional else ""))
