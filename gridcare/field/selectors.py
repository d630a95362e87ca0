"""Reads of field work, each list scoped to the companies the user may see."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gridcare.field.models import (
    FaultReport,
    Feeder,
    Inspection,
    OutagePlan,
    PatrolRequest,
    WrittenNotice,
)
from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible
from gridcare.rules.compliance import Counts
from gridcare.rules.records import Record


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def feeder_list(*, user: Any) -> QuerySet[Feeder]:
    return _scoped(Feeder.objects.all(), user)


def outage_scope(*, user: Any) -> QuerySet[OutagePlan]:
    """The outage plans the user may see, nothing loaded beside them."""
    return _scoped(OutagePlan.objects.all(), user)


def outage_list(*, user: Any) -> QuerySet[OutagePlan]:
    return (
        outage_scope(user=user)
        .prefetch_related("feeders")
        .annotate(
            affected_count=Count("affected", distinct=True),
            key_count=Count("affected", filter=Q(affected__is_key_account=True), distinct=True),
        )
    )


def fault_list(*, user: Any) -> QuerySet[FaultReport]:
    return _scoped(FaultReport.objects.select_related("customer", "crew"), user)


def fault_queue(qs: QuerySet[FaultReport]) -> QuerySet[FaultReport]:
    """Key accounts first, then the oldest (R-3.7.3)."""
    return qs.order_by("-is_key_account", "reported_at", "pk")


def inspection_list(*, user: Any) -> QuerySet[Inspection]:
    return _scoped(Inspection.objects.select_related("customer", "unit"), user)


def patrol_request_list(*, user: Any) -> QuerySet[PatrolRequest]:
    return _scoped(PatrolRequest.objects.select_related("customer", "inspection__unit"), user)


def patrol_queue(qs: QuerySet[PatrolRequest]) -> QuerySet[PatrolRequest]:
    """Requests still to schedule, the earliest wish first (index field_patrolreq_open)."""
    return qs.filter(status=PatrolRequest.Status.REQUESTED).order_by("wanted_from", "pk")


def written_notice_list(*, user: Any) -> QuerySet[WrittenNotice]:
    return _scoped(WrittenNotice.objects.select_related("inspection__customer"), user)


def public_outages(*, town: str = "", today: date | None = None) -> QuerySet[OutagePlan]:
    """Outages the portal shows: public, not cancelled, ending today or later."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today, time.min))
    qs = OutagePlan.objects.filter(is_public=True, ends_at__gte=since).exclude(
        status=OutagePlan.Status.CANCELLED
    )
    if town:
        qs = qs.filter(town=town)
    return qs.prefetch_related("feeders").order_by("starts_at", "pk")


def _reported_in(company_ids: list[int], date_from: date, date_to: date) -> QuerySet[FaultReport]:
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    return FaultReport.objects.filter(
        company_id__in=company_ids, reported_at__gte=start, reported_at__lt=end
    )


def _as_of(today: date) -> datetime:
    """The arrival limit is measured to now, or to the end of `today` when the figures are
    asked as of an earlier day."""
    return min(timezone.now(), timezone.make_aware(datetime.combine(today, time.max)))


def arrival_q(state: str, as_of: datetime) -> Q:
    """A report's arrival outcome (R-3.7.3): one not yet reached is running until its
    arrival limit passes, then breached (as a running clock past its due date is)."""
    not_reached = Q(arrival_met__isnull=True)
    if state == "met":
        return Q(arrival_met=True)
    if state == "breached":
        return Q(arrival_met=False) | (not_reached & Q(arrival_due_at__lt=as_of))
    if state == "running":
        return not_reached & Q(arrival_due_at__gte=as_of)
    return Q()


def fault_arrival_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    """Compliance source (R-3.7.3): arrivals within / beyond the limit of the report's
    area, over the reports of the range, one aggregate over the index field_fault_period."""
    as_of = _as_of(today)
    rows = (
        _reported_in(company_ids, date_from, date_to)
        .values("arrival_code")
        .annotate(
            met=Count("id", filter=arrival_q("met", as_of)),
            breached=Count("id", filter=arrival_q("breached", as_of)),
            running=Count("id", filter=arrival_q("running", as_of)),
        )
        .order_by()
    )
    return {
        row["arrival_code"]: Counts(
            met=row["met"], breached=row["breached"], running=row["running"]
        )
        for row in rows
    }


def fault_arrival_records(
    company_ids: list[int], code: str, state: str, date_from: date, date_to: date, today: date
) -> QuerySet[FaultReport]:
    """The reports behind a figure of fault_arrival_counts."""
    return _reported_in(company_ids, date_from, date_to).filter(
        arrival_q(state, _as_of(today)), arrival_code=code
    )


def describe_fault(report: FaultReport, code: str, today: date) -> Record:
    state = "running"
    if report.arrival_met is not None:
        state = "met" if report.arrival_met else "breached"
    elif report.arrival_due_at < _as_of(today):
        state = "breached"
    return Record(
        f"{report.number} {report.address}",
        timezone.localdate(report.reported_at),
        state,
        reverse("field:fault_detail", args=[report.pk]),
    )


def inspected_this_half(company: Company, date_from: date, date_to: date) -> int:
    """Dashboard figure (R-3.7.1, issue 8 item 7): key accounts whose half-yearly
    inspection of the half year holding `date_from` is done (one count; one routine
    inspection per account and half year by constraint)."""
    return Inspection.objects.filter(
        company=company,
        kind=Inspection.Kind.ROUTINE,
        half_start=half_start(date_from),
        status=Inspection.Status.DONE,
    ).count()
