"""Key-account equipment inspections (R-3.7.1).

Production technology plans each key account's inspection once every half year and
assigns it to a field unit; the plan carries a clock of standard `field.inspection`
(1 half year: due on the half year's last day), started on the half year's first day
(the obligation runs the whole half year) and stopped by the inspection record. A special
patrol the customer asks for is scheduled and recorded the same way, without a clock.
Findings that need the customer's action go out in a numbered written notice, followed
from delivery and acknowledgement to rectification and closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core import uploads
from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.customers.models import Customer
from gridcare.field.models import Finding, FindingPhoto, Inspection, WrittenNotice
from gridcare.field.services.common import (
    Actor,
    aware,
    check_transition,
    day_start,
    next_number,
    require_text,
)
from gridcare.field.services.faults import CREW_KINDS
from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Department, Staff
from gridcare.rules.selectors import clocks_of
from gridcare.rules.services import clock_start, clock_stop

INSPECTION = "field.inspection"


#: Photos one finding may carry: enough to show a defect from several sides.
MAX_PHOTOS_PER_FINDING = 6


@dataclass(frozen=True)
class FindingInput:
    """One finding of an inspection record, with the photos taken of it (R-3.7.1)."""

    description: str
    severity: str
    needs_customer_action: bool = False
    photos: tuple[UploadedFile, ...] = ()


def _check_unit(unit: Department, company_id: int) -> None:
    if unit.company_id != company_id or unit.kind not in CREW_KINDS:
        raise DomainError(
            _("Assign the dispatch, repair and test, operations or line unit."), field="unit"
        )


@transaction.atomic
def inspection_plan_half_year(
    *,
    customer: Customer,
    half: date,
    unit: Department,
    scheduled_for: date,
    actor: Actor,
) -> Inspection:
    """Plan the half year's inspection of a key account, with its clock."""
    if not customer.is_key_account:
        raise DomainError(_("Only key accounts have half-yearly inspections."), field="customer")
    _check_unit(unit, customer.company_id)
    start = half_start(half)
    if half_start(scheduled_for) != start:
        raise DomainError(_("Schedule it inside the half year."), field="scheduled_for")
    if Inspection.objects.filter(
        customer=customer, half_start=start, kind=Inspection.Kind.ROUTINE
    ).exists():
        raise DomainError(_("This half year is already planned."), field="half")
    inspection = Inspection.objects.create(
        company_id=customer.company_id,
        customer=customer,
        kind=Inspection.Kind.ROUTINE,
        half_start=start,
        unit=unit,
        scheduled_for=scheduled_for,
    )
    clock_start(
        subject=inspection,
        code=INSPECTION,
        company=customer.company,
        started_at=day_start(start),
        attrs={"is_key_account": True},
        department=unit,
        is_key_account=True,
        actor=actor,
    )
    audit_log(
        action="field.inspection.planned",
        actor=actor,
        obj=inspection,
        payload={"half": start.isoformat(), "unit": unit.code, "on": scheduled_for.isoformat()},
    )
    return inspection


