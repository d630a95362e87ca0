"""The marketing department's home panel: items waiting for it (ROLES.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.selectors import item_list

Status = AssessmentItem.Status


def review_panel(request: HttpRequest) -> dict[str, Any]:
    counts = item_list(user=request.user).aggregate(
        pending=Count("id", filter=Q(status=Status.PENDING)),
        appealed=Count("id", filter=Q(status=Status.APPEALED)),
    )
    return {"pending": counts["pending"], "appealed": counts["appealed"]}
