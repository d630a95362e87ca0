"""What field work adds to a person's to-do (R-3.7.1 … R-3.7.3): a field unit's faults to
reach and inspections to do, dispatch's faults to dispatch and outages to agree with key
accounts, production technology's late inspections and patrol requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.todo import EMPTY, Batch, Entry, total_of
from gridcare.field.models import FaultReport, Inspection, OutagePlan
from gridcare.field.panels import UNIT_HORIZON_DAYS
from gridcare.field.selectors import (
    fault_list,
    inspection_list,
    outage_scope,
    patrol_queue,
    patrol_request_list,
)
from gridcare.org.selectors import staff_of


def _faults(qs: Any, limit: int, action: str) -> Batch:
    qs = qs.select_related("customer").order_by("-is_key_account", "arrival_due_at", "pk")
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=action,
                record=f"{f.number} {f.customer.name if f.customer else f.address}",
                url=reverse("field:fault_detail", args=[f.pk]),
                due=f.arrival_due_at,
                is_key_account=f.is_key_account,
            )
            for f in rows
        ],
        total_of(rows, limit, qs),
    )


def _inspections(qs: Any, limit: int) -> Batch:
    # Inspections and special patrols are of key accounts.
    qs = qs.select_related("customer").order_by("scheduled_for", "pk")
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=str(i.get_kind_display()),
                record=i.customer.name,
                url=reverse("field:inspection_detail", args=[i.pk]),
                due=i.scheduled_for,
                is_key_account=True,
            )
            for i in rows
        ],
        total_of(rows, limit, qs),
    )


def unit_faults(user: Any, limit: int) -> Batch:
    """Faults dispatched to the user's crew, not yet reached."""
    staff = staff_of(user)
    if staff is None:
        return EMPTY
    qs = fault_list(user=user).filter(
        crew_id=staff.department_id, status=FaultReport.Status.DISPATCHED
    )
    return _faults(qs, limit, _("Reach the fault"))


def unit_inspections(user: Any, limit: int) -> Batch:
    """The unit's planned inspections and patrols up to a week ahead, late ones first."""
    staff = staff_of(user)
    if staff is None:
        return EMPTY
    horizon = timezone.localdate() + timedelta(days=UNIT_HORIZON_DAYS)
    qs = inspection_list(user=user).filter(
        unit_id=staff.department_id,
        status=Inspection.Status.PLANNED,
        scheduled_for__lte=horizon,
    )
    return _inspections(qs, limit)


def faults_to_dispatch(user: Any, limit: int) -> Batch:
    qs = fault_list(user=user).filter(status=FaultReport.Status.REPORTED)
    return _faults(qs, limit, _("Dispatch the fault"))


def outages_to_agree(user: Any, limit: int) -> Batch:
    """Coming planned outages whose start a key account has not agreed yet (R-3.7.2)."""
    qs = (
        outage_scope(user=user)
        .filter(status=OutagePlan.Status.FILED, starts_at__gte=timezone.now())
        .annotate(
            to_agree=Count(
                "affected",
                filter=Q(affected__is_key_account=True, affected__agreed_starts_at__isnull=True),
                distinct=True,
            )
        )
        .filter(to_agree__gt=0)
        .order_by("starts_at", "pk")
    )
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=_("Agree the outage with key accounts"),
                record=str(o),
                url=reverse("field:outage_detail", args=[o.pk]),
                due=o.starts_at,
                is_key_account=True,
            )
            for o in rows
        ],
        total_of(rows, limit, qs),
    )


def late_inspections(user: Any, limit: int) -> Batch:
    """Planned inspections past their date, for production technology to chase."""
    qs = inspection_list(user=user).filter(
        status=Inspection.Status.PLANNED, scheduled_for__lt=timezone.localdate()
    )
    return _inspections(qs, limit)


def patrol_requests(user: Any, limit: int) -> Batch:
    """Key accounts' patrol requests to schedule, by the date they want it by."""
    qs = patrol_queue(patrol_request_list(user=user)).select_related("customer")
    rows = list(qs[:limit])
    url = reverse("field:patrol_queue")
    return Batch(
        [
            Entry(
                action=_("Schedule the patrol"),
                record=p.customer.name,
                url=url,
                due=p.wanted_to,
                is_key_account=True,
            )
            for p in rows
        ],
        total_of(rows, limit, qs),
    )
