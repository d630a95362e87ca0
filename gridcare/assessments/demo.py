"""Demo: the other modules' breaches become a reviewed ledger (some confirmed, some
reduced, one rejected, one appealed, the newest still to review)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.utils import timezone

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.services import (
    APPEAL_POSITIONS,
    Decision,
    assessment_item_appeal,
    assessment_item_review,
    may_appeal,
)
from gridcare.assessments.sync import ledger_sync
from gridcare.org.models import Company, Department, Staff

Status = AssessmentItem.Status

#: The newest items stay to review, so that marketing's home shows work.
LEFT_TO_REVIEW = 5


def _marketing_reviewer(company: Company) -> User | None:
    staff = (
        Staff.objects.filter(company=company, user__groups__name="marketing")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return staff.user if staff else None


#: The role a department's head works in, by department kind, for the demo heads that the
#: organisation's demo created without a login role (a team leader of a service hall, say).
ROLE_OF_KIND: dict[str, str] = {
    Department.Kind.SERVICE_HALL: "counter_clerk",
    Department.Kind.CSC: "csc_director",
    Department.Kind.PRODUCTION_TECHNOLOGY: "production_technology",
    Department.Kind.DISPATCH: "dispatch_planner",
    Department.Kind.REPAIR_TEST: "field_unit",
    Department.Kind.OPERATIONS: "field_unit",
    Department.Kind.LINE: "field_unit",
}


def _appellant(item: AssessmentItem) -> User | None:
    """A head of the item's department who may appeal; a head without a role is given
    the role of their department's kind."""
    if item.department is None:
        return None
    heads = Staff.objects.filter(
        department_id=item.department.pk, position__kind__in=APPEAL_POSITIONS
    ).select_related("user", "position")
    for staff in heads.order_by("pk"):
        if may_appeal(user=staff.user, item=item):
            return staff.user
    role = ROLE_OF_KIND.get(item.department.kind)
    head = heads.order_by("pk").first()
    if head is None or role is None:
        return None
    head.user.groups.add(Group.objects.get(name=role))
    user = User.objects.get(pk=head.user.pk)  # a fresh object: no cached permissions
    return user if may_appeal(user=user, item=item) else None


def load_demo(company: Company) -> str:
    synced = ledger_sync(company=company, date_from=date(2000, 1, 1), date_to=timezone.localdate())
    items = AssessmentItem.objects.filter(company=company)
    reviewer = _marketing_reviewer(company)
    if reviewer is None or items.filter(reviewed_at__isnull=False).exists():
        return f"ledger: {items.count()} items ({sum(synced.values())} new), already reviewed"
    pending = list(
        items.filter(status=Status.PENDING)
        .select_related("department")
        .order_by("occurred_on", "pk")
    )
    to_review = pending[:-LEFT_TO_REVIEW] if len(pending) > LEFT_TO_REVIEW else []
    rejected = appealed = False
    for n, item in enumerate(to_review):
        if not rejected and n == 2:
            assessment_item_review(
                item=item,
                decision=Decision.REJECT,
                reason="客戶原因延誤，已附客戶書面說明。",
                actor=reviewer,
            )
            rejected = True
        elif n % 4 == 1 and item.points_proposed:
            assessment_item_review(
                item=item,
                decision=Decision.REDUCE,
                reason="首次發生且已即時整改，減半考核。",
                points=(item.points_proposed / 2).quantize(Decimal("0.1")),
                actor=reviewer,
            )
        else:
            assessment_item_review(
                item=item, decision=Decision.CONFIRM, points=Decimal(1), actor=reviewer
            )
            appellant = None if appealed else _appellant(item)
            if appellant is not None:
                assessment_item_appeal(
                    item=item, reason="超期係因客戶未備齊資料，申請覆核。", actor=appellant
                )
                appealed = True
    return (
        f"ledger: {items.count()} items, {len(to_review)} reviewed "
        f"({'one appealed' if appealed else 'no appeal: no department head to appeal'})"
    )
