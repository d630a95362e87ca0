"""Key-account contacts: who may be one (R-3.4.1), assignments, and changes submitted by
marketing and approved by the company (R-3.4.2)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import notify
from gridcare.customers.models import Customer
from gridcare.keyaccounts.halves import half_start
from gridcare.keyaccounts.models import (
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    KeyAccountHalfYear,
)
from gridcare.keyaccounts.services.common import (
    Actor,
    audit,
    check_time,
    check_transition,
    notify_permission,
    require_text,
)
from gridcare.keyaccounts.services.visits import visit_clock
from gridcare.org.models import Company, Department, Position, Staff
from gridcare.rules.services import clock_reassign

#: R-3.4.1: the positions that can be a contact, as (department kind or None for any
#: department, position kind): the CSC director and deputy director, the marketing
#: director, and the deputy general manager for marketing.
ELIGIBLE_POSITIONS: tuple[tuple[str | None, str], ...] = (
    (Department.Kind.CSC, Position.Kind.DIRECTOR),
    (Department.Kind.CSC, Position.Kind.DEPUTY_DIRECTOR),
    (Department.Kind.MARKETING, Position.Kind.DIRECTOR),
    (None, Position.Kind.DEPUTY_GM_MARKETING),
)


def _eligible_q(prefix: str = "") -> Q:
    condition = Q(pk__in=[])
    for department_kind, position_kind in ELIGIBLE_POSITIONS:
        clause = Q(**{f"{prefix}position__kind": position_kind})
        if department_kind is not None:
            clause &= Q(**{f"{prefix}department__kind": department_kind})
        condition |= clause
    return condition


def contact_eligible(staff: Staff) -> bool:
    """Whether `staff` holds a position that R-3.4.1 allows as a contact."""
    if not staff.user.is_active:
        return False
    return any(
        staff.position.kind == position_kind
        and (department_kind is None or staff.department.kind == department_kind)
        for department_kind, position_kind in ELIGIBLE_POSITIONS
    )


def eligible_contacts(company: Company | int) -> QuerySet[Staff]:
    """Staff of the company who can be assigned as a contact (R-3.4.1)."""
    company_id = company if isinstance(company, int) else company.pk
    return (
        Staff.objects.filter(company_id=company_id, user__is_active=True)
        .filter(_eligible_q())
        .select_related("department", "position")
        .order_by("department__kind", "position__kind", "name")
    )


def contact_check(*, staff: Staff, company: Company | int, field: str = "contact") -> None:
    """Refuse anyone R-3.4.1 does not allow, or staff of another company."""
    company_id = company if isinstance(company, int) else company.pk
    if staff.company_id != company_id:
        raise DomainError(_("The contact must work for the same company."), field=field)
    if not contact_eligible(staff):
        raise DomainError(
            _(
                "%(name)s cannot be a key-account contact: only the CSC director or deputy "
                "director, the marketing director or the deputy general manager for "
                "marketing can be one (3.4.1)."
            )
            % {"name": staff.name},
            field=field,
        )


def current_assignment(customer: Customer, *, lock: bool = False) -> ContactAssignment | None:
    qs = ContactAssignment.objects.filter(customer=customer, valid_to__isnull=True)
    if lock:
        qs = qs.select_for_update()
    return qs.select_related("contact").first()


def assign(
    *,
    customer: Customer,
    contact: Staff,
    at: datetime,
    actor: Actor,
    change: ContactChange | None = None,
    round: DesignationRound | None = None,
) -> ContactAssignment:
    """Make `contact` the account's contact from `at`, ending the current assignment.
    Called inside the transaction of an approval; the caller has checked eligibility."""
    current = current_assignment(customer, lock=True)
    if current is not None and current.contact_id == contact.pk:
        return current
    if current is not None:
        current.valid_to = max(at, current.valid_from)
        current.save(update_fields=["valid_to"])
    assignment = ContactAssignment.objects.create(
        company_id=customer.company_id,
        customer=customer,
        contact=contact,
        valid_from=at,
        replaces=current,
        change=change,
        round=round,
        assigned_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # The half year under way moves to the new contact (visits owed and the overview),
    # and so does its running visit clock: a visit missed from now on is theirs.
    half = KeyAccountHalfYear.objects.filter(
        customer=customer, half_start=half_start(timezone.localdate(at))
    ).first()
    if half is not None:
        half.contact = contact
        half.save(update_fields=["contact"])
        clock = visit_clock(half)
        if clock is not None:
            clock_reassign(
                clock=clock,
                department=contact.department,
                person=contact,
                actor=actor,
                reason=_("Contact of the key account changed to %(name)s") % {"name": contact.name},
            )
    audit(
        action="keyaccounts.contact.assigned",
        actor=actor,
        obj=customer,
        company=customer.company_id,
        payload={
            "from": current.contact.name if current else None,
            "to": contact.name,
            "change": change.pk if change else None,
            "round": round.pk if round else None,
        },
    )
    return assignment


def unassign(*, customer: Customer, at: datetime) -> None:
    """The account left the list: its contact no longer serves it."""
    current = current_assignment(customer, lock=True)
    if current is not None:
        current.valid_to = max(at, current.valid_from)
        current.save(update_fields=["valid_to"])


def _is_key_account(customer: Customer) -> bool:
    return Designation.objects.filter(customer=customer, valid_to__isnull=True).exists()


@transaction.atomic
def contact_change_propose(
    *,
    customer: Customer,
    new_contact: Staff,
    reason: str,
    actor: User,
    at: datetime | None = None,
) -> ContactChange:
    """Marketing submits a change of contact for the company's approval (R-3.4.2)."""
    at = at or timezone.now()
    check_time(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the change."))
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not _is_key_account(customer):
        raise DomainError(_("This customer is not a key account."), field="customer")
    contact_check(staff=new_contact, company=customer.company_id, field="new_contact")
    current = current_assignment(customer)
    if current is not None and current.contact_id == new_contact.pk:
        raise DomainError(_("This is already the account's contact."), field="new_contact")
    if ContactChange.objects.filter(
        customer=customer, status=ContactChange.Status.PENDING
    ).exists():
        raise DomainError(
            _("A change for this account is already waiting for approval."), field="customer"
        )
    try:
        with transaction.atomic():
            change = ContactChange.objects.create(
                company_id=customer.company_id,
                customer=customer,
                current_contact=current.contact if current else None,
                new_contact=new_contact,
                reason=reason,
                proposed_at=at,
                proposed_by=actor,
            )
    except IntegrityError as error:
        raise DomainError(
            _("A change for this account is already waiting for approval."), field="customer"
        ) from error
    audit(
        action="keyaccounts.contact_change.proposed",
        actor=actor,
        obj=change,
        company=customer.company_id,
        payload={
            "customer": customer.account_number,
            "from": current.contact.name if current else None,
            "to": new_contact.name,
            "reason": reason,
        },
    )
    notify_permission(
        company=customer.company_id,
        permission="keyaccounts.approve_contact_change",
        key=f"keyaccounts:contact-change:{change.pk}",
        title=_("Contact change to approve: %(name)s") % {"name": customer.name},
        url=reverse("keyaccounts:contact_changes"),
    )
    return change


@transaction.atomic
def contact_change_decide(
    *,
    change: ContactChange,
    approve: bool,
    note: str,
    actor: User,
    at: datetime | None = None,
) -> ContactChange:
    """The company approves or rejects a change (R-3.4.2). Approved, the new contact serves
    the account from the decision (`at`, now unless decided earlier); the old assignment
    stays in the history."""
    change = ContactChange.objects.select_for_update().select_related("customer").get(pk=change.pk)
    to = ContactChange.Status.APPROVED if approve else ContactChange.Status.REJECTED
    check_transition(change, to)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Give the reason for rejecting."), field="note")
    if approve and change.proposed_by_id == actor.pk:
        raise DomainError(_("Someone else must approve your own proposal."), field="change")
    now = at or timezone.now()
    check_time(now)
    if now < change.proposed_at:
        raise DomainError(_("The decision cannot come before the proposal."), field="at")
    if approve:
        contact_check(staff=change.new_contact, company=change.company_id, field="new_contact")
        if not _is_key_account(change.customer):
            raise DomainError(_("This customer is no longer a key account."), field="customer")
        current = current_assignment(change.customer)
        if (current.contact_id if current else None) != change.current_contact_id:
            raise DomainError(
                _("The contact changed since this was proposed; propose the change again."),
                field="change",
            )
        assign(
            customer=change.customer, contact=change.new_contact, at=now, actor=actor, change=change
        )
    change.status = to
    change.decided_at, change.decided_by, change.decision_note = now, actor, note
    change.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit(
        action=f"keyaccounts.contact_change.{to}",
        actor=actor,
        obj=change,
        company=change.company_id,
        payload={"customer": change.customer.account_number, "note": note},
    )
    notify(
        recipient=change.proposed_by,
        key=f"keyaccounts:contact-change-decided:{change.pk}",
        title=(
            _("Contact change approved: %(name)s")
            if approve
            else _("Contact change rejected: %(name)s")
        )
        % {"name": change.customer.name},
        url=reverse("keyaccounts:contact_changes"),
    )
    return change


@transaction.atomic
def contact_change_withdraw(*, change: ContactChange, actor: User) -> ContactChange:
    change = ContactChange.objects.select_for_update().get(pk=change.pk)
    check_transition(change, ContactChange.Status.WITHDRAWN)
    change.status = ContactChange.Status.WITHDRAWN
    change.decided_at, change.decided_by = timezone.now(), actor
    change.save(update_fields=["status", "decided_at", "decided_by"])
    audit(
        action="keyaccounts.contact_change.withdrawn",
        actor=actor,
        obj=change,
        company=change.company_id,
    )
    return change
