"""R-2.8: a caller who hangs up after ringing past the limit was not answered within it — a
breach of `call.answer_rings`; one who hangs up sooner is counted apart."""

from __future__ import annotations

import importlib
import uuid
from typing import Any

import pytest
import time_machine
from django.apps import apps
from rest_framework.test import APIClient

from gridcare.frontoffice.models import CallRecord
from gridcare.frontoffice.selectors import callbacks_waiting
from gridcare.frontoffice.services.calls import call_back_record, call_record_manual
from gridcare.frontoffice.tests.conftest import at, cdr
from gridcare.org.selectors import staff_of
from gridcare.rules.models import ServiceStandard

pytestmark = pytest.mark.django_db
migration = importlib.import_module(
    "gridcare.frontoffice.migrations.0013_abandoned_calls_past_the_limit_breach"
)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(at("2025-03-10 18:00"), tick=False):
        yield


def _abandoned(api: APIClient, upload: Any, seconds: int, minute: int) -> CallRecord:
    start = f"2025-03-03 09:{minute:02d}:00"
    line = cdr(start, disposition="NO ANSWER", duration=str(seconds), billsec="0", uniqueid=start)
    assert (
        api.post("/api/v1/calls/import/", {"file": upload(line)}, format="multipart").json()[
            "imported"
        ]
        == 1
    )
    return CallRecord.objects.get(started_at=at(start))


@pytest.fixture
def api(csc_director: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(csc_director)
    return client


def test_a_call_abandoned_after_30_seconds_of_ringing_is_a_breach(api: APIClient, upload: Any):
    call = _abandoned(api, upload, 30, 0)
    assert (call.outcome, call.rings, call.ring_ms, call.answered_at) == (
        "breached",
        7,
        30000,
        None,
    )
    assert call.standard.code == "call.answer_rings"
    body = api.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    rings = next(r for r in body["standards"] if r["code"] == "call.answer_rings")
    assert (rings["met"], rings["breached"]) == (0, 1)


def test_a_call_abandoned_within_the_limit_is_counted_apart(api: APIClient, upload: Any):
    early = _abandoned(api, upload, 24, 1)
    assert (early.outcome, early.rings, early.ring_ms, early.standard_id) == (
        "unanswered",
        None,
        24000,
        None,
    )
    assert _abandoned(api, upload, 25, 2).outcome == "breached"  # 25 s is the sixth ring


def test_a_call_entered_by_hand_as_abandoned_is_measured_by_its_ring_time(csc_agent: Any):
    staff = staff_of(csc_agent)

    def enter(when: str, ring: float | None) -> CallRecord:
        return call_record_manual(
            company=staff.company,
            caller="13800138000",
            started_at=at(when),
            answered=False,
            ring_seconds=ring,
            agent=None,
            actor=csc_agent,
        )

    assert enter("2025-03-10 09:00", 30).outcome == "breached"
    assert enter("2025-03-10 09:01", 10).outcome == "unanswered"
    assert enter("2025-03-10 09:02", None).outcome == "unanswered"


def test_the_caller_of_an_abandoned_breach_is_still_called_back(csc_agent: Any):
    staff = staff_of(csc_agent)
    call = call_record_manual(
        company=staff.company,
        caller="13800138000",
        started_at=at("2025-03-10 09:00"),
        answered=False,
        ring_seconds=40,
        agent=None,
        actor=csc_agent,
    )
    assert list(callbacks_waiting(user=csc_agent, since=call.call_date)) == [call]
    call_back_record(call=call, reached=True, at=at("2025-03-10 09:30"), actor=csc_agent)
    call.refresh_from_db()
    assert call.called_back_at == at("2025-03-10 09:30") and call.outcome == "breached"


def test_the_migration_measures_abandoned_calls_already_recorded(company: Any):
    standard = ServiceStandard.objects.get(profile__code="dazu-measures", code="call.answer_rings")

    def old(seconds: int, disposition: str = "no_answer") -> CallRecord:
        """A call as recorded before: an abandoned one unanswered, with no ring time."""
        return CallRecord.objects.create(
            company=company,
            call_date=at("2025-03-03 09:00").date(),
            key=uuid.uuid4(),
            started_at=at("2025-03-03 09:00"),
            duration=seconds,
            disposition=disposition,
            outcome="unanswered",
        )

    late, early, busy = old(30), old(20), old(60, "busy")
    answered = CallRecord.objects.create(
        company=company,
        call_date=at("2025-03-03 09:00").date(),
        key=uuid.uuid4(),
        started_at=at("2025-03-03 09:00"),
        answered_at=at("2025-03-03 09:00:03"),
        duration=50,
        disposition="answered",
        ring_ms=3000,
        rings=1,
        outcome="met",
        standard=standard,
    )
    migration.recompute(apps, None)
    for call in (late, early, busy, answered):
        call.refresh_from_db()
    assert (late.outcome, late.rings, late.ring_ms, late.standard_id) == (
        "breached",
        7,
        30000,
        standard.pk,
    )
    assert (early.outcome, early.rings, early.ring_ms) == ("unanswered", None, 20000)
    assert (busy.outcome, busy.ring_ms) == ("unanswered", None)
    assert (answered.outcome, answered.rings) == ("met", 1)
