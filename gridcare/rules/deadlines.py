"""Due dates of clocks: pure functions over a calendar snapshot (no ORM).

Units:
- working days: the N-th working day strictly after the start date (R-CAL-2);
- days: the end of start + N calendar days (R-CAL-2); where the standard says so
  (`past_days_off`, the default for R-2.11) a period ending on a day off ends on the next
  working day instead (Civil Code art. 203);
- months: the same day N months later (clipped to the month's end);
- half years: the end of the N-th half year counted from the one holding the start date
  (Jan–Jun, Jul–Dec; R-3.6.1 "once every half year").

Stop-the-clock: a clock paused for a customer-caused delay has its due date moved by the
time it was paused, in its own unit. For working days, a pause from date P (the pause's
local date) to date R (the resume's local date) counts the working days d with
P < d ≤ R, i.e. the working days that elapsed while the clock was stopped; the due date is
then the (N + paused)-th working day after the start. Holidays inside a pause therefore
add nothing, and a pause that starts and ends on the same day adds nothing. For calendar
days, the pause adds (R − P) days.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

from gridcare.core.calendar import CalendarSnapshot

WORKING_DAYS = "working_days"
DAYS = "days"
MONTHS = "months"
HALF_YEARS = "half_years"

DEADLINE_UNITS = (WORKING_DAYS, DAYS, MONTHS, HALF_YEARS)


@dataclass(frozen=True)
class Due:
    date: date
    provisional: bool


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def half_year_end(start: date, half_years: int) -> date:
    first_half = 0 if start.month <= 6 else 1
    index = start.year * 2 + first_half + half_years - 1
    year, half = divmod(index, 2)
    return date(year, 6, 30) if half == 0 else date(year, 12, 31)


def due_date(
    *,
    unit: str,
    amount: int,
    start: date,
    paused: int,
    snapshot: CalendarSnapshot,
    past_days_off: bool = False,
) -> Due:
    """When a clock of `amount` `unit` started on `start` (paused `paused` units) is due."""
    if unit == WORKING_DAYS:
        result = snapshot.add_working_days(start, amount + paused)
        return Due(result.date, result.provisional)
    if unit == DAYS and past_days_off:
        result = snapshot.add_days_past_days_off(start, amount + paused)
        return Due(result.date, result.provisional)
    if unit == DAYS:
        return Due(start + timedelta(days=amount + paused), False)
    if unit == MONTHS:
        return Due(add_months(start, amount) + timedelta(days=paused), False)
    if unit == HALF_YEARS:
        return Due(half_year_end(start, amount) + timedelta(days=paused), False)
    raise ValueError(f"unit {unit!r} has no due date")


def remind_date(
    *,
    unit: str,
    amount: int,
    start: date,
    paused: int,
    share: float,
    snapshot: CalendarSnapshot,
    past_days_off: bool = False,
) -> date:
    """The day a reminder goes out: when `share` of the allowed time has been used.

    The reminder falls on the ceil(share × N)-th unit, and never after the due date.
    """
    used = max(1, math.ceil(share * amount))
    if unit == WORKING_DAYS:
        return snapshot.add_working_days(start, min(used, amount) + paused).date
    due = due_date(
        unit=unit,
        amount=amount,
        start=start,
        paused=paused,
        snapshot=snapshot,
        past_days_off=past_days_off,
    ).date
    span = (due - start).days
    return start + timedelta(days=min(span, max(1, math.ceil(share * span))))


def paused_units(
    *, unit: str, paused_on: date, resumed_on: date, snapshot: CalendarSnapshot
) -> int:
    """How far a pause from `paused_on` to `resumed_on` moves the due date (see module doc)."""
    if resumed_on <= paused_on:
        return 0
    if unit == WORKING_DAYS:
        return snapshot.working_days_between(paused_on, resumed_on).working_days
    return (resumed_on - paused_on).days
