"""The service-hall queue (R-2.6, R-2.9): a customer takes a ticket, a clerk calls the next
one to a counter, starts and finishes it. Every change goes through ticket_transition,
which checks Ticket.TRANSITIONS; the wait and handling times are measured against the
standards in force on the ticket's date and stored on the ticket."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.frontoffice.compliance import HANDLING_CODES, WAIT_CODE
from gridcare.frontoffice.models import TICKET_PREFIX, Counter, ServiceHall, Ticket
from gridcare.frontoffice.services.common import aware, check_transition, staff_required
from gridcare.rules.selectors import standard_in_force


def measured(seconds: int, limit_minutes: int) -> str:
    """R-2.6/R-2.9 "at most N minutes": met up to and including N minutes."""
    return Ticket.Outcome.MET if seconds <= limit_minutes * 60 else Ticket.Outcome.BREACHED


def _measure(ticket: Ticket, code: str, seconds: int) -> tuple[str, int | None]:
    standard = standard_in_force(company=ticket.company_id, code=code, on=ticket.service_date)
    if standard is None:
        return "", None
    return measured(seconds, standard.amount), standard.pk


@transaction.atomic
def ticket_take(
    *, hall: ServiceHall, kind: str, at: datetime | None = None, actor: Any = None
) -> Ticket:
    """A customer arrives and takes a ticket; numbers restart every day per kind."""
    at = aware(at)
    if kind not in TICKET_PREFIX:
        raise DomainError(_("Choose business or payment."), field="kind")
    # The hall row is the lock: two customers taking a ticket at once get two numbers.
    hall = ServiceHall.objects.select_for_update().get(pk=hall.pk)
    day = timezone.localdate(at)
    last = Ticket.objects.filter(hall=hall, service_date=day, kind=kind).aggregate(
        n=Max("sequence")
    )["n"]
    sequence = (last or 0) + 1
    ticket = Ticket.objects.create(
        company_id=hall.company_id,
        hall=hall,
        service_date=day,
        kind=kind,
        sequence=sequence,
        number=f"{TICKET_PREFIX[kind]}{sequence:03d}",
        issued_at=at,
    )
    audit_log(
        action="frontoffice.ticket.taken",
        actor=actor,
        obj=ticket,
        company=hall.company,
        payload={"number": ticket.number, "hall": hall.name},
    )
    return ticket


def _lock(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("hall", "counter")
        .get(pk=ticket.pk)
    )


def ticket_transition(
    *, ticket: Ticket, status: str, at: datetime, actor: Any, **changes: Any
) -> Ticket:
    """The one place a ticket changes status (DESIGN.md 4). Call inside a transaction."""
    check_transition(Ticket.TRANSITIONS, ticket.status, status)
    previous = ticket.status
    ticket.status = status
    for name, value in changes.items():
        setattr(ticket, name, value)
    ticket.save()
    audit_log(
        action=f"frontoffice.ticket.{status}",
        actor=actor,
        obj=ticket,
        company=ticket.hall.company,
        payload={"from": previous, "at": at.isoformat(), "number": ticket.number},
    )
    return ticket


def counter_current(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(
            counter=counter, status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING]
        )
        .select_related("hall")
        .first()
    )


@transaction.atomic
def ticket_call_next(*, counter: Counter, at: datetime | None = None, actor: Any) -> Ticket | None:
    """The clerk at `counter` calls the customer who has waited longest for what the
    counter serves. None when nobody is waiting."""
    clerk = staff_required(actor)
    at = aware(at)
    # The counter row is the lock: two presses at one counter at once call one customer.
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    if not counter.is_active:
        raise DomainError(_("This counter is closed."), field="counter")
    if counter_current(counter) is not None:
        raise DomainError(_("Finish the current customer first."), field="counter")
    day = timezone.localdate(at)
    # Lock the ticket row only: with the joined hall locked too, SKIP LOCKED would skip
    # every ticket of the hall while another counter calls, and report nobody waiting.
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            hall_id=counter.hall_id,
            service_date=day,
            status=Ticket.Status.WAITING,
            kind__in=counter.kinds(),
        )
        .order_by("issued_at", "id")
        .select_related("hall")
        .first()
    )
    if ticket is None:
        return None
    return ticket_transition(
        ticket=ticket,
        status=Ticket.Status.CALLED,
        at=at,
        actor=actor,
        called_at=at,
        counter=counter,
        clerk=clerk,
    )


@transaction.atomic
def ticket_start(*, ticket: Ticket, at: datetime | None = None, actor: Any) -> Ticket:
    """Service starts: the wait from arrival (R-2.6) is measured."""
    staff_required(actor)
    at = aware(at)
    ticket = _lock(ticket)
    check_transition(Ticket.TRANSITIONS, ticket.status, Ticket.Status.SERVING)
    if at < ticket.issued_at:
        raise DomainError(_("Service cannot start before the customer arrived."), field="at")
    wait = int((at - ticket.issued_at).total_seconds())
    outcome, standard_id = _measure(ticket, WAIT_CODE, wait)
    return ticket_transition(
        ticket=ticket,
        status=Ticket.Status.SERVING,
        at=at,
        actor=actor,
        started_at=at,
        wait_seconds=wait,
        wait_outcome=outcome,
        wait_standard_id=standard_id,
    )


@transaction.atomic
def ticket_finish(*, ticket: Ticket, at: datetime | None = None, actor: Any) -> Ticket:
    """Service ends: the handling time (R-2.9, 20 minutes business, 10 payment) is
    measured."""
    staff_required(actor)
    at = aware(at)
    ticket = _lock(ticket)
    check_transition(Ticket.TRANSITIONS, ticket.status, Ticket.Status.DONE)
    started = ticket.started_at or at
    if at < started:
        raise DomainError(_("Service cannot end before it started."), field="at")
    seconds = int((at - started).total_seconds())
    outcome, standard_id = _measure(ticket, HANDLING_CODES[ticket.kind], seconds)
    return ticket_transition(
        ticket=ticket,
        status=Ticket.Status.DONE,
        at=at,
        actor=actor,
        finished_at=at,
        handling_seconds=seconds,
        handling_outcome=outcome,
        handling_standard_id=standard_id,
    )


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, at: datetime | None = None, actor: Any) -> Ticket:
    """The customer called did not come to the counter; the counter is free again."""
    staff_required(actor)
    at = aware(at)
    ticket = _lock(ticket)
    return ticket_transition(ticket=ticket, status=Ticket.Status.NO_SHOW, at=at, actor=actor)


def tickets_close_day(*, before: date | None = None) -> int:
    """Tickets still open from an earlier day (the hall closed with them) are closed as
    left open, unmeasured. Run nightly; idempotent."""
    before = before or timezone.localdate()
    now = timezone.now()
    closed = 0
    stale = Ticket.objects.filter(service_date__lt=before, status__in=Ticket.OPEN).values_list(
        "pk", flat=True
    )
    for pk in list(stale.iterator(chunk_size=500)):
        with transaction.atomic():
            ticket = _lock(Ticket(pk=pk))
            if ticket.status in Ticket.OPEN:
                ticket_transition(ticket=ticket, status=Ticket.Status.ABANDONED, at=now, actor=None)
                closed += 1
    return closed
