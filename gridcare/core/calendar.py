"""Working-day arithmetic for service deadlines (R-CAL-1, R-CAL-2, R-CAL-3).

Pure Python on purpose: no Django, no ORM. The service layer loads the day records
once (from the database or from :mod:`gridcare.core.holiday_seed`), builds an immutable
:class:`CalendarSnapshot` and then asks it for deadlines.

Semantics, in one place:

* R-CAL-1 — a *working day* is a normal Monday–Friday workday or a make-up workday
  (调休/調休, a weekend day the State Council declares a working day). Statutory holidays
  and ordinary weekend days are days off.
* R-CAL-2 — "N working days" from an event on date ``D`` ends on the N-th working day
  strictly after ``D``: the event day is never counted, whether or not it is itself a working
  day. "N days" (calendar days) end on ``D + N``. Only the *date* is computed here; "end of
  that day" is the caller's concern.
* R-CAL-3 — for any day outside the snapshot's known range the arrangement is unknown. The
  snapshot may carry *provisional* day records after the known range (the statutory holidays
  the regulation gives before the yearly notice, see
  :func:`gridcare.core.holiday_seed.provisional_days`); beyond them Monday–Friday count as
  working days and Saturday/Sunday do not. A result is ``provisional`` when any day it had
  to look at lies outside the known range, provisional records included.

Implementation: every day ordinal ``o`` has a cumulative working-day count ``C(o)`` (the
number of working days up to and including ``o``, offset by an arbitrary constant). Inside
the range of records (known and provisional) ``C`` is a prefix-sum list; outside it ``C``
continues with a closed-form Monday–Friday count. Then ``working_days_between(a, b) =
C(b) - C(a)`` and the N-th working day after ``s`` is the smallest ``o`` with
``C(o) >= C(s) + N`` (bisect inside the range, closed form outside it).
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise

__all__ = [
    "BetweenResult",
    "CalendarSnapshot",
    "DayKind",
    "DayRecord",
    "WorkdayResult",
]


class DayKind(StrEnum):
    """What kind of day a calendar date is (R-CAL-1)."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"

    @property
    def is_working(self) -> bool:
        """True for the two working kinds: ordinary workdays and make-up workdays."""
        return self in _WORKING_KINDS


_WORKING_KINDS = frozenset({DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY})


@dataclass(frozen=True)
class DayRecord:
    """One calendar day of the official arrangement; ``name`` is the festival, if any."""

    date: date
    kind: DayKind
    name: str | None = None


@dataclass(frozen=True)
class WorkdayResult:
    """A computed deadline date; ``provisional`` per R-CAL-3."""

    date: date
    provisional: bool


@dataclass(frozen=True)
class BetweenResult:
    """A signed working-day count; ``provisional`` per R-CAL-3."""

    working_days: int
    provisional: bool


# How many working days past the last known day the batch fast path has precomputed.
# The API caps N at 1000, so every request whose start is a known day takes the fast path.
_FAST_PATH_PAD = 1000


def _weekdays_upto(ordinal: int) -> int:
    """Number of Mon–Fri days with proleptic ordinal in ``[1, ordinal]``.

    Ordinal 1 (0001-01-01) is a Monday, so each block of 7 ordinals starting at 1 is
    Mon..Sun. Floor division keeps the formula monotonic for ordinals <= 0 as well, which lets
    the closed form be used as an unbounded counter on both sides of the known range.
    """
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """Ordinal of the k-th Mon–Fri day counted by :func:`_weekdays_upto` (its inverse).

    It is the smallest ordinal ``o`` with ``_weekdays_upto(o) >= k``.
    """
    weeks, rest = divmod(k - 1, 5)
    return 7 * weeks + rest + 1


def _check_date(value: object, what: str) -> date:
    # A datetime is a date subclass, but which calendar day it falls on depends on its time
    # zone; callers must localise to Asia/Shanghai and pass ``.date()`` themselves.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime.date (not datetime), got {value!r}")
    return value