@transaction.atomic
def special_patrol_request(
    *, customer: Customer, requested_by: str, unit: Department, scheduled_for: date, actor: Actor
) -> Inspection:
    """A special patrol a key account asked for (R-3.7.1), through its contact or portal."""
    if not customer.is_key_account:
        raise DomainError(_("Special patrols are for key accounts."), field="customer")
    _check_unit(unit, customer.company_id)
    inspection = Inspection.objects.create(
        company_id=customer.company_id,
        customer=customer,
        kind=Inspection.Kind.SPECIAL,
        unit=unit,
        scheduled_for=scheduled_for,
        requested_by=require_text(requested_by, "requested_by", _("Say who asked for it.")),
    )
    audit_log(
        action="field.patrol.requested",
        actor=actor,
        obj=inspection,
        payload={"requested_by": inspection.requested_by, "on": scheduled_for.isoformat()},
    )
    return inspection


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    inspected_at: datetime,
    inspector: Staff | None,
    equipment: str,
    condition: str,
    advice: str,
    findings: list[FindingInput],
    actor: Actor,
) -> Inspection:
    """Record the inspection made on site (R-3.7.1): the equipment checked, its condition,
    the maintenance advice and any number of findings, each with its own photos. It stops
    the half year's clock. Every finding and photo is checked before anything is written,
    so a bad one leaves the inspection planned and no file behind."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check_transition(inspection, Inspection.Status.DONE, Inspection.TRANSITIONS)
    if aware(inspected_at, "inspected_at") > timezone.now():
        raise DomainError(_("The inspection cannot be in the future."), field="inspected_at")
    if condition not in Inspection.Condition.values:
        raise DomainError(_("Choose the condition."), field="condition")
    checked: list[list[uploads.Photo]] = []
    for finding in findings:
        if finding.severity not in Finding.Severity.values:
            raise DomainError(_("Choose the severity."), field="severity")
        require_text(finding.description, "description", _("Describe the finding."))
        if len(finding.photos) > MAX_PHOTOS_PER_FINDING:
            raise DomainError(
                _("A finding may have at most %(n)d photos.") % {"n": MAX_PHOTOS_PER_FINDING},
                field="photos",
            )
        checked.append([photo_check(upload) for upload in finding.photos])
    inspection.equipment = require_text(equipment, "equipment", _("Say what was checked."))
    inspection.condition, inspection.advice = condition, advice.strip()
    inspection.inspected_at, inspection.inspector = inspected_at, inspector
    inspection.status = Inspection.Status.DONE
    inspection.save()
    photos = 0
    for finding, finding_photos in zip(findings, checked, strict=True):
        row = Finding.objects.create(
            inspection=inspection,
            description=finding.description.strip(),
            severity=finding.severity,
            needs_customer_action=finding.needs_customer_action,
        )
        for photo in finding_photos:
            _photo_save(row, photo)
            photos += 1
    for clock in clocks_of(inspection):
        if clock.standard.code == INSPECTION and clock.stopped_at is None:
            clock_stop(clock=clock, at=max(inspected_at, clock.started_at), actor=actor)
    audit_log(
        action="field.inspection.recorded",
        actor=actor,
        obj=inspection,
        payload={
            "condition": condition,
            "findings": len(findings),
            "for_customer": sum(f.needs_customer_action for f in findings),
            "photos": photos,
        },
    )
    return inspection


def photo_check(upload: UploadedFile) -> uploads.Photo:
    """A photo is kept as GridCare encodes it again after decoding it as a JPEG, PNG or
    WebP image within the upload limits (core.uploads), never as it was sent."""
    try:
        return uploads.photo_reencoded(upload)
    except uploads.UploadRejected as error:
        raise DomainError(error.message, field="photos") from error


def _photo_save(finding: Finding, photo: uploads.Photo) -> FindingPhoto:
    """Store a checked photo under MEDIA_ROOT; it is served only by the permission-checked
    view."""
    row = FindingPhoto(
        finding=finding,
        content_type=photo.content_type,
        size=photo.content.size,
        uploaded_at=timezone.now(),
    )
    row.file.save(f"finding-{finding.pk}.{photo.extension}", photo.content, save=False)
    row.save()
    return row


@transaction.atomic
def written_notice_issue(
    *, inspection: Inspection, rectify_by: date, actor: Actor, issued_at: datetime | None = None
) -> WrittenNotice:
    """Issue the numbered written notice of the findings that need the customer's action
    (`issued_at` defaults to now; an earlier time records a notice issued on paper)."""
    if inspection.status != Inspection.Status.DONE:
        raise DomainError(_("Record the inspection first."), field="inspection")
    if not inspection.findings.filter(needs_customer_action=True).exists():
        raise DomainError(
            _("No finding of this inspection needs the customer's action."), field="inspection"
        )
    issued_at = aware(issued_at or timezone.now(), "issued_at")
    if rectify_by <= timezone.localdate(issued_at):
        raise DomainError(_("The deadline must come after the notice."), field="rectify_by")
    notice = WrittenNotice.objects.create(
        company_id=inspection.company_id,
        number=next_number(WrittenNotice, inspection.company_id, "SM"),
        inspection=inspection,
        rectify_by=rectify_by,
        issued_at=issued_at,
    )
    audit_log(
        action="field.notice.issued",
        actor=actor,
        obj=notice,
        payload={"inspection": inspection.pk, "rectify_by": rectify_by.isoformat()},
    )
    return notice


_STAMP = {
    WrittenNotice.Status.DELIVERED: "delivered_at",
    WrittenNotice.Status.ACKNOWLEDGED: "acknowledged_at",
    WrittenNotice.Status.RECTIFIED: "rectified_at",
    WrittenNotice.Status.CLOSED: "closed_at",
}


@transaction.atomic
def written_notice_advance(
    *, notice: WrittenNotice, to: str, at: datetime, note: str = "", by: str = "", actor: Actor
) -> WrittenNotice:
    """Delivery, the customer's acknowledgement (who signed), rectification, closure."""
    notice = WrittenNotice.objects.select_for_update().get(pk=notice.pk)
    check_transition(notice, to, WrittenNotice.TRANSITIONS)
    if aware(at, "at") < notice.issued_at:
        raise DomainError(_("This cannot come before the notice was issued."), field="at")
    if to == WrittenNotice.Status.ACKNOWLEDGED:
        notice.acknowledged_by = require_text(by, "by", _("Say who signed for the customer."))
    setattr(notice, _STAMP[WrittenNotice.Status(to)], at)
    notice.status = to
    if note.strip():
        notice.note = (notice.note + "\n" + note.strip()).strip()
    notice.save()
    audit_log(
        action=f"field.notice.{to}",
        actor=actor,
        obj=notice,
        payload={"at": at.isoformat(), "by": by, "note": note.strip()},
    )
    return notice
