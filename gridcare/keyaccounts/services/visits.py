"""Visits and phone contacts (R-3.6.1) and the half-yearly visit clocks.

Each key account is visited at least once every half year (Jan–Jun, Jul–Dec). For each
account and half year the account belongs to the list, a `KeyAccountHalfYear` row carries
a clock of standard `keyaccount.visit` (unit: half years, so it is due on the half year's
last day); the first visit of that half year stops it.

What an account designated during a half year owes (the rule tested in
tests/test_visits.py):

- an account on the list on the half year's first day owes that half year's visit; its
  clock starts on that first day;
- an account designated during the half year owes that half year's visit when it was
  designated before the cut-off, the first day of the half year's fourth month (before
  1 April or 1 October): its clock starts on the day of designation and is still due at
  the half year's end, three months or more later;
- designated on or after the cut-off, it owes nothing in that half year (the row says so,
  without a clock) and its first visit is owed in the next half year.

The cut-off is a parameter of the standard (`owe_cutoff_months`, default 3), so the
marketing department can change it with a new version of the standard (R-4.3).

An account that leaves the list during a half year no longer owes that half year's visit:
a clock still in time is ended as exempted, one already late stays a breach
(rules.services.clock_end_with_subject).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.customers.models import Customer
from gridcare.keyaccounts.halves import half_end, half_start
from gridcare.keyaccounts.models import (
    ContactAssignment,
    Designation,
    Interaction,
    KeyAccountHalfYear,
    ServiceItem,
)
from gridcare.keyaccounts.services.common import Actor, audit, check_time, day_start, require_text
from gridcare.org.models import Department
from gridcare.org.selectors import staff_of
from gridcare.rules import catalogue
from gridcare.rules.deadlines import add_months
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of, standard_in_force
from gridcare.rules.services import clock_end_with_subject, clock_start, clock_stop

VISIT = "keyaccount.visit"
DEFAULT_CUTOFF_MONTHS = catalogue.OWE_CUTOFF.default
ATTRS = {"is_key_account": True}


def cutoff_months(company_id: int, half: date) -> int:
    standard = standard_in_force(company=company_id, code=VISIT, on=half, attrs=ATTRS)
    if standard is None:
        return DEFAULT_CUTOFF_MONTHS
    return int(catalogue.parameter(standard, "owe_cutoff_months"))


def owes_visit(*, designated_on: date, half: date, cutoff: int = DEFAULT_CUTOFF_MONTHS) -> bool:
    """Whether an account designated on `designated_on` owes the visit of the half year
    starting `half` (see the module docstring)."""
    return designated_on < add_months(half_start(half), cutoff)


def designation_on(customer: Customer | int, day: date) -> Designation | None:
    """The designation that made `customer` a key account on `day`, if any."""
    customer_id = customer if isinstance(customer, int) else customer.pk
    return (
        Designation.objects.filter(customer_id=customer_id, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .order_by("-valid_from")
        .first()
    )


def visit_clock(row: KeyAccountHalfYear) -> Clock | None:
    return next((c for c in clocks_of(row) if c.standard.code == VISIT), None)


def _contact_on(customer_id: int, at: datetime) -> ContactAssignment | None:
    return (
        ContactAssignment.objects.filter(customer_id=customer_id, valid_from__lte=at)
        .exclude(valid_to__lte=at)
        .select_related("contact__department", "contact__user")
        .order_by("-valid_from")
        .first()
    )


def half_year_ensure(
    *, customer: Customer, on: date, actor: Actor = None
) -> KeyAccountHalfYear | None:
    """The row of `customer` for the half year holding `on`, created (with its visit clock
    when a visit is owed) if the customer was a key account on `on`; else None."""
    start = half_start(on)
    row = KeyAccountHalfYear.objects.filter(customer=customer, half_start=start).first()
    if row is not None:
        return row
    designation = designation_on(customer, on)
    if designation is None:
        return None
    designated_on = designation.valid_from
    owed = owes_visit(
        designated_on=designated_on, half=start, cutoff=cutoff_months(customer.company_id, start)
    )
    clock_day = max(start, designated_on)
    # The contact serving it now, or at the end of a half year already past.
    assignment = _contact_on(
        customer.pk, min(timezone.now(), day_start(add_months(start, 6)) - timedelta(seconds=1))
    )
    contact = assignment.contact if assignment else None
    try:
        with transaction.atomic():
            row = KeyAccountHalfYear.objects.create(
                company_id=customer.company_id,
                customer=customer,
                half_start=start,
                owes_visit=owed,
                designated_on=designated_on,
                contact=contact,
            )
            if owed:
                clock_start(
                    subject=row,
                    code=VISIT,
                    company=customer.company,
                    started_at=day_start(clock_day),
                    attrs=ATTRS,
                    department=contact.department if contact else None,
                    staff=contact,
                    is_key_account=True,
                    actor=actor,
                )
    except IntegrityError:
        # Opened at the same moment by the daily task: use that row.
        return KeyAccountHalfYear.objects.get(customer=customer, half_start=start)
    return row


def half_year_leave(*, customer: Customer, at: datetime, reason: str, actor: User) -> None:
    """The account left the list: the visit of the half year under way is no longer owed."""
    row = (
        KeyAccountHalfYear.objects.select_for_update()
        .filter(customer=customer, half_start=half_start(timezone.localdate(at)))
        .first()
    )
    if row is None:
        return
    row.left_on = timezone.localdate(at)
    row.save(update_fields=["left_on"])
    clock = visit_clock(row)
    if clock is not None and clock.stopped_at is None:
        clock_end_with_subject(clock=clock, at=at, reason=reason, actor=actor)


def visit_half_years_open(*, today: date | None = None) -> int:
    """Open this half year's row and visit clock for every key account that has none yet
    (run daily; idempotent). Returns how many were opened."""
    today = today or timezone.localdate()
    start = half_start(today)
    missing = (
        Designation.objects.filter(valid_to__isnull=True, valid_from__lte=today)
        .exclude(customer__keyaccount_half_years__half_start=start)
        .select_related("customer__company")
    )
    opened = 0
    for designation in missing.iterator(chunk_size=500):
        with transaction.atomic():
            if half_year_ensure(customer=designation.customer, on=today) is not None:
                opened += 1
    return opened


@dataclass(frozen=True)
class NeedInput:
    """A need or power problem raised during a visit (R-3.6.2)."""

    title: str
    department: Department
    due: date
    detail: str = ""


@transaction.atomic
def interaction_record(
    *,
    customer: Customer,
    kind: str,
    at: datetime,
    summary: str,
    actor: User,
    participants: str = "",
    needs: tuple[NeedInput, ...] = (),
) -> Interaction:
    """Record a visit or a phone contact (R-3.6.1). The first visit of a half year stops
    that half year's clock; needs raised become service items (R-3.6.2)."""
    if kind not in Interaction.Kind.values:
        raise DomainError(_("Choose a visit or a phone contact."), field="kind")
    day = check_time(at, company=customer.company)
    summary = require_text(summary, field="summary", message=_("Say what was discussed."))
    staff = staff_of(actor)
    if staff is None:
        raise DomainError(_("Only staff can record a visit."), field="kind")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if designation_on(customer, day) is None:
        raise DomainError(_("This customer was not a key account on that day."), field="at")
    interaction = Interaction.objects.create(
        company_id=customer.company_id,
        customer=customer,
        kind=kind,
        at=at,
        contact=staff,
        participants=participants.strip()[:300],
        summary=summary,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    if kind == Interaction.Kind.VISIT:
        _visit_counts(customer, interaction, actor)
    from gridcare.keyaccounts.services.items import service_item_create

    for need in needs:
        service_item_create(
            customer=customer,
            kind=ServiceItem.Kind.NEED,
            title=need.title,
            detail=need.detail,
            department=need.department,
            due=need.due,
            interaction=interaction,
            at=at,
            actor=actor,
        )
    audit(
        action=f"keyaccounts.{kind}.recorded",
        actor=actor,
        obj=interaction,
        company=customer.company_id,
        payload={"customer": customer.account_number, "at": at.isoformat(), "needs": len(needs)},
    )
    return interaction


def _visit_counts(customer: Customer, visit: Interaction, actor: User) -> None:
    """The visit is the half year's first (it stops the clock) or an earlier one recorded
    late (the row then shows the earlier date)."""
    day = timezone.localdate(visit.at)
    row = half_year_ensure(customer=customer, on=day, actor=actor)
    if row is None:
        return
    row = KeyAccountHalfYear.objects.select_for_update().get(pk=row.pk)
    if row.visited_on is not None and row.visited_on <= day:
        return
    row.first_visit, row.visited_on = visit, day
    row.save(update_fields=["first_visit", "visited_on"])
    clock = visit_clock(row)
    if clock is not None and clock.stopped_at is None and clock.state != Clock.State.EXEMPTED:
        clock_stop(clock=clock, at=max(visit.at, clock.started_at), actor=actor)


def half_year_due(row: KeyAccountHalfYear) -> date:
    return half_end(row.half_start)
