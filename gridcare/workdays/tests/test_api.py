"""The calendar API exactly as API.md "Working-day calendar" fixes it (R-CAL-1..3)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import chinese_calendar
import pytest
from rest_framework.test import APIClient

from gridcare.core.holiday_seed import FESTIVAL_NAMES

pytestmark = pytest.mark.django_db

DAY = "/api/v1/calendar/days/{}/"
ADD = "/api/v1/calendar/add-working-days/"
BETWEEN = "/api/v1/calendar/working-days-between/"


@pytest.mark.parametrize(
    ("start", "days", "expected", "provisional"),
    [
        # National Day 2025: Oct 1–8 off, Saturday Oct 11 a make-up working day.
        ("2025-09-30", 3, "2025-10-11", False),
        # An application on a Sunday: Monday is day 1 (R-CAL-2).
        ("2025-03-02", 1, "2025-03-03", False),
        ("2025-03-02", 3, "2025-03-05", False),
        # The event day is never counted, even when it is a working day.
        ("2025-03-03", 1, "2025-03-04", False),
        # Spring Festival 2024: Sunday Feb 4 worked, Feb 10–17 off, Sunday Feb 18 worked.
        ("2024-01-31", 10, "2024-02-19", False),
        # Spring Festival 2025 runs across the month end: Jan 28 – Feb 4 off, Sat Feb 8 worked.
        ("2025-01-27", 1, "2025-02-05", False),
        ("2025-01-27", 4, "2025-02-08", False),
        # Into 2027, whose notice is not entered: its statutory holidays are computed, the
        # answer is provisional (R-CAL-3). New Year's Day is not a working day.
        ("2026-12-30", 2, "2027-01-04", True),
        ("2026-12-30", 5, "2027-01-07", True),
        # Spring Festival from the lunar New Year's Eve (Fri Feb 5) to the 3rd day, with
        # Tue 9 and Wed 10 in lieu of the Saturday and the Sunday.
        ("2027-02-04", 1, "2027-02-11", True),
        ("2027-03-01", 1, "2027-03-02", True),
    ],
)
def test_add_working_days_counts_the_official_arrangement(
    api: APIClient, start: str, days: int, expected: str, provisional: bool
) -> None:
    """R-CAL-2: the n-th working day strictly after start; R-CAL-3: provisional."""
    response = api.get(ADD, {"start": start, "days": days})
    assert response.status_code == 200
    assert response.json() == {
        "start": start,
        "days": days,
        "date": expected,
        "provisional": provisional,
    }


@pytest.mark.parametrize(
    ("start", "end", "working_days"),
    [
        ("2025-09-30", "2025-10-11", 3),
        ("2024-01-31", "2024-02-19", 10),
        ("2025-10-01", "2025-10-08", 0),
        ("2025-10-11", "2025-10-11", 0),
        # end before start: the negative count (between(a, b) = -between(b, a)).
        ("2025-10-11", "2025-09-30", -3),
        ("2026-12-30", "2027-01-07", 5),
    ],
)
def test_working_days_between_counts_start_exclusive_end_inclusive(
    api: APIClient, start: str, end: str, working_days: int
) -> None:
    """R-CAL-2: working days d with start < d ≤ end, the inverse of add-working-days."""
    response = api.get(BETWEEN, {"start": start, "end": end})
    assert response.status_code == 200
    assert response.json() == {"start": start, "end": end, "working_days": working_days}


@pytest.mark.parametrize(
    ("day", "is_working_day", "kind", "name", "provisional"),
    [
        ("2025-10-11", True, "makeup_workday", "國慶節", False),
        ("2025-10-01", False, "holiday", "國慶節", False),
        ("2024-02-10", False, "holiday", "春節", False),
        ("2025-10-12", False, "weekend", None, False),
        ("2025-10-13", True, "workday", None, False),
        ("2027-01-01", False, "holiday", "元旦", True),
        ("2027-10-05", False, "holiday", "國慶節", True),
        ("2027-01-02", False, "weekend", None, True),
    ],
)
def test_a_day_answers_its_kind_and_festival(
    api: APIClient, day: str, is_working_day: bool, kind: str, name: str | None, provisional: bool
) -> None:
    """R-CAL-1: holidays are days off, make-up weekend days are working days."""
    response = api.get(DAY.format(day))
    assert response.status_code == 200
    assert response.json() == {
        "date": day,
        "is_working_day": is_working_day,
        "kind": kind,
        "name": name,
        "provisional": provisional,
    }


def test_a_sample_of_seeded_days_matches_chinese_calendar_over_http(api: APIClient) -> None:
    """R-CAL-1: the seeded calendar answers as the chinese-calendar package does."""
    rng = random.Random(20251001)  # fixed: a failure names a day that fails again
    first = date(2004, 1, 1)
    for offset in rng.sample(range((date(2026, 12, 31) - first).days + 1), 60):
        day = first + timedelta(days=offset)
        body = api.get(DAY.format(day.isoformat())).json()
        _on_holiday, english = chinese_calendar.get_holiday_detail(day)
        assert body["is_working_day"] is chinese_calendar.is_workday(day), day
        assert body["name"] == (FESTIVAL_NAMES[english] if english else None), day
        assert body["provisional"] is False


@pytest.mark.parametrize(
    "url",
    [
        DAY.format("2025-10-11"),
        f"{ADD}?start=2025-09-30&days=3",
        f"{BETWEEN}?start=2025-09-30&end=2025-10-11",
    ],
)
def test_every_endpoint_answers_401_without_credentials(url: str) -> None:
    """API.md: without valid credentials every endpoint answers 401."""
    assert APIClient().get(url).status_code == 401
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad_token.get(url).status_code == 401


def test_a_signed_in_session_may_ask_too(client, counter_clerk) -> None:
    """The UI's session works as well as a token (the project's authentication)."""
    client.force_login(counter_clerk)
    assert client.get(DAY.format("2025-10-11")).json()["kind"] == "makeup_workday"


@pytest.mark.parametrize(
    ("url", "params", "fields"),
    [
        (DAY.format("2025-13-01"), {}, {"date"}),
        (DAY.format("2025-02-29"), {}, {"date"}),
        (DAY.format("yesterday"), {}, {"date"}),
        (ADD, {}, {"start", "days"}),
        (ADD, {"days": 3}, {"start"}),
        (ADD, {"start": "2025-09-30"}, {"days"}),
        (ADD, {"start": "2025-09-31", "days": 3}, {"start"}),
        (ADD, {"start": "30/09/2025", "days": 3}, {"start"}),
        (ADD, {"start": "2025-09-30T08:00:00+08:00", "days": 3}, {"start"}),
        (ADD, {"start": "2025-09-30", "days": 0}, {"days"}),
        (ADD, {"start": "2025-09-30", "days": -1}, {"days"}),
        (ADD, {"start": "2025-09-30", "days": 1001}, {"days"}),
        (ADD, {"start": "2025-09-30", "days": "three"}, {"days"}),
        (ADD, {"start": "2025-09-30", "days": "1.5"}, {"days"}),
        (ADD, {"start": "9999-12-30", "days": 5}, {"days"}),
        (BETWEEN, {}, {"start", "end"}),
        (BETWEEN, {"start": "2025-09-30"}, {"end"}),
        (BETWEEN, {"end": "2025-09-30"}, {"start"}),
        (BETWEEN, {"start": "2025-09-30", "end": "2025-10-32"}, {"end"}),
    ],
)
def test_bad_input_answers_400_naming_each_field(
    api: APIClient, url: str, params: dict[str, object], fields: set[str]
) -> None:
    """API.md: bad input answers 400 with a body naming each offending field."""
    response = api.get(url, params)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert all(response.json()[field] for field in fields)


def test_the_limits_of_days_are_accepted(api: APIClient) -> None:
    """API.md: 1 ≤ n ≤ 1000."""
    assert api.get(ADD, {"start": "2025-09-30", "days": 1}).json()["date"] == "2025-10-09"
    assert api.get(ADD, {"start": "2020-01-01", "days": 1000}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        DAY.format("2025-10-11"),
        f"{ADD}?start=2025-09-30&days=3",
        f"{BETWEEN}?start=2025-09-30&end=2025-10-11",
    ],
)
def test_each_endpoint_costs_the_token_and_the_version_query(
    api: APIClient, url: str, django_assert_max_num_queries
) -> None:
    """DESIGN.md 8: the snapshot is kept in memory; a request reads only the version."""
    api.get(url)  # the first request of a process builds the snapshot
    with django_assert_max_num_queries(2):
        assert api.get(url).status_code == 200


def test_the_schema_documents_the_three_endpoints(api: APIClient) -> None:
    """The contract is published in the OpenAPI schema, with the negative count explained."""
    schema = api.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {
        "/api/v1/calendar/days/{date}/",
        "/api/v1/calendar/add-working-days/",
        "/api/v1/calendar/working-days-between/",
    } <= set(paths)
    add_params = {
        p["name"] for p in paths["/api/v1/calendar/add-working-days/"]["get"]["parameters"]
    }
    assert add_params == {"start", "days"}
    assert "negative" in paths["/api/v1/calendar/working-days-between/"]["get"]["description"]
