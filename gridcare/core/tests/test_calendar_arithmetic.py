"""Working-day arithmetic (R-CAL-1, R-CAL-2, R-CAL-3) — pure functions, no database.

The oracle for the real calendar is ``chinese_calendar.is_workday`` walked day by day, never
the snapshot's own prefix sums.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridcare.core.calendar import (
    BetweenResult,
    CalendarSnapshot,
    DayKind,
    DayRecord,
    WorkdayResult,
)
from gridcare.core.holiday_seed import FESTIVAL_NAMES, days_from_chinese_calendar

FIRST = date(2004, 1, 1)
LAST = date(2026, 12, 31)
ONE = timedelta(days=1)


@functools.cache
def snapshot() -> CalendarSnapshot:
    return CalendarSnapshot.from_days(days_from_chinese_calendar(), version="test")


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# -- holiday_seed -------------------------------------------------------------------------


def test_seed_covers_package_range_day_by_day_and_matches_is_workday():
    """R-CAL-1: one record per day 2004..2026, working iff chinese_calendar says so."""
    records = days_from_chinese_calendar()
    assert [r.date for r in records] == days(FIRST, LAST)
    wrong = [r for r in records if r.kind.is_working != chinese_calendar.is_workday(r.date)]
    assert wrong == []


def test_seed_kinds_and_names_match_get_holiday_detail():
    """R-CAL-1: holiday/make-up kinds and names agree with get_holiday_detail."""
    for r in days_from_chinese_calendar():
        is_off, english = chinese_calendar.get_holiday_detail(r.date)
        if english is None:
            expected = DayKind.WEEKEND if is_off else DayKind.WORKDAY
            assert (r.kind, r.name) == (expected, None), r
        else:
            expected = DayKind.HOLIDAY if is_off else DayKind.MAKEUP_WORKDAY
            assert (r.kind, r.name) == (expected, FESTIVAL_NAMES[english]), r


def test_festival_names_map_every_holiday_enum_member_to_traditional_chinese():
    """Every festival the package can emit has a Traditional Chinese name."""
    assert {h.value for h in chinese_calendar.Holiday} == set(FESTIVAL_NAMES)
    assert FESTIVAL_NAMES["Spring Festival"] == "春節"
    assert FESTIVAL_NAMES["National Day"] == "國慶節"
    assert FESTIVAL_NAMES["Anti-Fascist 70th Day"] == "抗戰勝利70周年紀念日"


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        ("2025-10-01", DayKind.HOLIDAY, "國慶節"),
        ("2025-10-04", DayKind.HOLIDAY, "國慶節"),  # a Saturday inside the block
        ("2025-10-11", DayKind.MAKEUP_WORKDAY, "國慶節"),
        ("2025-10-12", DayKind.WEEKEND, None),
        ("2025-10-13", DayKind.WORKDAY, None),
        ("2024-02-04", DayKind.MAKEUP_WORKDAY, "春節"),
        ("2015-09-03", DayKind.HOLIDAY, "抗戰勝利70周年紀念日"),
        ("2015-09-06", DayKind.MAKEUP_WORKDAY, "抗戰勝利70周年紀念日"),
        ("2020-02-02", DayKind.HOLIDAY, "春節"),  # the COVID-19 extension, labelled upstream
    ],
)
def test_seed_day_has_expected_kind_and_name(day, kind, name):
    """R-CAL-1: spot checks against the State Council notices."""
    snap = snapshot()
    assert (snap.kind(d(day)), snap.name(d(day))) == (kind, name)


@pytest.mark.parametrize(
    ("first", "last"),
    [("2003-12-31", "2004-01-05"), ("2026-12-01", "2027-01-01"), ("2010-02-01", "2010-01-01")],
)
def test_seed_rejects_bounds_outside_package_range_or_reversed(first, last):
    """R-CAL-3: unknown years must not be seeded as if they were known."""
    with pytest.raises(ValueError, match=r"chinese_calendar only covers|is after"):
        days_from_chinese_calendar(d(first), d(last))


def test_seed_sub_range_is_exactly_that_range():
    records = days_from_chinese_calendar(d("2025-09-28"), d("2025-10-11"))
    assert [r.date for r in records] == days(d("2025-09-28"), d("2025-10-11"))


# -- exhaustive check against chinese_calendar ---------------------------------------------


def test_add_working_days_matches_naive_count_for_every_start_2004_to_2026_and_n_1_to_60():
    """R-CAL-2/3 exhaustively: every start day 2004..2026 and N in 1..60.

    The oracle lists working dates via chinese_calendar.is_workday (Mon–Fri after 2026) and
    finds, per start, the first working date after it by a backward sweep.
    """
    all_days = days(FIRST, LAST + timedelta(days=200))
    working = [chinese_calendar.is_workday(x) if x <= LAST else x.weekday() < 5 for x in all_days]
    working_dates = [x for x, w in zip(all_days, working, strict=True) if w]
    # next_index[i]: index in working_dates of the first working date strictly after day i.
    next_index = [0] * len(all_days)
    nxt = len(working_dates)
    for i in range(len(all_days) - 1, -1, -1):
        next_index[i] = nxt
        if working[i]:
            nxt -= 1
    snap = snapshot()
    starts = days(FIRST, LAST)
    mismatches = []
    for n in range(1, 61):
        expected = [working_dates[next_index[i] + n - 1] for i in range(len(starts))]
        expected_results = [WorkdayResult(e, e > LAST) for e in expected]
        many = snap.add_working_days_many(starts, [n] * len(starts))
        for start, want, got in zip(starts, expected_results, many, strict=True):
            if got != want or snap.add_working_days(start, n) != want:
                mismatches.append((start, n, want, got))
            elif snap.working_days_between(start, want.date) != BetweenResult(n, want.provisional):
                mismatches.append((start, n, want, snap.working_days_between(start, want.date)))
    assert mismatches[:5] == []
    # The oracle really did run into 2027 for the last days of 2026.
    assert working_dates[next_index[len(starts) - 1] + 59] > LAST


# -- hand cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected", "provisional"),
    [
        # National Day 2025: Oct 1-8 off, Sat Oct 11 is a make-up day.
        ("2025-09-30", 1, "2025-10-09", False),
        ("2025-09-30", 3, "2025-10-11", False),
        ("2025-09-30", 4, "2025-10-13", False),
        ("2025-09-27", 1, "2025-09-28", False),  # Sat event, Sun make-up day is day 1
        # Event on an ordinary Sunday: the following Monday is day 1.
        ("2025-06-15", 1, "2025-06-16", False),
        ("2025-06-15", 5, "2025-06-20", False),
        # Event on a working day: that day is not counted.
        ("2025-06-16", 1, "2025-06-17", False),
        # Event on a holiday: first working day after the block is day 1.
        ("2025-10-03", 1, "2025-10-09", False),
        # Spring Festival 2024: Feb 10-17 off, Sun Feb 4 and Sun Feb 18 are make-up days.
        ("2024-02-03", 1, "2024-02-04", False),
        ("2024-02-09", 1, "2024-02-18", False),
        ("2024-02-09", 2, "2024-02-19", False),
        ("2024-02-08", 2, "2024-02-18", False),
        # Spring Festival 2025 spans a month end: Jan 28 - Feb 4 off, Sun Jan 26 and
        # Sat Feb 8 are make-up days.
        ("2025-01-25", 1, "2025-01-26", False),
        ("2025-01-25", 3, "2025-02-05", False),
        ("2025-01-27", 4, "2025-02-08", False),
        ("2025-01-31", 1, "2025-02-05", False),
        # Into the unknown year 2027: weekends only (even Jan 1) and provisional.
        ("2026-12-30", 1, "2026-12-31", False),
        ("2026-12-30", 2, "2027-01-01", True),
        ("2026-12-30", 3, "2027-01-04", True),
        ("2026-12-31", 1, "2027-01-01", True),
        ("2027-06-04", 1, "2027-06-07", True),
        # Before the known range: 2004-01-01 is New Year's Day.
        ("2003-12-31", 1, "2004-01-02", False),
        ("2003-12-30", 1, "2003-12-31", True),
        ("2003-12-26", 1, "2003-12-29", True),
        ("2003-12-26", 4, "2004-01-02", True),
    ],
)
def test_add_working_days_hand_case(start, n, expected, provisional):
    """R-CAL-2 (day of the event not counted) and R-CAL-3 (weekends-only, provisional)."""
    assert snapshot().add_working_days(d(start), n) == WorkdayResult(d(expected), provisional)
    assert snapshot().add_working_days_many([d(start)], [n]) == [
        WorkdayResult(d(expected), provisional)
    ]


@pytest.mark.parametrize("day", ["2025-10-11", "2025-09-28", "2024-02-04", "2024-02-18"])
def test_make_up_weekend_day_is_a_working_day(day):
    """R-CAL-1: a weekend day declared a working day counts as one."""
    snap = snapshot()
    assert d(day).weekday() >= 5
    assert snap.is_working_day(d(day))
    assert snap.kind(d(day)) is DayKind.MAKEUP_WORKDAY


@pytest.mark.parametrize("day", ["2025-10-06", "2024-02-15", "2025-01-01"])
def test_statutory_holiday_on_a_weekday_is_a_day_off(day):
    """R-CAL-1: statutory holidays are days off even on Mon–Fri."""
    assert d(day).weekday() < 5
    assert not snapshot().is_working_day(d(day))


@pytest.mark.parametrize(
    ("start", "end", "count", "provisional"),
    [
        ("2025-09-30", "2025-10-11", 3, False),
        ("2025-10-11", "2025-09-30", -3, False),  # reversed: negative count
        ("2025-09-30", "2025-10-08", 0, False),  # only holidays in between
        ("2025-09-30", "2025-10-12", 3, False),  # end on a day off
        ("2025-06-16", "2025-06-16", 0, False),
        ("2025-06-15", "2025-06-16", 1, False),  # end day counted, start day not
        ("2025-06-16", "2025-06-15", -1, False),
        ("2024-02-09", "2024-02-18", 1, False),
        ("2026-12-30", "2026-12-31", 1, False),
        ("2026-12-31", "2027-01-01", 1, True),
        ("2026-12-31", "2027-12-31", 261, True),
        ("2027-01-01", "2026-12-31", -1, True),
        ("2003-12-31", "2004-01-02", 1, False),  # (start, end] is all known
        ("2004-01-02", "2003-12-31", -1, False),
        ("2003-12-30", "2004-01-02", 2, True),
        ("2028-01-01", "2028-01-01", 0, False),  # empty interval: nothing counted
    ],
)
def test_working_days_between_hand_case(start, end, count, provisional):
    """R-CAL-2: count of working days d with start < d <= end; negative when reversed."""
    assert snapshot().working_days_between(d(start), d(end)) == BetweenResult(count, provisional)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-30", 3, "2025-10-03"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2026-12-31", 1, "2027-01-01"),
    ],
)
def test_add_days_counts_calendar_days(start, n, expected):
    """R-CAL-2: "N days" end at D + N regardless of holidays."""
    assert snapshot().add_days(d(start), n) == d(expected)


def test_outside_known_range_days_follow_weekends_only():
    """R-CAL-3: outside the range Sat/Sun are off, Mon–Fri (even Jan 1) are working."""
    snap = snapshot()
    assert snap.kind(d("2027-01-01")) is DayKind.WORKDAY
    assert snap.kind(d("2027-01-02")) is DayKind.WEEKEND
    assert snap.kind(d("2003-12-27")) is DayKind.WEEKEND
    assert not snap.is_known(d("2027-01-01"))
    assert snap.is_known(d("2026-12-31")) and snap.is_known(d("2004-01-01"))
    assert snap.name(d("2027-01-01")) is None


def test_empty_snapshot_is_weekends_only_and_always_provisional():
    """R-CAL-3: with no known days every count uses Mon–Fri and is provisional."""
    empty = CalendarSnapshot.from_days([])
    assert empty.first_known is None and empty.last_known is None
    assert empty.add_working_days(d("2025-09-30"), 3) == WorkdayResult(d("2025-10-03"), True)
    assert empty.add_working_days(d("2025-10-03"), 1) == WorkdayResult(d("2025-10-06"), True)
    assert empty.add_working_days_many([d("2025-10-03")], [1]) == [
        WorkdayResult(d("2025-10-06"), True)
    ]
    assert empty.working_days_between(d("2025-10-03"), d("2025-10-06")) == BetweenResult(1, True)
    assert empty.working_days_between(d("2025-10-03"), d("2025-10-03")) == BetweenResult(0, False)


# -- input validation ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, -1, -1000])
def test_add_working_days_rejects_n_below_one(n):
    """R-CAL-2 defines N working days for N >= 1 only."""
    with pytest.raises(ValueError, match="n must be >= 1"):
        snapshot().add_working_days(d("2025-06-16"), n)
    with pytest.raises(ValueError, match="n must be >= 1"):
        snapshot().add_working_days_many([d("2025-06-16"), d("2025-06-17")], [3, n])


@pytest.mark.parametrize("n", [1.0, "3", None])
def test_add_working_days_rejects_non_integer_n(n):
    with pytest.raises(TypeError, match="integer"):
        snapshot().add_working_days(d("2025-06-16"), n)
    with pytest.raises(TypeError, match="integer"):
        snapshot().add_working_days_many([d("2025-06-16")], [n])


def test_add_working_days_rejects_datetime_start():
    """A datetime's calendar day depends on its time zone; callers pass a date."""
    with pytest.raises(TypeError, match=r"datetime\.date"):
        snapshot().add_working_days(datetime(2025, 6, 16, 9, 0), 1)
    with pytest.raises(TypeError, match=r"datetime\.date"):
        snapshot().add_working_days_many([datetime(2025, 6, 16, 9, 0)], [1])


