"""Writes of the assessment ledger: record and withdraw items (any source), review them
(marketing, R-4.2), appeal once (the department concerned) and decide the appeal, and
revise the points rules (R-4.1). Each call is one transaction and audits what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem, Kind, PointRule
from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.services import audit_log
from gridcare.org.models import Company, Department, Position, Staff
from gridcare.org.selectors import staff_of

Actor = User | AnonymousUser | None
Status = AssessmentItem.Status

#: Positions that speak for their department in an appeal (R-4.2: "the department
#: concerned can appeal"): its head, deputy head or team leader.
APPEAL_POSITIONS = frozenset(
    {Position.Kind.DIRECTOR, Position.Kind.DEPUTY_DIRECTOR, Position.Kind.TEAM_LEADER}
)


class Decision(models.TextChoices):
    CONFIRM = "confirm", _("Confirm")
    REDUCE = "reduce", _("Reduce")
    REJECT = "reject", _("Reject")


_DECISION_STATUS: dict[str, str] = {
    Decision.CONFIRM: Status.CONFIRMED,
    Decision.REDUCE: Status.REDUCED,
    Decision.REJECT: Status.REJECTED,
}


def rule_in_force(*, kind: str, on: date) -> PointRule | None:
    """The points rule version for `kind` in force on `on` (R-4.1)."""
    return (
        PointRule.objects.filter(kind=kind, effective_from__lte=on)
        .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gt=on))
        .order_by("-effective_from", "-version")
        .first()
    )


def _move(item: AssessmentItem, to: str) -> None:
    """The one check of the TRANSITIONS table."""
    if to not in AssessmentItem.TRANSITIONS.get(item.status, frozenset()):
        raise TransitionError(
            _("An item that is %(status)s cannot become %(to)s.")
            % {"status": item.get_status_display(), "to": Status(to).label},
            field="status",
        )
    item.status = to


def _lock(item: AssessmentItem) -> AssessmentItem:
    """Re-read the item under a row lock: two reviewers deciding at once queue here, and
    the second sees the first's decision (and is refused by the transition check)."""
    return AssessmentItem.objects.select_for_update().get(pk=item.pk)


def _evidence_key(evidence_object: models.Model) -> tuple[ContentType, int]:
    return ContentType.objects.get_for_model(evidence_object), int(evidence_object.pk)


