"""The supervision officer's home panel: follow-up calls queued (ROLES.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from gridcare.followups.figures import satisfaction_rate
from gridcare.followups.models import FollowupCall
from gridcare.followups.selectors import followup_list, queued_count
from gridcare.org.selectors import company_for


def queue(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    calls = list(
        followup_list(user=request.user)
        .filter(state=FollowupCall.State.QUEUED)
        .order_by("due", "id")[:6]
    )
    company = company_for(request.user)
    half_start = date(today.year, 1 if today.month <= 6 else 7, 1)
    rate = satisfaction_rate(company, half_start, today) if company else None
    return {"calls": calls, "today": today, "rate": rate, **queued_count(user=request.user)}
