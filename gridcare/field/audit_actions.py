"""How the audit trail of faults, outages, inspections and patrols reads
(gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.customers.audit_actions import CUSTOMER_BY_ID
from gridcare.field.models import (
    Delivery,
    FaultReport,
    Inspection,
    OutagePlan,
    PatrolRequest,
    WrittenNotice,
)
from gridcare.org.models import Department
from gridcare.rules.models import Clock


def department_name(code: str) -> str:
    """A field unit's name for its code (the audit data keeps the code)."""
    department = Department.objects.filter(code=code).only("name").first()
    return department.name if department is not None else code


def register_actions() -> None:
    unit = Field(_("Field unit"), render=department_name)
    register(
        {
            "field.fault.reported": _("Fault reported"),
            "field.fault.dispatched": _("Crew dispatched"),
            "field.fault.arrived": _("Crew arrived after %(minutes)s minutes"),
            "field.fault.restored": _("Supply restored"),
        },
        fields={
            "area": Field(_("Area"), dict(FaultReport.Area.choices)),
            "limit_minutes": _("Limit (minutes)"),
            "key": _("Key account"),
            "crew": unit,
            "met": _("Within the limit"),
        },
    )
    outage_status = dict(OutagePlan.Status.choices)
    register(
        {
            "field.outage.filed": _("Outage filed"),
            "field.outage.coordinated": _("Outage time agreed with the customer"),
            **{
                f"field.outage.{status}": format_lazy("{} · {}", _("Outage"), label)
                for status, label in OutagePlan.Status.choices
            },
            "field.delivery.sent": _("Outage notice sent"),
            "field.delivery.failed": _("Outage notice could not be sent"),
        },
        fields={
            "kind": Field(_("Kind"), dict(OutagePlan.Kind.choices)),
            "starts_at": _("Starts at"),
            "affected": _("Customers affected"),
            "key_accounts": _("Key accounts affected"),
            "notice_state": Field(_("Notice deadline"), dict(Clock.State.choices)),
            "agreed_starts_at": _("Agreed start"),
            "agreed_ends_at": _("Agreed end"),
            "agreed_with": _("Agreed with"),
            "customer": CUSTOMER_BY_ID,
            "channel": Field(_("Channel"), dict(Delivery.Channel.choices)),
            "attempt": _("Attempt"),
            "from": Field(_("Previous status"), outage_status),
            "to": Field(_("New status"), outage_status),
        },
    )
    register(
        {
            "field.inspection.planned": _("Inspection planned for %(on)s"),
            "field.inspection.recorded": _("Inspection recorded"),
            "field.patrol.requested": _("Special patrol requested for %(on)s"),
            "field.patrol_request.created": _("Patrol requested by the customer"),
            "field.patrol_request.scheduled": _("Patrol scheduled for %(on)s"),
            "field.patrol_request.declined": _("Patrol request declined"),
        },
        fields={
            "half": _("Half year from"),
            "unit": unit,
            "on": _("Date"),
            "requested_by": _("Requested by"),
            "condition": Field(_("Condition"), dict(Inspection.Condition.choices)),
            "findings": _("Findings"),
            "for_customer": _("Findings for the customer"),
            "photos": _("Photos"),
            "channel": Field(_("Channel"), dict(PatrolRequest.Channel.choices)),
            "from": _("Wanted from"),
            "to": _("Wanted until"),
            "inspection": _("Inspection number"),
            "within_wish": _("Within the customer's wish"),
        },
    )
    register(
        {
            "field.notice.issued": _("Written notice issued, rectify by %(rectify_by)s"),
            **{
                f"field.notice.{status}": format_lazy("{} · {}", _("Written notice"), label)
                for status, label in WrittenNotice.Status.choices
                if status != WrittenNotice.Status.ISSUED
            },
        },
        fields={
            "inspection": _("Inspection number"),
            "rectify_by": _("Rectify by"),
            "by": _("Signed by"),
        },
    )
