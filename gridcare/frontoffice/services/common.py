"""Helpers shared by the front-office services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError
from gridcare.org.models import Staff
from gridcare.org.selectors import staff_of


def staff_required(actor: Any) -> Staff:
    """The actor's staff record: front-office work is always done by a member of staff."""
    staff = staff_of(actor)
    if staff is None:
        raise DomainError(_("Only a member of staff can do this."), field="actor")
    return staff


def aware(at: datetime | None, *, field: str = "at") -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise DomainError(_("A time must carry its time zone."), field=field)
    return at


def check_transition(transitions: dict[str, set[str]], current: str, target: str) -> None:
    """DESIGN.md 4: one place checks every status change against the record's table."""
    if target not in transitions.get(current, set()):
        raise TransitionError(
            _("Not allowed now: %(current)s → %(target)s.")
            % {"current": current, "target": target},
            field="status",
        )
