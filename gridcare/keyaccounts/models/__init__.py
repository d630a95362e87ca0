"""Key accounts (大客戶, R-3): designation, contacts, and the service each account is owed."""

from gridcare.keyaccounts.models.contacts import ContactAssignment, ContactChange
from gridcare.keyaccounts.models.designation import (
    RATING_ORDER,
    Criterion,
    Designation,
    DesignationRound,
    DesignationSettings,
    RoundEntry,
)
from gridcare.keyaccounts.models.service import (
    AssessmentProposal,
    CalendarFeed,
    Interaction,
    KeyAccountHalfYear,
    ServiceItem,
    ServiceItemNote,
)

__all__ = [
    "RATING_ORDER",
    "AssessmentProposal",
    "CalendarFeed",
    "ContactAssignment",
    "ContactChange",
    "Criterion",
    "Designation",
    "DesignationRound",
    "DesignationSettings",
    "Interaction",
    "KeyAccountHalfYear",
    "RoundEntry",
    "ServiceItem",
    "ServiceItemNote",
]