def test_add_working_days_many_rejects_length_mismatch():
    with pytest.raises(ValueError, match="differ in length"):
        snapshot().add_working_days_many([d("2025-06-16")], [1, 2])


def test_add_working_days_many_mixes_fast_and_fallback_pairs():
    """Starts outside the range and N beyond the precomputed tables still come out right."""
    snap = snapshot()
    starts = [d("2025-06-16"), d("2030-01-01"), d("2001-05-05"), d("2026-12-01"), d("2010-03-01")]
    ns = [5, 7, 3000, 2000, 1]
    assert snap.add_working_days_many(starts, ns) == [
        snap.add_working_days(s, n) for s, n in zip(starts, ns, strict=True)
    ]
    assert snap.add_working_days_many([], []) == []


def _record(day: str, kind: DayKind) -> DayRecord:
    return DayRecord(d(day), kind, None)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (
            [_record("2025-06-16", DayKind.WORKDAY), _record("2025-06-18", DayKind.WORKDAY)],
            r"contiguous: 2025-06-16 is followed by 2025-06-18 \(missing 2025-06-17\)",
        ),
        (
            [
                _record("2025-06-16", DayKind.WORKDAY),
                _record("2025-06-17", DayKind.WORKDAY),
                _record("2025-06-17", DayKind.HOLIDAY),
            ],
            "duplicate day record for 2025-06-17",
        ),
        ([_record("2025-06-14", DayKind.WORKDAY)], "2025-06-14 .Saturday. cannot be of kind"),
        ([_record("2025-06-16", DayKind.WEEKEND)], "2025-06-16 .Monday. cannot be of kind"),
        ([_record("2025-06-16", DayKind.MAKEUP_WORKDAY)], "cannot be of kind 'makeup_workday'"),
    ],
)
def test_snapshot_construction_rejects_bad_records(records, message):
    """Gaps, duplicates and kinds contradicting the weekday raise ValueError."""
    with pytest.raises(ValueError, match=message):
        CalendarSnapshot.from_days(records)


