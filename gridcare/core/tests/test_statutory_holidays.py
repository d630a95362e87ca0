"""Provisional years: the statutory holidays the regulation gives before the notice (R-CAL-3)."""

from __future__ import annotations

from datetime import date

import pytest

from gridcare.core.calendar import CalendarSnapshot, DayKind, DayRecord, WorkdayResult
from gridcare.core.holiday_seed import (
    days_from_chinese_calendar,
    provisional_days,
    statutory_days,
)

d = date.fromisoformat


def _days(*spans: str) -> set[date]:
    """Days of "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" spans."""
    out: set[date] = set()
    for span in spans:
        first, _, last = span.partition("..")
        start, end = d(first), d(last or first)
        out.update(date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))
    return out


def test_2027_statutory_holidays_and_days_in_lieu() -> None:
    """R-CAL-3's own example: Spring Festival from the lunar New Year's Eve, Qingming on the
    solar term, and a day in lieu after the holiday for each one on a Saturday or Sunday."""
    assert set(statutory_days(2027)) == _days(
        "2027-01-01",
        "2027-02-05..2027-02-10",
        "2027-04-05",
        "2027-05-01..2027-05-04",
        "2027-06-09",
        "2027-09-15",
        "2027-10-01..2027-10-05",
    )
    names = statutory_days(2027)
    assert (names[d("2027-02-05")], names[d("2027-02-10")]) == ("春節", "春節")
    assert (names[d("2027-04-05")], names[d("2027-06-09")]) == ("清明節", "端午節")
    assert (names[d("2027-09-15")], names[d("2027-10-05")]) == ("中秋節", "國慶節")


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_holidays_are_the_published_statutory_days(year: int) -> None:
    """Every day the computation gives off is a holiday of the same festival in the State
    Council's published arrangement; the notice only adds bridging days to them."""
    published = {
        r.date: (r.kind, r.name)
        for r in days_from_chinese_calendar(date(year, 1, 1), date(year, 12, 31))
    }
    computed = statutory_days(year)
    assert computed
    assert {day: published[day] for day in computed} == {
        day: (DayKind.HOLIDAY, name) for day, name in computed.items()
    }


def test_published_2025_statutory_days_by_festival() -> None:
    """The amended regulation's first year, festival by festival (Dragon Boat on Saturday
    May 31 gives Monday June 2)."""
    assert set(statutory_days(2025)) == _days(
        "2025-01-01",
        "2025-01-28..2025-01-31",
        "2025-04-04",
        "2025-05-01..2025-05-02",
        "2025-05-31",
        "2025-06-02",
        "2025-10-01..2025-10-03",
        "2025-10-06",
    )


def test_mid_autumn_inside_national_day_still_gives_its_day() -> None:
    """2028: Mid-Autumn is October 3, a National Day; National Day also starts on a
    Sunday. Both days are owed: October 4 and 5 are off, October 6 is a working day."""
    days = statutory_days(2028)
    assert {day for day in days if day.month == 10} == _days("2028-10-01..2028-10-05")
    assert d("2028-10-06") not in days
    # New Year's Day on a Saturday: Monday January 3 in lieu.
    assert d("2028-01-03") in days


@pytest.mark.parametrize("year", [2024, 2101])
def test_statutory_days_refuse_years_outside_the_regulation_or_the_library(year: int) -> None:
    with pytest.raises(ValueError, match="statutory holidays are computed for"):
        statutory_days(year)


def test_provisional_days_have_no_make_up_days_and_fill_gaps_with_weekdays() -> None:
    records = provisional_days(d("2024-12-30"), d("2027-12-31"))
    assert len(records) == (d("2027-12-31") - d("2024-12-30")).days + 1
    assert not [r for r in records if r.kind is DayKind.MAKEUP_WORKDAY]
    by_day = {r.date: r for r in records}
    # 2024 is before the amended regulation: weekends only.
    assert by_day[d("2024-12-31")].kind is DayKind.WORKDAY
    assert by_day[d("2027-01-01")] == DayRecord(d("2027-01-01"), DayKind.HOLIDAY, "元旦")


def _snapshot() -> CalendarSnapshot:
    return CalendarSnapshot.from_days(
        days_from_chinese_calendar(),
        version="test",
        provisional=provisional_days(d("2027-01-01"), d("2030-12-31")),
    )


def test_a_provisional_year_skips_new_years_day_and_stays_provisional() -> None:
    """2026-12-30 + 2 working days is not New Year's Day 2027 (R-CAL-2, R-CAL-3)."""
    snap = _snapshot()
    assert snap.add_working_days(d("2026-12-30"), 2) == WorkdayResult(d("2027-01-04"), True)
    assert snap.add_working_days_many([d("2026-12-30"), d("2027-02-04")], [2, 1]) == [
        WorkdayResult(d("2027-01-04"), True),
        WorkdayResult(d("2027-02-11"), True),
    ]
    # Inside the known range nothing changes.
    assert snap.add_working_days(d("2026-12-30"), 1) == WorkdayResult(d("2026-12-31"), False)
    assert snap.working_days_between(d("2026-12-30"), d("2027-01-04")).provisional
    assert not snap.is_known(d("2027-01-01"))
    assert (snap.kind(d("2027-01-01")), snap.name(d("2027-01-01"))) == (DayKind.HOLIDAY, "元旦")
    assert (snap.last_known, snap.last_provisional) == (d("2026-12-31"), d("2030-12-31"))
    # Past the computed years: weekends only, still provisional.
    assert snap.kind(d("2031-01-01")) is DayKind.WORKDAY


def test_provisional_days_only_continue_the_known_ones() -> None:
    known = days_from_chinese_calendar(d("2026-12-01"), d("2026-12-31"))
    with pytest.raises(ValueError, match="is not after the last known day"):
        CalendarSnapshot.from_days(
            known, provisional=provisional_days(d("2026-12-31"), d("2027-01-05"))
        )
    with pytest.raises(ValueError, match="contiguous"):
        CalendarSnapshot.from_days(
            known, provisional=provisional_days(d("2027-01-02"), d("2027-01-05"))
        )


def test_provisional_days_alone_are_all_provisional() -> None:
    snap = CalendarSnapshot.from_days(
        [], provisional=provisional_days(d("2027-01-01"), d("2027-12-31"))
    )
    assert snap.first_known is None and snap.last_known is None
    assert snap.add_working_days(d("2027-01-04"), 1) == WorkdayResult(d("2027-01-05"), True)
    assert snap.add_working_days(d("2026-12-31"), 1) == WorkdayResult(d("2027-01-04"), True)
