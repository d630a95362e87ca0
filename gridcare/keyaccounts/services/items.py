"""Service items tracked to completion (R-3.5.1, R-3.6.2, R-3.6.4, R-3.6.5, R-3.7.4,
R-3.7.6) and assessment proposals (R-3.5.2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.customers.models import Customer
from gridcare.keyaccounts import ledger
from gridcare.keyaccounts.models import (
    AssessmentProposal,
    Designation,
    Interaction,
    ServiceItem,
    ServiceItemNote,
)
from gridcare.keyaccounts.services.common import (
    audit,
    check_time,
    check_transition,
    notify_permission,
    require_text,
)
from gridcare.org.models import Department
from gridcare.rules import deadlines
from gridcare.rules.models import Clause
from gridcare.rules.selectors import profile_in_force, standard_in_force
from gridcare.workdays.selectors import calendar_snapshot

#: Days given to a tracked item whose kind no standard times (business on the customer's
#: behalf follows the application or matter it created).
DEFAULT_DUE_DAYS = 14


def default_due(*, company_id: int, kind: str, on: date) -> date:
    """The due date proposed for a new item raised on `on`: the limit of the standard of
    its kind in force (R-3.6.2 `keyaccount.need`, R-3.7.6 `keyaccount.other_service`),
    so that marketing changes it with a new version of the standard (R-4.3)."""
    code = ServiceItem.STANDARDS.get(kind)  # type: ignore[call-overload]
    standard = (
        standard_in_force(company=company_id, code=code, on=on, attrs={"is_key_account": True})
        if code
        else None
    )
    if standard is None or standard.unit not in deadlines.DEADLINE_UNITS:
        return on + timedelta(days=DEFAULT_DUE_DAYS)
    return deadlines.due_date(
        unit=standard.unit,
        amount=standard.amount,
        start=on,
        paused=0,
        snapshot=calendar_snapshot(),
    ).date


def period_date(item: ServiceItem) -> date:
    """The date an item counts on in compliance figures (R-3.6.2, R-3.7.6), by the clocks'
    rule: the local date it was completed, else its due date, else the day it was raised."""
    if item.completed_at is not None:
        return timezone.localdate(item.completed_at)
    return item.due or timezone.localdate(item.raised_at)


def _check_link(customer: Customer, linked: models.Model | None) -> None:
    """A linked application or matter must be this customer's own."""
    if linked is None:
        return
    if getattr(linked, "customer_id", customer.pk) != customer.pk:
        raise DomainError(_("That record belongs to another customer."), field="linked")


@transaction.atomic
def service_item_create(
    *,
    customer: Customer,
    kind: str,
    title: str,
    actor: User,
    detail: str = "",
    department: Department | None = None,
    due: date | None = None,
    interaction: Interaction | None = None,
    linked: models.Model | None = None,
    at: datetime | None = None,
) -> ServiceItem:
    """Record a service item for a key account. Needs, business handled on the customer's
    behalf and other services get a responsible department and a due date and are tracked
    to completion; consultations and energy-efficiency advice are recorded as done."""
    if kind not in ServiceItem.Kind.values:
        raise DomainError(_("Choose the kind of service item."), field="kind")
    at = at or timezone.now()
    day = check_time(at, company=customer.company)
    title = require_text(title, field="title", message=_("Give the item a title."))
    if not Designation.objects.filter(customer=customer, valid_to__isnull=True).exists():
        raise DomainError(_("This customer is not a key account."), field="customer")
    tracked = kind in ServiceItem.TRACKED
    if tracked:
        if department is None:
            raise DomainError(_("Choose the responsible department."), field="department")
        if department.company_id != customer.company_id:
            raise DomainError(_("Choose a department of this company."), field="department")
        if due is None:
            raise DomainError(_("Give the due date."), field="due")
        if due < day:
            raise DomainError(_("The due date cannot come before the item."), field="due")
    _check_link(customer, linked)
    item = ServiceItem.objects.create(
        company_id=customer.company_id,
        customer=customer,
        kind=kind,
        title=title[:200],
        detail=detail.strip(),
        raised_at=at,
        raised_by=actor,
        interaction=interaction,
        department=department if tracked else None,
        due=due if tracked else None,
        status=ServiceItem.Status.OPEN if tracked else ServiceItem.Status.DONE,
        completed_at=None if tracked else at,
        linked_type=ContentType.objects.get_for_model(linked) if linked is not None else None,
        linked_id=linked.pk if linked is not None else None,
        period_date=due if tracked and due else day,
    )
    audit(
        action="keyaccounts.item.created",
        actor=actor,
        obj=item,
        company=customer.company_id,
        payload={
            "customer": customer.account_number,
            "kind": kind,
            "department": department.name if tracked and department else None,
            "due": due.isoformat() if tracked and due else None,
        },
    )
    return item


