"""Seed data: the official PRC holiday arrangement as :class:`DayRecord` rows (R-CAL-1),
and the statutory holidays of years whose arrangement is not yet published (R-CAL-3).

The source is the ``chinesecalendar`` package (import name ``chinese_calendar``), which
transcribes the State Council's yearly notices. Its ``holidays`` dict lists every day off
that belongs to a festival block (including the weekend days inside a block) and its
``workdays`` dict lists the make-up workdays (調休); both map dates to the festival's English
name. Every other day is an ordinary Mon–Fri workday or Sat/Sun weekend.

The statutory holidays of a later year are computed with ``borax`` (lunar dates and solar
terms, years up to 2100): the regulation fixes them before the yearly notice, which only adds
the make-up workdays and the bridging days off (see :func:`statutory_days`).

Pure functions, no Django: the management command / migration that stores the rows is
someone else's concern.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

import chinese_calendar
from borax.calendars.lunardate import LunarDate, TermUtils

from gridcare.core.calendar import DayKind, DayRecord

__all__ = [
    "FESTIVAL_NAMES",
    "LAST_COMPUTED_YEAR",
    "REGULATION_FROM_YEAR",
    "days_from_chinese_calendar",
    "package_range",
    "provisional_days",
    "statutory_days",
]

#: The first year of the holiday regulation as amended from 2025-01-01 (Spring Festival from
#: the lunar New Year's Eve, Labour Day 2 days); earlier years had other statutory days.
REGULATION_FROM_YEAR = 2025
#: The last year the lunar library has data for; later days stay weekends only.
LAST_COMPUTED_YEAR = 2100

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


def _statutory_festivals(year: int) -> list[tuple[str, list[date]]]:
    """The festivals of the amended regulation in ``year`` with their statutory days."""
    eve = LunarDate(year, 1, 1).to_solar_date() - timedelta(days=1)
    return [
        ("元旦", [date(year, 1, 1)]),
        # Lunar New Year's Eve is the last day of the 12th month, 29th or 30th: the day
        # before the 1st of the 1st month, whatever the month's length.
        ("春節", [eve + timedelta(days=i) for i in range(4)]),
        ("清明節", [TermUtils.nth_term_day(year, term_name="清明")]),
        ("勞動節", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午節", [LunarDate(year, 5, 5).to_solar_date()]),
        ("中秋節", [LunarDate(year, 8, 15).to_solar_date()]),
        ("國慶節", [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]),
    ]


def statutory_days(year: int) -> dict[date, str]:
    """The days off the holiday regulation gives in ``year``, before any notice (R-CAL-3).

    The statutory days (New Year's Day; Spring Festival, lunar New Year's Eve to the 3rd
    day; Qingming on the solar term; Labour Day May 1–2; Dragon Boat, lunar 5/5;
    Mid-Autumn, lunar 8/15; National Day Oct 1–3) plus one day in lieu for each statutory
    day that falls on a Saturday or Sunday, or on another festival's day (Mid-Autumn can
    fall inside National Day: both holidays are still owed). Days in lieu are the first
    Monday–Friday days after the festival that are not already off. Maps each day off to
    its festival in Traditional Chinese. The yearly notice's make-up workdays and bridging
    days are not knowable and are not here.

    Raises ``ValueError`` for a year before :data:`REGULATION_FROM_YEAR` or after
    :data:`LAST_COMPUTED_YEAR`.
    """
    if not REGULATION_FROM_YEAR <= year <= LAST_COMPUTED_YEAR:
        raise ValueError(
            f"statutory holidays are computed for {REGULATION_FROM_YEAR}.."
            f"{LAST_COMPUTED_YEAR}, asked for {year}"
        )
    festivals = _statutory_festivals(year)
    off: dict[date, str] = {}
    owed: list[tuple[date, str, int]] = []
    for name, days in festivals:
        lieu = 0
        for day in days:
            if day in off or day.weekday() >= 5:
                lieu += 1
            off.setdefault(day, name)
        owed.append((days[-1], name, lieu))
    # Statutory days first, then the days in lieu in date order, so that a day in lieu
    # never lands on a later festival's statutory day.
    for last, name, lieu in sorted(owed, key=lambda item: item[0]):
        day = last
        while lieu:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in off:
                off[day] = name
                lieu -= 1
    return dict(sorted(off.items()))


def provisional_days(first: date, last: date) -> list[DayRecord]:
    """One :class:`DayRecord` per day from ``first`` to ``last`` for years not yet published.

    Days off are those of :func:`statutory_days` (``HOLIDAY`` with the festival's name);
    every other day is an ordinary ``WORKDAY`` or ``WEEKEND``: no make-up workdays, the
    notice has not said which (R-CAL-3). Years outside the regulation's computable range
    are weekends only.
    """
    off: dict[date, str] = {}
    for year in range(
        max(first.year, REGULATION_FROM_YEAR), min(last.year, LAST_COMPUTED_YEAR) + 1
    ):
        off.update(statutory_days(year))
    records = []
    day = first
    while day <= last:
        if day in off:
            records.append(DayRecord(day, DayKind.HOLIDAY, off[day]))
        else:
            records.append(
                DayRecord(day, DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY)
            )
        day += timedelta(days=1)
    return records
