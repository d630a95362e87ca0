"""The clocks of a connection application, clause by clause (R-2.10, R-2.11, R-3.7.5), with
applications received inside holiday periods (Spring Festival, National Day and their
make-up working days, R-CAL-1, R-CAL-2)."""

from __future__ import annotations

from datetime import date

import pytest

from gridcare.applications.selectors import verdict
from gridcare.applications.services import application_record_event
from gridcare.applications.tests.conftest import local
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of
from gridcare.workdays.selectors import calendar_snapshot

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def by_code(application) -> dict[str, Clock]:
    return {c.standard.code: c for c in clocks_of(application)}


@pytest.mark.parametrize(
    ("voltage", "sources", "received", "amount", "due"),
    [
        # National Day 2025: 10-01 … 10-08 off; Sunday 09-28 and Saturday 10-11 are worked.
        ("low", 1, "2025-09-30 10:00", 3, "2025-10-11"),
        ("low", 1, "2025-10-03 09:00", 3, "2025-10-11"),  # received on a holiday
        ("10kv", 1, "2025-09-26 16:00", 7, "2025-10-13"),
        ("10kv", 2, "2025-10-01 11:00", 7, "2025-10-16"),  # 10 kV: sources do not matter
        ("high", 1, "2025-09-28 09:00", 15, "2025-10-24"),  # received on the make-up Sunday
        ("high", 2, "2025-10-05 09:00", 30, "2025-11-18"),
        # Spring Festival 2025: 01-28 … 02-04 off; Sunday 01-26 and Saturday 02-08 worked.
        ("low", 1, "2025-01-27 17:00", 3, "2025-02-07"),
        ("10kv", 1, "2025-01-30 10:00", 7, "2025-02-12"),
        ("high", 1, "2025-02-01 10:00", 15, "2025-02-24"),
        ("high", 2, "2025-01-26 10:00", 30, "2025-03-14"),
        # Spring Festival 2024 (02-10 … 02-17; 02-04 and 02-18 worked), across a month end.
        ("high", 1, "2024-01-31 09:00", 15, "2024-02-26"),
        ("high", 2, "2024-01-31 09:00", 30, "2024-03-18"),
    ],
)
def test_the_plan_reply_limit_follows_voltage_and_sources_through_holidays(
    make_customer, receive, voltage, sources, received, amount, due
) -> None:
    """R-2.10: low 3, 10 kV 7, high single source 15, high dual source 30 working days."""
    application = receive(make_customer(voltage=voltage, supply_sources=sources), received)
    clock = by_code(application)["application.plan_reply"]
    assert (clock.amount, clock.unit) == (amount, "working_days")
    assert clock.due == D(due)
    # The same answer as the calendar's own arithmetic (the n-th working day after receipt).
    start = local(received).date()
    assert calendar_snapshot().add_working_days(start, amount).date == D(due)
    assert clock.standard.clause.number == "2.10"
    assert application.next_due == D(due)


def test_residential_lighting_is_energized_within_five_working_days(make_customer, receive) -> None:
    """R-2.10: residential lighting customers energized within 5 working days of applying."""
    customer = make_customer(category="residential", voltage="low")
    application = receive(customer, "2025-09-30 10:00", residential_lighting=True)
    clocks = by_code(application)
    assert set(clocks) == {"application.plan_reply", "application.residential_energize"}
    assert clocks["application.residential_energize"].due == D("2025-10-14")
    assert clocks["application.residential_energize"].amount == 5
    assert application.next_due == D("2025-10-11")


def test_residential_lighting_clock_stops_at_energization(
    make_customer, receive, counter_clerk
) -> None:
    customer = make_customer(category="residential", voltage="low")
    application = receive(customer, "2025-09-30 10:00", residential_lighting=True)
    for event, when in [
        ("plan_replied", "2025-10-09 10:00"),
        ("acceptance_passed", "2025-10-12 10:00"),
        ("energized", "2025-10-15 10:00"),
    ]:
        application = application_record_event(
            application=application, event=event, at=local(when), actor=counter_clerk
        )
    clocks = by_code(application)
    assert clocks["application.plan_reply"].state == "met"
    # Accepted 10-12: 3 calendar days end on 10-15, the day it was energized.
    assert clocks["application.energize"].state == "met"
    # 5 working days from 09-30 ended on 10-14: energized on 10-15 is a breach.
    assert clocks["application.residential_energize"].state == "breached"
    assert verdict(list(clocks.values()), D("2025-10-20"), finished=True) is False
    assert application.has_breach is True


