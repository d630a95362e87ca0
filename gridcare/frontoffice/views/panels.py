"""Home-page panels of the front office: each role's work due first (ROLES.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from django.utils import timezone

from gridcare.frontoffice.models import Matter
from gridcare.frontoffice.selectors import (
    callbacks_waiting,
    hall_day,
    hall_list,
    matter_list,
    queue_state,
    rate_total,
    referrals_for_my_department,
    ring_rates,
)
from gridcare.frontoffice.views.calls import CALLBACK_DAYS
from gridcare.org.selectors import company_for, staff_of


def my_matters(request: HttpRequest) -> dict[str, Any]:
    """The user's open matters; those whose answer is waiting to be relayed first."""
    staff = staff_of(request.user)
    if staff is None:
        return {"matters": [], "waiting_relay": 0}
    qs = matter_list(user=request.user).filter(owner=staff).exclude(status=Matter.Status.CLOSED)
    first = Case(
        When(status=Matter.Status.ANSWERED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    matters = list(qs.annotate(first=first).order_by("first", "received_at")[:8])
    return {
        "matters": matters,
        "waiting_relay": qs.filter(status=Matter.Status.ANSWERED).count(),
        "open_count": qs.count(),
    }


def callbacks(request: HttpRequest) -> dict[str, Any]:
    since = timezone.localdate() - timedelta(days=CALLBACK_DAYS)
    qs = callbacks_waiting(user=request.user, since=since)
    return {"calls": list(qs.order_by("-pk")[:6]), "count": qs.count()}


def rings(request: HttpRequest) -> dict[str, Any]:
    """The 5-ring rate today and this month, the centre's and (for an agent) their own."""
    company = company_for(request.user)
    if company is None:
        return {}
    today = timezone.localdate()
    month = today.replace(day=1)
    staff = staff_of(request.user)

    def total(since: Any, agent_id: int | None = None) -> Any:
        return rate_total(
            ring_rates(
                company_ids=[company.pk],
                date_from=since,
                date_to=today,
                by="month",
                agent_id=agent_id,
            )
        )

    return {
        "today": total(today),
        "month": total(month),
        "mine": total(month, staff.pk) if staff and staff.department.kind == "csc" else None,
    }


def hall_queue(request: HttpRequest) -> dict[str, Any]:
    staff = staff_of(request.user)
    today = timezone.localdate()
    halls = list(hall_list(user=request.user).prefetch_related("counters"))
    mine = [h for h in halls if staff and h.department_id == staff.department_id]
    return {
        # A clerk of no hall sees the first hall's queue, its counters not to be opened
        # (a clerk serves at their own hall only).
        "halls": [
            {
                "hall": h,
                "state": queue_state(h, today),
                "counters": list(h.counters.all()),
                "mine": bool(mine),
            }
            for h in mine or halls[:1]
        ],
        "my_day": hall_day(user=request.user, day=today, clerk_id=staff.pk) if staff else None,
    }


def referrals(request: HttpRequest) -> dict[str, Any]:
    qs = referrals_for_my_department(user=request.user)
    return {
        "referrals": list(qs.order_by("due", "id")[:6]),
        "count": qs.count(),
        "today": timezone.localdate(),
    }