def _check_count(n: object) -> int:
    try:
        count = operator.index(n)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"n must be an integer number of working days, got {n!r}") from None
    if count < 1:
        # R-CAL-2 only defines "N working days" for N >= 1; the API enforces 1..1000.
        raise ValueError(f"n must be >= 1 working day, got {count}")
    return count


def _weekday_kind(d: date) -> DayKind:
    return DayKind.WEEKEND if d.weekday() >= 5 else DayKind.WORKDAY


class CalendarSnapshot:
    """An immutable view of the working-day calendar over a contiguous run of days.

    Build it with :meth:`from_days`. Provisional records continue the known ones and make
    any result that touches them provisional; days before the first or after the last record
    are treated as Monday–Friday working days and are provisional too (R-CAL-3). An empty
    snapshot is valid: everything is weekends-only and provisional.
    """

    __slots__ = (
        "_fast_base",
        "_fast_results",
        "_first",
        "_kinds",
        "_known_first",
        "_known_last",
        "_last",
        "_names",
        "_prefix",
        "_total",
        "_wk_at_last",
        "_wk_before_first",
        "first_known",
        "last_known",
        "last_provisional",
        "version",
    )

    def __init__(
        self,
        records: Iterable[DayRecord] = (),
        version: str = "",
        provisional: Iterable[DayRecord] = (),
    ) -> None:
        """Validate the records and precompute the lookup tables; see :meth:`from_days`."""
        known_days = sorted(records, key=lambda r: r.date)
        provisional_days = sorted(provisional, key=lambda r: r.date)
        if known_days and provisional_days and provisional_days[0].date <= known_days[-1].date:
            raise ValueError(
                f"provisional day {provisional_days[0].date.isoformat()} is not after the "
                f"last known day {known_days[-1].date.isoformat()}"
            )
        # One contiguous run: the checks below also refuse a gap between the two parts.
        days = known_days + provisional_days
        for prev, cur in pairwise(days):
            if cur.date == prev.date:
                raise ValueError(f"duplicate day record for {cur.date.isoformat()}")
            if cur.date.toordinal() != prev.date.toordinal() + 1:
                missing = prev.date + timedelta(days=1)
                raise ValueError(
                    "day records must be contiguous: "
                    f"{prev.date.isoformat()} is followed by {cur.date.isoformat()} "
                    f"(missing {missing.isoformat()})"
                )
        kinds: list[DayKind] = []
        for record in days:
            _check_date(record.date, "DayRecord.date")
            kind = DayKind(record.kind)  # accept raw strings, e.g. straight from the ORM
            is_weekend = record.date.weekday() >= 5
            # WORKDAY/WEEKEND only say "an ordinary Mon–Fri / Sat–Sun day" and a make-up
            # workday only exists on a weekend; anything else is bad data that would silently
            # shift deadlines, so refuse it here rather than compute with it.
            if (kind is DayKind.WORKDAY and is_weekend) or (
                kind in (DayKind.WEEKEND, DayKind.MAKEUP_WORKDAY) and not is_weekend
            ):
                raise ValueError(
                    f"day record {record.date.isoformat()} ({record.date:%A}) "
                    f"cannot be of kind {kind.value!r}"
                )
            kinds.append(kind)

        self.version = version
        self._kinds = kinds
        self._names = [r.name for r in days]
        self.first_known: date | None = known_days[0].date if known_days else None
        self.last_known: date | None = known_days[-1].date if known_days else None
        self.last_provisional: date | None = provisional_days[-1].date if provisional_days else None
        if known_days:
            self._known_first = known_days[0].date.toordinal()
            self._known_last = known_days[-1].date.toordinal()
        else:
            # Nothing is known: every day is after the (empty) known range [1, 0].
            self._known_first, self._known_last = 1, 0
        if days:
            self._first = days[0].date.toordinal()
            self._last = days[-1].date.toordinal()
        else:
            # An empty range [1, 0]: every ordinal is "after the last known day", so the
            # general formulas below degrade to the pure weekends-only rule (R-CAL-3).
            self.first_known = None
            self.last_known = None
            self._first, self._last = 1, 0

        # _prefix[i] = working days among the first i known days, so C(first + i) =
        # _prefix[i + 1]; C(first - 1) is pinned to 0.
        prefix = [0]
        running = 0
        for kind in kinds:
            running += kind in _WORKING_KINDS
            prefix.append(running)
        self._prefix = prefix
        self._total = running
        self._wk_before_first = _weekdays_upto(self._first - 1)
        self._wk_at_last = _weekdays_upto(self._last)

        # Batch fast path tables: for a known start day s, the answer for N is
        # _fast_results[_fast_base[s] + N] — a dict lookup, an add and a list index. The
        # base is C(s) - 1 so that index 0 holds the first working day (T = C(s) + N = 1).
        self._fast_base = {r.date: prefix[i + 1] - 1 for i, r in enumerate(days)}
        results = [
            WorkdayResult(date.fromordinal(o), o > self._known_last)
            for o, kind in enumerate(kinds, self._first)
            if kind in _WORKING_KINDS
        ]
        if days:
            results.extend(
                WorkdayResult(date.fromordinal(self._ordinal_of_count(t)), True)
                for t in range(self._total + 1, self._total + _FAST_PATH_PAD + 1)
            )
        self._fast_results = results

    @classmethod
    def from_days(
        cls,
        records: Iterable[DayRecord],
        version: str = "",
        provisional: Iterable[DayRecord] = (),
    ) -> CalendarSnapshot:
        """Build a snapshot from day records (any order).

        ``records`` are the known days (published arrangements); ``provisional`` the days
        after them whose arrangement is computed, not published (R-CAL-3): they count as
        their kind says but make every result that touches them provisional.

        Raises ``ValueError`` if two records share a date, if the dates (known, then
        provisional) are not one contiguous run, or if a record's kind contradicts its
        weekday (``workday`` on a weekend, ``weekend``/``makeup_workday`` on a Mon–Fri).
        ``version`` is an opaque label (e.g. the seed or admin revision) for logging and
        cache keys.
        """
        return cls(records, version, provisional)

    def __repr__(self) -> str:
        return (
            f"CalendarSnapshot(version={self.version!r}, first_known={self.first_known}, "
            f"last_known={self.last_known}, last_provisional={self.last_provisional})"
        )

    # -- per-day queries -------------------------------------------------------------------

    def is_known(self, d: date) -> bool:
        """Whether the official arrangement for ``d`` is in this snapshot (R-CAL-3)."""
        return self._known_first <= _check_date(d, "d").toordinal() <= self._known_last

    def kind(self, d: date) -> DayKind:
        """The kind of ``d``; past every record Sat/Sun are weekends (R-CAL-3)."""
        o = _check_date(d, "d").toordinal()
        if self._first <= o <= self._last:
            return self._kinds[o - self._first]
        return _weekday_kind(d)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (R-CAL-1, weekends-only outside the range)."""
        return self.kind(d) in _WORKING_KINDS

    def name(self, d: date) -> str | None:
        """The festival name recorded for ``d`` (holidays and make-up days), else None."""
        o = _check_date(d, "d").toordinal()
        if self._first <= o <= self._last:
            return self._names[o - self._first]
        return None

    # -- arithmetic -----------------------------------------------------------------------

    def _count_upto(self, o: int) -> int:
        """C(o): cumulative working days up to ordinal ``o`` (C(first - 1) == 0)."""
        if o < self._first:
            return _weekdays_upto(o) - self._wk_before_first
        if o <= self._last:
            return self._prefix[o - self._first + 1]
        return self._total + _weekdays_upto(o) - self._wk_at_last

    def _ordinal_of_count(self, t: int) -> int:
        """Smallest ordinal ``o`` with ``C(o) >= t``, i.e. the working day that makes it t."""
        if t <= 0:
            return _nth_weekday(t + self._wk_before_first)
        if t <= self._total:
            # _prefix[i] >= t first at i, so the t-th known working day is known day i - 1.
            return self._first + bisect_left(self._prefix, t) - 1
        return _nth_weekday(t - self._total + self._wk_at_last)

    def add_working_days(self, start: date, n: int) -> WorkdayResult:
        """The N-th working day strictly after ``start`` (R-CAL-2), for ``n >= 1``.

        ``start`` itself is never counted, even when it is a working day; an event on a day
        off counts the next working day as day 1. ``provisional`` is True when any day in
        ``(start, result]`` lies outside the known range, i.e. a provisional record or the
        weekends-only rule was used for at least one counted day (R-CAL-3). O(log n) inside
        the range (bisect on prefix sums), O(1) outside it.

        Raises ``ValueError`` for ``n < 1`` and ``TypeError`` for non-integer ``n`` or a
        non-``date`` start (a ``datetime`` is refused: localise and pass its ``.date()``).
        """
        s = _check_date(start, "start").toordinal()
        count = _check_count(n)
        o = self._ordinal_of_count(self._count_upto(s) + count)
        return WorkdayResult(date.fromordinal(o), s + 1 < self._known_first or o > self._known_last)

    def add_working_days_many(
        self, starts: Sequence[date], ns: Sequence[int]
    ) -> list[WorkdayResult]:
        """``[add_working_days(s, n) for s, n in zip(starts, ns, strict=True)]``, but much faster.

        For a start inside the known range and ``n <= 1000`` the result is two table
        lookups returning a shared, immutable :class:`WorkdayResult`. If any pair falls
        outside that (start outside the range, very large ``n``, bad types), the batch is
        recomputed pair by pair, which gives the same results and the same errors as
        :meth:`add_working_days`.
        """
        if len(starts) != len(ns):
            raise ValueError(f"starts and ns differ in length: {len(starts)} != {len(ns)}")
        if not ns:
            return []
        base = self._fast_base
        results = self._fast_results
        try:
            # The fast path indexes base + n blindly, so n < 1 must be excluded first or it
            # would silently return an earlier working day (or, negative, wrap around).
            if min(ns) >= 1:
                return [results[base[s] + n] for s, n in zip(starts, ns, strict=True)]
        except (KeyError, IndexError, TypeError):
            pass
        return [self._add_one(s, n) for s, n in zip(starts, ns, strict=True)]

    def _add_one(self, start: date, n: int) -> WorkdayResult:
        # Per-pair fallback for add_working_days_many: table lookup when possible.
        b = self._fast_base.get(start) if type(start) is date else None
        if b is not None and type(n) is int and n >= 1 and b + n < len(self._fast_results):
            return self._fast_results[b + n]
        return self.add_working_days(start, n)

    def working_days_between(self, start: date, end: date) -> BetweenResult:
        """Signed number of working days from ``start`` to ``end`` (R-CAL-2).

        For ``start <= end``: the number of working days ``d`` with ``start < d <= end``, so
        ``add_working_days(start, n).date == end`` iff this is ``n`` and ``end`` is a working
        day. For ``end < start``: minus the number of working days ``d`` with
        ``end < d <= start`` (antisymmetric: ``between(a, b) == -between(b, a)``).
        ``provisional`` is True when that half-open interval contains a day outside the
        known range (R-CAL-3); an empty interval (``start == end``) is never provisional.
        O(1).
        """
        a = _check_date(start, "start").toordinal()
        b = _check_date(end, "end").toordinal()
        lo, hi = (a, b) if a <= b else (b, a)
        provisional = lo < hi and (lo + 1 < self._known_first or hi > self._known_last)
        return BetweenResult(self._count_upto(b) - self._count_upto(a), provisional)

    @staticmethod
    def add_days(start: date, n: int) -> date:
        """Calendar-day deadline: ``start + n`` days (R-CAL-2). Any integer ``n``."""
        return _check_date(start, "start") + timedelta(days=operator.index(n))

    def add_days_past_days_off(self, start: date, n: int) -> WorkdayResult:
        """Calendar-day deadline whose end moves past days off (R-CAL-2, Civil Code art.
        203): ``start + n`` days, or, when that day is a day off, the first working day
        after it. ``provisional`` when a day looked at lies outside the known range."""
        end = self.add_days(start, n)
        if self.is_working_day(end):
            return WorkdayResult(end, not self.is_known(end))
        return self.add_working_days(end, 1)