@transaction.atomic
def service_item_progress(
    *,
    item: ServiceItem,
    note: str,
    actor: User,
    status: str = "",
    at: datetime | None = None,
) -> ServiceItem:
    """Record progress on an item and, optionally, move it on (done needs the outcome:
    the note says what was done). `at` is when it happened, if earlier than now."""
    at = at or timezone.now()
    check_time(at)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if at < item.raised_at:
        raise DomainError(_("Progress cannot come before the item was raised."), field="at")
    note = require_text(note, field="note", message=_("Say what was done."))
    status = status or ""
    if status and status != item.status:
        check_transition(item, status)
        item.status = status
        if status == ServiceItem.Status.DONE:
            item.completed_at, item.outcome = at, note
        elif status == ServiceItem.Status.IN_PROGRESS:
            item.completed_at = None
        item.period_date = period_date(item)
        item.save(update_fields=["status", "completed_at", "outcome", "period_date"])
    elif status and status == item.status:
        status = ""
    ServiceItemNote.objects.create(item=item, at=at, by=actor, note=note, status_to=status)
    audit(
        action="keyaccounts.item.progress",
        actor=actor,
        obj=item,
        company=item.company_id,
        payload={"note": note, "status": status or None},
    )
    return item


@transaction.atomic
def service_item_link(*, item: ServiceItem, linked: models.Model, actor: User) -> ServiceItem:
    """Link the business handled on the customer's behalf to the application or matter it
    created (R-3.6.4)."""
    item = ServiceItem.objects.select_for_update().select_related("customer").get(pk=item.pk)
    _check_link(item.customer, linked)
    item.linked_type = ContentType.objects.get_for_model(linked)
    item.linked_id = linked.pk
    item.save(update_fields=["linked_type", "linked_id"])
    audit(
        action="keyaccounts.item.linked",
        actor=actor,
        obj=item,
        company=item.company_id,
        payload={"linked": f"{item.linked_type.model}:{linked.pk}"},
    )
    return item


def clauses_for_proposals(company_id: int, on: date | None = None) -> list[Clause]:
    """The clauses of the key-account part of the measures in force (R-3.x) a proposal can
    cite."""
    profile = profile_in_force(company=company_id, on=on or timezone.localdate())
    if profile is None:
        return []
    return list(
        Clause.objects.filter(profile=profile, number__startswith="3.").order_by("sort_key")
    )


@transaction.atomic
def proposal_create(
    *,
    department: Department,
    clause: Clause,
    reason: str,
    actor: User,
    evidence: str = "",
    customer: Customer | None = None,
    item: ServiceItem | None = None,
) -> AssessmentProposal:
    """A contact proposes assessing a department that did not deliver (R-3.5.2); it goes
    to the assessment ledger, whose review decides it (R-3.9.1, R-4.2; see ledger.py)."""
    reason = require_text(reason, field="reason", message=_("Say what was not delivered."))
    company_id = department.company_id
    for record in (customer, item):
        if record is not None and record.company_id != company_id:
            raise DomainError(
                _("The department and the key account must be of the same company."),
                field="department",
            )
    if clause.pk not in {c.pk for c in clauses_for_proposals(company_id)}:
        raise DomainError(_("Cite a clause of the key-account measures."), field="clause")
    proposal = AssessmentProposal.objects.create(
        company_id=company_id,
        department=department,
        customer=customer or (item.customer if item else None),
        item=item,
        clause=clause,
        reason=reason,
        evidence=evidence.strip(),
        proposed_at=timezone.now(),
        proposed_by=actor,
    )
    ledger.record(proposal)
    audit(
        action="keyaccounts.proposal.created",
        actor=actor,
        obj=proposal,
        company=company_id,
        payload={"department": department.name, "clause": clause.number, "reason": reason},
    )
    # The marketing department reviews assessments.
    notify_permission(
        company=company_id,
        permission="keyaccounts.draft_round",
        key=f"keyaccounts:proposal:{proposal.pk}",
        title=_("Assessment proposed: %(department)s (%(clause)s)")
        % {"department": department.name, "clause": clause.number},
        url=reverse("keyaccounts:proposal_list"),
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: AssessmentProposal, actor: User) -> AssessmentProposal:
    proposal = AssessmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id != actor.pk:
        raise DomainError(_("Only the proposer can withdraw a proposal."), field="proposal")
    if proposal.status != AssessmentProposal.Status.PROPOSED:
        raise DomainError(_("This proposal was already decided."), field="proposal")
    proposal.status = AssessmentProposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])
    ledger.withdraw(proposal, actor)
    audit(
        action="keyaccounts.proposal.withdrawn",
        actor=actor,
        obj=proposal,
        company=proposal.company_id,
    )
    return proposal
