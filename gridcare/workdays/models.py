"""The working-day calendar as data (R-CAL-1): one row per day, one row per known year.

The official arrangement (statutory holidays and 調休 make-up days) is seeded from the
``chinese-calendar`` package and afterwards owned by the database: an administrator enters
each new year when the State Council publishes its notice (R-CAL-3). Deadlines are computed
from a :class:`gridcare.core.calendar.CalendarSnapshot` built from these rows by
:func:`gridcare.workdays.selectors.calendar_snapshot`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from gridcare.core.calendar import DayKind
from gridcare.workdays.expressions import IsoWeekday, Year

# ISO weekday numbers (Monday = 1 ... Sunday = 7) for the database checks below.
SATURDAY = 6
FRIDAY = 5

#: Years the calendar may hold; beyond them a "year" is a typing error, not a notice.
FIRST_YEAR, LAST_YEAR = 1949, 2200

#: The primary key of the single CalendarRevision row.
REVISION_ID = 1


class YearStatus(models.TextChoices):
    """How a year's arrangement came into the calendar."""

    SEEDED = "seeded", _("seeded from the package")
    ENTERED = "entered", _("entered")


class CalendarDay(models.Model):
    """One day of the official arrangement (R-CAL-1).

    ``kind`` is the day's meaning for deadlines: an ordinary ``workday`` (Mon–Fri) or
    ``weekend`` (Sat/Sun), a statutory ``holiday`` (any weekday, including the weekend days
    inside a festival block), or a ``makeup_workday`` (調休: a Saturday or Sunday the State
    Council declares a working day). ``name`` is the festival a holiday or make-up day
    belongs to.
    """

    class Kind(models.TextChoices):
        # The same values as gridcare.core.calendar.DayKind: rows go into the snapshot as is.
        WORKDAY = DayKind.WORKDAY.value, _("working day")
        WEEKEND = DayKind.WEEKEND.value, _("weekend")
        HOLIDAY = DayKind.HOLIDAY.value, _("statutory holiday")
        MAKEUP_WORKDAY = DayKind.MAKEUP_WORKDAY.value, _("make-up working day")

    date = models.DateField(_("date"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # NULL, not "", means "no festival": it is what DayRecord.name and the API's `name`
    # carry, and the constraint below forbids "" so that there is one spelling of "none".
    name = models.CharField(_("festival"), max_length=50, null=True, blank=True)  # noqa: DJ001
    # Denormalised from `date` (a constraint keeps them equal) so that a year's days are one
    # indexed range and "is this year complete" is a cheap GROUP BY.
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in DayKind]),
                name="workdays_day_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DayKind.MAKEUP_WORKDAY.value)
                | Q(GreaterThanOrEqual(IsoWeekday("date"), SATURDAY)),
                name="workdays_day_makeup_only_on_weekends",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DayKind.WEEKEND.value)
                | Q(GreaterThanOrEqual(IsoWeekday("date"), SATURDAY)),
                name="workdays_day_weekend_only_sat_sun",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DayKind.WORKDAY.value)
                | Q(LessThanOrEqual(IsoWeekday("date"), FRIDAY)),
                name="workdays_day_workday_only_mon_fri",
            ),
            models.CheckConstraint(
                condition=Q(Exact(F("year"), Year("date"))),
                name="workdays_day_year_matches_date",
            ),
            models.CheckConstraint(
                condition=Q(name__isnull=True)
                | (Q(kind__in=[DayKind.HOLIDAY.value, DayKind.MAKEUP_WORKDAY.value]) & ~Q(name="")),
                name="workdays_day_name_only_for_festival_days",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.date.isoformat()} {self.get_kind_display()}"
        return f"{label} {self.name}" if self.name else label


class CalendarYear(models.Model):
    """A year whose official arrangement the calendar holds (R-CAL-1, R-CAL-3).

    A year is *known* only when this row exists and all of its days are stored; deadlines
    that reach past the known years are provisional. ``source`` names the notice the year
    was taken from (for example 國務院辦公廳關於2027年部分節假日安排的通知).
    """

    Status = YearStatus

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.CharField(_("source"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        # Users with history are deactivated, never deleted (as for audit events).
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="workdays_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=YearStatus.values),
                name="workdays_year_status_valid",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="workdays_year_source_given"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def source_label(self) -> str:
        """The source in words: a seeded year names the holiday data it came from, not
        the software package that carried it."""
        package, sep, notice = self.source.partition("：")
        if sep and package.startswith("chinesecalendar"):
            label = _("Holiday data")
            return f"{label}：{notice}"
        return self.source


class CalendarRevision(models.Model):
    """The calendar's version: one row, changed in the same transaction as any calendar change.

    Each process keeps its snapshot keyed by this version and reads only this row per
    request. ``token`` is random on every change, so a version written by a transaction that
    rolled back is never seen again and can never be mistaken for a committed one; ``number``
    is a counter people can read (deadlines store :attr:`label`).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=REVISION_ID)
    number = models.PositiveIntegerField(_("revision"))
    token = models.CharField(max_length=16)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("calendar revision")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=REVISION_ID), name="workdays_revision_single_row"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.number}.{self.token}"
