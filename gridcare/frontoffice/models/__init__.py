"""Front-office models, one module per area (calls, halls, inspections, matters, fees,
public information)."""

from gridcare.frontoffice.models.calls import (
    AgentExtension,
    CallBack,
    CallImport,
    CallImportRejection,
    CallRecord,
)
from gridcare.frontoffice.models.fees import Charge, FeeItem, yuan
from gridcare.frontoffice.models.halls import (
    TICKET_PREFIX,
    Counter,
    ServiceHall,
    Ticket,
    TicketKind,
)
from gridcare.frontoffice.models.inspections import (
    AssessmentProposal,
    Checklist,
    ChecklistItem,
    HallInspection,
    InspectionPhoto,
    InspectionResult,
)
from gridcare.frontoffice.models.matters import (
    Complaint,
    ConductCode,
    ConductItem,
    Matter,
    OwnerChange,
    Referral,
    Relay,
)
from gridcare.frontoffice.models.public import BusinessProcedure, PublicNotice, Tariff

__all__ = [
    "TICKET_PREFIX",
    "AgentExtension",
    "AssessmentProposal",
    "BusinessProcedure",
    "CallBack",
    "CallImport",
    "CallImportRejection",
    "CallRecord",
    "Charge",
    "Checklist",
    "ChecklistItem",
    "Complaint",
    "ConductCode",
    "ConductItem",
    "Counter",
    "FeeItem",
    "HallInspection",
    "InspectionPhoto",
    "InspectionResult",
    "Matter",
    "OwnerChange",
    "PublicNotice",
    "Referral",
    "Relay",
    "ServiceHall",
    "Tariff",
    "Ticket",
    "TicketKind",
    "yuan",
]
