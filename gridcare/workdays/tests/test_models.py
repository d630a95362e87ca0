"""The database itself refuses a calendar day that contradicts its weekday (DESIGN.md 6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gridcare.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

# 2027 is not seeded, so these dates are free. 2027-02-16 is a Tuesday, 2027-02-13 a Saturday.
TUESDAY, SATURDAY = date(2027, 2, 16), date(2027, 2, 13)


@pytest.mark.parametrize(
    ("row", "constraint"),
    [
        (
            {"date": TUESDAY, "kind": "makeup_workday", "name": "春節"},
            "workdays_day_makeup_only_on_weekends",
        ),
        ({"date": TUESDAY, "kind": "weekend"}, "workdays_day_weekend_only_sat_sun"),
        ({"date": SATURDAY, "kind": "workday"}, "workdays_day_workday_only_mon_fri"),
        ({"date": TUESDAY, "kind": "workday", "year": 2026}, "workdays_day_year_matches_date"),
        ({"date": TUESDAY, "kind": "payday"}, "workdays_day_kind_valid"),
        (
            {"date": TUESDAY, "kind": "workday", "name": "春節"},
            "workdays_day_name_only_for_festival_days",
        ),
        (
            {"date": TUESDAY, "kind": "holiday", "name": ""},
            "workdays_day_name_only_for_festival_days",
        ),
    ],
)
def test_the_database_refuses_a_day_that_contradicts_its_weekday(
    row: dict[str, object], constraint: str
) -> None:
    """R-CAL-1: make-up days only on weekends, ordinary kinds matching the weekday."""
    day = CalendarDay(**{"year": 2027, "name": None, **row})
    # The named constraint explains the refusal to a form or the admin...
    with pytest.raises(ValidationError, match=constraint):
        day.validate_constraints()
    # ...and the database holds even when code skips the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.bulk_create([day])


@pytest.mark.parametrize(
    "row",
    [
        {"date": SATURDAY, "kind": "makeup_workday", "name": "春節"},
        {"date": SATURDAY, "kind": "weekend"},
        {"date": TUESDAY, "kind": "workday"},
        {"date": TUESDAY, "kind": "holiday", "name": "春節"},
        {"date": SATURDAY, "kind": "holiday", "name": "春節"},
    ],
)
def test_the_database_accepts_each_consistent_kind(row: dict[str, object]) -> None:
    """The checks refuse only contradictions: a holiday may fall on any weekday."""
    day = CalendarDay(**{"year": 2027, "name": None, **row})
    day.validate_constraints()
    CalendarDay.objects.bulk_create([day])
    assert CalendarDay.objects.filter(date=row["date"]).exists()
