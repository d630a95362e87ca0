"""Writes of the working-day calendar: entering (or correcting) a year's arrangement.

R-CAL-1: the arrangement is the State Council's notice for the year: statutory holiday
blocks and the weekend days declared working days (調休). R-CAL-3: once a year is entered,
deadlines reaching into it stop being provisional; the rules app recomputes them when it
receives :data:`gridcare.workdays.signals.calendar_changed`.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from gridcare.core.calendar import DayKind
from gridcare.core.services import audit_log
from gridcare.workdays.models import (
    FIRST_YEAR,
    LAST_YEAR,
    REVISION_ID,
    CalendarDay,
    CalendarRevision,
    CalendarYear,
)
from gridcare.workdays.signals import calendar_changed

Actor = User | AnonymousUser | None
#: A holiday block as the notice gives it: first day, last day, festival.
HolidayRange = tuple[date, date, str]
#: A make-up working day (調休) and the festival it belongs to.
MakeupDay = tuple[date, str]

SOURCE_MAX_LENGTH = CalendarYear._meta.get_field("source").max_length or 200
NAME_MAX_LENGTH = CalendarDay._meta.get_field("name").max_length or 50

Arrangement = dict[date, tuple[str, str | None]]


@dataclass(frozen=True)
class DayChange:
    """One day whose kind or festival a correction changed."""

    date: date
    old_kind: str | None
    old_name: str | None
    new_kind: str
    new_name: str | None

    def as_payload(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "from": self.old_kind,
            "to": self.new_kind,
            "name_from": self.old_name,
            "name_to": self.new_name,
        }


@dataclass(frozen=True)
class YearEntry:
    """The outcome of :func:`calendar_year_enter`.

    ``corrected`` is True when the year was already stored (a correction); ``changes``
    lists the days that differ from what was stored; ``calendar_changed`` says whether
    any day changed or the year became known, i.e. whether deadlines may move.
    """

    calendar_year: CalendarYear
    corrected: bool
    changes: list[DayChange]
    calendar_changed: bool


def calendar_year_enter(
    *,
    year: int,
    holidays: Sequence[HolidayRange],
    makeup_days: Sequence[MakeupDay],
    source: str,
    actor: Actor,
) -> YearEntry:
    """Store a year's official arrangement, whole, from the State Council's notice (R-CAL-1).

    ``holidays`` are the festival blocks (every day of a block is a day off, weekend days
    included) and ``makeup_days`` the Saturdays and Sundays declared working days; every
    other day is an ordinary working day or weekend. ``source`` is the notice's title.

    Every problem is collected and raised together as one ``ValidationError`` keyed by
    field (``year``, ``source``, ``holidays``, ``makeup_days``); each holiday and make-up
    error carries ``params["index"]``, the position of the entry it is about. Nothing is
    saved then. Re-entering a stored year is a correction: the year is replaced and the
    audit event lists every day that changed. When days changed (or the year became
    known) the calendar version changes and ``calendar_changed`` is sent inside this
    transaction, so deadlines are recomputed with the change (R-CAL-3).
    """
    source = source.strip()
    with transaction.atomic():
        # Calendar writes queue on the version row (PostgreSQL; SQLite's IMMEDIATE
        # transactions already serialise writers), so the gap check and the version
        # bump below see every earlier entry.
        list(CalendarRevision.objects.select_for_update().filter(pk=REVISION_ID))
        stored_years = set(CalendarYear.objects.values_list("year", flat=True))
        errors: dict[str, list[ValidationError]] = {}
        _check_year(year, stored_years, errors)
        _check_source(source, errors)
        arrangement = _arrangement(year, holidays, makeup_days, errors)
        if errors:
            raise ValidationError(errors)
        return _store(year, arrangement, holidays, makeup_days, source, actor)


def _store(
    year: int,
    arrangement: Arrangement,
    holidays: Sequence[HolidayRange],
    makeup_days: Sequence[MakeupDay],
    source: str,
    actor: Actor,
) -> YearEntry:
    now = timezone.now()
    stored = {
        d: (kind, name)
        for d, kind, name in CalendarDay.objects.filter(year=year).values_list(
            "date", "kind", "name"
        )
    }
    new_rows = [
        CalendarDay(date=d, kind=kind, name=name, year=year)
        for d, (kind, name) in arrangement.items()
        if d not in stored
    ]
    changes = [
        DayChange(d, stored[d][0], stored[d][1], kind, name)
        for d, (kind, name) in sorted(arrangement.items())
        if d in stored and stored[d] != (kind, name)
    ]
    CalendarDay.objects.bulk_create(new_rows, batch_size=1000)
    CalendarDay.objects.bulk_update(
        [CalendarDay(date=c.date, kind=c.new_kind, name=c.new_name, year=year) for c in changes],
        ["kind", "name"],
        batch_size=500,
    )

    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    corrected = calendar_year is not None
    payload: dict[str, Any] = {
        "year": year,
        "source": source,
        "holidays": [[name, start.isoformat(), end.isoformat()] for start, end, name in holidays],
        "makeup_days": [[d.isoformat(), name] for d, name in makeup_days],
    }
    if calendar_year is None:
        calendar_year = CalendarYear(year=year)
    else:
        payload["previous"] = {"status": calendar_year.status, "source": calendar_year.source}
        payload["changes"] = [c.as_payload() for c in changes]
    calendar_year.status = CalendarYear.Status.ENTERED
    calendar_year.source = source
    calendar_year.entered_by = None if isinstance(actor, AnonymousUser) else actor
    calendar_year.entered_at = now
    calendar_year.save()

    changed = not corrected or bool(new_rows) or bool(changes)
    if changed:
        _bump_version(now)
    audit_log(
        action="workdays.year.corrected" if corrected else "workdays.year.entered",
        actor=actor,
        obj=calendar_year,
        payload=payload,
    )
    if changed:
        # Inside the transaction on purpose: see the signal's documentation.
        calendar_changed.send(sender=CalendarYear, years=[year], actor=actor)
    return YearEntry(calendar_year, corrected, changes, changed)


def _bump_version(now: Any) -> None:
    """Give the calendar a new version; the token is new even if this transaction rolls
    back, so no process can keep a snapshot of an uncommitted calendar under a version
    that later names a different one."""
    token = secrets.token_hex(4)
    updated = CalendarRevision.objects.filter(pk=REVISION_ID).update(
        number=F("number") + 1, token=token, changed_at=now
    )
    if not updated:
        CalendarRevision.objects.create(id=REVISION_ID, number=1, token=token, changed_at=now)


def _add(errors: dict[str, list[ValidationError]], field: str, error: ValidationError) -> None:
    errors.setdefault(field, []).append(error)


def _check_year(year: int, stored: set[int], errors: dict[str, list[ValidationError]]) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        _add(
            errors,
            "year",
            ValidationError(
                _("The year must be between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            ),
        )
    elif stored and year not in stored and not min(stored) - 1 <= year <= max(stored) + 1:
        # Only a contiguous run of years is known (R-CAL-3): a year after a gap would be
        # stored but never used, which would look entered to the administrator.
        nearest = max(stored) + 1 if year > max(stored) else min(stored) - 1
        _add(
            errors,
            "year",
            ValidationError(
                _("The calendar must not have gaps: enter %(nearest)s before %(year)s."),
                code="gap",
                params={"nearest": nearest, "year": year},
            ),
        )


def _check_source(source: str, errors: dict[str, list[ValidationError]]) -> None:
    if not source:
        _add(
            errors,
            "source",
            ValidationError(
                _("Give the title of the notice the arrangement comes from."), code="required"
            ),
        )
    elif len(source) > SOURCE_MAX_LENGTH:
        _add(
            errors,
            "source",
            ValidationError(
                _("The title is too long (at most %(max)s characters)."),
                code="max_length",
                params={"max": SOURCE_MAX_LENGTH},
            ),
        )


def _name_error(name: str, index: int) -> ValidationError | None:
    if not name.strip():
        return ValidationError(
            _("Give the festival's name."), code="name_required", params={"index": index}
        )
    if len(name.strip()) > NAME_MAX_LENGTH:
        return ValidationError(
            _("The festival's name is too long (at most %(max)s characters)."),
            code="name_too_long",
            params={"index": index, "max": NAME_MAX_LENGTH},
        )
    return None


def _arrangement(
    year: int,
    holidays: Sequence[HolidayRange],
    makeup_days: Sequence[MakeupDay],
    errors: dict[str, list[ValidationError]],
) -> Arrangement:
    """Every day of the year with its kind and festival, validating as it goes."""
    days: Arrangement = {}
    if not holidays:
        _add(
            errors,
            "holidays",
            ValidationError(
                _("Enter the holiday ranges: every year has statutory holidays."),
                code="required",
            ),
        )
    for index, (start, end, name) in enumerate(holidays):
        params = {"index": index, "name": name, "start": start, "end": end, "year": year}
        if (error := _name_error(name, index)) is not None:
            _add(errors, "holidays", error)
        if start > end:
            _add(
                errors,
                "holidays",
                ValidationError(
                    _("%(name)s %(start)s – %(end)s: the first day is after the last day."),
                    code="reversed",
                    params=params,
                ),
            )
            continue
        if start.year != year or end.year != year:
            _add(
                errors,
                "holidays",
                ValidationError(
                    _("%(name)s %(start)s – %(end)s is not inside %(year)s."),
                    code="outside_year",
                    params=params,
                ),
            )
            continue
        day = start
        while day <= end:
            if day in days:
                _add(
                    errors,
                    "holidays",
                    ValidationError(
                        _("%(name)s %(start)s – %(end)s: %(day)s is already in another range."),
                        code="overlap",
                        params={**params, "day": day},
                    ),
                )
                break
            days[day] = (DayKind.HOLIDAY.value, name.strip())
            day += timedelta(days=1)

    seen: set[date] = set()
    for index, (day, name) in enumerate(makeup_days):
        params = {"index": index, "name": name, "day": day, "year": year}
        if (error := _name_error(name, index)) is not None:
            _add(errors, "makeup_days", error)
        problem = None
        if day.year != year:
            problem = ValidationError(
                _("%(day)s (%(name)s) is not inside %(year)s."), code="outside_year"
            )
        elif day.weekday() < 5:
            problem = ValidationError(
                _(
                    "%(day)s (%(name)s) is a %(weekday)s: a make-up working day must be "
                    "a Saturday or a Sunday."
                ),
                code="not_weekend",
            )
            params["weekday"] = WEEKDAYS[day.weekday()]
        elif day in seen:
            problem = ValidationError(_("%(day)s (%(name)s) is listed twice."), code="duplicate")
        elif day in days:
            problem = ValidationError(
                _("%(day)s (%(name)s) cannot be both a holiday and a make-up working day."),
                code="holiday_and_makeup",
            )
        if problem is not None:
            problem.params = params
            _add(errors, "makeup_days", problem)
            continue
        seen.add(day)
        days[day] = (DayKind.MAKEUP_WORKDAY.value, name.strip())

    if errors:
        return {}
    whole_year: Arrangement = {}
    day = date(year, 1, 1)
    while day.year == year:
        ordinary = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
        whole_year[day] = days.get(day, (ordinary.value, None))
        day += timedelta(days=1)
    return whole_year
