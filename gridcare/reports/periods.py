"""Half years (R-3.8.3: the report covers one half year and compares it with the one
before): pure date arithmetic over gridcare.reports.sections.Period."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from gridcare.reports.sections import Period


def half_of(day: date) -> Period:
    """The half year holding `day`: 1 Jan – 30 Jun or 1 Jul – 31 Dec."""
    if day.month <= 6:
        return Period(date(day.year, 1, 1), date(day.year, 6, 30))
    return Period(date(day.year, 7, 1), date(day.year, 12, 31))


def previous_half(period: Period) -> Period:
    return half_of(period.start - timedelta(days=1))


def half_label(period: Period) -> str:
    """ "2026 first half" in the active language."""
    if period.start.month == 1:
        return _("%(year)s first half") % {"year": period.start.year}
    return _("%(year)s second half") % {"year": period.start.year}


def month_ranges(period: Period) -> list[tuple[date, date]]:
    """The six months of a half year as (first day, last day)."""
    ranges = []
    first = period.start
    while first <= period.end:
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        ranges.append((first, following - timedelta(days=1)))
        first = following
    return ranges


def complete_halves(*, today: date, count: int = 6) -> list[Period]:
    """The last `count` half years that are over, newest first (what can be reported)."""
    halves = []
    period = previous_half(half_of(today))
    for _n in range(count):
        halves.append(period)
        period = previous_half(period)
    return halves
