"""Issue 6, item 8: each contact subscribes to an iCalendar (RFC 5545) feed of their due
visits and items at a private, revocable address."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gridcare.keyaccounts.models import CalendarFeed
from gridcare.keyaccounts.services.feed import calendar_feed_issue
from gridcare.keyaccounts.services.items import service_item_create
from gridcare.keyaccounts.services.visits import interaction_record, visit_half_years_open
from gridcare.keyaccounts.tests.conftest import local

pytestmark = pytest.mark.django_db

NOW = "2025-03-01 10:00"


@pytest.fixture
def accounts(make_customer, csc_director, csc_deputy, approve_list):
    visited = make_customer(name="縣委辦公室", is_government_body=True)
    owing = make_customer(name="縣人民醫院", is_key_project=True)
    approve_list([visited, owing], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local(NOW), tick=False):
        visit_half_years_open()
        interaction_record(
            customer=visited, kind="visit", at=local(NOW), summary="走訪", actor=csc_director
        )
        service_item_create(
            customer=owing,
            kind="need",
            title="雙電源改造",
            department=csc_director.staff.department,
            due=date(2025, 4, 30),
            actor=csc_director,
        )
    return visited, owing


def _get(client: Client, token: str):
    with time_machine.travel(local(NOW), tick=False):
        return client.get(reverse("keyaccounts:feed", args=[token]))


def test_the_feed_is_valid_icalendar_with_the_contacts_due_dates(
    client, accounts, csc_director
) -> None:
    _visited, owing = accounts
    token = calendar_feed_issue(user=csc_director)
    response = _get(client, token)  # no login: the private address is the credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "GridCare" in str(calendar["PRODID"])
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    for event in events.values():
        assert isinstance(event.decoded("DTSTART"), date)
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert event.get("DTSTAMP") is not None
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events.values()}
    # The visit still owed this half year, and the open need; not the account visited.
    assert summaries == {
        f"走訪 {owing.name}": date(2025, 6, 30),
        f"雙電源改造（{owing.name}）": date(2025, 4, 30),
    }
    assert CalendarFeed.objects.get().last_used_at is not None


def test_a_revoked_or_replaced_address_stops_working(client, accounts, csc_director) -> None:
    old = calendar_feed_issue(user=csc_director)
    new = calendar_feed_issue(user=csc_director)
    assert _get(client, old).status_code == 404
    assert _get(client, new).status_code == 200
    client.force_login(csc_director)
    client.post(reverse("keyaccounts:feed_manage"), {"action": "revoke"})
    client.logout()
    assert _get(client, new).status_code == 404
    assert _get(client, "guessed-token").status_code == 404


def test_a_contact_sees_only_their_own_accounts_in_the_feed(client, accounts, csc_deputy) -> None:
    token = calendar_feed_issue(user=csc_deputy)
    calendar = icalendar.Calendar.from_ical(_get(client, token).content)
    assert calendar.walk("VEVENT") == []


def test_the_desk_shows_a_new_address_once(client, accounts, csc_director) -> None:
    client.force_login(csc_director)
    with time_machine.travel(local(NOW), tick=False):
        response = client.post(reverse("keyaccounts:feed_manage"), {"action": "issue"})
        assert response.status_code == 302
        first = client.get(reverse("keyaccounts:desk")).content.decode()
        second = client.get(reverse("keyaccounts:desk")).content.decode()
    assert "/keyaccounts/feed/" in first
    assert "/keyaccounts/feed/" not in second
    token = first.split("/keyaccounts/feed/", 1)[1].split(".ics", 1)[0]
    assert _get(Client(), token).status_code == 200
    # Only a hash of the secret is stored.
    assert token not in CalendarFeed.objects.get().token_hash
