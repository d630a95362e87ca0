"""R-3.3.1: the system evaluates every customer against the designation criteria and
proposes candidates, each with the criteria it meets; thresholds are settings."""

from __future__ import annotations

import pytest

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent
from gridcare.keyaccounts.criteria import candidates, criteria_met, settings_for
from gridcare.keyaccounts.services.designation import (
    designation_settings_update,
)

pytestmark = pytest.mark.django_db

THRESHOLD = 1_000_000


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"is_government_body": True}, ["government"]),
        ({"annual_consumption_kwh": THRESHOLD, "credit_rating": "AA"}, ["large_consumer"]),
        ({"annual_consumption_kwh": THRESHOLD, "credit_rating": "AAA"}, ["large_consumer"]),
        # Just below the consumption threshold, or a rating below the minimum: not large.
        ({"annual_consumption_kwh": THRESHOLD - 1, "credit_rating": "AAA"}, []),
        ({"annual_consumption_kwh": THRESHOLD * 5, "credit_rating": "A"}, []),
        ({"annual_consumption_kwh": THRESHOLD * 5, "credit_rating": ""}, []),
        ({"is_key_project": True}, ["key_project"]),
        ({"special_guarantee_need": True, "deposit_paid": True}, ["special_guarantee"]),
        # A special guarantee need counts only with the deposit or collateral paid.
        ({"special_guarantee_need": True}, []),
        ({"deposit_paid": True}, []),
        (
            {"is_government_body": True, "is_key_project": True},
            ["government", "key_project"],
        ),
        ({}, []),
    ],
)
def test_each_criterion_and_its_threshold_edge(make_customer, company, fields, expected) -> None:
    customer = make_customer(**fields)
    assert criteria_met(customer, settings_for(company)) == expected
    proposed = {c.customer.pk: c.criteria for c in candidates(company)}
    if expected:
        assert proposed[customer.pk] == expected
    else:
        assert customer.pk not in proposed


def test_thresholds_are_settings_that_change_the_candidates(
    make_customer, company, marketing_director
) -> None:
    """R-3.3.1 "thresholds are settings": lowering them makes more candidates."""
    customer = make_customer(annual_consumption_kwh=600_000, credit_rating="A")
    assert customer.pk not in {c.customer.pk for c in candidates(company)}
    designation_settings_update(
        company=company,
        min_annual_consumption_kwh=500_000,
        min_credit_rating="A",
        actor=marketing_director,
    )
    assert {c.customer.pk: c.criteria for c in candidates(company)}[customer.pk] == [
        "large_consumer"
    ]
    event = AuditEvent.objects.get(action="keyaccounts.settings.changed")
    assert event.payload["from"]["min_credit_rating"] == "AA"
    assert event.payload["to"]["min_annual_consumption_kwh"] == 500_000


@pytest.mark.parametrize(
    ("kwh", "rating", "field"),
    [(0, "AA", "min_annual_consumption_kwh"), (1000, "D", "min_credit_rating")],
)
def test_bad_thresholds_are_refused(company, marketing_director, kwh, rating, field) -> None:
    with pytest.raises(DomainError) as error:
        designation_settings_update(
            company=company,
            min_annual_consumption_kwh=kwh,
            min_credit_rating=rating,
            actor=marketing_director,
        )
    assert error.value.field == field
    assert settings_for(company).pk is None


def test_candidates_are_only_the_companys_own(make_customer, company, other_company) -> None:
    make_customer(company=other_company, is_government_body=True)
    assert candidates(company) == []
