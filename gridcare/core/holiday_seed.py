"""Seed data: the official PRC holiday arrangement as :class:`DayRecord` rows (R-CAL-1).

The source is the ``chinesecalendar`` package (import name ``chinese_calendar``), which
transcribes the State Council's yearly notices. Its ``holidays`` dict lists every day off
that belongs to a festival block (including the weekend days inside a block) and its
``workdays`` dict lists the make-up workdays (調休); both map dates to the festival's English
name. Every other day is an ordinary Mon–Fri workday or Sat/Sun weekend.

Pure functions, no Django: the management command / migration that stores the rows is
someone else's concern.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

import chinese_calendar

from gridcare.core.calendar import DayKind, DayRecord

__all__ = ["FESTIVAL_NAMES", "days_from_chinese_calendar", "package_range"]

#: English festival name used by ``chinese_calendar.Holiday`` -> Traditional Chinese name.
#: Covers every member of the enum in chinesecalendar 1.11. The package has no separate
#: member for the 2020 COVID-19 extension of the Spring Festival break (2020-01-31..02-02):
#: those days are labelled "Spring Festival" upstream and therefore get 春節 here.
FESTIVAL_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "New Year's Day": "元旦",
        "Spring Festival": "春節",
        "Tomb-sweeping Day": "清明節",
        "Labour Day": "勞動節",
        "Dragon Boat Festival": "端午節",
        "National Day": "國慶節",
        "Mid-autumn Festival": "中秋節",
        "Anti-Fascist 70th Day": "抗戰勝利70周年紀念日",
    }
)


def package_range() -> tuple[date, date]:
    """First and last day the package has an arrangement for (whole years, 2004–2026)."""
    years = [d.year for d in chinese_calendar.holidays]
    return date(min(years), 1, 1), date(max(years), 12, 31)


def _festival_name(english: str, day: date) -> str:
    try:
        return FESTIVAL_NAMES[english]
    except KeyError:
        # A newer package version added a festival: fail the seed loudly instead of storing
        # an English (or missing) name next to the Chinese ones.
        raise ValueError(
            f"chinese_calendar names {day.isoformat()} {english!r}, which has no entry in "
            "FESTIVAL_NAMES; add its Traditional Chinese name"
        ) from None


def days_from_chinese_calendar(
    first: date | None = None, last: date | None = None
) -> list[DayRecord]:
    """One :class:`DayRecord` per day from ``first`` to ``last`` inclusive, in date order.

    Defaults to the package's whole range (2004-01-01 .. 2026-12-31). Kinds follow R-CAL-1:
    a make-up workday is ``MAKEUP_WORKDAY``, any day of a festival block (weekend or not) is
    ``HOLIDAY``, other days are ``WORKDAY`` (Mon–Fri) or ``WEEKEND`` (Sat/Sun). ``name`` is
    the festival in Traditional Chinese for holidays and make-up workdays, else None.

    Raises ``ValueError`` if the bounds are reversed or outside the package's range (those
    years are unknown and must stay unseeded so deadlines into them are provisional, R-CAL-3).
    """
    lo, hi = package_range()
    first = lo if first is None else first
    last = hi if last is None else last
    if first > last:
        raise ValueError(f"first ({first.isoformat()}) is after last ({last.isoformat()})")
    if first < lo or last > hi:
        raise ValueError(
            f"chinese_calendar only covers {lo.isoformat()}..{hi.isoformat()}, "
            f"asked for {first.isoformat()}..{last.isoformat()}"
        )

    holidays = chinese_calendar.holidays
    workdays = chinese_calendar.workdays
    records = []
    day = first
    while day <= last:
        # get_holiday_detail() checks ``workdays`` before ``holidays`` too; the two dicts are
        # disjoint in the package data, but keep the same precedence in case that changes.
        if day in workdays:
            kind, name = DayKind.MAKEUP_WORKDAY, _festival_name(workdays[day], day)
        elif day in holidays:
            kind, name = DayKind.HOLIDAY, _festival_name(holidays[day], day)
        else:
            kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
            name = None
        records.append(DayRecord(day, kind, name))
        day += timedelta(days=1)
    return records
