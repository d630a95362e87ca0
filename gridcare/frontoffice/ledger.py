"""Assessment proposals of the front office into the assessment ledger (R-3.9.1).

A failed hall-inspection item or a substantiated complaint proposed for assessment becomes
an item of the ledger, through the assessments module's own service (which scores it by
the points rule in force): at once when proposed, and again by the ledger's periodic sync
(idempotent: one item per proposal). Without the assessments module, proposals wait here.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from gridcare.core.errors import DomainError
from gridcare.frontoffice.models import AssessmentProposal
from gridcare.org.models import Company
from gridcare.rules.selectors import clauses_of, profile_in_force

logger = logging.getLogger(__name__)

# The ledger's kinds of item (gridcare.assessments.models.Kind values).
HALL_INSPECTION, COMPLAINT, CONDUCT = "hall_inspection", "complaint", "conduct"


def ledger_installed() -> bool:
    return apps.is_installed("gridcare.assessments")


def kind_of(proposal: AssessmentProposal) -> str:
    if proposal.inspection_result_id is not None:
        return HALL_INSPECTION
    return CONDUCT if proposal.complaint.about_conduct else COMPLAINT  # type: ignore[union-attr]


def record(proposal: AssessmentProposal) -> Any:
    """The ledger item of one proposal (created if missing)."""
    from gridcare.assessments.services import assessment_item_record

    occurred_on = timezone.localdate(proposal.proposed_at)
    profile = profile_in_force(company=proposal.company_id, on=occurred_on)
    clause = clauses_of(profile=profile).filter(number=proposal.clause).first() if profile else None
    department = proposal.department or (proposal.staff.department if proposal.staff else None)
    return assessment_item_record(
        company=proposal.company,
        kind=kind_of(proposal),
        clause=clause,
        department=department,
        staff=proposal.staff,
        evidence_object=proposal,
        description=proposal.reason,
        occurred_on=occurred_on,
        actor=proposal.proposed_by,
    )


def record_on_commit(proposal: AssessmentProposal) -> None:
    """After the proposal is saved: put it in the ledger now, so that the marketing
    department sees it without waiting for the periodic sync."""
    if not ledger_installed():
        return

    def run() -> None:
        try:
            with transaction.atomic():
                record(AssessmentProposal.objects.select_related(*_RELATED).get(pk=proposal.pk))
        except DomainError as error:
            # A kind without a points rule in force: the periodic sync tries again.
            logger.warning("assessment proposal %s not recorded: %s", proposal.pk, error.message)

    transaction.on_commit(run)


_RELATED = ("company", "staff__department", "department", "complaint", "proposed_by")


def sync_proposals(company: Company, date_from: date, date_to: date) -> int:
    """The ledger source (gridcare.assessments.registry): every proposal of the range has
    its item; returns how many were created now."""
    started = timezone.now()
    zone = timezone.get_current_timezone()
    proposals = AssessmentProposal.objects.filter(
        company=company,
        proposed_at__gte=datetime.combine(date_from, time.min, tzinfo=zone),
        proposed_at__lt=datetime.combine(date_to, time.max, tzinfo=zone),
    ).select_related(*_RELATED)
    created = 0
    for proposal in proposals.iterator(chunk_size=200):
        try:
            with transaction.atomic():
                item = record(proposal)
        except DomainError as error:
            logger.warning("assessment proposal %s not recorded: %s", proposal.pk, error.message)
            continue
        created += item.recorded_at >= started
    return created
