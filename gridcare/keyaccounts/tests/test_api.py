"""GET /api/v1/keyaccounts/: the list page's rows, filters and row scope, by cursor."""

from __future__ import annotations

import pytest
import time_machine
from rest_framework.test import APIClient

from gridcare.integrations.services import api_token_issue
from gridcare.keyaccounts.services.visits import interaction_record, visit_half_years_open
from gridcare.keyaccounts.tests.conftest import local

pytestmark = pytest.mark.django_db

URL = "/api/v1/keyaccounts/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)}")
    return client


@pytest.fixture
def accounts(make_customer, csc_director, approve_list):
    listed = [make_customer(is_government_body=True) for _ in range(6)]
    approve_list(listed, contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-03-01 10:00"), tick=False):
        visit_half_years_open()
        interaction_record(
            customer=listed[0],
            kind="visit",
            at=local("2025-03-01 09:00"),
            summary="走訪",
            actor=csc_director,
        )
    return listed


def test_the_list_answers_with_contact_and_visit_in_bounded_queries(
    accounts, marketing_director, csc_director, django_assert_max_num_queries
) -> None:
    client = api_for(marketing_director)
    with time_machine.travel(local("2025-03-02 10:00"), tick=False):
        with django_assert_max_num_queries(12):
            response = client.get(URL, {"page_size": 4})
        rest = client.get(response.json()["next"])
        owed = client.get(URL, {"visit": "owed"}).json()["results"]
    body = response.json()
    assert len(body["results"]) == 4 and len(rest.json()["results"]) == 2
    rows = {r["account_number"]: r for r in body["results"] + rest.json()["results"]}
    first = rows[accounts[0].account_number]
    assert first["visit"] == "visited" and first["visited_on"] == "2025-03-01"
    assert first["contact"]["name"] == csc_director.staff.name
    assert (first["half_year"], first["since"], first["criteria"]) == (
        "2025H1",
        "2024-12-16",
        ["government"],
    )
    assert len(owed) == 5


def test_the_api_keeps_the_row_scope(accounts, csc_deputy, counter_clerk) -> None:
    assert api_for(csc_deputy).get(URL).json()["results"] == []
    assert api_for(counter_clerk).get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 401
