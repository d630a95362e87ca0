"""Designation rounds (R-3.3.2 … R-3.3.4): marketing drafts the list from the candidates,
the company approves it for two years, the reminder opens the next round; interim
additions of special customers between rounds.

Every call is one transaction and audits what it changed (DESIGN.md 1, 3); status changes
go through `check_transition` against DesignationRound.TRANSITIONS (DESIGN.md 4).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import notify
from gridcare.customers.models import Customer
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.models import (
    ContactAssignment,
    Designation,
    DesignationRound,
    RoundEntry,
)
from gridcare.keyaccounts.services.common import (
    Actor,
    audit,
    check_time,
    check_transition,
    notify_permission,
    require_text,
)
from gridcare.keyaccounts.services.contacts import (
    assign,
    contact_check,
    contact_eligible,
)
from gridcare.keyaccounts.services.designation import (
    designate,
    keyaccount_flags_sync,
    open_designations,
    undesignate,
)
from gridcare.org.models import Company, Department, Staff
from gridcare.org.selectors import staff_of
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of
from gridcare.rules.services import clock_start, clock_stop

ROUND = "keyaccount.designation_round"
Kind = DesignationRound.Kind
Status = DesignationRound.Status


def _default_title(kind: str, at: datetime) -> str:
    day = timezone.localdate(at)
    if kind == Kind.INTERIM:
        return _("Interim addition %(date)s") % {"date": day.isoformat()}
    # A list drafted in the second half of a year serves the next two years.
    first = day.year if day.month <= 6 else day.year + 1
    return _("Key-account list %(first)s–%(last)s") % {"first": first, "last": first + 1}


def _current_contacts(company_id: int) -> dict[int, Staff]:
    return {
        a.customer_id: a.contact
        for a in ContactAssignment.objects.filter(
            company_id=company_id, valid_to__isnull=True
        ).select_related("contact__user", "contact__department", "contact__position")
    }


@transaction.atomic
def designation_round_open(
    *,
    company: Company,
    actor: Actor,
    kind: str = Kind.REGULAR,
    title: str = "",
    at: datetime | None = None,
) -> DesignationRound:
    """Open a round. A regular round starts from the system's proposal (R-3.3.1): every
    candidate included with the criteria it meets, and every account of the list in force
    that no longer meets them shown as leaving, each with its current contact. `at` is
    when it was opened, if earlier than now (a round run on paper, entered later)."""
    at = at or timezone.now()
    check_time(at)
    if kind not in Kind.values:
        raise DomainError(_("Choose the kind of round."), field="kind")
    if (
        kind == Kind.REGULAR
        and DesignationRound.objects.filter(
            company=company, kind=Kind.REGULAR, status__in=DesignationRound.OPEN
        ).exists()
    ):
        raise DomainError(_("A designation round is already open."), field="kind")
    user = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            round = DesignationRound.objects.create(
                company=company,
                kind=kind,
                title=(title.strip() or _default_title(kind, at))[:100],
                opened_at=at,
                opened_by=user,
            )
    except IntegrityError as error:
        raise DomainError(_("A designation round is already open."), field="kind") from error
    entries = []
    if kind == Kind.REGULAR:
        settings = criteria.settings_for(company)
        in_force = open_designations(company.pk)
        contacts = _current_contacts(company.pk)
        seen = set()
        for customer in criteria.candidate_queryset(company, settings).order_by("pk"):
            seen.add(customer.pk)
            contact = contacts.get(customer.pk)
            entries.append(
                RoundEntry(
                    round=round,
                    customer=customer,
                    included=True,
                    is_candidate=True,
                    criteria=criteria.criteria_met(customer, settings),
                    in_force=customer.pk in in_force,
                    contact=contact if contact and contact_eligible(contact) else None,
                    updated_at=at,
                )
            )
        for customer_id in sorted(set(in_force) - seen):
            contact = contacts.get(customer_id)
            entries.append(
                RoundEntry(
                    round=round,
                    customer_id=customer_id,
                    included=False,
                    is_candidate=False,
                    in_force=True,
                    contact=contact if contact and contact_eligible(contact) else None,
                    updated_at=at,
                )
            )
        RoundEntry.objects.bulk_create(entries, batch_size=500)
    audit(
        action="keyaccounts.round.opened",
        actor=user,
        obj=round,
        company=company,
        payload={
            "kind": kind,
            "candidates": sum(1 for e in entries if e.is_candidate),
            "leaving": sum(1 for e in entries if not e.is_candidate),
        },
    )
    return round


def _lock_round(round: DesignationRound) -> DesignationRound:
    return DesignationRound.objects.select_for_update().select_related("company").get(pk=round.pk)


def _editable(round: DesignationRound) -> None:
    if round.status != Status.DRAFT:
        raise DomainError(_("Only a draft can be changed."), field="round")


def _entry_reason(*, included: bool, is_candidate: bool, reason: str, interim: bool) -> str:
    reason = (reason or "").strip()
    if (included != is_candidate or interim) and not reason:
        if included:
            raise DomainError(
                _("Give the reason for adding a customer that does not meet the criteria."),
                field="reason",
            )
        raise DomainError(
            _("Give the reason for leaving out a customer that meets the criteria."),
            field="reason",
        )
    return reason


@transaction.atomic
def designation_entry_update(
    *,
    entry: RoundEntry,
    included: bool,
    reason: str,
    contact: Staff | None,
    actor: User,
) -> RoundEntry:
    """Marketing keeps or leaves out a customer of the draft, with a reason when departing
    from the criteria (R-3.3.3), and names its contact (R-3.4.1)."""
    round = _lock_round(entry.round)
    _editable(round)
    entry = RoundEntry.objects.select_for_update().get(pk=entry.pk)
    reason = _entry_reason(
        included=included,
        is_candidate=entry.is_candidate,
        reason=reason,
        interim=round.kind == Kind.INTERIM,
    )
    if contact is not None:
        contact_check(staff=contact, company=round.company_id)
    before = {"included": entry.included, "reason": entry.reason, "contact": entry.contact_id}
    entry.included, entry.reason, entry.contact = included, reason, contact
    entry.updated_at = timezone.now()
    entry.save(update_fields=["included", "reason", "contact", "updated_at"])
    audit(
        action="keyaccounts.round.entry_changed",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={
            "customer": entry.customer.account_number,
            "from": before,
            "to": {
                "included": included,
                "reason": reason,
                "contact": contact.pk if contact else None,
            },
        },
    )
    return entry


@transaction.atomic
def designation_entry_add(
    *,
    round: DesignationRound,
    customer: Customer,
    reason: str,
    contact: Staff | None,
    actor: User,
) -> RoundEntry:
    """Add a customer to a draft (R-3.3.3): a customer that meets no criterion needs a
    reason; in an interim round every addition does (R-3.3.2 "special customers")."""
    round = _lock_round(round)
    _editable(round)
    if customer.company_id != round.company_id:
        raise DomainError(_("This customer belongs to another company."), field="customer")
    if RoundEntry.objects.filter(round=round, customer=customer).exists():
        raise DomainError(_("This customer is already on the draft."), field="customer")
    if (
        round.kind == Kind.INTERIM
        and Designation.objects.filter(customer=customer, valid_to__isnull=True).exists()
    ):
        raise DomainError(_("This customer is already a key account."), field="customer")
    settings = criteria.settings_for(round.company)
    met = criteria.criteria_met(customer, settings)
    reason = _entry_reason(
        included=True, is_candidate=bool(met), reason=reason, interim=round.kind == Kind.INTERIM
    )
    if contact is not None:
        contact_check(staff=contact, company=round.company_id)
    entry = RoundEntry.objects.create(
        round=round,
        customer=customer,
        included=True,
        is_candidate=bool(met),
        criteria=met,
        in_force=Designation.objects.filter(customer=customer, valid_to__isnull=True).exists(),
        reason=reason,
        contact=contact,
        updated_at=timezone.now(),
    )
    audit(
        action="keyaccounts.round.entry_added",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={"customer": customer.account_number, "criteria": met, "reason": reason},
    )
    return entry


def _check_ready(round: DesignationRound) -> list[RoundEntry]:
    """A list can go for approval when it has accounts and each has an eligible contact."""
    included = list(
        round.entries.filter(included=True).select_related(
            "customer", "contact__user", "contact__department", "contact__position"
        )
    )
    if not included:
        raise DomainError(_("The list has no key account."), field="round")
    missing = [e.customer.name for e in included if e.contact is None]
    if missing:
        raise DomainError(
            _("Name the contact of every key account (%(count)s without: %(names)s).")
            % {"count": len(missing), "names": "、".join(missing[:5])},
            field="contact",
        )
    for entry in included:
        contact_check(staff=entry.contact, company=round.company_id)  # type: ignore[arg-type]
    return included


@transaction.atomic
def designation_round_submit(
    *, round: DesignationRound, actor: User, note: str = "", at: datetime | None = None
) -> DesignationRound:
    """Marketing submits its draft to the company (R-3.3.3 → R-3.3.4). `at` is when it
    was submitted, if that was earlier (a list on paper entered later)."""
    at = at or timezone.now()
    check_time(at)
    round = _lock_round(round)
    check_transition(round, Status.SUBMITTED)
    if at < round.opened_at:
        raise DomainError(_("The submission cannot come before the round opened."), field="at")
    _check_ready(round)
    round.status = Status.SUBMITTED
    round.submitted_at, round.submitted_by = at, actor
    if note.strip():
        round.note = note.strip()
    round.save(update_fields=["status", "submitted_at", "submitted_by", "note"])
    audit(
        action="keyaccounts.round.submitted",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={"included": round.entries.filter(included=True).count()},
    )
    notify_permission(
        company=round.company_id,
        permission="keyaccounts.approve_round",
        key=f"keyaccounts:round-submitted:{round.pk}:{round.submitted_at:%Y%m%d%H%M%S}",
        title=_("Key-account list to approve: %(title)s") % {"title": round.title},
        url=reverse("keyaccounts:round_detail", args=[round.pk]),
    )
    return round


@transaction.atomic
def designation_round_return(
    *, round: DesignationRound, note: str, actor: User
) -> DesignationRound:
    """The company sends the list back to marketing for changes, saying why."""
    round = _lock_round(round)
    check_transition(round, Status.DRAFT)
    note = require_text(note, field="note", message=_("Say what should change."))
    round.status, round.decision_note = Status.DRAFT, note
    round.save(update_fields=["status", "decision_note"])
    audit(
        action="keyaccounts.round.returned",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={"note": note},
    )
    if round.submitted_by is not None:
        notify(
            recipient=round.submitted_by,
            key=f"keyaccounts:round-returned:{round.pk}:{timezone.now():%Y%m%d%H%M%S}",
            title=_("Key-account list returned: %(title)s") % {"title": round.title},
            body=note,
            url=reverse("keyaccounts:round_detail", args=[round.pk]),
        )
    return round


@transaction.atomic
def designation_round_cancel(
    *, round: DesignationRound, reason: str, actor: User
) -> DesignationRound:
    round = _lock_round(round)
    check_transition(round, Status.CANCELLED)
    reason = require_text(reason, field="reason", message=_("Give the reason."))
    round.status, round.decision_note = Status.CANCELLED, reason
    round.decided_at, round.decided_by = timezone.now(), actor
    round.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
    audit(
        action="keyaccounts.round.cancelled",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={"reason": reason},
    )
    return round


def _round_clock_restart(round: DesignationRound, at: datetime, actor: User) -> Clock | None:
    """The approved list's two years (R-3.3.2): the previous round's clock stops (met when
    this round came in time), and this round's starts, due 24 months later; the rules
    engine reminds at the standard's share and `designation_rounds_remind` opens the
    next round then."""
    previous = (
        DesignationRound.objects.filter(
            company_id=round.company_id, kind=Kind.REGULAR, status=Status.APPROVED
        )
        .exclude(pk=round.pk)
        .order_by("-decided_at", "-id")
        .first()
    )
    if previous is not None:
        for clock in clocks_of(previous):
            if clock.standard.code == ROUND and clock.stopped_at is None:
                clock_stop(clock=clock, at=max(at, clock.started_at), actor=actor)
    marketing = Department.objects.filter(
        company_id=round.company_id, kind=Department.Kind.MARKETING, is_active=True
    ).first()
    drafter = staff_of(round.opened_by) if round.opened_by else None
    return clock_start(
        subject=round,
        code=ROUND,
        company=round.company,
        started_at=at,
        department=marketing,
        staff=drafter,
        actor=actor,
    )


@transaction.atomic
def designation_round_approve(
    *, round: DesignationRound, actor: User, note: str = "", at: datetime | None = None
) -> DesignationRound:
    """The company approves the list (R-3.3.4); it takes effect on the day of approval.

    A regular round replaces the list in force: accounts not on it leave (with the
    entry's reason, or "not on the approved list"), new ones join, accounts on both stay
    without a break; each gets the contact the round names (an approved round approves
    its contact changes too, R-3.4.2). An interim round only adds its customers. `at` is
    when the company decided (a decision taken at a meeting can be recorded later).
    """
    at = at or timezone.now()
    check_time(at)
    round = _lock_round(round)
    check_transition(round, Status.APPROVED)
    if round.submitted_by_id == actor.pk:
        raise DomainError(_("Someone else must approve the list you submitted."), field="round")
    if round.submitted_at and at < round.submitted_at:
        raise DomainError(_("The approval cannot come before the submission."), field="at")
    included = _check_ready(round)
    in_force = open_designations(round.company_id)
    changed: set[int] = set()
    added = kept = removed = 0
    for entry in included:
        current = in_force.get(entry.customer_id)
        if current is None:
            designate(
                customer=entry.customer,
                at=at,
                actor=actor,
                reason=entry.reason or _("meets the criteria"),
                criteria_met=entry.criteria,
                contact=entry.contact,
                round=round,
            )
            changed.add(entry.customer_id)
            added += 1
        elif round.kind == Kind.INTERIM:
            raise DomainError(
                _("%(name)s is already a key account.") % {"name": entry.customer.name},
                field="round",
            )
        else:
            assign(customer=entry.customer, contact=entry.contact, at=at, actor=actor, round=round)  # type: ignore[arg-type]
            kept += 1
    if round.kind == Kind.REGULAR:
        leaving = set(in_force) - {e.customer_id for e in included}
        reasons = dict(
            round.entries.filter(customer_id__in=leaving).values_list("customer_id", "reason")
        )
        for customer_id in sorted(leaving):
            designation = in_force[customer_id]
            undesignate(
                designation=designation,
                at=at,
                actor=actor,
                reason=reasons.get(customer_id) or _("not on the approved list"),
                round=round,
            )
            changed.add(customer_id)
            removed += 1
    round.status = Status.APPROVED
    round.decided_at, round.decided_by = at, actor
    round.decision_note = note.strip()
    round.approved_on = timezone.localdate(at)
    round.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "approved_on"])
    if round.kind == Kind.REGULAR:
        _round_clock_restart(round, at, actor)
    audit(
        action="keyaccounts.round.approved",
        actor=actor,
        obj=round,
        company=round.company_id,
        payload={"added": added, "kept": kept, "removed": removed, "note": round.decision_note},
    )
    keyaccount_flags_sync(
        company=round.company_id, customer_ids=changed, actor=actor, reason=round.title
    )
    if round.opened_by is not None:
        notify(
            recipient=round.opened_by,
            key=f"keyaccounts:round-approved:{round.pk}",
            title=_("Key-account list approved: %(title)s") % {"title": round.title},
            url=reverse("keyaccounts:round_detail", args=[round.pk]),
        )
    return round


@transaction.atomic
def designation_interim_propose(
    *,
    company: Company,
    customer: Customer,
    reason: str,
    contact: Staff,
    actor: User,
    at: datetime | None = None,
) -> DesignationRound:
    """Between rounds, marketing proposes a special customer to the company on its own
    (R-3.3.2 "可臨時向公司申報"): an interim round with one entry, submitted at once."""
    round = designation_round_open(
        company=company,
        actor=actor,
        kind=Kind.INTERIM,
        title=_("Interim addition: %(name)s") % {"name": customer.name},
        at=at,
    )
    designation_entry_add(
        round=round, customer=customer, reason=reason, contact=contact, actor=actor
    )
    return designation_round_submit(round=round, actor=actor, at=at)


# --- the reminder that opens the next round -------------------------------------------------


def designation_rounds_remind(*, today: date | None = None) -> int:
    """Open the next regular round for every company whose approved list has reached the
    reminder share of its two years (the round clock's reminder date), unless a later
    regular round was already opened; tell the marketing department. Idempotent; run
    daily. Returns how many rounds were opened."""
    today = today or timezone.localdate()
    due = Clock.objects.filter(
        standard__code=ROUND, stopped_at__isnull=True, remind_on__lte=today
    ).values_list("subject_id", flat=True)
    opened = 0
    for round in DesignationRound.objects.filter(
        pk__in=list(due), status=Status.APPROVED, kind=Kind.REGULAR
    ).select_related("company"):
        with transaction.atomic():
            later = DesignationRound.objects.filter(
                company_id=round.company_id, kind=Kind.REGULAR, opened_at__gt=round.opened_at
            ).exists()
            if later:
                continue
            clock = next(c for c in clocks_of(round) if c.standard.code == ROUND)
            next_round = designation_round_open(company=round.company, actor=None)
            notify_permission(
                company=round.company_id,
                permission="keyaccounts.draft_round",
                key=f"keyaccounts:next-round:{round.pk}",
                title=_("Draft the next key-account list: the current one is due %(due)s")
                % {"due": clock.due.isoformat()},
                url=reverse("keyaccounts:round_detail", args=[next_round.pk]),
            )
            opened += 1
    return opened
