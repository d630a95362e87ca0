"""Reads of the working-day calendar: the snapshot deadlines are computed with, the horizon.

The calendar is national (the State Council's arrangement), the same for every company, so
nothing here is scoped to a company; who may *change* it is a permission question.

:func:`calendar_snapshot` is on the path of every deadline, so it costs one small query
(the version row) per call. The snapshot itself is rebuilt only when the version changed:
first from the Django cache (shared between processes), else from the database.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gridcare.core.calendar import CalendarSnapshot, DayKind, DayRecord
from gridcare.core.holiday_seed import (
    LAST_COMPUTED_YEAR,
    REGULATION_FROM_YEAR,
    provisional_days,
    statutory_days,
)
from gridcare.workdays.models import REVISION_ID, CalendarDay, CalendarRevision, CalendarYear

logger = logging.getLogger(__name__)

#: The dashboard warns from this many days before the last known day (R-CAL-3): the
#: notice for the next year is published each autumn and must be entered before deadlines
#: start reaching into a year the calendar does not know.
HORIZON_WARNING_DAYS = 60

CACHE_KEY = "workdays:calendar:{version}"
CACHE_SECONDS = 24 * 3600
# The cached form is compact (one letter per day, names by offset): about 10 kB instead of
# the ~450 kB a pickled snapshot takes, well inside any cache backend's value limit.
_KIND_CODES = {
    DayKind.WORKDAY: "w",
    DayKind.WEEKEND: "e",
    DayKind.HOLIDAY: "h",
    DayKind.MAKEUP_WORKDAY: "m",
}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
# A version read, the rows loaded, the version read again: if a change committed in
# between, start over (a few times at most; changes are rare, a few a year).
_LOAD_ATTEMPTS = 3

# This process's snapshot and the version it was built for. Replaced as a whole (one
# assignment), so threads never see a snapshot paired with another version.
_memo: tuple[str, CalendarSnapshot] | None = None


@dataclass(frozen=True)
class CalendarHorizon:
    """How far ahead the calendar is known (R-CAL-3).

    ``last_known`` is the last day of the contiguous run of known years (None when the
    calendar is empty); ``days_left`` counts from today to it (negative once passed).
    ``warning`` is set from :data:`HORIZON_WARNING_DAYS` before the last known day on.
    """

    last_known: date | None
    days_left: int | None
    warning: bool

    @property
    def first_provisional(self) -> date | None:
        """The first day whose deadlines are provisional, the day after the last known."""
        return self.last_known + timedelta(days=1) if self.last_known else None


@dataclass(frozen=True)
class YearStats:
    """What a stored year holds, for the administrator's year list."""

    days: int
    holidays: int
    makeup_days: int

    def complete(self, year: int) -> bool:
        return self.days == days_in_year(year)


def days_in_year(year: int) -> int:
    return 366 if stdlib_calendar.isleap(year) else 365


def calendar_version() -> str:
    """The current calendar version label; one indexed single-row query."""
    row = CalendarRevision.objects.filter(pk=REVISION_ID).values_list("number", "token").first()
    return f"{row[0]}.{row[1]}" if row else "0"


def calendar_snapshot() -> CalendarSnapshot:
    """The working-day calendar to compute deadlines with (R-CAL-1..3).

    It covers the contiguous run of known years starting at the first known one; a year is
    known when its :class:`CalendarYear` row exists and all its days are stored. Days after
    the first missing year are provisional even if a later year is stored: their statutory
    holidays are computed (R-CAL-3), through :data:`LAST_COMPUTED_YEAR`.
    ``snapshot.version`` is the calendar version; deadlines store it beside their date.
    """
    global _memo
    version = calendar_version()
    memo = _memo
    if memo is not None and memo[0] == version:
        return memo[1]
    payload = _shared_cache("get", version)
    if payload is None:
        version, payload, stable = _load_consistent(version)
        if not stable:
            # The calendar kept changing while we read it: answer, but remember nothing.
            return _snapshot_from_payload(payload, version)
        _shared_cache("set", version, payload)
    snapshot = _snapshot_from_payload(payload, version)
    _memo = (version, snapshot)
    return snapshot


def calendar_horizon(
    *, today: date | None = None, snapshot: CalendarSnapshot | None = None
) -> CalendarHorizon:
    """The last known day and whether the warning period before it has begun (R-CAL-3).

    Pass ``snapshot`` when the caller already holds the current one (saves the query).
    """
    last = (snapshot or calendar_snapshot()).last_known
    if last is None:
        return CalendarHorizon(last_known=None, days_left=None, warning=True)
    days_left = (last - (today or timezone.localdate())).days
    return CalendarHorizon(
        last_known=last, days_left=days_left, warning=days_left <= HORIZON_WARNING_DAYS
    )


def calendar_year_list() -> QuerySet[CalendarYear]:
    """Stored years, newest first, with who entered them."""
    return CalendarYear.objects.select_related("entered_by").order_by("-year")