def test_snapshot_accepts_unsorted_records_and_raw_kind_strings():
    records = [
        DayRecord(d("2025-06-15"), "weekend", None),  # type: ignore[arg-type]
        DayRecord(d("2025-06-14"), DayKind.MAKEUP_WORKDAY, "端午節"),
    ]
    snap = CalendarSnapshot.from_days(records, version="v7")
    assert (snap.first_known, snap.last_known, snap.version) == (
        d("2025-06-14"),
        d("2025-06-15"),
        "v7",
    )
    assert snap.kind(d("2025-06-15")) is DayKind.WEEKEND
    assert snap.name(d("2025-06-14")) == "端午節"
    assert snap.add_working_days(d("2025-06-13"), 1) == WorkdayResult(d("2025-06-14"), False)


# -- properties ----------------------------------------------------------------------------

any_day = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=1000)


@settings(max_examples=300, deadline=None)
@given(start=any_day, n=st.integers(min_value=1, max_value=999))
def test_add_working_days_is_strictly_increasing_in_n(start, n):
    """R-CAL-2: one more working day always lands strictly later."""
    snap = snapshot()
    assert snap.add_working_days(start, n).date < snap.add_working_days(start, n + 1).date


@settings(max_examples=300, deadline=None)
@given(start=any_day, n=counts)
def test_between_inverts_add_working_days(start, n):
    """R-CAL-2: working_days_between(start, add(start, n)) == n, same provisional flag."""
    snap = snapshot()
    result = snap.add_working_days(start, n)
    assert snap.working_days_between(start, result.date) == BetweenResult(n, result.provisional)
    assert snap.working_days_between(result.date, start) == BetweenResult(-n, result.provisional)


