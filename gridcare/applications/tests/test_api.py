"""The customers and applications API as API.md fixes it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from gridcare.applications.models import Application, ApplicationStep
from gridcare.applications.tests.conftest import api_for
from gridcare.core.models import AuditEvent
from gridcare.customers.models import Customer
from gridcare.rules.models import Clock

pytestmark = pytest.mark.django_db

CUSTOMER = {
    "account_number": "0100099001",
    "name": "大足石刻文旅公司",
    "category": "non_residential",
    "voltage": "10kv",
    "supply_sources": 1,
}


def test_a_customer_is_created_and_read_by_account_number(clerk_api) -> None:
    created = clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["id"] and created.json()["account_number"] == "0100099001"
    read = clerk_api.get("/api/v1/customers/0100099001/")
    assert read.status_code == 200
    assert read.json()["is_key_account"] is False
    assert read.json()["voltage"] == "10kv"


def test_a_duplicate_account_number_answers_400_naming_the_field(clerk_api) -> None:
    assert clerk_api.post("/api/v1/customers/", CUSTOMER, format="json").status_code == 201
    again = clerk_api.post("/api/v1/customers/", {**CUSTOMER, "name": "別人"}, format="json")
    assert again.status_code == 400
    assert "account_number" in again.json()
    assert Customer.objects.get().name == CUSTOMER["name"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "farm"), ("voltage", "35kv"), ("supply_sources", 3), ("name", "")],
)
def test_bad_customer_fields_are_named(clerk_api, field, value) -> None:
    response = clerk_api.post("/api/v1/customers/", {**CUSTOMER, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Customer.objects.exists()


def test_without_a_token_the_api_answers_401_and_without_the_role_403(field_unit) -> None:
    assert APIClient().get("/api/v1/customers/").status_code == 401
    assert APIClient().post("/api/v1/applications/", {}, format="json").status_code == 401
    refused = api_for(field_unit)
    assert refused.get("/api/v1/customers/").status_code == 403
    assert refused.post("/api/v1/customers/", CUSTOMER, format="json").status_code == 403
    assert refused.get("/api/v1/applications/").status_code == 403


def test_a_token_sees_only_its_own_company(make_staff, other_company, clerk_api) -> None:
    Customer.objects.create(company=other_company, **CUSTOMER)
    assert clerk_api.get("/api/v1/customers/0100099001/").status_code == 404
    assert clerk_api.get("/api/v1/customers/").json()["results"] == []
    theirs = api_for(make_staff("counter_clerk", company=other_company))
    assert theirs.get("/api/v1/customers/0100099001/").status_code == 200


def post_application(client, **extra):
    body = {
        "customer": "0100099001",
        "kind": "new_connection",
        "received_at": "2025-09-30T10:00:00+08:00",
        **extra,
    }
    return client.post("/api/v1/applications/", body, format="json")


def test_an_application_is_received_with_its_number_and_clocks(clerk_api) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    response = post_application(clerk_api)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "YK2025-000001"
    assert body["status"] == "received"
    assert body["clocks"] == [
        {
            "standard": "application.plan_reply",
            "clause": "2.10",
            "amount": 7,
            "unit": "working_days",
            "due": "2025-10-16",
            "state": "breached",  # nobody replied, and 2025-10-16 is long past
            "provisional": False,
        }
    ]
    assert post_application(clerk_api).json()["number"] == "YK2025-000002"
    assert clerk_api.get(f"/api/v1/applications/{body['id']}/").json()["number"] == body["number"]


@pytest.mark.parametrize(
    "received_at",
    [
        "2025-09-30T10:00:00",
        "2025-09-30 10:00",
        "yesterday",
        "2999-01-01T00:00Z",
        "2024-01-01T12:99:00Z",
        # Before the company went live (2020-01-01 by default): a typing mistake.
        "1900-01-01T10:00:00+08:00",
        "2019-12-31T10:00:00+08:00",
    ],
)
def test_a_time_without_an_offset_or_in_the_future_is_refused(clerk_api, received_at) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    response = post_application(clerk_api, received_at=received_at)
    assert response.status_code == 400
    assert "received_at" in response.json()
    assert not Application.objects.exists()


def test_an_unknown_customer_is_named(clerk_api) -> None:
    response = post_application(clerk_api, customer="nobody")
    assert response.status_code == 400 and "customer" in response.json()


def _snapshot():
    return (
        list(Application.objects.values_list("status", "next_due", "has_breach")),
        ApplicationStep.objects.count(),
        list(Clock.objects.values_list("id", "state", "stopped_at", "due")),
        AuditEvent.objects.count(),
    )


def event(client, pk, kind, at):
    return client.post(
        f"/api/v1/applications/{pk}/events/", {"type": kind, "at": at}, format="json"
    )


def test_events_move_the_application_and_its_clocks(clerk_api) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(clerk_api).json()["id"]
    replied = event(clerk_api, pk, "plan_replied", "2025-10-10T16:00:00+08:00")
    assert replied.status_code == 200
    assert replied.json()["status"] == "plan_replied"
    assert [c["state"] for c in replied.json()["clocks"]] == ["met"]
    assert replied.json()["passed"] is None  # on its way: more clocks are to come
    accepted = event(clerk_api, pk, "acceptance_passed", "2025-11-03T09:00:00+08:00")
    clocks = {c["standard"]: c for c in accepted.json()["clocks"]}
    assert clocks["application.energize"]["due"] == "2025-11-10"  # 11-08 is a Saturday
    energized = event(clerk_api, pk, "energized", "2025-11-07T09:00:00+08:00").json()
    assert energized["status"] == "energized"
    assert {c["state"] for c in energized["clocks"]} == {"met"}
    assert energized["passed"] is True
    assert [s["step"] for s in energized["steps"]] == [
        "received", "plan_replied", "acceptance_passed", "energized",
    ]  # fmt: skip
    assert energized["steps"][1]["recorded_by"] == "counter_clerk"


@pytest.mark.parametrize(
    ("recorded", "then"),
    [
        ((), ("energized", "2025-10-10T10:00:00+08:00")),
        ((), ("acceptance_passed", "2025-10-10T10:00:00+08:00")),
        (("plan_replied",), ("energized", "2025-10-12T10:00:00+08:00")),
        # A step dated before the previous one is out of order too.
        (("plan_replied",), ("acceptance_passed", "2025-10-01T10:00:00+08:00")),
        # The same step again with another time: already recorded.
        (("plan_replied",), ("plan_replied", "2025-10-11T10:00:00+08:00")),
        ((), ("closed", "2025-10-11T10:00:00+08:00")),
        ((), ("plan_replied", "2025-10-11T10:00:00")),
    ],
)
def test_an_out_of_order_or_duplicate_event_answers_400_and_changes_nothing(
    clerk_api, recorded, then
) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(clerk_api).json()["id"]
    for kind in recorded:
        assert event(clerk_api, pk, kind, "2025-10-10T10:00:00+08:00").status_code == 200
    before = _snapshot()
    response = event(clerk_api, pk, *then)
    assert response.status_code == 400
    assert set(response.json()) & {"type", "at"}
    assert _snapshot() == before


def test_the_same_event_sent_twice_with_the_same_time_is_harmless(clerk_api) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(clerk_api).json()["id"]
    assert event(clerk_api, pk, "plan_replied", "2025-10-10T10:00:00+08:00").status_code == 200
    before = _snapshot()
    again = event(clerk_api, pk, "plan_replied", "2025-10-10T02:00:00Z")
    assert again.status_code == 200
    assert _snapshot() == before


def test_a_user_who_may_only_read_cannot_record_a_step(clerk_api, supervision_officer) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(clerk_api).json()["id"]
    reader = api_for(supervision_officer)
    assert reader.get(f"/api/v1/applications/{pk}/").status_code == 200
    assert event(reader, pk, "plan_replied", "2025-10-10T10:00:00+08:00").status_code == 403
    assert post_application(reader).status_code == 403


def test_the_application_list_is_cursor_paginated_without_a_query_per_row(
    clerk_api, django_assert_max_num_queries
) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    for _ in range(6):
        post_application(clerk_api)
    with django_assert_max_num_queries(12):
        page = clerk_api.get("/api/v1/applications/?page_size=4").json()
    assert len(page["results"]) == 4 and page["next"]
    assert all(len(a["clocks"]) == 1 for a in page["results"])
    rest = clerk_api.get(page["next"]).json()
    assert len(rest["results"]) == 2
    assert clerk_api.get("/api/v1/applications/?queue=open&voltage=low").json()["results"] == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_recording_the_same_step_at_once_one_succeeds(
    counter_clerk, make_staff, company
) -> None:
    """On PostgreSQL: two requests on two connections meet at a barrier; the row lock lets
    exactly one record the step, the other gets a clear 400."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")
    first = api_for(counter_clerk)
    second = api_for(make_staff("counter_clerk", company=company, username="clerk2"))
    first.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(first).json()["id"]
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def record(name: str, client: APIClient, at: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = event(client, pk, "plan_replied", at)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=("a", first, "2025-10-10T10:00:00+08:00")),
        threading.Thread(target=record, args=("b", second, "2025-10-10T11:00:00+08:00")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    codes = sorted(r.status_code for r in results.values())  # type: ignore[attr-defined]
    assert codes == [200, 400]
    loser = next(r for r in results.values() if r.status_code == 400)  # type: ignore[attr-defined]
    assert "type" in loser.json() and "clerk" in loser.json()["type"][0]
    assert ApplicationStep.objects.filter(application_id=pk, step="plan_replied").count() == 1
