"""Hall inspections against the checklist in force (R-2.3, R-2.4) and assessment
proposals from a failed item or a substantiated complaint (R-3.9.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core import uploads
from gridcare.core.errors import DomainError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log
from gridcare.frontoffice.ledger import record_on_commit
from gridcare.frontoffice.models import (
    AssessmentProposal,
    Checklist,
    ChecklistItem,
    Complaint,
    HallInspection,
    InspectionPhoto,
    InspectionResult,
    ServiceHall,
)
from gridcare.frontoffice.services.common import aware, staff_required
from gridcare.org.models import Department, Staff


def checklist_in_force(on: datetime | None = None) -> Checklist | None:
    day = timezone.localdate(on) if on else timezone.localdate()
    return (
        Checklist.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class ItemScore:
    item: ChecklistItem
    points: int
    note: str = ""
    staff: Staff | None = None


def photo_check(photo: UploadedFile) -> uploads.Photo:
    """A photo is kept as GridCare encodes it again after decoding it as a JPEG, PNG or
    WebP image within the upload limits (core.uploads): what its name says is not trusted."""
    try:
        return uploads.photo_reencoded(photo)
    except uploads.UploadRejected as error:
        raise DomainError(error.message, field="photos") from error


@transaction.atomic
def inspection_record(
    *,
    hall: ServiceHall,
    scores: list[ItemScore],
    note: str = "",
    photos: list[UploadedFile] | None = None,
    inspected_at: datetime | None = None,
    actor: Any,
) -> HallInspection:
    """Score every item of the checklist in force; an item that lost a point failed."""
    inspector = staff_required(actor)
    inspected_at = aware(inspected_at, field="inspected_at")
    recorded_time(inspected_at, company=hall.company, field="inspected_at")
    if inspector.company_id != hall.company_id:
        raise DomainError(_("This hall belongs to another company."), field="hall")
    checklist = checklist_in_force(inspected_at)
    if checklist is None:
        raise DomainError(_("No checklist is in force."), field="checklist")
    items = {item.pk: item for item in checklist.items.all()}
    given = {score.item.pk: score for score in scores}
    if set(given) != set(items):
        raise DomainError(_("Score every item of the checklist."), field="scores")
    for score in scores:
        if not 0 <= score.points <= score.item.points:
            raise DomainError(
                _("Item %(n)s is scored 0 to %(max)s.")
                % {"n": score.item.number, "max": score.item.points},
                field=f"item_{score.item.pk}",
            )
        if score.points < score.item.points and not score.note.strip():
            raise DomainError(
                _("Say what was wrong with item %(n)s.") % {"n": score.item.number},
                field=f"note_{score.item.pk}",
            )
        if score.staff is not None and score.staff.company_id != hall.company_id:
            raise DomainError(_("This person works for another company."), field="staff")
    checked = [photo_check(photo) for photo in photos or []]
    total = sum(s.points for s in scores)
    maximum = sum(item.points for item in items.values())
    failed = sum(1 for s in scores if s.points < s.item.points)
    inspection = HallInspection.objects.create(
        company_id=hall.company_id,
        hall=hall,
        checklist=checklist,
        inspected_at=inspected_at,
        inspector=inspector,
        score=total,
        max_score=maximum,
        failed_items=failed,
        note=note.strip(),
    )
    InspectionResult.objects.bulk_create(
        InspectionResult(
            inspection=inspection,
            item=s.item,
            points=s.points,
            passed=s.points == s.item.points,
            staff=s.staff if s.item.target == ChecklistItem.Target.STAFF else None,
            note=s.note.strip(),
        )
        for s in sorted(scores, key=lambda s: s.item.number)
    )
    now = timezone.now()
    for number, photo in enumerate(checked, start=1):
        row = InspectionPhoto(inspection=inspection, uploaded_at=now, uploaded_by=actor)
        row.image.save(f"photo-{number}.{photo.extension}", photo.content, save=False)
        row.save()
    audit_log(
        action="frontoffice.inspection.recorded",
        actor=actor,
        obj=inspection,
        company=hall.company,
        payload={"hall": hall.name, "score": total, "of": maximum, "failed": failed},
    )
    return inspection


def _propose(
    *,
    company_id: int,
    clause: str,
    department: Department | None,
    staff: Staff | None,
    reason: str,
    actor: Any,
    **source: Any,
) -> AssessmentProposal:
    staff_required(actor)
    if department is None and staff is None:
        raise DomainError(_("Name the department or the person."), field="department")
    for name, target in (("department", department), ("staff", staff)):
        if target is not None and target.company_id != company_id:
            raise DomainError(_("This belongs to another company."), field=name)
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    if AssessmentProposal.objects.filter(**source).exists():
        raise DomainError(_("An assessment was already proposed for this."), field="reason")
    proposal = AssessmentProposal.objects.create(
        company_id=company_id,
        clause=clause,
        department=department,
        staff=staff,
        reason=reason.strip(),
        proposed_by=actor,
        proposed_at=timezone.now(),
        **source,
    )
    record_on_commit(proposal)
    audit_log(
        action="frontoffice.assessment.proposed",
        actor=actor,
        obj=proposal,
        company=proposal.company,
        payload={
            "clause": clause,
            "department": department.name if department else "",
            "staff": staff.name if staff else "",
            "reason": proposal.reason,
        },
    )
    return proposal


@transaction.atomic
def assessment_propose_from_result(
    *,
    result: InspectionResult,
    reason: str,
    department: Department | None = None,
    staff: Staff | None = None,
    actor: Any,
) -> AssessmentProposal:
    """A failed checklist item becomes an assessment item against the hall or the person."""
    result = InspectionResult.objects.select_related("inspection__hall", "item").get(pk=result.pk)
    if result.passed:
        raise DomainError(_("Only a failed item can become an assessment item."), field="result")
    return _propose(
        company_id=result.inspection.company_id,
        clause=result.item.clause,
        department=department,
        staff=staff,
        reason=reason,
        actor=actor,
        inspection_result=result,
    )


@transaction.atomic
def assessment_propose_from_complaint(
    *,
    complaint: Complaint,
    reason: str,
    department: Department | None = None,
    staff: Staff | None = None,
    actor: Any,
) -> AssessmentProposal:
    """A substantiated complaint becomes an assessment item (R-3.9.1)."""
    complaint = Complaint.objects.select_related("matter", "prohibition").get(pk=complaint.pk)
    if complaint.finding != Complaint.Finding.SUBSTANTIATED:
        raise DomainError(
            _("Only a substantiated complaint can become an assessment item."), field="finding"
        )
    return _propose(
        company_id=complaint.matter.company_id,
        clause="2.2" if complaint.about_conduct else "3.6.3",
        department=department,
        staff=staff,
        reason=reason,
        actor=actor,
        complaint=complaint,
    )
