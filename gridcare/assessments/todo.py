"""What the ledger adds to marketing's to-do (R-3.9.1, R-4.2): appeals to decide first,
then the items still to review, oldest first."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.selectors import item_list
from gridcare.core.todo import EMPTY, Batch, Entry, total_of

Status = AssessmentItem.Status


def to_review(user: Any, limit: int) -> Batch:
    if not user.has_perm("assessments.review_assessmentitem"):
        return EMPTY
    appeals_first = Case(
        When(status=Status.APPEALED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    qs = (
        item_list(user=user)
        .filter(status__in=[Status.PENDING, Status.APPEALED])
        .annotate(first=appeals_first)
        .order_by("first", "occurred_on", "pk")
    )
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=_("Decide the appeal")
                if item.status == Status.APPEALED
                else _("Review the assessment item"),
                record=" · ".join(
                    str(part)
                    for part in (item.department, truncatechars(item.description, 40))
                    if part
                ),
                url=reverse("assessments:item_detail", args=[item.pk]),
            )
            for item in rows
        ],
        total_of(rows, limit, qs),
    )
