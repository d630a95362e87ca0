"""Writes of the assessment ledger: record and withdraw items (any source), review them
(marketing, R-4.2), appeal once (the department concerned) and decide the appeal, and
revise the points rules (R-4.1). Each call is one transaction and audits what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem, Kind, PointRule
from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.services import audit_log, audit_log_many
from gridcare.org.models import Company, Department, Position, Staff
from gridcare.org.selectors import may_change_rules, staff_of

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


def _owners(company: Company) -> list[int]:
    """The company and the companies above it, nearest first: whose points it follows."""
    owners, seen = [], set()
    current: Company | None = company
    while current is not None and current.pk not in seen:
        owners.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return owners


@dataclass(frozen=True)
class RuleBook:
    """Every points rule version a company may follow (its own, its city company's and
    the deployment's shared ones: a short table), read once; the version in force on a
    date is then picked in memory, so that a batch of items over many days costs one
    query (the clock sweep)."""

    owners: list[int]
    rules: list[PointRule]

    @classmethod
    def of(cls, company: Company) -> RuleBook:
        owners = _owners(company)
        rules = PointRule.objects.filter(
            models.Q(company_id__in=owners) | models.Q(company__isnull=True)
        )
        return cls(owners, list(rules))

    def followed(self, *, on: date, kind: str | None = None) -> dict[str, PointRule]:
        """The version of each kind (or of `kind`) in force on `on` (R-4.1): the company's
        own, else its city company's, else the shared default (R-1.3)."""
        rank = {owner: index for index, owner in enumerate(self.owners)}
        best: dict[str, tuple[tuple[int, int], PointRule]] = {}
        for rule in self.rules:
            if kind is not None and rule.kind != kind:
                continue
            if rule.effective_from > on or (rule.effective_to and rule.effective_to <= on):
                continue
            key = (rank.get(rule.company_id, len(self.owners)), -rule.version)  # type: ignore[arg-type]
            if rule.kind not in best or key < best[rule.kind][0]:
                best[rule.kind] = (key, rule)
        return {each: rule for each, (_key, rule) in best.items()}


def rules_followed(*, company: Company, on: date) -> dict[str, PointRule]:
    """The points rule of each kind in force on `on` for `company`."""
    return RuleBook.of(company).followed(on=on)


def rule_in_force(*, company: Company, kind: str, on: date) -> PointRule | None:
    return RuleBook.of(company).followed(on=on, kind=kind).get(kind)


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


@dataclass(frozen=True)
class ItemEntry:
    """What one item is recorded with (see assessment_items_record)."""

    company: Company
    clause_id: int | None
    department_id: int | None
    staff_id: int | None
    evidence_object: models.Model
    description: str
    occurred_on: date


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
    """Record one item against a department for one evidence record (R-3.9.1); see
    assessment_items_record."""
    entry = ItemEntry(
        company,
        clause.pk if clause else None,
        department.pk if department else None,
        staff.pk if staff else None,
        evidence_object,
        description,
        occurred_on,
    )
    return assessment_items_record(kind=kind, entries=[entry], actor=actor)[0]


@transaction.atomic
def assessment_items_record(
    *, kind: str, entries: Sequence[ItemEntry], actor: Actor
) -> list[AssessmentItem]:
    """Record an item for each entry, scored by the points rule of its company in force on
    its date, in a few queries for the whole list (the clock sweep breaches thousands of
    clocks at a time). Idempotent: an evidence record's existing item is returned, and one
    withdrawn earlier is reopened for review. With no points rule in force the item is
    still recorded, without points: it waits for the marketing department, which sets
    them on review (`waits_for_rule`)."""
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of item."), field="kind")
    keys = [_evidence_key(entry.evidence_object) for entry in entries]
    existing: dict[tuple[int, int], AssessmentItem] = {}
    for evidence_type in {key[0] for key in keys}:
        ids = [key[1] for key in keys if key[0] == evidence_type]
        for found in AssessmentItem.objects.select_for_update().filter(
            kind=kind, evidence_type=evidence_type, evidence_id__in=ids
        ):
            existing[(found.evidence_type_id, found.evidence_id)] = found
    books: dict[int, RuleBook] = {}
    new: list[AssessmentItem] = []
    for entry, (evidence_type, evidence_id) in zip(entries, keys, strict=True):
        item = existing.get((evidence_type.pk, evidence_id))
        if item is not None:
            if item.status == Status.WITHDRAWN:
                _reopen(item, occurred_on=entry.occurred_on, actor=actor)
            continue
        if entry.company.pk not in books:
            books[entry.company.pk] = RuleBook.of(entry.company)
        rule = books[entry.company.pk].followed(on=entry.occurred_on, kind=kind).get(kind)
        points = rule.points if rule is not None else None
        new.append(
            AssessmentItem(
                company=entry.company,
                kind=kind,
                clause_id=entry.clause_id,
                department_id=entry.department_id,
                staff_id=entry.staff_id,
                evidence_type=evidence_type,
                evidence_id=evidence_id,
                description=entry.description,
                occurred_on=entry.occurred_on,
                rule=rule,
                points_proposed=points,
                points=points,
                recorded_at=timezone.now(),
            )
        )
    created = _insert(new)
    audit_log_many(
        action="assessments.item.recorded",
        actor=actor,
        entries=[
            (
                item,
                item.company_id,
                {
                    "kind": kind,
                    "evidence": f"{item.evidence_type.app_label}.{item.evidence_type.model}"
                    f"#{item.evidence_id}",
                    "occurred_on": item.occurred_on.isoformat(),
                    "rule_version": item.rule.version if item.rule else None,
                    "points": str(item.points) if item.points is not None else None,
                },
            )
            for item in created
        ],
    )
    by_key = {(i.evidence_type_id, i.evidence_id): i for i in [*existing.values(), *created]}
    missing = [key for key in keys if (key[0].pk, key[1]) not in by_key]
    for evidence_type, evidence_id in missing:
        # Recorded at the same moment by someone else (see _insert): return theirs.
        by_key[(evidence_type.pk, evidence_id)] = AssessmentItem.objects.get(
            kind=kind, evidence_type=evidence_type, evidence_id=evidence_id
        )
    return [by_key[(key[0].pk, key[1])] for key in keys]


def _insert(items: list[AssessmentItem]) -> list[AssessmentItem]:
    """Insert the items in one statement; when a concurrent recorder of the same evidence
    wins on the unique constraint, each alone in a savepoint, leaving the winner's."""
    try:
        with transaction.atomic():
            return AssessmentItem.objects.bulk_create(items, batch_size=1000)
    except IntegrityError:
        created = []
        for item in items:
            try:
                with transaction.atomic():
                    item.save(force_insert=True)
                created.append(item)
            except IntegrityError:
                continue
        return created


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
    #: The version followed until then: the owner's own, or the one it inherited (None
    #: when no version was in force).
    old: PointRule | None
    new: PointRule


@transaction.atomic
def point_rule_revise(
    *,
    company: Company | None,
    kind: str,
    points: Decimal | None,
    effective_from: date,
    reason: str,
    actor: User,
) -> RuleRevision:
    """A new version of `company`'s points for `kind` from `effective_from` (R-4.1, R-4.3);
    `company` None revises the deployment's shared default. The owner's version in force
    ends that day; a company that followed an inherited version gets its first own one.
    Items already recorded keep their version. Only the owner's marketing department (or
    a deployment administrator) may revise (R-1.3)."""
    if not may_change_rules(actor, company, "assessments.review_assessmentitem"):
        raise PermissionDenied(_("Only the company that owns these points may change them."))
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of item."), field="kind")
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    current = (
        PointRule.objects.select_for_update()
        .filter(company=company, kind=kind, effective_to__isnull=True)
        .order_by("-version")
        .first()
    )
    inherited = None
    if current is None and company is not None:
        # The version the company follows now (or from the new date, if later): its own
        # first version cannot reach back before it.
        on = max(effective_from, timezone.localdate())
        inherited = rule_in_force(company=company, kind=kind, on=on)
    followed = current or inherited
    if followed is not None and effective_from <= followed.effective_from:
        raise DomainError(
            _("The new version must take effect after %(day)s.")
            % {"day": followed.effective_from.isoformat()},
            field="effective_from",
        )
    if current is not None:
        current.effective_to = effective_from
        current.save(update_fields=["effective_to"])
    old = followed
    new = PointRule.objects.create(
        company=company,
        kind=kind,
        points=points,
        version=current.version + 1 if current else 1,
        effective_from=effective_from,
        source=old.source if old else "",
        change_reason=reason.strip(),
    )
    audit_log(
        action="assessments.rule.revised",
        actor=actor,
        obj=new,
        company=company,
        payload={
            "kind": kind,
            "points": str(points) if points is not None else None,
            "effective_from": effective_from.isoformat(),
            "reason": reason.strip(),
            "scope": company.code if company else "deployment",
        },
    )
    return RuleRevision(old=old, new=new)
