"""The stored calendar and its snapshot: the seed, the known run, the cache, the horizon."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import chinese_calendar
import pytest
import time_machine
from django.core.cache import cache

from gridcare.core.calendar import DayRecord
from gridcare.core.holiday_seed import days_from_chinese_calendar, package_range
from gridcare.workdays import selectors
from gridcare.workdays.models import CalendarDay, CalendarYear
from gridcare.workdays.selectors import (
    calendar_horizon,
    calendar_snapshot,
    calendar_version,
    calendar_year_arrangement,
)
from gridcare.workdays.services import calendar_year_enter

pytestmark = pytest.mark.django_db


def test_the_seed_holds_every_year_the_package_knows() -> None:
    """R-CAL-1: seeded for every year a maintained library knows (2004–2026)."""
    first, last = package_range()
    years = list(CalendarYear.objects.order_by("year").values_list("year", "status"))
    assert years == [(y, "seeded") for y in range(first.year, last.year + 1)]
    stored = [
        DayRecord(d, kind, name)
        for d, kind, name in CalendarDay.objects.order_by("date").values_list(
            "date", "kind", "name"
        )
    ]
    assert stored == days_from_chinese_calendar()


def test_every_seeded_day_is_a_working_day_exactly_when_chinese_calendar_says_so() -> None:
    """R-CAL-1 over 2004–2026, day by day, through the snapshot the API answers from."""
    snapshot = calendar_snapshot()
    first, last = package_range()
    assert (snapshot.first_known, snapshot.last_known) == (first, last)
    day = first
    mismatches = []
    while day <= last:
        if snapshot.is_working_day(day) is not chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_the_snapshot_is_kept_until_the_version_changes(
    cold_snapshot: None, superuser: Any, entry_2027: dict[str, Any], django_assert_num_queries
) -> None:
    """DESIGN.md 7–8: one version query per call; rebuilt only when the calendar changed."""
    first = calendar_snapshot()
    with django_assert_num_queries(1):
        assert calendar_snapshot() is first
    calendar_year_enter(**entry_2027, actor=superuser)
    second = calendar_snapshot()
    assert second is not first
    assert second.version == calendar_version() != first.version
    assert second.last_known == date(2027, 12, 31)
    with django_assert_num_queries(1):
        assert calendar_snapshot() is second


def test_another_process_takes_the_snapshot_from_the_shared_cache(
    cold_snapshot: None, django_assert_num_queries
) -> None:
    """A process that starts after another built the snapshot loads no day rows."""
    built = calendar_snapshot()
    selectors._memo = None  # a second process: same cache, empty memory
    with django_assert_num_queries(1):
        again = calendar_snapshot()
    assert again is not built
    assert again.version == built.version
    assert again.add_working_days(date(2025, 9, 30), 3) == built.add_working_days(
        date(2025, 9, 30), 3
    )


@pytest.mark.parametrize("break_year", ["missing_day", "missing_year_row"])
def test_the_known_run_stops_at_the_first_incomplete_year(
    cold_snapshot: None, break_year: str
) -> None:
    """R-CAL-3: a year counts only with its row and all its days; later years are
    provisional even though they are stored."""
    if break_year == "missing_day":
        CalendarDay.objects.filter(date=date(2010, 6, 1)).delete()
    else:
        CalendarYear.objects.filter(year=2010).delete()
    cache.clear()
    snapshot = calendar_snapshot()
    assert snapshot.last_known == date(2009, 12, 31)
    # 2025's make-up Saturday is no longer known: weekends only, provisional.
    result = snapshot.add_working_days(date(2025, 9, 30), 3)
    assert result.provisional is True
    assert result.date != date(2025, 10, 11)


@pytest.mark.parametrize(
    ("today", "days_left", "warning"),
    [
        ("2026-06-30", 184, False),
        ("2026-10-31", 61, False),
        ("2026-11-01", 60, True),
        ("2026-12-31", 0, True),
        ("2027-01-15", -15, True),
    ],
)
def test_the_horizon_warns_from_60_days_before_the_last_known_day(
    today: str, days_left: int, warning: bool
) -> None:
    """R-CAL-3: the dashboard warns from 60 days before the last known day."""
    with time_machine.travel(f"{today} 09:00 +0800", tick=False):
        horizon = calendar_horizon()
    assert horizon.last_known == date(2026, 12, 31)
    assert horizon.first_provisional == date(2027, 1, 1)
    assert (horizon.days_left, horizon.warning) == (days_left, warning)


def test_entering_the_next_year_moves_the_horizon(superuser, entry_2027) -> None:
    """R-CAL-3: once 2027 is entered the warning stops until autumn 2027."""
    calendar_year_enter(**entry_2027, actor=superuser)
    horizon = calendar_horizon(today=date(2026, 11, 28))
    assert (horizon.last_known, horizon.warning) == (date(2027, 12, 31), False)


def test_a_stored_year_reads_back_as_the_notice_lists_it() -> None:
    """A correction starts from the notice's shape: blocks of one festival, make-up days."""
    holidays, makeup_days = calendar_year_arrangement(2024)
    assert (date(2024, 2, 10), date(2024, 2, 17), "春節") in holidays
    assert (date(2024, 1, 1), date(2024, 1, 1), "元旦") in holidays
    assert makeup_days[:2] == [(date(2024, 2, 4), "春節"), (date(2024, 2, 18), "春節")]
    assert sum((end - start).days + 1 for start, end, _ in holidays) == (
        CalendarDay.objects.filter(year=2024, kind="holiday").count()
    )


def test_deadlines_are_computed_when_the_shared_cache_is_down(
    cold_snapshot: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreachable cache (Redis restarting) costs a database load, never an answer."""

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert calendar_snapshot().add_working_days(date(2025, 9, 30), 3).date == date(2025, 10, 11)


def test_the_year_after_the_calendar_has_its_statutory_holidays(cold_snapshot: None) -> None:
    """R-CAL-3: 2027 is not entered, yet New Year's Day is no working day; the answer is
    provisional, and the computed holidays reach the library's last year."""
    snapshot = calendar_snapshot()
    due = snapshot.add_working_days(date(2026, 12, 30), 2)
    assert (due.date, due.provisional) == (date(2027, 1, 4), True)
    assert snapshot.last_known == date(2026, 12, 31)
    assert snapshot.last_provisional == date(2100, 12, 31)
    assert not snapshot.is_known(date(2027, 1, 1))
    assert snapshot.kind(date(2027, 10, 5)) == "holiday"


def test_an_empty_calendar_still_computes_the_statutory_holidays(cold_snapshot: None) -> None:
    """Without any known year, the regulation's holidays from 2025 on are still days off."""
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    cache.clear()
    snapshot = calendar_snapshot()
    assert snapshot.last_known is None
    due = snapshot.add_working_days(date(2025, 12, 31), 1)
    assert (due.date, due.provisional) == (date(2026, 1, 2), True)
