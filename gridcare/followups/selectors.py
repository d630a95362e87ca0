"""Reads of follow-up calls (R-3.8.2): the scoped list, the settings in force, and the
closed records of the other modules that a scan considers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone

from gridcare.followups.models import FollowupCall, FollowupSettings
from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible


def followup_list(*, user: Any) -> QuerySet[FollowupCall]:
    """Every follow-up call the user may see (row scope: their company or companies)."""
    qs = FollowupCall.objects.select_related("company", "department", "called_by")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def settings_for(company: Company) -> FollowupSettings:
    """The company's settings, or the defaults (unsaved) when none were recorded."""
    found = FollowupSettings.objects.filter(company=company).first()
    return found if found is not None else FollowupSettings(company=company)


def queued_count(*, user: Any, today: date | None = None) -> dict[str, int]:
    """The supervision officer's day: calls still to make, and how many are overdue."""
    today = today or timezone.localdate()
    queued = followup_list(user=user).filter(state=FollowupCall.State.QUEUED)
    return {
        "queued": queued.count(),
        "overdue": queued.filter(due__lt=today).count(),
        "due_today": queued.filter(due=today).count(),
    }


@dataclass(frozen=True)
class ClosedRecord:
    """A record closed in the scanned range, with what a follow-up call needs."""

    kind: str
    record_id: int
    closed_at: datetime
    customer_name: str
    phone: str
    department_id: int | None
    is_complaint: bool = False


def closed_records(
    *, company: Company, since: datetime, until: datetime, kinds: set[str]
) -> Iterator[ClosedRecord]:
    """Records of the company closed in [since, until): matters closed (frontoffice:
    status closed, `closed_at`), applications closed (applications: the `closed` step's
    time) and faults restored (field: status restored, `restored_at`). A fault reported
    without a customer has nobody to call back and is left out."""
    from gridcare.applications.models import ApplicationStep
    from gridcare.field.models import FaultReport
    from gridcare.frontoffice.models import Matter

    kind = FollowupCall.Kind
    if kind.MATTER in kinds:
        matters = Matter.objects.filter(
            company=company,
            status=Matter.Status.CLOSED,
            closed_at__gte=since,
            closed_at__lt=until,
        ).values_list(
            "pk", "closed_at", "customer_name", "customer_phone", "owner__department_id", "kind"
        )
        for pk, closed_at, name, phone, department_id, matter_kind in matters:
            yield ClosedRecord(
                kind.MATTER,
                pk,
                cast(datetime, closed_at),
                name,
                phone,
                department_id,
                is_complaint=matter_kind == Matter.Kind.COMPLAINT,
            )
    if kind.APPLICATION in kinds:
        steps = ApplicationStep.objects.filter(
            step="closed", at__gte=since, at__lt=until, application__company=company
        ).values_list(
            "application_id",
            "at",
            "application__customer__name",
            "application__customer__contact_phone",
            "application__customer__phone",
            "application__responsible_department_id",
            "application__responsible_staff__department_id",
        )
        for pk, at, name, contact_phone, phone, department_id, staff_department_id in steps:
            yield ClosedRecord(
                kind.APPLICATION,
                pk,
                at,
                name,
                contact_phone or phone,
                department_id or staff_department_id,
            )
    if kind.FAULT in kinds:
        faults = FaultReport.objects.filter(
            company=company,
            status=FaultReport.Status.RESTORED,
            restored_at__gte=since,
            restored_at__lt=until,
            customer__isnull=False,
        ).values_list("pk", "restored_at", "customer__name", "customer__phone", "crew_id")
        for pk, restored_at, name, phone, crew_id in faults:
            yield ClosedRecord(kind.FAULT, pk, cast(datetime, restored_at), name, phone, crew_id)
