"""First-contact responsibility (R-2.5, R-2.7) and complaints (R-2.2, R-3.6.3).

Every status change goes through matter_transition, which checks Matter.TRANSITIONS. The
owner is the staff member who first received the matter; only the owner refers, relays and
closes, and the owner changes only through matter_owner_change, with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log, notify
from gridcare.customers.selectors import customer_by_account
from gridcare.frontoffice.models import (
    CallRecord,
    Complaint,
    ConductItem,
    Matter,
    OwnerChange,
    Referral,
    Relay,
    Ticket,
)
from gridcare.frontoffice.services.common import (
    aware,
    check_transition,
    staff_required,
)
from gridcare.org.models import Company, Department, Staff
from gridcare.rules.selectors import clocks_of, standard_in_force
from gridcare.rules.services import clock_start, clock_stop
from gridcare.workdays.selectors import calendar_snapshot

CONTACT_CLOCK = "complaint.contact"
REFERRAL_STANDARD = "referral.answer"
REPLY_CLOCK = "complaint.reply"


def referral_default_due(*, company: Company | int, on: date) -> date:
    """The usual due date of a referral made on `on`: the `referral.answer` standard's
    working days (R-2.7, a setting), else the next working day."""
    standard = standard_in_force(company=company, code=REFERRAL_STANDARD, on=on)
    days = standard.amount if standard is not None else 1
    return calendar_snapshot().add_working_days(on, days).date


def _lock(matter: Matter) -> Matter:
    return (
        Matter.objects.select_for_update()
        .select_related("company", "owner__user", "owner__department")
        .get(pk=matter.pk)
    )


def _owner_only(matter: Matter, actor: Any) -> Staff:
    staff = staff_required(actor)
    if matter.owner_id != staff.pk:
        raise DomainError(
            _("Only the owner of the matter, %(owner)s, can do this (clause 2.5).")
            % {"owner": matter.owner.name},
            field="owner",
        )
    return staff


def matter_transition(
    *,
    matter: Matter,
    status: str,
    actor: Any,
    payload: dict[str, Any] | None = None,
    **changes: Any,
) -> Matter:
    """The one place a matter changes status (DESIGN.md 4). Call inside a transaction."""
    check_transition(Matter.TRANSITIONS, matter.status, status)
    previous = matter.status
    matter.status = status
    for name, value in changes.items():
        setattr(matter, name, value)
    matter.save()
    audit_log(
        action=f"frontoffice.matter.{status}",
        actor=actor,
        obj=matter,
        company=matter.company,
        payload={"from": previous, **(payload or {})},
    )
    return matter


@transaction.atomic
def matter_open(
    *,
    company: Company,
    kind: str,
    channel: str,
    subject: str,
    description: str,
    customer_name: str,
    customer_phone: str = "",
    customer_account: str = "",
    received_at: datetime | None = None,
    call: CallRecord | None = None,
    ticket: Ticket | None = None,
    category: str = "",
    about_conduct: bool = False,
    prohibition: ConductItem | None = None,
    staff_concerned: Staff | None = None,
    actor: Any,
) -> Matter:
    """Record a customer contact that needs follow-up. Whoever records it received it
    first and owns it (R-2.5). A complaint starts its contact and reply clocks."""
    staff = staff_required(actor)
    if staff.company_id != company.pk:
        raise DomainError(_("You work for another company."), field="company")
    received_at = aware(received_at, field="received_at")
    recorded_time(received_at, company=company, field="received_at")
    if kind not in Matter.Kind.values:
        raise DomainError(_("Choose the kind of matter."), field="kind")
    if channel not in Matter.Channel.values:
        raise DomainError(_("Choose how the customer reached us."), field="channel")
    if not subject.strip():
        raise DomainError(_("Give a subject."), field="subject")
    if not customer_name.strip():
        raise DomainError(_("Give the customer's name."), field="customer_name")
    for name, record in (("call", call), ("ticket", ticket)):
        if record is not None and record.company_id != company.pk:
            raise DomainError(_("This record belongs to another company."), field=name)
    customer = (
        customer_by_account(user=actor, account_number=customer_account.strip())
        if customer_account.strip()
        else None
    )
    matter = Matter.objects.create(
        company=company,
        kind=kind,
        channel=channel,
        received_at=received_at,
        received_by=staff,
        owner=staff,
        customer=customer,
        customer_account=customer_account.strip(),
        customer_name=customer_name.strip(),
        customer_phone=customer_phone.strip(),
        subject=subject.strip(),
        description=description.strip(),
        call=call,
        ticket=ticket,
    )
    payload: dict[str, Any] = {"kind": kind, "channel": channel, "owner": staff.name}
    if kind == Matter.Kind.COMPLAINT:
        complaint = _complaint_record(
            matter=matter,
            category=category,
            about_conduct=about_conduct,
            prohibition=prohibition,
            staff_concerned=staff_concerned,
        )
        payload["category"] = complaint.category
        for code in (CONTACT_CLOCK, REPLY_CLOCK):
            clock_start(
                subject=matter,
                code=code,
                company=company,
                started_at=received_at,
                department=staff.department,
                staff=staff,
                is_key_account=bool(customer and customer.is_key_account),
                actor=actor,
            )
    audit_log(
        action="frontoffice.matter.opened",
        actor=actor,
        obj=matter,
        company=company,
        payload=payload,
    )
    return matter


def _complaint_record(
    *,
    matter: Matter,
    category: str,
    about_conduct: bool,
    prohibition: ConductItem | None,
    staff_concerned: Staff | None,
) -> Complaint:
    if category not in Complaint.Category.values:
        raise DomainError(_("Choose the category of the complaint."), field="category")
    if about_conduct:
        # a complaint about conduct names the prohibition and the staff member.
        if prohibition is None:
            raise DomainError(_("Name the prohibition concerned."), field="prohibition")
        if staff_concerned is None:
            raise DomainError(_("Name the staff member concerned."), field="staff_concerned")
        if prohibition.code.kind != prohibition.code.Kind.PROHIBITIONS:
            raise DomainError(_("Choose an item of the Ten Prohibitions."), field="prohibition")
        day = timezone.localdate(matter.received_at)
        code = prohibition.code
        if code.effective_from > day or (code.effective_to and code.effective_to <= day):
            raise DomainError(
                _("This version of the Ten Prohibitions was not in force on that day."),
                field="prohibition",
            )
        if staff_concerned.company_id != matter.company_id:
            raise DomainError(_("This person works for another company."), field="staff_concerned")
    else:
        prohibition = staff_concerned = None
    return Complaint.objects.create(
        matter=matter,
        category=category,
        about_conduct=about_conduct,
        prohibition=prohibition,
        staff_concerned=staff_concerned,
    )


@transaction.atomic
def matter_owner_change(*, matter: Matter, owner: Staff, reason: str, actor: Any) -> Matter:
    """Hand the matter to another owner (R-2.5): never silently, always with a reason."""
    changed_by = staff_required(actor)
    matter = _lock(matter)
    if not reason.strip():
        raise DomainError(_("Give the reason for the change of owner."), field="reason")
    if owner.pk == matter.owner_id:
        raise DomainError(_("This person already owns the matter."), field="owner")
    if owner.company_id != matter.company_id:
        raise DomainError(_("This person works for another company."), field="owner")
    if matter.status == Matter.Status.CLOSED:
        raise DomainError(_("A closed matter keeps its owner."), field="owner")
    previous = matter.owner
    OwnerChange.objects.create(
        matter=matter,
        from_owner=previous,
        to_owner=owner,
        reason=reason.strip(),
        changed_at=timezone.now(),
        changed_by=changed_by,
    )
    matter.owner = owner
    matter.save(update_fields=["owner"])
    audit_log(
        action="frontoffice.matter.owner_changed",
        actor=actor,
        obj=matter,
        company=matter.company,
        payload={"from": previous.name, "to": owner.name, "reason": reason.strip()},
    )
    notify(
        recipient=owner.user,
        key=f"matter-owner:{matter.pk}:{owner.pk}:{matter.owner_changes.count()}",
        title=_("You now own %(matter)s") % {"matter": matter},
        body=reason.strip(),
        url=f"/frontoffice/matters/{matter.pk}/",
    )
    return matter


@transaction.atomic
def matter_refer(
    *,
    matter: Matter,
    department: Department,
    contact_person: str,
    request: str,
    due: date,
    contact_phone: str = "",
    at: datetime | None = None,
    actor: Any,
) -> Referral:
    """Refer the matter to the department that can answer it, by phone, recorded (R-2.7).
    `at` records a referral made a little earlier (the call came first, the note after)."""
    matter = _lock(matter)
    staff = _owner_only(matter, actor)
    at = aware(at)
    recorded_time(at, company=matter.company, field="at")
    if at < matter.received_at:
        raise DomainError(_("The referral cannot come before the matter."), field="at")
    if department.company_id != matter.company_id:
        raise DomainError(_("This department belongs to another company."), field="department")
    if not contact_person.strip():
        raise DomainError(_("Say whom you phoned."), field="contact_person")
    if not request.strip():
        raise DomainError(_("Say what you asked."), field="request")
    if due < timezone.localdate(at):
        raise DomainError(_("The answer cannot be due before the referral."), field="due")
    check_transition(Matter.TRANSITIONS, matter.status, Matter.Status.REFERRED)
    referral = Referral.objects.create(
        matter=matter,
        department=department,
        referred_at=at,
        referred_by=staff,
        contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(),
        request=request.strip(),
        due=due,
        company_id=matter.company_id,
        period_date=due,
    )
    matter_transition(
        matter=matter,
        status=Matter.Status.REFERRED,
        actor=actor,
        payload={"department": department.name, "due": due.isoformat()},
    )
    for member in department.staff.select_related("user").filter(user__is_active=True):
        if member.user.has_perm("frontoffice.answer_referral"):
            notify(
                recipient=member.user,
                key=f"referral:{referral.pk}",
                title=_("Referred to your department: %(matter)s") % {"matter": matter},
                body=referral.request,
                url=f"/frontoffice/referrals/{referral.pk}/",
            )
    return referral


@transaction.atomic
def referral_answer(
    *, referral: Referral, answer: str, at: datetime | None = None, actor: Any
) -> Referral:
    """The department answers the referral; the owner is told, to relay it (R-2.7)."""
    staff = staff_required(actor)
    at = aware(at)
    recorded_time(at, company=staff.company, field="at")
    referral = Referral.objects.select_for_update().select_related("department").get(pk=referral.pk)
    if referral.answered_at is not None:
        raise DomainError(_("This referral is already answered."), field="referral")
    if staff.department_id != referral.department_id:
        raise DomainError(
            _("Only %(department)s can answer this referral.")
            % {"department": referral.department.name},
            field="referral",
        )
    if not answer.strip():
        raise DomainError(_("Give the answer."), field="answer")
    if at < referral.referred_at:
        raise DomainError(_("The answer cannot come before the referral."), field="at")
    matter = _lock(referral.matter)
    referral.answered_at, referral.answered_by, referral.answer = at, staff, answer.strip()
    referral.period_date = timezone.localdate(at)
    referral.save(update_fields=["answered_at", "answered_by", "answer", "period_date"])
    matter_transition(
        matter=matter,
        status=Matter.Status.ANSWERED,
        actor=actor,
        payload={"department": referral.department.name},
    )
    notify(
        recipient=matter.owner.user,
        key=f"referral-answered:{referral.pk}",
        title=_("Answer received: %(matter)s") % {"matter": matter},
        body=referral.answer,
        url=f"/frontoffice/matters/{matter.pk}/",
    )
    return referral


def _stop_clocks(matter: Matter, codes: tuple[str, ...], at: datetime, actor: Any) -> None:
    for clock in clocks_of(matter):
        if clock.standard.code in codes and clock.stopped_at is None and clock.state == "running":
            clock_stop(clock=clock, at=at, actor=actor)


@transaction.atomic
def matter_relay(
    *, matter: Matter, method: str, note: str, at: datetime | None = None, actor: Any
) -> Relay:
    """The owner tells the customer the answer, and records how (R-2.7). For a complaint
    this is the reply (and a contact, if none was recorded before)."""
    matter = _lock(matter)
    staff = _owner_only(matter, actor)
    at = aware(at)
    recorded_time(at, company=matter.company, field="at")
    if at < matter.received_at:
        raise DomainError(_("The answer cannot come before the matter."), field="at")
    if method not in Relay.Method.values:
        raise DomainError(_("Say how the customer was told."), field="method")
    if not note.strip():
        raise DomainError(_("Say what the customer was told."), field="note")
    check_transition(Matter.TRANSITIONS, matter.status, Matter.Status.RELAYED)
    referral = matter.referrals.filter(answered_at__isnull=False).order_by("-answered_at").first()
    relay = Relay.objects.create(
        matter=matter,
        referral=referral,
        relayed_at=at,
        relayed_by=staff,
        method=method,
        note=note.strip(),
    )
    if matter.kind == Matter.Kind.COMPLAINT:
        Complaint.objects.filter(matter=matter, contacted_at__isnull=True).update(contacted_at=at)
        _stop_clocks(matter, (CONTACT_CLOCK, REPLY_CLOCK), at, actor)
    matter_transition(
        matter=matter, status=Matter.Status.RELAYED, actor=actor, payload={"method": method}
    )
    return relay


@transaction.atomic
def complaint_contact(
    *, matter: Matter, note: str, at: datetime | None = None, actor: Any
) -> Complaint:
    """The complainant was contacted (the commitment: within 1 working day)."""
    matter = _lock(matter)
    _owner_only(matter, actor)
    at = aware(at)
    recorded_time(at, company=matter.company, field="at")
    complaint = Complaint.objects.select_for_update().filter(matter=matter).first()
    if complaint is None:
        raise DomainError(_("This matter is not a complaint."), field="matter")
    if complaint.contacted_at is not None:
        raise DomainError(_("The contact is already recorded."), field="at")
    if at < matter.received_at:
        raise DomainError(_("The contact cannot come before the complaint."), field="at")
    complaint.contacted_at = at
    complaint.save(update_fields=["contacted_at"])
    _stop_clocks(matter, (CONTACT_CLOCK,), at, actor)
    audit_log(
        action="frontoffice.complaint.contacted",
        actor=actor,
        obj=matter,
        company=matter.company,
        payload={"at": at.isoformat(), "note": note.strip()},
    )
    return complaint


@transaction.atomic
def matter_close(*, matter: Matter, at: datetime | None = None, actor: Any) -> Matter:
    """Close a matter; only after the answer was relayed to the customer (R-2.7)."""
    matter = _lock(matter)
    _owner_only(matter, actor)
    at = aware(at)
    if matter.status != Matter.Status.RELAYED:
        raise DomainError(
            _("A matter closes only after the answer was relayed to the customer (clause 2.7)."),
            field="status",
        )
    return matter_transition(matter=matter, status=Matter.Status.CLOSED, actor=actor, closed_at=at)


@transaction.atomic
def matter_reopen(*, matter: Matter, reason: str, actor: Any) -> Matter:
    """The customer comes back on a closed matter: it reopens with its owner."""
    matter = _lock(matter)
    staff_required(actor)
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    return matter_transition(
        matter=matter,
        status=Matter.Status.OPEN,
        actor=actor,
        payload={"reason": reason.strip()},
        closed_at=None,
        reopened=matter.reopened + 1,
    )


@transaction.atomic
def complaint_decide(*, complaint: Complaint, finding: str, note: str, actor: Any) -> Complaint:
    """Decide whether a complaint is substantiated; a substantiated one can then become
    an assessment item (R-3.9.1)."""
    staff = staff_required(actor)
    complaint = (
        Complaint.objects.select_for_update().select_related("matter__company").get(pk=complaint.pk)
    )
    if finding not in (Complaint.Finding.SUBSTANTIATED, Complaint.Finding.UNSUBSTANTIATED):
        raise DomainError(_("Choose substantiated or not."), field="finding")
    if complaint.finding != Complaint.Finding.PENDING:
        raise DomainError(_("This complaint was already decided."), field="finding")
    if not note.strip():
        raise DomainError(_("Give the grounds for the finding."), field="note")
    complaint.finding, complaint.finding_note = finding, note.strip()
    complaint.decided_by, complaint.decided_at = staff, timezone.now()
    complaint.save()
    audit_log(
        action="frontoffice.complaint.decided",
        actor=actor,
        obj=complaint.matter,
        company=complaint.matter.company,
        payload={"finding": finding, "note": complaint.finding_note},
    )
    return complaint
