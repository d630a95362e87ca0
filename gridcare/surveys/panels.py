"""The supervision officer's home panel (ROLES.md): survey rounds and their progress."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from gridcare.keyaccounts.halves import half_start
from gridcare.org.selectors import company_for
from gridcare.surveys.selectors import response_rate, round_list


def rounds_panel(request: HttpRequest) -> dict[str, Any]:
    """The latest rounds with invited / responded / rate / expired, and whether this half
    year's round is still to be opened (R-3.8.2)."""
    rounds = list(round_list(user=request.user).order_by("-half_start", "-id")[:3])
    for r in rounds:
        r.rate = response_rate(r.responded, r.invited)  # type: ignore[attr-defined]
    company = company_for(request.user)
    current = half_start(timezone.localdate())
    missing = company is not None and not any(
        r.half_start == current and r.company_id == company.pk for r in rounds
    )
    return {"rounds": rounds, "current_missing": missing}
