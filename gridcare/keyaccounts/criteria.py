"""The designation criteria of R-3.3.1 as data: one condition per criterion, evaluated by the
database over the whole customer register in one query.

- county party committee and county government: `is_government_body`;
- large consumption together with a high payment credit rating: annual consumption at
  least the company's threshold AND a rating at least the company's minimum;
- key projects whose supply a county-or-higher government requires guaranteed:
  `is_key_project`;
- special guarantee needs with a deposit or collateral paid: both flags.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from gridcare.customers.models import Customer
from gridcare.keyaccounts.models import Criterion, DesignationSettings
from gridcare.org.models import Company


def settings_for(company: Company) -> DesignationSettings:
    """The company's thresholds, or the defaults (unsaved) when it has none."""
    found = DesignationSettings.objects.filter(company=company).first()
    return found or DesignationSettings(company=company, updated_at=timezone.now())


def conditions(settings: DesignationSettings) -> dict[str, Q]:
    """Each criterion as a condition on Customer."""
    return {
        Criterion.GOVERNMENT: Q(is_government_body=True),
        Criterion.LARGE_CONSUMER: Q(
            annual_consumption_kwh__gte=settings.min_annual_consumption_kwh,
            credit_rating__in=settings.ratings,
        ),
        Criterion.KEY_PROJECT: Q(is_key_project=True),
        Criterion.SPECIAL_GUARANTEE: Q(special_guarantee_need=True, deposit_paid=True),
    }


@dataclass(frozen=True)
class Candidate:
    customer: Customer
    criteria: list[str]


def _annotated(qs: QuerySet[Customer], settings: DesignationSettings) -> QuerySet[Customer]:
    return qs.annotate(
        **{
            f"meets_{code}": ExpressionWrapper(condition, output_field=BooleanField())
            for code, condition in conditions(settings).items()
        }
    )


def criteria_met(customer: Customer, settings: DesignationSettings) -> list[str]:
    """The criteria one customer meets (read from its annotations when it has them)."""
    met = []
    for code in Criterion.values:
        value = getattr(customer, f"meets_{code}", None)
        if value is None:
            value = _meets_in_python(customer, settings, code)
        if value:
            met.append(code)
    return met


def _meets_in_python(customer: Customer, settings: DesignationSettings, code: str) -> bool:
    if code == Criterion.GOVERNMENT:
        return customer.is_government_body
    if code == Criterion.LARGE_CONSUMER:
        return (
            customer.annual_consumption_kwh >= settings.min_annual_consumption_kwh
            and customer.credit_rating in settings.ratings
        )
    if code == Criterion.KEY_PROJECT:
        return customer.is_key_project
    return customer.special_guarantee_need and customer.deposit_paid


def candidate_queryset(company: Company, settings: DesignationSettings) -> QuerySet[Customer]:
    """Every customer of the company meeting at least one criterion, annotated with which."""
    any_criterion = Q()
    for condition in conditions(settings).values():
        any_criterion |= condition
    return _annotated(Customer.objects.filter(company=company).filter(any_criterion), settings)


def candidates(company: Company) -> list[Candidate]:
    """The candidates the system proposes (R-3.3.1), each with the criteria it meets."""
    settings = settings_for(company)
    return [
        Candidate(customer, criteria_met(customer, settings))
        for customer in candidate_queryset(company, settings).order_by("account_number")
    ]


def attach_criteria(customers: list[Customer]) -> list[Customer]:
    """The criteria each customer of a page meets (`ka_criteria`), one settings read per
    company."""
    by_company: dict[int, DesignationSettings] = {}
    for customer in customers:
        if customer.company_id not in by_company:
            by_company[customer.company_id] = settings_for(customer.company)
        customer.ka_criteria = criteria_met(customer, by_company[customer.company_id])  # type: ignore[attr-defined]
    return customers
