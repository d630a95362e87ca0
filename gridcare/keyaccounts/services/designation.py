"""The key-account list (R-3.3): thresholds, the list in force as designation periods, the
company's adjustments, and the key-account flag of customers. Rounds, which replace the
list every two years, are in services.rounds.

Every call is one transaction and audits what it changed (DESIGN.md 1, 3); status changes
go through `check_transition` against DesignationRound.TRANSITIONS (DESIGN.md 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.customers.models import Customer
from gridcare.customers.services import customer_set_key_account
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.models import (
    RATING_ORDER,
    Designation,
    DesignationRound,
    DesignationSettings,
)
from gridcare.keyaccounts.services.common import (
    Actor,
    audit,
    check_time,
    require_text,
)
from gridcare.keyaccounts.services.contacts import (
    assign,
    contact_check,
    unassign,
)
from gridcare.keyaccounts.services.visits import half_year_ensure, half_year_leave
from gridcare.org.models import Company, Staff

ROUND = "keyaccount.designation_round"
Kind = DesignationRound.Kind
Status = DesignationRound.Status


# --- thresholds -----------------------------------------------------------------------------


@transaction.atomic
def designation_settings_update(
    *, company: Company, min_annual_consumption_kwh: int, min_credit_rating: str, actor: User
) -> DesignationSettings:
    """Change the thresholds of R-3.3.1 ("thresholds are settings"). Rounds already drafted
    keep the criteria their entries met."""
    if min_credit_rating not in RATING_ORDER:
        raise DomainError(_("Choose a payment credit rating."), field="min_credit_rating")
    if min_annual_consumption_kwh < 1:
        raise DomainError(
            _("The threshold must be at least 1 kWh."), field="min_annual_consumption_kwh"
        )
    current = criteria.settings_for(company)
    before = {
        "min_annual_consumption_kwh": current.min_annual_consumption_kwh,
        "min_credit_rating": current.min_credit_rating,
    }
    settings, _created = DesignationSettings.objects.update_or_create(
        company=company,
        defaults={
            "min_annual_consumption_kwh": min_annual_consumption_kwh,
            "min_credit_rating": min_credit_rating,
            "updated_at": timezone.now(),
            "updated_by": actor,
        },
    )
    audit(
        action="keyaccounts.settings.changed",
        actor=actor,
        obj=settings,
        company=company,
        payload={
            "from": before,
            "to": {
                "min_annual_consumption_kwh": min_annual_consumption_kwh,
                "min_credit_rating": min_credit_rating,
            },
        },
    )
    return settings


# --- the list in force and the customers' flag ----------------------------------------------


def keyaccount_flags_sync(
    *, company: Company | int, customer_ids: Iterable[int] | None = None, actor: Actor, reason: str
) -> int:
    """Make Customer.is_key_account say what the list in force says, for the customers
    given (all of the company's when None). Mismatches are found in one query each way
    and set through the customers app's service, which re-sorts their open work
    (R-3.7.3). Returns how many flags changed."""
    company_id = company if isinstance(company, int) else company.pk
    customers = Customer.objects.filter(company_id=company_id)
    if customer_ids is not None:
        customers = customers.filter(pk__in=list(customer_ids))
    listed = Designation.objects.filter(company_id=company_id, valid_to__isnull=True).values(
        "customer_id"
    )
    wrong = list(customers.filter(is_key_account=False, pk__in=listed)) + list(
        customers.filter(is_key_account=True).exclude(pk__in=listed)
    )
    for customer in wrong:
        customer_set_key_account(
            customer=customer, value=not customer.is_key_account, actor=actor, reason=reason
        )
    return len(wrong)


def open_designations(company_id: int) -> dict[int, Designation]:
    return {
        d.customer_id: d
        for d in Designation.objects.select_for_update().filter(
            company_id=company_id, valid_to__isnull=True
        )
    }


def designate(
    *,
    customer: Customer,
    at: datetime,
    actor: User,
    reason: str,
    criteria_met: list[str],
    contact: Staff | None,
    round: DesignationRound | None,
) -> Designation:
    designation = Designation.objects.create(
        company_id=customer.company_id,
        customer=customer,
        valid_from=timezone.localdate(at),
        round=round,
        criteria=criteria_met,
        start_reason=reason,
        started_at=at,
        started_by=actor,
    )
    if contact is not None:
        assign(customer=customer, contact=contact, at=at, actor=actor, round=round)
    half_year_ensure(customer=customer, on=timezone.localdate(at), actor=actor)
    return designation


def undesignate(
    *,
    designation: Designation,
    at: datetime,
    actor: User,
    reason: str,
    round: DesignationRound | None,
) -> None:
    designation.valid_to = max(timezone.localdate(at), designation.valid_from)
    designation.ended_round, designation.end_reason = round, reason
    designation.ended_at, designation.ended_by = at, actor
    designation.save(
        update_fields=["valid_to", "ended_round", "end_reason", "ended_at", "ended_by"]
    )
    unassign(customer=designation.customer, at=at)
    half_year_leave(customer=designation.customer, at=at, reason=reason, actor=actor)


@transaction.atomic
def keyaccount_list_adjust(
    *,
    customer: Customer,
    add: bool,
    reason: str,
    actor: User,
    contact: Staff | None = None,
    at: datetime | None = None,
) -> Designation:
    """The company adjusts the approved list with a reason (R-3.3.4): adds a customer (with
    its contact) or removes one, from today."""
    at = at or timezone.now()
    check_time(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the adjustment."))
    customer = Customer.objects.select_for_update().select_related("company").get(pk=customer.pk)
    current = Designation.objects.filter(customer=customer, valid_to__isnull=True).first()
    if add:
        if current is not None:
            raise DomainError(_("This customer is already a key account."), field="customer")
        if contact is None:
            raise DomainError(_("Name the account's contact."), field="contact")
        contact_check(staff=contact, company=customer.company_id)
        designation = designate(
            customer=customer,
            at=at,
            actor=actor,
            reason=reason,
            criteria_met=criteria.criteria_met(customer, criteria.settings_for(customer.company)),
            contact=contact,
            round=None,
        )
    else:
        if current is None:
            raise DomainError(_("This customer is not a key account."), field="customer")
        undesignate(designation=current, at=at, actor=actor, reason=reason, round=None)
        designation = current
    audit(
        action="keyaccounts.list.added" if add else "keyaccounts.list.removed",
        actor=actor,
        obj=customer,
        company=customer.company_id,
        payload={"reason": reason, "contact": contact.name if contact else None},
    )
    keyaccount_flags_sync(
        company=customer.company_id, customer_ids=[customer.pk], actor=actor, reason=reason
    )
    return designation
