"""R-2.11: the energization clock starts when the last of its three conditions holds
(completion acceptance passed, power-on conditions hold, procedures complete), each
recorded with its time and who confirmed it; its calendar-day period ends on a working
day (R-CAL-2, Civil Code art. 203)."""

from __future__ import annotations

from datetime import date

import pytest

from gridcare.applications.models import Application, EnergizationCondition
from gridcare.applications.services import application_record_event
from gridcare.applications.tests.conftest import local
from gridcare.applications.tests.test_api import CUSTOMER, post_application
from gridcare.assessments.breaches import sync_breaches
from gridcare.assessments.models import AssessmentItem
from gridcare.core.errors import DomainError
from gridcare.rules.models import Breach, Clock
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/applications/{}/events/"


def _accepted_low_voltage(clerk_api, **conditions):
    clerk_api.post("/api/v1/customers/", {**CUSTOMER, "voltage": "low"}, format="json")
    pk = post_application(clerk_api, received_at="2026-09-01T10:00:00+08:00").json()["id"]
    clerk_api.post(
        EVENTS.format(pk), {"type": "plan_replied", "at": "2026-09-02T10:00:00+08:00"}, "json"
    )
    body = {"type": "acceptance_passed", "at": "2026-09-25T10:00:00+08:00", **conditions}
    return pk, clerk_api.post(EVENTS.format(pk), body, format="json")


def test_the_clock_starts_when_the_last_condition_holds(clerk_api) -> None:
    _pk, response = _accepted_low_voltage(
        clerk_api,
        conditions_met_at="2026-09-24T16:00:00+08:00",
        procedures_completed_at="2026-09-28T11:00:00+08:00",
    )
    assert response.status_code == 200, response.json()
    clock = {c["standard"]: c for c in response.json()["clocks"]}["application.energize"]
    assert clock["due"] == "2026-10-08"  # 09-28 + 3 days = 10-01, National Day: next working day
    conditions = {c["condition"]: c for c in response.json()["conditions"]}
    assert conditions["procedures_completed"]["at"] == "2026-09-28T11:00:00+08:00"
    assert conditions["conditions_met"]["at"] == "2026-09-24T16:00:00+08:00"
    assert conditions["acceptance_passed"]["at"] == "2026-09-25T10:00:00+08:00"
    assert {c["confirmed_by"] for c in conditions.values()} == {"counter_clerk"}
    started = Clock.objects.get(standard__code="application.energize")
    assert started.started_at == local("2026-09-28 11:00")


def test_acceptance_on_30_september_is_not_due_inside_the_national_day_break(clerk_api) -> None:
    clerk_api.post("/api/v1/customers/", {**CUSTOMER, "voltage": "low"}, format="json")
    pk = post_application(clerk_api, received_at="2026-09-01T10:00:00+08:00").json()["id"]
    for kind, at in (
        ("plan_replied", "2026-09-02T10:00"),
        ("acceptance_passed", "2026-09-30T15:00"),
    ):
        body = clerk_api.post(EVENTS.format(pk), {"type": kind, "at": at + ":00+08:00"}, "json")
    clock = {c["standard"]: c for c in body.json()["clocks"]}["application.energize"]
    assert (clock["unit"], clock["due"]) == ("days", "2026-10-08")  # not 10-03


def test_without_the_extra_times_every_condition_holds_at_acceptance(clerk_api) -> None:
    _pk, response = _accepted_low_voltage(clerk_api)
    assert {c["at"] for c in response.json()["conditions"]} == {"2026-09-25T10:00:00+08:00"}
    clock = {c["standard"]: c for c in response.json()["clocks"]}["application.energize"]
    assert clock["due"] == "2026-09-28"


