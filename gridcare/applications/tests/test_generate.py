"""Synthetic customers and applications (`manage.py generate --customers N --applications
N`, issue 8 "Speed"): every row is one the services could have stored (steps along the
allowed transitions, numbers from the counter, the clocks' summary), each application has
its clock (R-2.10), and the same seed gives the same rows.

Small sizes, so the same tests run on SQLite (batched INSERTs) and PostgreSQL (COPY)."""

from __future__ import annotations

import itertools
from datetime import date
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gridcare.applications.generate import CLOCK_CODES
from gridcare.applications.models import NO_DUE, Application, ApplicationCounter, ApplicationStep
from gridcare.core.models import AuditEvent
from gridcare.customers.models import Category, Customer, Voltage
from gridcare.rules.models import Breach, Clock, ClockExemption

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
FIELDS = [
    "number",
    "customer__account_number",
    "kind",
    "residential_lighting",
    "status",
    "received_at",
    "requested_capacity_kva",
    "voltage",
    "supply_sources",
    "town",
    "is_key_account",
    "next_due",
    "has_breach",
]


@pytest.fixture
def people(marketing_director, counter_clerk, csc_director):
    """Marketing answers for the applications; two people can ask for and grant an
    exemption."""
    return marketing_director


def generate(customers: int = 300, applications: int = 600, seed: int = 3) -> str:
    out = StringIO()
    call_command(
        "generate",
        "--customers", str(customers), "--applications", str(applications),
        "--company", "dazu", "--seed", str(seed),
        "--from", "2025-07-01", "--to", "2026-06-30", "--today", TODAY.isoformat(),
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def wipe() -> None:
    Breach.objects.all().delete()
    ClockExemption.objects.all().delete()
    Clock.objects.all().delete()
    ApplicationStep.objects.all().delete()
    Application.objects.all().delete()
    ApplicationCounter.objects.all().delete()
    Customer.objects.all().delete()


def test_generated_customers_have_the_register_mix_and_unique_numbers(company, people) -> None:
    generate(applications=1)
    customers = list(Customer.objects.filter(company=company))
    assert len(customers) == 300
    assert len({c.account_number for c in customers}) == 300
    assert {c.category for c in customers} == {Category.RESIDENTIAL, Category.NON_RESIDENTIAL}
    for customer in customers:
        if customer.category == Category.RESIDENTIAL:
            assert customer.voltage == Voltage.LOW and not customer.is_key_account
        if customer.is_key_account:
            assert customer.voltage in (Voltage.KV10, Voltage.HIGH)
    # A second run numbers after the first instead of clashing with it.
    generate(applications=1, seed=4)
    assert Customer.objects.count() == 600
    assert Customer.objects.values("account_number").distinct().count() == 600


def test_every_generated_application_is_one_the_services_could_have_stored(company, people) -> None:
    output = generate()
    assert "applications: 600 rows" in output
    applications = list(
        Application.objects.select_related("customer").prefetch_related("steps").order_by("pk")
    )
    assert len(applications) == 600
    by_year: dict[int, list[int]] = {}
    received = [a.received_at for a in applications]
    assert received == sorted(received)  # ids follow the order of receipt
    for application in applications:
        customer = application.customer
        assert customer.company_id == application.company_id == company.pk
        # What the limits read is copied from the customer at receipt.
        assert (application.voltage, application.supply_sources, application.town) == (
            customer.voltage,
            customer.supply_sources,
            customer.town,
        )
        assert application.is_key_account == customer.is_key_account
        assert application.residential_lighting == (
            application.kind == Application.Kind.NEW_CONNECTION
            and customer.category == Category.RESIDENTIAL
        )
        steps = list(application.steps.all())
        assert steps[0].step == Application.Status.RECEIVED
        assert steps[0].at == application.received_at
        for before, after in itertools.pairwise(steps):
            assert after.step in Application.TRANSITIONS[before.step]
            assert after.at > before.at
        assert steps[-1].step == application.status
        assert all(timezone.localdate(s.at) < TODAY for s in steps[1:])
        assert all(s.recorded_by_id == people.pk for s in steps)
        year = timezone.localdate(application.received_at).year
        prefix, number = application.number.split("-")
        assert prefix == f"YK{year}"
        by_year.setdefault(year, []).append(int(number))
    for year, numbers in by_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert ApplicationCounter.objects.get(company=company, year=year).last == len(numbers)
    statuses = {a.status for a in applications}
    assert {Application.Status.CLOSED, Application.Status.WITHDRAWN} <= statuses
    assert not AuditEvent.objects.filter(action__startswith="applications.").exists()
    if connection.vendor == "postgresql":
        connection.check_constraints()


def test_each_application_has_its_clock_and_its_summary(company, people) -> None:
    generate()
    subject_type = ContentType.objects.get_for_model(Application)
    clocks = Clock.objects.filter(subject_type=subject_type).select_related("standard")
    assert clocks.count() == Application.objects.count()
    assert {c.standard.code for c in clocks} <= CLOCK_CODES
    by_subject = {c.subject_id: c for c in clocks}
    assert set(by_subject) == set(Application.objects.values_list("pk", flat=True))
    for application in Application.objects.all():
        clock = by_subject[application.pk]
        running = clock.state == Clock.State.RUNNING
        # As services.application_refresh_clocks keeps it.
        assert application.next_due == (clock.due if running else NO_DUE)
        assert application.remind_from == (clock.remind_on if running else NO_DUE)
        assert application.has_breach == (clock.state == Clock.State.BREACHED)
    assert Breach.objects.count() == clocks.filter(state=Clock.State.BREACHED).count() > 0


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(company, people) -> None:
    generate()
    first = list(Application.objects.order_by("number").values_list(*FIELDS))
    wipe()
    generate()
    assert list(Application.objects.order_by("number").values_list(*FIELDS)) == first
    wipe()
    generate(seed=4)
    assert list(Application.objects.order_by("number").values_list(*FIELDS)) != first


def test_applications_without_customers_are_refused_with_a_clear_message(company, people) -> None:
    with pytest.raises(CommandError, match="--customers"):
        generate(customers=0)
    assert not Application.objects.exists()
