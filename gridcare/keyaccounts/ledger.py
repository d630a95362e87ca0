"""Assessment proposals reach the assessment ledger (R-3.5.2, R-3.9.1, R-4.2).

When the `assessments` module is installed, every proposal becomes an item of kind
`proposal` against the department it names, in the proposal's own transaction, and a
withdrawn proposal withdraws its item; the ledger's review (marketing) then decides and
scores it. `sync_proposals` is registered as one of the ledger's item sources, so the
periodic run repairs anything a failure left behind. Without that module the proposals
simply wait in this app's table.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.keyaccounts.models import AssessmentProposal
from gridcare.org.models import Company

KIND = "proposal"


def ledger_installed() -> bool:
    return apps.is_installed("gridcare.assessments")


def _describe(proposal: AssessmentProposal) -> str:
    about = f"（{proposal.customer.name}）" if proposal.customer else ""
    return _("Proposed by a key-account contact%(about)s: %(reason)s") % {
        "about": about,
        "reason": proposal.reason,
    }


def record(proposal: AssessmentProposal) -> None:
    """The proposal as a ledger item (idempotent)."""
    if not ledger_installed():
        return
    from gridcare.assessments.services import assessment_item_record

    assessment_item_record(
        company=proposal.company,
        kind=KIND,
        clause=proposal.clause,
        department=proposal.department,
        staff=None,
        evidence_object=proposal,
        description=_describe(proposal),
        occurred_on=timezone.localdate(proposal.proposed_at),
        actor=proposal.proposed_by,
    )


def withdraw(proposal: AssessmentProposal, actor: Any) -> None:
    if not ledger_installed():
        return
    from gridcare.assessments.services import assessment_item_withdraw

    assessment_item_withdraw(
        kind=KIND,
        evidence_object=proposal,
        reason=_("withdrawn by the proposer"),
        actor=actor,
    )


def sync_proposals(company: Company, date_from: date, date_to: date) -> int:
    """Ledger item source: record the live proposals of the range that have no item, and
    withdraw the items of withdrawn proposals."""
    from gridcare.assessments.models import AssessmentItem

    proposal_type = ContentType.objects.get_for_model(AssessmentProposal)
    items = AssessmentItem.objects.filter(kind=KIND, evidence_type=proposal_type)
    live = items.exclude(status=AssessmentItem.Status.WITHDRAWN)
    proposals = AssessmentProposal.objects.filter(
        company=company,
        proposed_at__date__gte=date_from,
        proposed_at__date__lte=date_to,
    ).select_related("company", "clause", "department", "customer", "proposed_by")
    changed = 0
    for proposal in proposals.filter(status=AssessmentProposal.Status.PROPOSED).exclude(
        pk__in=live.values("evidence_id")
    ):
        record(proposal)
        changed += 1
    for proposal in proposals.filter(
        status=AssessmentProposal.Status.WITHDRAWN, pk__in=live.values("evidence_id")
    ):
        withdraw(proposal, None)
        changed += 1
    return changed


def ledger_statuses(proposals: list[AssessmentProposal]) -> dict[int, str]:
    """The ledger's status of each proposal's item (the review decides), by proposal id."""
    if not ledger_installed() or not proposals:
        return {}
    from gridcare.assessments.models import AssessmentItem

    rows = AssessmentItem.objects.filter(
        kind=KIND,
        evidence_type=ContentType.objects.get_for_model(AssessmentProposal),
        evidence_id__in=[p.pk for p in proposals],
    )
    return {item.evidence_id: item.get_status_display() for item in rows}
