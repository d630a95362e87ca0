"""The demo loaders of customers and applications: deterministic and idempotent."""

from __future__ import annotations

import pytest

from gridcare.applications.demo import load_demo as load_applications
from gridcare.applications.models import Application
from gridcare.customers.demo import load_demo as load_customers
from gridcare.customers.models import Customer
from gridcare.org.demo import load_demo_organisation
from gridcare.rules.models import Clock

pytestmark = pytest.mark.django_db


def test_the_demo_loads_customers_and_a_year_of_applications_once(monkeypatch) -> None:
    monkeypatch.setattr("gridcare.applications.demo.COUNT", 60)
    company = load_demo_organisation().company
    assert load_customers(company).startswith("2000 customers created")
    assert load_applications(company).startswith("60 applications")
    towns = set(Customer.objects.values_list("town", flat=True))
    assert {"龍崗街道", "棠香街道", "龍水鎮"} <= towns
    assert Customer.objects.filter(is_key_account=True).exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"closed", "plan_replied"} <= statuses
    assert Clock.objects.filter(standard__code="application.plan_reply").count() == 60
    before = (Customer.objects.count(), Application.objects.count(), Clock.objects.count())
    assert load_customers(company).startswith("0 customers created")
    assert load_applications(company) == "already present"
    assert (Customer.objects.count(), Application.objects.count(), Clock.objects.count()) == before
