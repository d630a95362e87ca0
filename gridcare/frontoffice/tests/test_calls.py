"""The service-phone pages (R-2.8): the rate answered within 5 rings by day, week, month
and agent; unanswered callers called back; a call entered by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gridcare.core.errors import DomainError
from gridcare.frontoffice.models import CallRecord
from gridcare.frontoffice.services.calls import call_back_record, call_record_manual
from gridcare.frontoffice.tests.conftest import at
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(at("2025-03-10 18:00"), tick=False):
        yield


def call(agent: Any, when: str, ring: float | None) -> CallRecord:
    staff = staff_of(agent)
    return call_record_manual(
        company=staff.company,
        caller="13800138000",
        started_at=at(when),
        answered=ring is not None,
        ring_seconds=ring,
        agent=staff,
        actor=agent,
    )


def test_a_call_entered_by_hand_is_measured_like_an_imported_one(csc_agent: Any) -> None:
    assert (call(csc_agent, "2025-03-10 09:00", 24.9).rings, CallRecord.objects.get().outcome) == (
        5,
        "met",
    )
    late = call(csc_agent, "2025-03-10 09:05", 25.0)
    assert (late.rings, late.outcome) == (6, "breached")
    missed = call(csc_agent, "2025-03-10 09:10", None)
    assert (missed.outcome, missed.rings) == ("unanswered", None)


def test_a_call_cannot_be_entered_in_the_future(csc_agent: Any) -> None:
    with pytest.raises(DomainError):
        call(csc_agent, "2025-03-11 09:00", 3)


def test_an_unanswered_caller_is_called_back_once_reached(csc_agent: Any) -> None:
    missed = call(csc_agent, "2025-03-10 09:10", None)
    call_back_record(call=missed, reached=False, note="無人接聽", actor=csc_agent)
    missed.refresh_from_db()
    assert missed.called_back_at is None
    call_back_record(call=missed, reached=True, actor=csc_agent)
    missed.refresh_from_db()
    assert missed.called_back_at is not None and missed.callbacks.count() == 2
    with pytest.raises(DomainError):
        call_back_record(call=missed, reached=True, actor=csc_agent)
    with pytest.raises(DomainError):
        call_back_record(call=call(csc_agent, "2025-03-10 09:20", 3), reached=True, actor=csc_agent)


@pytest.mark.parametrize(
    ("by", "labels"),
    [
        ("day", ["2025-03-03", "2025-03-10"]),
        ("week", ["2025-03-03", "2025-03-10"]),
        ("month", ["2025-03"]),
    ],
)
def test_the_rate_by_day_week_and_month(
    client: Any, csc_agent: Any, csc_director: Any, by: str, labels: list[str]
) -> None:
    call(csc_agent, "2025-03-03 09:00", 3)
    call(csc_agent, "2025-03-03 09:01", 30)
    call(csc_agent, "2025-03-10 09:00", 3)
    call(csc_agent, "2025-03-10 09:02", None)
    client.force_login(csc_director)
    response = client.get(
        reverse("frontoffice:call_rates"),
        {"date_from": "2025-03-01", "date_to": "2025-03-31", "by": by},
    )
    rows = response.context["rows"]
    assert [r.label for r in rows] == labels
    total = response.context["total"]
    assert (total.met, total.breached, total.unanswered, total.rate) == (2, 1, 1, 0.6667)


def test_the_rate_by_agent_and_my_own(
    client: Any, csc_agent: Any, make_staff: Any, company: Any
) -> None:
    other = make_staff("csc_agent", company=company)
    call(csc_agent, "2025-03-10 09:00", 3)
    call(other, "2025-03-10 09:00", 30)
    client.force_login(csc_agent)
    response = client.get(reverse("frontoffice:call_rates"), {"by": "agent"})
    assert sorted((r.met, r.breached) for r in response.context["rows"]) == [(0, 1), (1, 0)]
    assert response.context["mine"].rate == 1.0


def test_the_call_pages_are_refused_to_a_clerk(client: Any, counter_clerk: Any) -> None:
    client.force_login(counter_clerk)
    for name in ("call_list", "call_rates", "callback_list", "call_new"):
        assert client.get(reverse(f"frontoffice:{name}")).status_code == 403


def test_the_call_back_list(
    client: Any, csc_agent: Any, django_assert_max_num_queries: Any
) -> None:
    for minute in range(3):
        call(csc_agent, f"2025-03-10 09:0{minute}", None)
    call(csc_agent, "2025-03-10 10:00", 3)
    client.force_login(csc_agent)
    # One more for the ring limit the tabs state (R-DEF).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("frontoffice:callback_list"))
    assert len(response.context["page"].items) == 3
    first = response.context["page"].items[0]
    client.post(
        reverse("frontoffice:call_back", args=[first.pk]), {"reached": "on", "next": "list"}
    )
    assert len(client.get(reverse("frontoffice:callback_list")).context["page"].items) == 2


def test_the_call_list_filters(
    client: Any, csc_agent: Any, django_assert_max_num_queries: Any
) -> None:
    call(csc_agent, "2025-03-10 09:00", 3)
    call(csc_agent, "2025-03-10 09:01", 30)
    client.force_login(csc_agent)
    # One more for the ring limit the tabs state (R-DEF).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("frontoffice:call_list"), {"outcome": "breached"})
    assert [c.rings for c in response.context["page"].items] == [7]


def test_entering_a_call_from_the_page(client: Any, csc_agent: Any) -> None:
    client.force_login(csc_agent)
    response = client.post(
        reverse("frontoffice:call_new"),
        {
            "caller": "13900000000",
            "started_at": "2025-03-10T09:00",
            "answered": "on",
            "ring_seconds": "12.5",
            "talk_seconds": "60",
        },
    )
    assert response.status_code == 302
    entered = CallRecord.objects.get()
    assert (entered.rings, entered.entered_by, entered.started_at) == (
        3,
        csc_agent,
        datetime.fromisoformat("2025-03-10T09:00+08:00"),
    )
    missing = client.post(
        reverse("frontoffice:call_new"), {"started_at": "2025-03-10T09:00", "answered": "on"}
    )
    assert "ring_seconds" in missing.context["form"].errors
    assert CallRecord.objects.count() == 1


def test_home_shows_each_role_its_front_office_work(
    client: Any, csc_agent: Any, counter_clerk: Any, hall: Any
) -> None:
    call(csc_agent, "2025-03-10 09:00", None)
    client.force_login(csc_agent)
    codes = [p["code"] for p in client.get(reverse("home")).context["panels"]]
    assert {"frontoffice_callbacks", "frontoffice_matters", "frontoffice_rings"} <= set(codes)
    assert "frontoffice_hall" not in codes
    client.force_login(counter_clerk)
    codes = [p["code"] for p in client.get(reverse("home")).context["panels"]]
    assert "frontoffice_hall" in codes and "frontoffice_callbacks" not in codes
