"""Home panels of field work (ROLES.md "home shows"): each role sees its work due first,
nearest deadline first, key accounts first (R-3.7.1, R-3.7.2, R-3.7.3). Each panel reads
a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from gridcare.customers.selectors import customer_list
from gridcare.field.models import Delivery, FaultReport, Inspection, OutagePlan
from gridcare.field.selectors import (
    fault_list,
    inspection_list,
    outage_scope,
    patrol_queue,
    patrol_request_list,
)
from gridcare.keyaccounts.halves import half_start
from gridcare.org.selectors import staff_of

#: Rows a panel lists; the count beside its title gives the rest.
ROWS = 6
#: A field unit sees the inspections and patrols scheduled up to this many days ahead.
UNIT_HORIZON_DAYS = 7


def unit_work(request: HttpRequest) -> dict[str, Any]:
    """A field unit member: the inspections and patrols of their unit due within a week
    (late ones first) and the faults dispatched to their crew not yet reached."""
    staff = staff_of(request.user)
    if staff is None:
        return {"inspections": [], "faults": []}
    today, now = timezone.localdate(), timezone.now()
    inspections = (
        inspection_list(user=request.user)
        .filter(
            unit_id=staff.department_id,
            status=Inspection.Status.PLANNED,
            scheduled_for__lte=today + timedelta(days=UNIT_HORIZON_DAYS),
        )
        .order_by("scheduled_for", "pk")
    )
    faults = (
        fault_list(user=request.user)
        .filter(crew_id=staff.department_id, status=FaultReport.Status.DISPATCHED)
        .order_by("-is_key_account", "arrival_due_at", "pk")
    )
    return {
        "inspections": list(inspections[:ROWS]),
        "faults": list(faults[:ROWS]),
        "today": today,
        "now": now,
    }


def dispatch_work(request: HttpRequest) -> dict[str, Any]:
    """A dispatch planner: planned outages still to agree with a key account (nearest
    start first) and coming outages with a notice whose sending failed (R-3.7.2)."""
    now = timezone.now()
    upcoming = outage_scope(user=request.user).filter(
        status=OutagePlan.Status.FILED, starts_at__gte=now
    )
    to_agree = upcoming.annotate(
        to_agree=Count(
            "affected",
            filter=Q(affected__is_key_account=True, affected__agreed_starts_at__isnull=True),
            distinct=True,
        )
    ).filter(to_agree__gt=0)
    failed = upcoming.filter(
        pk__in=Delivery.objects.filter(status=Delivery.Status.FAILED).values("notice__outage_id")
    )
    return {
        "to_agree": list(to_agree.order_by("starts_at", "pk")[:ROWS]),
        "failed": list(failed.order_by("starts_at", "pk")[:ROWS]),
        "now": now,
    }


def prodtech_work(request: HttpRequest) -> dict[str, Any]:
    """Production technology: key accounts not yet planned this half year, inspections
    past their date, and patrol requests to schedule (R-3.7.1)."""
    today = timezone.localdate()
    half = half_start(today)
    planned = Inspection.objects.filter(kind=Inspection.Kind.ROUTINE, half_start=half).values(
        "customer_id"
    )
    unplanned = customer_list(user=request.user).filter(is_key_account=True).exclude(pk__in=planned)
    overdue = (
        inspection_list(user=request.user)
        .filter(status=Inspection.Status.PLANNED, scheduled_for__lt=today)
        .order_by("scheduled_for", "pk")
    )
    requests = patrol_queue(patrol_request_list(user=request.user))
    return {
        "half": half,
        "unplanned": list(unplanned.order_by("name", "pk")[:ROWS]),
        "unplanned_count": unplanned.count(),
        "overdue": list(overdue[:ROWS]),
        "overdue_count": overdue.count(),
        "requests": list(requests[:ROWS]),
        "requests_count": requests.count(),
        "today": today,
    }
