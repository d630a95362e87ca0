"""The demo (issue 6, "Demo"): an approved list of about sixty key accounts chosen by the
criteria, with contacts, a year of service with some visits overdue, live figures for
3.6.1 and 3.7.5, the next round opened by the reminder; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gridcare.customers.demo import load_demo as load_customers
from gridcare.keyaccounts.demo import load_demo
from gridcare.keyaccounts.models import (
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    Interaction,
    ServiceItem,
)
from gridcare.org.demo import load_demo_organisation
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import Clock

pytestmark = pytest.mark.django_db


def test_the_demo_tells_a_year_of_key_account_service() -> None:
    company = load_demo_organisation().company
    load_customers(company)
    summary = load_demo(company)
    assert "key accounts" in summary
    listed = Designation.objects.filter(company=company, valid_to__isnull=True)
    assert 50 <= listed.count() <= 70
    assert ContactAssignment.objects.filter(valid_to__isnull=True).count() == listed.count()
    assert DesignationRound.objects.filter(status="approved", kind="regular").count() == 2
    # The reminder of the list in force has opened the next round.
    assert DesignationRound.objects.filter(status="draft", kind="regular").exists()
    assert Interaction.objects.filter(kind="visit").count() > 100
    assert ServiceItem.objects.filter(kind="advice").exists()
    assert ContactChange.objects.filter(status="pending").count() == 1
    today = timezone.localdate()
    visits = Clock.objects.filter(standard__code="keyaccount.visit")
    states = {c.effective_state(today) for c in visits}
    assert {"met", "breached"} <= states
    rows = {
        r.code: r
        for r in compliance_by_standard(
            company=company, date_from=today.replace(year=today.year - 1), date_to=today
        )
    }
    assert rows["keyaccount.visit"].counts.met > 0
    assert rows["keyaccount.energize"].counts.total > 0
    # show both sides: items done in time and items late or overdue.
    for code in ("keyaccount.need", "keyaccount.other_service"):
        assert rows[code].counts.met > 0 and rows[code].counts.breached > 0, code
    assert load_demo(company) == "already present"
