"""Measured events of the front office in the compliance matrix (API.md "Compliance").

Each source answers with one aggregate query over an indexed date range (DESIGN.md 8):
- calls (R-2.8): each answered call is an event of `call.answer_rings`, met or breached as
  stored when it was imported; unanswered calls are not counted here (they are counted
  apart, on the call pages);
- hall tickets (R-2.6, R-2.9): each ticket's wait (`hall.wait_minutes`) and handling time
  (`hall.business_minutes` or `hall.payment_minutes`); a ticket still waiting or being
  served counts as running;
- referrals (R-2.7): answered by their due date (`referral.answer`).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q

from gridcare.frontoffice.models import CallRecord, Referral, Ticket, TicketKind
from gridcare.rules.compliance import Counts, register_source

HANDLING_CODES: dict[str, str] = {
    TicketKind.BUSINESS: "hall.business_minutes",
    TicketKind.PAYMENT: "hall.payment_minutes",
}
WAIT_CODE = "hall.wait_minutes"
REFERRAL_CODE = "referral.answer"
RING_CODE = "call.answer_rings"


def call_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    row = CallRecord.objects.filter(
        company_id__in=company_ids, call_date__gte=date_from, call_date__lte=date_to
    ).aggregate(
        # Counting the outcome column, not the key, keeps the query inside the index
        # frontoffice_call_period.
        met=Count("outcome", filter=Q(outcome=CallRecord.Outcome.MET)),
        breached=Count("outcome", filter=Q(outcome=CallRecord.Outcome.BREACHED)),
    )
    return {RING_CODE: Counts(met=row["met"], breached=row["breached"])}


def ticket_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    met, breached = Ticket.Outcome.MET, Ticket.Outcome.BREACHED
    open_statuses = [Ticket.Status.WAITING, Ticket.Status.CALLED]
    rows = (
        Ticket.objects.filter(
            company_id__in=company_ids, service_date__gte=date_from, service_date__lte=date_to
        )
        .values("kind")
        .annotate(
            wait_met=Count("pk", filter=Q(wait_outcome=met)),
            wait_breached=Count("pk", filter=Q(wait_outcome=breached)),
            waiting=Count("pk", filter=Q(status__in=open_statuses)),
            handling_met=Count("pk", filter=Q(handling_outcome=met)),
            handling_breached=Count("pk", filter=Q(handling_outcome=breached)),
            serving=Count("pk", filter=Q(status=Ticket.Status.SERVING)),
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


def referral_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    """R-2.7: a referral is met when answered on or before its due date; one still open
    after its due date counts as breached."""
    answered = Q(answered_at__isnull=False)
    on_time = answered & Q(period_date__lte=F("due"))
    overdue = Q(answered_at__isnull=True, due__lt=today)
    row = Referral.objects.filter(
        company_id__in=company_ids, period_date__gte=date_from, period_date__lte=date_to
    ).aggregate(
        met=Count("pk", filter=on_time),
        breached=Count("pk", filter=(answered & ~Q(period_date__lte=F("due"))) | overdue),
        running=Count("pk", filter=Q(answered_at__isnull=True) & ~overdue),
    )
    return {REFERRAL_CODE: Counts(met=row["met"], breached=row["breached"], running=row["running"])}


register_source("frontoffice.calls", call_counts)
register_source("frontoffice.referrals", referral_counts)
register_source("frontoffice.tickets", ticket_counts)