def calendar_year_stats(years: list[int]) -> dict[int, YearStats]:
    """Day, holiday and make-up day counts of the given years, in one grouped query."""
    rows = (
        CalendarDay.objects.filter(year__in=years)
        .values("year")
        .annotate(
            days=Count("date"),
            holidays=Count("date", filter=Q(kind=DayKind.HOLIDAY.value)),
            makeup_days=Count("date", filter=Q(kind=DayKind.MAKEUP_WORKDAY.value)),
        )
        .order_by()
    )
    return {
        r["year"]: YearStats(days=r["days"], holidays=r["holidays"], makeup_days=r["makeup_days"])
        for r in rows
    }


def provisional_arrangement(year: int) -> list[tuple[date, date, str]]:
    """The computed holiday ranges of a year not yet published (R-CAL-3), as the
    administrator enters them; empty for a year the regulation cannot be computed for."""
    if not REGULATION_FROM_YEAR <= year <= LAST_COMPUTED_YEAR:
        return []
    return _ranges(list(statutory_days(year).items()))


def calendar_year_arrangement(
    year: int,
) -> tuple[list[tuple[date, date, str]], list[tuple[date, str]]]:
    """A stored year as the administrator enters it: holiday ranges and make-up days.

    Consecutive holidays of the same festival form one range (a block such as 春節
    2024-02-10..2024-02-17), so a correction starts from what the notice says.
    """
    festival_days = list(
        CalendarDay.objects.filter(
            year=year, kind__in=[DayKind.HOLIDAY.value, DayKind.MAKEUP_WORKDAY.value]
        )
        .order_by("date")
        .values_list("date", "kind", "name")
    )
    holidays = [(d, n or "") for d, k, n in festival_days if k == DayKind.HOLIDAY]
    makeup_days = [(d, n or "") for d, k, n in festival_days if k == DayKind.MAKEUP_WORKDAY]
    return _ranges(holidays), makeup_days


def _ranges(holidays: list[tuple[date, str]]) -> list[tuple[date, date, str]]:
    """Runs of consecutive days of one festival, as (first, last, festival)."""
    ranges: list[tuple[date, date, str]] = []
    # Days of one range share a name and differ from their index by the same ordinal.
    for (_key, name), run in groupby(
        enumerate(holidays), key=lambda item: (item[1][0].toordinal() - item[0], item[1][1])
    ):
        days = [d for _i, (d, _n) in run]
        ranges.append((days[0], days[-1], name))
    return ranges


def _shared_cache(operation: str, version: str, payload: Any = None) -> Any:
    """Get or set the shared copy; an unreachable cache only costs a database load, it
    must never stop deadlines from being computed."""
    key = CACHE_KEY.format(version=version)
    try:
        if operation == "get":
            return cache.get(key)
        cache.set(key, payload, CACHE_SECONDS)
    except Exception:
        logger.warning("calendar cache unavailable (%s %s)", operation, key, exc_info=True)
    return None


def _load_consistent(version: str) -> tuple[str, dict[str, Any], bool]:
    """Load the known run, re-reading the version until no change committed in between."""
    payload = _load_payload()
    for _attempt in range(_LOAD_ATTEMPTS):
        current = calendar_version()
        if current == version:
            return version, payload, True
        version, payload = current, _load_payload()
    return version, payload, False


def _known_run() -> tuple[int, int] | None:
    """First and last year of the contiguous run of known years, from the first one."""
    counts = dict(CalendarDay.objects.values_list("year").annotate(n=Count("date")).order_by())
    years = CalendarYear.objects.order_by("year").values_list("year", flat=True)
    known = [y for y in years if counts.get(y) == days_in_year(y)]
    if not known:
        return None
    last = known[0]
    for y in known[1:]:
        if y != last + 1:
            break
        last = y
    return known[0], last


def _load_payload() -> dict[str, Any]:
    run = _known_run()
    if run is None:
        return {"first": None, "kinds": "", "names": {}}
    rows = (
        CalendarDay.objects.filter(year__gte=run[0], year__lte=run[1])
        .order_by("date")
        .values_list("kind", "name")
    )
    kinds = []
    names = {}
    for offset, (kind, name) in enumerate(rows.iterator(chunk_size=4000)):
        kinds.append(_KIND_CODES[DayKind(kind)])
        if name is not None:
            names[offset] = name
    return {"first": date(run[0], 1, 1).toordinal(), "kinds": "".join(kinds), "names": names}


def _snapshot_from_payload(payload: dict[str, Any], version: str) -> CalendarSnapshot:
    first = payload["first"]
    names = payload["names"]
    records = [
        DayRecord(date.fromordinal(first + i), _CODE_KINDS[code], names.get(i))
        for i, code in enumerate(payload["kinds"])
    ]
    # The computed years are not cached: they follow from the last known day alone and
    # take milliseconds, while the cached payload stays small.
    start = records[-1].date + timedelta(days=1) if records else date(REGULATION_FROM_YEAR, 1, 1)
    computed = provisional_days(start, date(LAST_COMPUTED_YEAR, 12, 31))
    return CalendarSnapshot.from_days(records, version=version, provisional=computed)