def test_a_condition_time_with_another_event_or_in_the_future_is_refused(clerk_api) -> None:
    clerk_api.post("/api/v1/customers/", CUSTOMER, format="json")
    pk = post_application(clerk_api, received_at="2026-09-01T10:00:00+08:00").json()["id"]
    wrong = clerk_api.post(
        EVENTS.format(pk),
        {
            "type": "plan_replied",
            "at": "2026-09-02T10:00:00+08:00",
            "conditions_met_at": "2026-09-02T10:00:00+08:00",
        },
        format="json",
    )
    assert wrong.status_code == 400 and "conditions_met_at" in wrong.json()
    assert Application.objects.get(pk=pk).status == "received"
    clerk_api.post(
        EVENTS.format(pk), {"type": "plan_replied", "at": "2026-09-02T10:00:00+08:00"}, "json"
    )
    future = clerk_api.post(
        EVENTS.format(pk),
        {
            "type": "acceptance_passed",
            "at": "2026-09-25T10:00:00+08:00",
            "procedures_completed_at": "2099-01-01T10:00:00+08:00",
        },
        format="json",
    )
    assert future.status_code == 400 and "procedures_completed_at" in future.json()
    assert not EnergizationCondition.objects.exists()
    assert Application.objects.get(pk=pk).status == "plan_replied"


def test_energization_cannot_come_before_the_conditions_held(
    make_customer, receive, counter_clerk
) -> None:
    application = receive(make_customer(voltage="low"), "2026-09-01 09:00")
    for kind, at in (
        ("plan_replied", "2026-09-02 09:00"),
        ("acceptance_passed", "2026-09-25 10:00"),
    ):
        application = application_record_event(
            application=application,
            event=kind,
            at=local(at),
            procedures_completed_at=local("2026-09-27 10:00") if kind != "plan_replied" else None,
            actor=counter_clerk,
        )
    with pytest.raises(DomainError) as refused:
        application_record_event(
            application=application, event="energized", at=local("2026-09-26 10:00"),
            actor=counter_clerk,
        )  # fmt: skip
    assert refused.value.field == "at"
    assert {c.standard.code: c.stopped_at for c in clocks_of(application)}[
        "application.energize"
    ] is None


def test_a_late_key_account_energization_is_one_assessment_item_citing_both_clauses(
    make_customer, receive, counter_clerk, company
) -> None:
    """R-PROF: energized late, a key account breaches 2.11 (due 10-09) and 3.7.5 (due
    10-11): one late event, one item citing both; the ledger's sync adds no second one."""
    application = receive(make_customer(voltage="10kv", is_key_account=True), "2025-09-01 09:00")
    for kind, at in (
        ("plan_replied", "2025-09-05 09:00"),
        ("acceptance_passed", "2025-09-30 15:00"),
        ("energized", "2025-10-20 10:00"),
    ):
        application = application_record_event(
            application=application, event=kind, at=local(at), actor=counter_clerk
        )
    breaches = Breach.objects.filter(clock__subject_id=application.pk)
    assert {b.clock.standard.code for b in breaches} == {
        "application.energize",
        "keyaccount.energize",
    }
    items = AssessmentItem.objects.filter(kind="breach")
    assert items.count() == 1
    description = items.get().description
    assert "2.11" in description and "3.7.5" in description
    assert sync_breaches(company, date(2025, 10, 1), date(2025, 10, 31)) == 0
    assert items.count() == 1


def test_the_clerk_records_the_conditions_on_the_page(
    client, counter_clerk, field_unit, make_staff, other_company, make_customer, receive
) -> None:
    application = receive(make_customer(voltage="low"), "2026-09-01 09:00")
    application_record_event(
        application=application, event="plan_replied", at=local("2026-09-02 09:00"),
        actor=counter_clerk,
    )  # fmt: skip
    url = f"/applications/{application.pk}/events/"
    step = {
        "type": "acceptance_passed",
        "at": "2026-09-25T10:00",
        "procedures_completed_at": "2026-09-28T11:00",
    }
    client.force_login(field_unit)
    assert client.post(url, step).status_code == 403
    client.force_login(make_staff("counter_clerk", company=other_company))
    assert client.post(url, step).status_code == 404
    assert not EnergizationCondition.objects.exists()
    client.force_login(counter_clerk)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert 'name="procedures_completed_at"' in page
    assert client.post(url, {**step, "procedures_completed_at": "soon"}).status_code == 302
    assert not EnergizationCondition.objects.exists()
    assert client.post(url, step).status_code == 302
    latest = EnergizationCondition.objects.get(condition="procedures_completed")
    assert (latest.at, latest.confirmed_by) == (local("2026-09-28 11:00"), counter_clerk)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "2026-09-28 11:00" in page
