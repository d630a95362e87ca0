"""Hostile bodies and values that used to fail with a server error (ASVS V2.2, V16.5):
each is a 400 naming the field, or a form error, and changes nothing."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from rest_framework.test import APIClient

from gridcare.applications.models import Application
from gridcare.applications.tests.conftest import api_for
from gridcare.applications.tests.test_api import CUSTOMER, post_application
from gridcare.core.query import DATE_MAX, DATE_MIN, parse_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("²", None),
        ("١٢", None),
        ("0", None),
        ("-1", None),
        ("", None),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        (None, None),
    ],
)
def test_an_id_in_a_query_is_ascii_digits_that_fit_the_column(text: Any, expected: Any) -> None:
    assert parse_id(text) == expected


def test_json_nested_twenty_thousand_deep_is_a_400() -> None:
    body = "[" * 20_000 + "]" * 20_000
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_capacity_past_the_column_is_a_400_naming_the_field(counter_clerk: Any) -> None:
    client = api_for(counter_clerk)
    client.post("/api/v1/customers/", CUSTOMER, format="json")
    response = post_application(client, requested_capacity_kva=2**63)
    assert response.status_code == 400 and "requested_capacity_kva" in response.json()
    assert not Application.objects.exists()


def test_a_tampered_api_cursor_is_an_invalid_cursor(counter_clerk: Any) -> None:
    client = api_for(counter_clerk)
    for position in ("%C2%B2", "9223372036854775808", "x"):
        cursor = base64.b64encode(f"p={position}".encode()).decode()
        response = client.get("/api/v1/applications/", {"cursor": cursor})
        assert response.status_code == 404, position


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_compliance_api_refuses_a_date_outside_the_calendar(
    counter_clerk: Any, day: str
) -> None:
    response = api_for(counter_clerk).get("/api/v1/compliance/", {"from": day, "to": day})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"from", "to"}
    assert DATE_MIN.isoformat() in errors["from"][0] and DATE_MAX.isoformat() in errors["to"][0]


@pytest.mark.django_db
def test_a_nul_in_a_query_value_answers_400_on_every_database(client, marketing_director) -> None:
    """PostgreSQL refuses text with NUL; the answer is a 400 before any query, not a 500."""
    client.force_login(marketing_director)
    assert client.get("/applications/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/api/v1/applications/", {"after": "a\x00b"}).status_code == 400
