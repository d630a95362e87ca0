"""Measured events of the front office in the compliance matrix (API.md "Compliance").

Each source answers with one aggregate query over an indexed date range (DESIGN.md 8):
- calls (R-2.8): each answered call is an event of `call.answer_rings`, met or breached as
  stored when it was imported; unanswered calls are not counted here (they are counted
  apart, on the call pages);
- hall tickets (R-2.6, R-2.9): each ticket's wait (`hall.wait_minutes`) and handling time
  (`hall.business_minutes` or `hall.payment_minutes`); a ticket still waiting or being
  served counts as running;
- referrals (R-2.7): answered by their due date (`referral.answer`).

Each figure opens its records (rules.records), selected with the conditions that count them.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.frontoffice.models import CallRecord, Referral, Ticket, TicketKind
from gridcare.rules.compliance import Counts, register_source
from gridcare.rules.records import Record, RecordSource, register_records

HANDLING_CODES: dict[str, str] = {
    TicketKind.BUSINESS: "hall.business_minutes",
    TicketKind.PAYMENT: "hall.payment_minutes",
}
WAIT_CODE = "hall.wait_minutes"
REFERRAL_CODE = "referral.answer"
RING_CODE = "call.answer_rings"


KIND_OF_HANDLING = {code: kind for kind, code in HANDLING_CODES.items()}
_OPEN_TICKET = [Ticket.Status.WAITING, Ticket.Status.CALLED]


def call_q(state: str) -> Q:
    """Answered calls in a state ("" is every answered call counted; none is running)."""
    if state in ("met", "breached"):
        return Q(outcome=state)
    if state == "running":
        return Q(pk__in=[])
    return Q(outcome__in=[CallRecord.Outcome.MET, CallRecord.Outcome.BREACHED])


def call_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    row = CallRecord.objects.filter(
        company_id__in=company_ids, call_date__gte=date_from, call_date__lte=date_to
    ).aggregate(
        # Counting the outcome column, not the key, keeps the query inside the index
        # frontoffice_call_period.
        met=Count("outcome", filter=call_q("met")),
        breached=Count("outcome", filter=call_q("breached")),
    )
    return {RING_CODE: Counts(met=row["met"], breached=row["breached"])}


def wait_q(state: str) -> Q:
    """Tickets by their wait (R-2.6): met or breached as measured when called; running
    while waiting or called."""
    if state == "running":
        return Q(status__in=_OPEN_TICKET)
    if state in ("met", "breached"):
        return Q(wait_outcome=state)
    return wait_q("met") | wait_q("breached") | wait_q("running")


def handling_q(state: str) -> Q:
    """Tickets by their handling time (R-2.9): running while being served."""
    if state == "running":
        return Q(status=Ticket.Status.SERVING)
    if state in ("met", "breached"):
        return Q(handling_outcome=state)
    return handling_q("met") | handling_q("breached") | handling_q("running")


def ticket_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    rows = (
        Ticket.objects.filter(
            company_id__in=company_ids, service_date__gte=date_from, service_date__lte=date_to
        )
        .values("kind")
        .annotate(
            wait_met=Count("pk", filter=wait_q("met")),
            wait_breached=Count("pk", filter=wait_q("breached")),
            waiting=Count("pk", filter=wait_q("running")),
            handling_met=Count("pk", filter=handling_q("met")),
            handling_breached=Count("pk", filter=handling_q("breached")),
            serving=Count("pk", filter=handling_q("running")),
        )
        .order_by()
    )
    result: dict[str, Counts] = {WAIT_CODE: Counts()}
    for row in rows:
        result[WAIT_CODE].add(
            Counts(met=row["wait_met"], breached=row["wait_breached"], running=row["waiting"])
        )
        result[HANDLING_CODES[row["kind"]]] = Counts(
            met=row["handling_met"], breached=row["handling_breached"], running=row["serving"]
        )
    return result


def referral_q(state: str, today: date) -> Q:
    """R-2.7: a referral is met when answered on or before its due date; one still open
    after its due date counts as breached."""
    answered = Q(answered_at__isnull=False)
    on_time = answered & Q(period_date__lte=F("due"))
    overdue = Q(answered_at__isnull=True, due__lt=today)
    if state == "met":
        return on_time
    if state == "breached":
        return (answered & ~Q(period_date__lte=F("due"))) | overdue
    if state == "running":
        return Q(answered_at__isnull=True) & ~overdue
    return Q()


def referral_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    row = Referral.objects.filter(
        company_id__in=company_ids, period_date__gte=date_from, period_date__lte=date_to
    ).aggregate(
        met=Count("pk", filter=referral_q("met", today)),
        breached=Count("pk", filter=referral_q("breached", today)),
        running=Count("pk", filter=referral_q("running", today)),
    )
    return {REFERRAL_CODE: Counts(met=row["met"], breached=row["breached"], running=row["running"])}


register_source("frontoffice.calls", call_counts)
register_source("frontoffice.referrals", referral_counts)
register_source("frontoffice.tickets", ticket_counts)


def call_records(
    company_ids: list[int], code: str, state: str, date_from: date, date_to: date, today: date
) -> QuerySet[CallRecord]:
    return CallRecord.objects.filter(
        call_q(state), company_id__in=company_ids, call_date__gte=date_from, call_date__lte=date_to
    )


def describe_call(call: CallRecord, code: str, today: date) -> Record:
    return Record(str(call), call.call_date, call.outcome, call.get_absolute_url())


def ticket_records(
    company_ids: list[int], code: str, state: str, date_from: date, date_to: date, today: date
) -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(
        company_id__in=company_ids, service_date__gte=date_from, service_date__lte=date_to
    ).select_related("hall")
    if code == WAIT_CODE:
        return tickets.filter(wait_q(state))
    return tickets.filter(handling_q(state), kind=KIND_OF_HANDLING[code])


def describe_ticket(ticket: Ticket, code: str, today: date) -> Record:
    """A hall ticket has no page of its own: its hall, number and kind name it."""
    outcome = ticket.wait_outcome if code == WAIT_CODE else ticket.handling_outcome
    label = f"{ticket.hall} {ticket.number} · {ticket.get_kind_display()}"
    return Record(label, ticket.service_date, outcome or "running")


def referral_records(
    company_ids: list[int], code: str, state: str, date_from: date, date_to: date, today: date
) -> QuerySet[Referral]:
    return Referral.objects.filter(
        referral_q(state, today),
        company_id__in=company_ids,
        period_date__gte=date_from,
        period_date__lte=date_to,
    ).select_related("matter", "department")


def describe_referral(referral: Referral, code: str, today: date) -> Record:
    """R-2.7's outcome of one referral, as referral_q tells it."""
    state = "running"
    if referral.answered_at is not None:
        state = "met" if referral.period_date <= referral.due else "breached"
    elif referral.due < today:
        state = "breached"
    label = f"{referral.matter} → {referral.department}"
    return Record(label, referral.period_date, state, referral.matter.get_absolute_url())


register_records(
    [RING_CODE],
    RecordSource(_("answered calls"), "frontoffice.view_callrecord", call_records, describe_call),
)
register_records(
    [WAIT_CODE, *HANDLING_CODES.values()],
    RecordSource(_("hall tickets"), "frontoffice.view_ticket", ticket_records, describe_ticket),
)
register_records(
    [REFERRAL_CODE],
    RecordSource(_("referrals"), "frontoffice.view_matter", referral_records, describe_referral),
)
