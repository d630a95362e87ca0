"""R-3.7.3: fault reports, key accounts first; arrival limits are service standards."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from gridcare.core.errors import DomainError, TransitionError
from gridcare.field.models import FaultReport
from gridcare.field.selectors import fault_list, fault_queue
from gridcare.field.services import (
    fault_arrive,
    fault_dispatch,
    fault_report_create,
    fault_restore,
)
from gridcare.field.tests.conftest import at
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import ServiceStandard

pytestmark = pytest.mark.django_db


def _report(company, *, area="urban", when="2026-11-20 09:00", customer=None):
    return fault_report_create(
        company=company,
        source="call",
        area=area,
        address="龍崗街道1號",
        description="停電",
        reported_at=at(when),
        customer=customer,
    )


def test_arrival_limits_are_standards_of_clause_3_7_3():
    limits = {
        s.code: (s.amount, s.unit, s.clause.number, s.module)
        for s in ServiceStandard.objects.filter(code__startswith="fault.arrival_")
    }
    assert limits == {
        "fault.arrival_urban": (45, "minutes", "3.7.3", "field"),
        "fault.arrival_rural": (90, "minutes", "3.7.3", "field"),
        "fault.arrival_remote": (120, "minutes", "3.7.3", "field"),
    }


def test_key_accounts_come_first_in_the_fault_queue(company, make_customer, dispatcher):
    early = _report(company, when="2026-11-20 08:00")
    key = _report(company, when="2026-11-20 09:30", customer=make_customer(key=True))
    later = _report(company, when="2026-11-20 09:00")
    queue = list(fault_queue(fault_list(user=dispatcher)))  # all three are open
    assert queue == [key, early, later]


@pytest.mark.parametrize(
    ("area", "arrived", "met"),
    [
        ("urban", "2026-11-20 09:45", True),
        ("urban", "2026-11-20 09:46", False),
        ("rural", "2026-11-20 10:30", True),
        ("remote", "2026-11-20 11:00", True),
        ("remote", "2026-11-20 11:01", False),
    ],
)
def test_arrival_within_the_limit_of_the_area(company, departments, area, arrived, met):
    report = _report(company, area=area)
    fault_dispatch(report=report, crew=departments["line"], at=at("2026-11-20 09:05"), actor=None)
    report = fault_arrive(report=report, at=at(arrived), actor=None)
    assert report.arrival_met is met
    rows = {
        r.code: r.counts
        for r in compliance_by_standard(
            company=company, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)
        )
    }
    counts = rows[f"fault.arrival_{area}"]
    assert (counts.met, counts.breached) == (int(met), int(not met))


def test_steps_follow_their_order(company, departments):
    report = _report(company)
    with pytest.raises(TransitionError):
        fault_arrive(report=report, at=at("2026-11-20 09:30"), actor=None)
    fault_dispatch(report=report, crew=departments["line"], at=at("2026-11-20 09:05"), actor=None)
    with pytest.raises(DomainError) as err:
        fault_dispatch(
            report=report, crew=departments["line"], at=at("2026-11-20 09:06"), actor=None
        )
    assert err.value.field == "status"
    fault_arrive(report=report, at=at("2026-11-20 09:30"), actor=None)
    report = fault_restore(report=report, at=at("2026-11-20 11:00"), actor=None)
    assert report.status == FaultReport.Status.RESTORED


def test_marketing_is_not_a_crew(company, departments):
    report = _report(company)
    with pytest.raises(DomainError) as err:
        fault_dispatch(
            report=report, crew=departments["marketing"], at=at("2026-11-20 09:05"), actor=None
        )
    assert err.value.field == "crew"


@pytest.mark.parametrize(
    ("now", "state", "badge"),
    [("2026-11-20 09:45", "running", False), ("2026-11-20 09:46", "breached", True)],
)
def test_a_fault_not_reached_after_its_limit_is_breached_and_overdue(
    client, company, departments, field_unit, now, state, badge
):
    """R-3.7.3: urban limit 45 minutes from 09:00. At 09:45 an arrival would still be in
    time (running); from 09:46 nothing can meet it: breached in compliance, overdue in the
    queue, though nobody has arrived."""
    report = _report(company)
    fault_dispatch(report=report, crew=departments["line"], at=at("2026-11-20 09:05"), actor=None)
    with time_machine.travel(at(now), tick=False):
        rows = {
            r.code: r.counts
            for r in compliance_by_standard(
                company=company, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)
            )
        }
        client.force_login(field_unit)
        page = client.get(reverse("field:fault_list")).content.decode()
    counts = rows["fault.arrival_urban"]
    assert (counts.met, counts.breached, counts.running) == (
        0,
        int(state == "breached"),
        int(state == "running"),
    )
    assert ('text-bg-danger">' in page) is badge
    report.refresh_from_db()
    assert report.arrival_met is None  # the record itself waits for the arrival


def test_arrival_due_time_is_kept_on_the_report(company):
    report = _report(company, area="rural", when="2026-11-30 23:30")
    assert report.arrival_due_at == at("2026-12-01 01:00")