@pytest.mark.parametrize(
    ("voltage", "accepted", "due"),
    [
        # 10-03 and 10-05 fall in the National Day break (10-01 … 10-08): the period ends
        # on the next working day (R-CAL-2, Civil Code art. 203).
        ("low", "2025-09-30 15:00", "2025-10-09"),
        ("10kv", "2025-09-30 15:00", "2025-10-09"),
        ("high", "2025-12-30 15:00", "2026-01-04"),  # a make-up working Sunday
    ],
)
def test_energization_after_acceptance_counts_calendar_days(
    make_customer, receive, counter_clerk, voltage, accepted, due
) -> None:
    """R-2.11: low voltage 3 days, 10 kV and high voltage 5 days, holidays counted; a
    period ending on a day off ends on the next working day."""
    application = receive(make_customer(voltage=voltage), "2025-09-01 09:00")
    application = application_record_event(
        application=application, event="plan_replied", at=local("2025-09-02 09:00"),
        actor=counter_clerk,
    )  # fmt: skip
    application = application_record_event(
        application=application, event="acceptance_passed", at=local(accepted), actor=counter_clerk
    )
    clock = by_code(application)["application.energize"]
    assert clock.unit == "days"
    assert clock.due == D(due)
    assert clock.standard.clause.number == "2.11"
    assert "keyaccount.energize" not in by_code(application)


def test_a_key_account_has_both_energization_clocks(make_customer, receive, counter_clerk) -> None:
    """R-2.11 and R-3.7.5 at once: 5 calendar days and 3 working days; passes only if both
    pass."""
    customer = make_customer(voltage="10kv", is_key_account=True)
    application = receive(customer, "2025-09-01 09:00")
    assert application.is_key_account
    application = application_record_event(
        application=application, event="plan_replied", at=local("2025-09-05 09:00"),
        actor=counter_clerk,
    )  # fmt: skip
    application = application_record_event(
        application=application, event="acceptance_passed", at=local("2025-09-30 15:00"),
        actor=counter_clerk,
    )  # fmt: skip
    clocks = by_code(application)
    # 10-05 is inside the National Day break: 2.11's period ends on 10-09.
    assert clocks["application.energize"].due == D("2025-10-09")
    key = clocks["keyaccount.energize"]
    assert (key.amount, key.unit, key.due) == (3, "working_days", D("2025-10-11"))
    assert key.standard.clause.number == "3.7.5"
    assert key.is_key_account
    # The nearest of the two is the one the queue sorts by.
    assert application.next_due == D("2025-10-09")
    # Energized on 10-10: late for 2.11 (10-09), in time for 3.7.5 (10-11).
    application = application_record_event(
        application=application, event="energized", at=local("2025-10-10 10:00"),
        actor=counter_clerk,
    )  # fmt: skip
    clocks = by_code(application)
    assert clocks["application.energize"].state == "breached"
    assert clocks["keyaccount.energize"].state == "met"
    assert verdict(list(clocks.values()), D("2025-10-20"), finished=True) is False


def test_a_key_account_energized_in_time_passes_every_limit(
    make_customer, receive, counter_clerk
) -> None:
    application = receive(make_customer(voltage="high", is_key_account=True), "2025-09-01 09:00")
    for event, when in [
        ("plan_replied", "2025-09-03 09:00"),
        ("acceptance_passed", "2025-09-30 15:00"),
        ("energized", "2025-10-02 10:00"),
    ]:
        application = application_record_event(
            application=application, event=event, at=local(when), actor=counter_clerk
        )
    clocks = list(by_code(application).values())
    assert {c.state for c in clocks} == {"met"}
    assert verdict(clocks, D("2025-10-20"), finished=True) is True
    # Before energization the same met clocks do not make a pass: more clocks were to come.
    assert verdict(clocks[:1], D("2025-10-20"), finished=False) is None
    assert application.next_due.year == 9999 and not application.has_breach
