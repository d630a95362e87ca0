"""The ledger over the API (R-4.2): scoped like the pages, cursor-paginated, bad input
answered 400 naming the field and nothing changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gridcare.assessments.models import AssessmentItem

from .conftest import department, fields

pytestmark = pytest.mark.django_db

Status = AssessmentItem.Status
ITEMS = "/api/v1/assessments/items/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def items(company, csc, record_item):
    made = [record_item(department=csc, occurred_on=date(2026, 3, n)) for n in range(1, 13)]
    made.append(record_item(department=department(company, "line", "line")))
    return made


def test_without_credentials_401_and_without_the_role_403(csc_agent, items):
    assert APIClient().get(ITEMS).status_code == 401
    assert api(csc_agent).get(ITEMS).status_code == 403


def test_the_list_is_scoped_filtered_and_paginated(
    marketing_director, csc_director, items, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        body = api(marketing_director).get(ITEMS, {"page_size": 5, "status": "pending"}).json()
    assert len(body["results"]) == 5 and body["next"]
    assert body["results"][0]["evidence"].startswith("auth.group#")
    own = api(csc_director).get(ITEMS, {"page_size": 50}).json()["results"]
    assert {row["department"] for row in own} == {"csc"} and len(own) == 12


def test_marketing_reviews_and_the_department_appeals(marketing_director, csc_director, items):
    item = items[0]
    url = f"{ITEMS}{item.pk}/"
    bad = api(marketing_director).post(
        f"{url}review/", {"decision": "reduce", "points": "1"}, format="json"
    )
    assert bad.status_code == 400 and "reason" in bad.json()
    assert fields(item)["status"] == Status.PENDING
    assert api(csc_director).post(f"{url}review/", {"decision": "confirm"}).status_code == 403
    done = api(marketing_director).post(f"{url}review/", {"decision": "confirm"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    appeal = api(csc_director).post(f"{url}appeal/", {"reason": "客戶原因"}, format="json")
    assert appeal.status_code == 200 and appeal.json()["status"] == "appealed"
    decided = api(marketing_director).post(
        f"{url}appeal/decide/",
        {"decision": "reduce", "points": "1", "reason": "部分採納"},
        format="json",
    )
    assert decided.json()["status"] == "reduced"
    assert fields(item) == {"status": Status.REDUCED, "points": Decimal(1)}
