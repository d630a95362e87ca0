"""Writes of field work (DESIGN.md convention 1): every function is keyword-only, runs in
one transaction and audits what it changed."""

from gridcare.field.services.faults import (
    fault_arrive,
    fault_dispatch,
    fault_report_create,
    fault_restore,
)
from gridcare.field.services.inspections import (
    inspection_plan_half_year,
    inspection_record,
    special_patrol_request,
    written_notice_advance,
    written_notice_issue,
)
from gridcare.field.services.outages import (
    delivery_send,
    outage_coordinate,
    outage_file,
    outage_transition,
)
from gridcare.field.services.patrols import (
    patrol_request_create,
    patrol_request_decline,
    patrol_request_schedule,
)

__all__ = [
    "delivery_send",
    "fault_arrive",
    "fault_dispatch",
    "fault_report_create",
    "fault_restore",
    "inspection_plan_half_year",
    "inspection_record",
    "outage_coordinate",
    "outage_file",
    "outage_transition",
    "patrol_request_create",
    "patrol_request_decline",
    "patrol_request_schedule",
    "special_patrol_request",
    "written_notice_advance",
    "written_notice_issue",
]