@transaction.atomic
def assessment_item_record(
    *,
    company: Company,
    kind: str,
    clause: Any,
    department: Department | None,
    staff: Staff | None,
    evidence_object: models.Model,
    description: str,
    occurred_on: date,
    actor: Actor,
) -> AssessmentItem:
    """Record an item against a department for one evidence record (R-3.9.1), scored by
    the points rule in force on `occurred_on`. Idempotent: the item of this kind for this
    record is returned if it exists; one withdrawn earlier is reopened for review."""
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of item."), field="kind")
    evidence_type, evidence_id = _evidence_key(evidence_object)
    existing = (
        AssessmentItem.objects.select_for_update()
        .filter(kind=kind, evidence_type=evidence_type, evidence_id=evidence_id)
        .first()
    )
    if existing is not None:
        if existing.status == Status.WITHDRAWN:
            _reopen(existing, occurred_on=occurred_on, actor=actor)
        return existing
    rule = rule_in_force(kind=kind, on=occurred_on)
    if rule is None:
        raise DomainError(
            _("No points rule for this kind of item is in force on %(day)s.")
            % {"day": occurred_on.isoformat()},
            field="kind",
        )
    try:
        # A savepoint: a concurrent recorder of the same evidence loses on the unique
        # constraint and returns the winner's item instead of failing its caller.
        with transaction.atomic():
            item = AssessmentItem.objects.create(
                company=company,
                kind=kind,
                clause=clause,
                department=department,
                staff=staff,
                evidence_type=evidence_type,
                evidence_id=evidence_id,
                description=description,
                occurred_on=occurred_on,
                rule=rule,
                points_proposed=rule.points,
                points=rule.points,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        return AssessmentItem.objects.get(
            kind=kind, evidence_type=evidence_type, evidence_id=evidence_id
        )
    audit_log(
        action="assessments.item.recorded",
        actor=actor,
        obj=item,
        payload={
            "kind": kind,
            "evidence": f"{evidence_type.app_label}.{evidence_type.model}#{evidence_id}",
            "occurred_on": occurred_on.isoformat(),
            "rule_version": rule.version,
            "points": str(rule.points) if rule.points is not None else None,
        },
    )
    return item


def _reopen(item: AssessmentItem, *, occurred_on: date, actor: Actor) -> None:
    _move(item, Status.PENDING)
    item.occurred_on = occurred_on
    item.points = item.points_proposed
    item.withdrawn_reason = ""
    item.save(update_fields=["status", "occurred_on", "points", "withdrawn_reason"])
    audit_log(
        action="assessments.item.reopened",
        actor=actor,
        obj=item,
        payload={"occurred_on": occurred_on.isoformat()},
    )


@transaction.atomic
def assessment_item_withdraw(
    *, kind: str, evidence_object: models.Model, reason: str, actor: Actor
) -> AssessmentItem | None:
    """The evidence no longer stands (a breach withdrawn, a complaint found unfounded on
    review): the item is withdrawn, kept with its history, and scores nothing."""
    evidence_type, evidence_id = _evidence_key(evidence_object)
    item = (
        AssessmentItem.objects.select_for_update()
        .filter(kind=kind, evidence_type=evidence_type, evidence_id=evidence_id)
        .first()
    )
    if item is None or item.status == Status.WITHDRAWN:
        return item
    previous = item.status
    _move(item, Status.WITHDRAWN)
    item.withdrawn_reason = reason
    item.save(update_fields=["status", "withdrawn_reason"])
    audit_log(
        action="assessments.item.withdrawn",
        actor=actor,
        obj=item,
        payload={"reason": reason, "was": previous},
    )
    return item


def _decided_points(item: AssessmentItem, decision: str, points: Decimal | None) -> Decimal:
    """The points a decision leaves on the item; raises naming the field when wrong."""
    if decision == Decision.REJECT:
        return Decimal(0)
    if decision == Decision.CONFIRM:
        if item.points_proposed is not None:
            return item.points_proposed
        if points is None or points < 0:
            raise DomainError(
                _("The rules leave the points of this kind to the review: give them."),
                field="points",
            )
        return points
    # Reduce: fewer points than the rules give (or than proposed on appeal).
    ceiling = item.points_proposed if item.points_proposed is not None else item.points
    if points is None or points < 0:
        raise DomainError(_("Give the reduced points."), field="points")
    if ceiling is not None and points >= ceiling:
        raise DomainError(
            _("A reduction must give fewer than %(points)s points.") % {"points": ceiling},
            field="points",
        )
    return points


def _require_reason(decision: str, reason: str) -> str:
    reason = reason.strip()
    if decision in (Decision.REDUCE, Decision.REJECT) and not reason:
        raise DomainError(_("Give the reason of a reduction or a rejection."), field="reason")
    return reason


@transaction.atomic
def assessment_item_review(
    *,
    item: AssessmentItem,
    decision: str,
    reason: str = "",
    points: Decimal | None = None,
    actor: User,
) -> AssessmentItem:
    """The marketing department confirms the item, reduces it with a reason, or rejects it
    with a reason (R-4.2)."""
    if decision not in _DECISION_STATUS:
        raise DomainError(_("Unknown decision."), field="decision")
    reason = _require_reason(decision, reason)
    item = _lock(item)
    if item.status != Status.PENDING:
        raise TransitionError(
            _("This item was already reviewed (%(status)s).")
            % {"status": item.get_status_display()},
            field="status",
        )
    decided = _decided_points(item, decision, points)
    _move(item, _DECISION_STATUS[decision])
    item.points = decided
    item.review_reason = reason
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.save(update_fields=["status", "points", "review_reason", "reviewed_by", "reviewed_at"])
    audit_log(
        action=f"assessments.item.{item.status}",
        actor=actor,
        obj=item,
        payload={"points": str(decided), "reason": reason},
    )
    return item


def may_appeal(*, user: Any, item: AssessmentItem) -> bool:
    """A head (director, deputy or team leader) of the department concerned may appeal."""
    staff = staff_of(user)
    return (
        staff is not None
        and item.department_id is not None
        and staff.department_id == item.department_id
        and staff.position.kind in APPEAL_POSITIONS
        and user.has_perm("assessments.appeal_assessmentitem")
    )


@transaction.atomic
def assessment_item_appeal(*, item: AssessmentItem, reason: str, actor: User) -> AssessmentItem:
    """The department concerned appeals a confirmed or reduced item, once, with a reason
    (R-4.2)."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason of the appeal."), field="reason")
    item = _lock(item)
    if not may_appeal(user=actor, item=item):
        raise DomainError(
            _("Only a head of the department concerned can appeal its item."), field="reason"
        )
    if item.appealed_at is not None:
        raise TransitionError(_("This item was already appealed once."), field="status")
    _move(item, Status.APPEALED)
    item.appeal_reason = reason
    item.appealed_by = actor
    item.appealed_at = timezone.now()
    item.save(update_fields=["status", "appeal_reason", "appealed_by", "appealed_at"])
    audit_log(action="assessments.item.appealed", actor=actor, obj=item, payload={"reason": reason})
    return item


@transaction.atomic
def assessment_appeal_decide(
    *,
    item: AssessmentItem,
    decision: str,
    reason: str,
    points: Decimal | None = None,
    actor: User,
) -> AssessmentItem:
    """The marketing department decides an appeal: the item stands (confirm), is reduced
    or is rejected; a reason is always given, since the department is answered."""
    if decision not in _DECISION_STATUS:
        raise DomainError(_("Unknown decision."), field="decision")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason of the decision on the appeal."), field="reason")
    item = _lock(item)
    if item.status != Status.APPEALED:
        raise TransitionError(_("This item has no appeal waiting."), field="status")
    if decision == Decision.CONFIRM:
        # The appeal fails: the decision under appeal stands, with its points.
        decided = item.points if item.points is not None else Decimal(0)
        reduced = item.points_proposed is not None and decided < item.points_proposed
        to: str = Status.REDUCED if reduced else Status.CONFIRMED
    else:
        decided = _decided_points(item, decision, points)
        to = _DECISION_STATUS[decision]
    _move(item, to)
    item.points = decided
    item.appeal_decision_reason = reason
    item.appeal_decided_at = timezone.now()
    item.save(update_fields=["status", "points", "appeal_decision_reason", "appeal_decided_at"])
    audit_log(
        action="assessments.item.appeal_decided",
        actor=actor,
        obj=item,
        payload={"decision": decision, "points": str(decided), "reason": reason},
    )
    return item


@dataclass(frozen=True)
class RuleRevision:
    old: PointRule
    new: PointRule


@transaction.atomic
def point_rule_revise(
    *,
    kind: str,
    points: Decimal | None,
    effective_from: date,
    reason: str,
    actor: User,
) -> RuleRevision:
    """A new version of the points for `kind` from `effective_from` (R-4.1, R-4.3): the
    version in force ends that day; items already recorded keep their version."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    current = (
        PointRule.objects.select_for_update()
        .filter(kind=kind, effective_to__isnull=True)
        .order_by("-version")
        .first()
    )
    if current is None:
        raise DomainError(_("Unknown kind of item."), field="kind")
    if effective_from <= current.effective_from:
        raise DomainError(
            _("The new version must take effect after %(day)s.")
            % {"day": current.effective_from.isoformat()},
            field="effective_from",
        )
    current.effective_to = effective_from
    current.save(update_fields=["effective_to"])
    new = PointRule.objects.create(
        kind=kind,
        points=points,
        version=current.version + 1,
        effective_from=effective_from,
        source=current.source,
        change_reason=reason.strip(),
    )
    audit_log(
        action="assessments.rule.revised",
        actor=actor,
        obj=new,
        payload={
            "kind": kind,
            "points": str(points) if points is not None else None,
            "effective_from": effective_from.isoformat(),
            "reason": reason.strip(),
        },
    )
    return RuleRevision(old=current, new=new)
