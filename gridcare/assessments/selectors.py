"""Reads of the ledger: the scoped item list and the department scorecards (R-3.9.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gridcare.assessments.models import AssessmentItem, Kind, PointRule
from gridcare.assessments.services import rules_followed
from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible, staff_of

Status = AssessmentItem.Status


def sees_ledger(user: Any) -> bool:
    return bool(user.has_perm("assessments.view_assessmentitem"))


def item_list(*, user: Any) -> QuerySet[AssessmentItem]:
    """Items of the companies the user may see: the whole ledger for those who read it
    (marketing, leadership, supervision), their own department's items for a department
    that may appeal, nothing otherwise."""
    qs = AssessmentItem.objects.select_related(
        "clause", "department", "staff", "rule", "evidence_type"
    )
    visible = company_ids_visible(user)
    if visible is not None:
        qs = qs.filter(company_id__in=visible)
    if user.is_superuser or sees_ledger(user):
        return qs
    staff = staff_of(user)
    if staff is not None and user.has_perm("assessments.appeal_assessmentitem"):
        return qs.filter(department_id=staff.department_id)
    return qs.none()


def rules_in_force(*, company: Company | None, on: date) -> list[PointRule]:
    """The points rule of every kind that `company` follows on `on` (its own, its city
    company's or the shared default); the shared defaults when `company` is None."""
    if company is None:
        return list(
            PointRule.objects.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
            .filter(effective_from__lte=on, company__isnull=True)
            .order_by("kind")
        )
    followed = rules_followed(company=company, on=on)
    return [followed[kind] for kind in Kind.values if kind in followed]


@dataclass
class ScoreRow:
    department_id: int | None
    department: str
    items: int = 0
    pending: int = 0
    appealed: int = 0
    confirmed: int = 0
    reduced: int = 0
    rejected: int = 0
    withdrawn: int = 0
    points: Decimal = Decimal(0)
    points_pending: Decimal = Decimal(0)


def scorecard(*, items: QuerySet[AssessmentItem], date_from: date, date_to: date) -> list[ScoreRow]:
    """One row per department over the items that occurred in [date_from, date_to]: one
    indexed range query grouped by department. `points` sums the decided items (confirmed
    or reduced); `points_pending` those still to review or under appeal."""
    scored = Q(status__in=AssessmentItem.SCORED)
    open_ = Q(status__in=[Status.PENDING, Status.APPEALED])
    rows = (
        items.filter(occurred_on__gte=date_from, occurred_on__lte=date_to)
        .values("department_id", "department__name")
        .annotate(
            n=Count("id", filter=~Q(status=Status.WITHDRAWN)),
            pending=Count("id", filter=Q(status=Status.PENDING)),
            appealed=Count("id", filter=Q(status=Status.APPEALED)),
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            reduced=Count("id", filter=Q(status=Status.REDUCED)),
            rejected=Count("id", filter=Q(status=Status.REJECTED)),
            withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
            points_sum=Sum("points", filter=scored),
            pending_sum=Sum("points", filter=open_),
        )
        .order_by()
    )
    result = [
        ScoreRow(
            department_id=row["department_id"],
            department=row["department__name"] or "",
            items=row["n"],
            pending=row["pending"],
            appealed=row["appealed"],
            confirmed=row["confirmed"],
            reduced=row["reduced"],
            rejected=row["rejected"],
            withdrawn=row["withdrawn"],
            points=row["points_sum"] or Decimal(0),
            points_pending=row["pending_sum"] or Decimal(0),
        )
        for row in rows
    ]
    result.sort(key=lambda r: (-r.points, -r.items, r.department))
    return result


def scorecard_total(rows: list[ScoreRow]) -> ScoreRow:
    total = ScoreRow(department_id=None, department="")
    for row in rows:
        for name in ("items", "pending", "appealed", "confirmed", "reduced", "rejected"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.withdrawn += row.withdrawn
        total.points += row.points
        total.points_pending += row.points_pending
    return total


def pending_review_count(*, user: Any) -> int:
    """Items waiting for the marketing department (a review or an appeal decision)."""
    return item_list(user=user).filter(status__in=[Status.PENDING, Status.APPEALED]).count()
