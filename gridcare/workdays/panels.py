"""The home-page panel of the calendar: the horizon warning for administrators (R-CAL-3)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gridcare.workdays.selectors import calendar_horizon


def horizon_panel(request: HttpRequest) -> dict[str, Any]:
    """The warning from 60 days before the last known day; nothing before that."""
    horizon = calendar_horizon()
    if not horizon.warning:
        return {"horizon": None}
    return {
        "horizon": horizon,
        "can_enter": request.user.has_perm("workdays.add_calendaryear"),
    }
