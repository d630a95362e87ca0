"""Fault reports (R-3.7.3): reported, dispatched to a crew, arrival and restoration
recorded. The arrival limit of the report's area (urban 45, rural 90, remote 120 minutes:
the State Grid commitments) is a service standard, read when the fault is reported and
kept on the report so that a later revision never rewrites it (R-4.1)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log
from gridcare.customers.models import Customer
from gridcare.field.models import FaultReport
from gridcare.field.services.common import (
    Actor,
    aware,
    check_transition,
    next_number,
    require_text,
)
from gridcare.org.models import Company, Department

CREW_KINDS = {"dispatch", "repair_test", "operations", "line"}


def arrival_code(area: str) -> str:
    return f"fault.arrival_{area}"


@transaction.atomic
def fault_report_create(
    *,
    company: Company,
    source: str,
    area: str,
    address: str,
    description: str,
    reported_at: datetime | None = None,
    customer: Customer | None = None,
    actor: Actor = None,
) -> FaultReport:
    from gridcare.rules.selectors import standard_in_force

    if source not in FaultReport.Source.values:
        raise DomainError(_("Choose where the report came from."), field="source")
    if area not in FaultReport.Area.values:
        raise DomainError(_("Choose urban, rural or remote."), field="area")
    if customer is not None and customer.company_id != company.pk:
        raise DomainError(_("No customer has this account number."), field="customer")
    # Minutes, as the forms record every later step.
    reported_at = aware(reported_at or timezone.now(), "reported_at").replace(
        second=0, microsecond=0
    )
    recorded_time(reported_at, company=company, field="reported_at")
    standard = standard_in_force(
        company=company, code=arrival_code(area), on=timezone.localdate(reported_at)
    )
    if standard is None:
        raise DomainError(_("No arrival limit is in force for this area."), field="area")
    report = FaultReport.objects.create(
        company=company,
        number=next_number(FaultReport, company.pk, "GZ"),
        customer=customer,
        is_key_account=bool(customer and customer.is_key_account),
        source=source,
        area=area,
        address=require_text(address, "address", _("Give the address of the fault.")),
        description=require_text(description, "description", _("Describe the fault.")),
        reported_at=reported_at,
        arrival_code=standard.code,
        arrival_limit_minutes=standard.amount,
    )
    audit_log(
        action="field.fault.reported",
        actor=actor,
        obj=report,
        payload={"area": area, "limit_minutes": standard.amount, "key": report.is_key_account},
    )
    return report


def _lock(report: FaultReport) -> FaultReport:
    return FaultReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def fault_dispatch(
    *, report: FaultReport, crew: Department, at: datetime, actor: Actor
) -> FaultReport:
    report = _lock(report)
    check_transition(report, FaultReport.Status.DISPATCHED, FaultReport.TRANSITIONS)
    if crew.company_id != report.company_id or crew.kind not in CREW_KINDS:
        raise DomainError(_("Choose a field unit of the company."), field="crew")
    if aware(at, "at") < report.reported_at:
        raise DomainError(_("Dispatch cannot come before the report."), field="at")
    report.crew, report.dispatched_at, report.status = crew, at, FaultReport.Status.DISPATCHED
    report.save(update_fields=["crew", "dispatched_at", "status"])
    audit_log(
        action="field.fault.dispatched",
        actor=actor,
        obj=report,
        payload={"crew": crew.code, "at": at.isoformat()},
    )
    return report


@transaction.atomic
def fault_arrive(*, report: FaultReport, at: datetime, actor: Actor) -> FaultReport:
    """Arrival on site: met when within the limit kept on the report."""
    report = _lock(report)
    check_transition(report, FaultReport.Status.ARRIVED, FaultReport.TRANSITIONS)
    if aware(at, "at") < (report.dispatched_at or report.reported_at):
        raise DomainError(_("Arrival cannot come before dispatch."), field="at")
    minutes = (at - report.reported_at).total_seconds() / 60
    report.arrived_at, report.status = at, FaultReport.Status.ARRIVED
    report.arrival_met = minutes <= report.arrival_limit_minutes
    report.save(update_fields=["arrived_at", "status", "arrival_met"])
    audit_log(
        action="field.fault.arrived",
        actor=actor,
        obj=report,
        payload={"minutes": round(minutes), "met": report.arrival_met},
    )
    return report


@transaction.atomic
def fault_restore(*, report: FaultReport, at: datetime, actor: Actor) -> FaultReport:
    report = _lock(report)
    check_transition(report, FaultReport.Status.RESTORED, FaultReport.TRANSITIONS)
    if aware(at, "at") < (report.arrived_at or report.reported_at):
        raise DomainError(_("Restoration cannot come before arrival."), field="at")
    report.restored_at, report.status = at, FaultReport.Status.RESTORED
    report.save(update_fields=["restored_at", "status"])
    audit_log(
        action="field.fault.restored", actor=actor, obj=report, payload={"at": at.isoformat()}
    )
    return report
