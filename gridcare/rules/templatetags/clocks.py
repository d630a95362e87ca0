"""{% clocks_panel subject %}: every clock of a record with its actions, for detail pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.utils import timezone

from gridcare.rules.models import ClockExemption
from gridcare.rules.selectors import clock_usage, clocks_of

register = template.Library()


def panel_context(subject: Model, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    clocks = clocks_of(subject)
    pending = {
        e.clock_id: e
        for e in ClockExemption.objects.filter(
            clock__in=clocks, status=ClockExemption.Status.PENDING
        ).select_related("requested_by")
    }
    rows = []
    for clock in clocks:
        usage = clock_usage(clock, today)
        rows.append(
            {
                "clock": clock,
                "state": clock.effective_state(today),
                "usage": usage,
                # Width of the progress bar in twentieths (a class: no inline styles, CSP).
                "bar": min(20, round(20 * usage.used / usage.allowed)) if usage.allowed else 20,
                "pending": pending.get(clock.pk),
            }
        )
    return {
        "rows": rows,
        "all_met": bool(rows) and all(r["state"] in ("met", "exempted") for r in rows),
        "may_pause": user.has_perm("rules.pause_clock"),
        "may_request": user.has_perm("rules.request_exemption"),
        "may_decide": user.has_perm("rules.decide_clockexemption"),
        "subject": subject,
    }


@register.inclusion_tag("rules/_clocks_panel.html", takes_context=True)
def clocks_panel(context: dict[str, Any], subject: Model) -> dict[str, Any]:
    request = context["request"]
    return {
        **panel_context(subject, request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
