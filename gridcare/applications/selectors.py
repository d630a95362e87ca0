"""Reads of connection applications: the scoping selector, queues, clocks, timelines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse

from gridcare.applications.models import Application
from gridcare.customers.timeline import TimelineEntry
from gridcare.org.selectors import company_ids_visible, staff_of
from gridcare.rules.models import Clock, ClockExemption

OPEN = list(Application.OPEN)


def application_list(*, user: Any) -> QuerySet[Application]:
    """Applications of the companies the user may see (DESIGN.md convention 2)."""
    qs = Application.objects.select_related("customer", "responsible_department")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def queue_order(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Key accounts first, then the nearest due date (R-3.7.3)."""
    return qs.order_by("-is_key_account", "next_due", "id")


def open_only(qs: QuerySet[Application]) -> QuerySet[Application]:
    # Written exactly as the partial index's condition so that PostgreSQL uses it.
    return qs.filter(status__in=OPEN)


def at_risk(qs: QuerySet[Application], today: date) -> QuerySet[Application]:
    """Open, not yet late, and past the reminder share of some clock's time."""
    return open_only(qs).filter(remind_from__lte=today, next_due__gte=today)


def breached(qs: QuerySet[Application], today: date) -> QuerySet[Application]:
    """A clock breached, or a running clock past its due date."""
    return qs.filter(Q(has_breach=True) | Q(next_due__lt=today))


def my_open_applications(*, user: Any, limit: int = 10) -> list[Application]:
    staff = staff_of(user)
    if staff is None:
        return []
    qs = open_only(application_list(user=user).filter(responsible_staff=staff))
    return list(queue_order(qs)[:limit])


def clocks_by_application(applications: Iterable[Application]) -> dict[int, list[Clock]]:
    """The clocks of many applications in one query (no query per row)."""
    ids = [a.pk for a in applications]
    grouped: dict[int, list[Clock]] = defaultdict(list)
    if not ids:
        return grouped
    content_type = ContentType.objects.get_for_model(Application)
    for clock in (
        Clock.objects.filter(subject_type=content_type, subject_id__in=ids)
        .select_related("standard__clause")
        .order_by("started_at", "id")
    ):
        grouped[clock.subject_id].append(clock)
    return grouped


def attach_clocks(applications: list[Application]) -> list[Application]:
    grouped = clocks_by_application(applications)
    for application in applications:
        application.clock_rows = grouped.get(application.pk, [])  # type: ignore[attr-defined]
    return applications


def exemptions_of(clocks: list[Clock]) -> list[ClockExemption]:
    """Every exemption asked for the clocks of a record, with its reason and who decided
    ("special circumstances excepted" is shown with reason and approver, R-2.10)."""
    return list(
        ClockExemption.objects.filter(clock__in=clocks)
        .select_related("clock__standard__clause", "requested_by", "decided_by")
        .order_by("requested_at")
    )


def verdict(clocks: list[Clock], today: date, *, finished: bool) -> bool | None:
    """An application passes only if every clock passes: False once any clock is breached;
    True once the application has finished (energized or ended) with every clock met or
    exempted; None while it is still on its way (later steps start more clocks)."""
    states = [c.effective_state(today) for c in clocks]
    if any(s == Clock.State.BREACHED for s in states):
        return False
    if finished and all(s in (Clock.State.MET, Clock.State.EXEMPTED) for s in states):
        return True
    return None


def customer_timeline(customer: Any, limit: int) -> list[TimelineEntry]:
    """Timeline source: the customer's applications and their steps."""
    rows = (
        Application.objects.filter(customer=customer)
        .prefetch_related("steps")
        .order_by("-received_at")[:limit]
    )
    entries = []
    for application in rows:
        url = reverse("applications:application_detail", args=[application.pk])
        for step in application.steps.all():
            entries.append(
                TimelineEntry(
                    at=step.at,
                    kind="application",
                    title=f"{application.number} {application.get_kind_display()}",
                    url=url,
                    icon="file-earmark-text",
                    detail=str(Application.Status(step.step).label),
                )
            )
    return entries
