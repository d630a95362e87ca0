"""The measures engine listens to the working-day calendar."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gridcare.core.services import audit_log
from gridcare.rules.recompute import clocks_recompute
from gridcare.workdays.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="gridcare.rules.recompute_deadlines")
def recompute_deadlines(sender: Any, years: list[int], actor: Any = None, **kwargs: Any) -> None:
    """Runs inside the calendar change's transaction: both commit together (R-CAL-3)."""
    result = clocks_recompute(years=years, actor_id=getattr(actor, "pk", None))
    audit_log(
        action="rules.clock.deadlines_recomputed",
        actor=actor,
        payload={"years": years, "changed": result.changed, "reconciled": result.reconciled},
    )