@settings(max_examples=300, deadline=None)
@given(start=any_day, n=counts)
def test_add_working_days_lands_on_a_working_day(start, n):
    """R-CAL-1/2: a deadline is always a working day, and later than the event."""
    snap = snapshot()
    result = snap.add_working_days(start, n)
    assert result.date > start
    assert snap.is_working_day(result.date)


@settings(max_examples=300, deadline=None)
@given(start=any_day, n=st.integers(min_value=-5000, max_value=5000))
def test_add_days_is_start_plus_n_calendar_days(start, n):
    """R-CAL-2: "N days" end at D + N."""
    assert snapshot().add_days(start, n) == start + timedelta(days=n)


@st.composite
def small_calendars(draw):
    """A random short contiguous calendar with kinds consistent with each weekday."""
    first = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=40))
    records = []
    for i in range(length):
        day = first + timedelta(days=i)
        if day.weekday() >= 5:
            options = [DayKind.WEEKEND, DayKind.MAKEUP_WORKDAY, DayKind.HOLIDAY]
        else:
            options = [DayKind.WORKDAY, DayKind.HOLIDAY]
        records.append(DayRecord(day, draw(st.sampled_from(options)), None))
    return records


@settings(max_examples=400, deadline=None)
@given(
    records=small_calendars(),
    offset=st.integers(min_value=-30, max_value=70),
    end_offset=st.integers(min_value=-30, max_value=70),
    n=st.integers(min_value=1, max_value=40),
)
def test_mixed_known_and_unknown_ranges_match_day_by_day_walk(records, offset, end_offset, n):
    """R-CAL-2/3 where counts start before, run through and run past a short known range."""
    snap = CalendarSnapshot.from_days(records)
    by_day = {r.date: r.kind for r in records}
    anchor = records[0].date if records else date(2025, 1, 1)
    start = anchor + timedelta(days=offset)

    def working(x: date) -> bool:
        return by_day[x].is_working if x in by_day else x.weekday() < 5

    day, seen, touched_unknown = start, 0, False
    while seen < n:
        day += ONE
        touched_unknown |= day not in by_day
        seen += working(day)
    assert snap.add_working_days(start, n) == WorkdayResult(day, touched_unknown)
    assert snap.add_working_days_many([start], [n]) == [WorkdayResult(day, touched_unknown)]

    end = anchor + timedelta(days=end_offset)
    lo, hi = min(start, end), max(start, end)
    between = days(lo + ONE, hi) if lo < hi else []
    count = sum(working(x) for x in between)
    expected = BetweenResult(
        count if end >= start else -count, any(x not in by_day for x in between)
    )
    assert snap.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "n", "end", "provisional"),
    [
        ("2026-09-30", 3, "2026-10-08", False),  # 10-03 is in the National Day break
        ("2026-09-25", 3, "2026-09-28", False),  # a working Monday stays
        ("2026-09-24", 3, "2026-09-28", False),  # Sunday 09-27 moves to Monday
        ("2025-12-30", 5, "2026-01-04", False),  # a make-up working Sunday stays
        ("2026-12-30", 4, "2027-01-04", True),  # beyond the known range: weekends only
    ],
)
def test_calendar_days_ending_on_a_day_off_end_on_the_next_working_day(start, n, end, provisional):
    """R-CAL-2, Civil Code art. 203: the last day of a period being a day off, the period
    ends on the first working day after it."""
    result = snapshot().add_days_past_days_off(d(start), n)
    assert (result.date, result.provisional) == (d(end), provisional)
