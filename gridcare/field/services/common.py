"""Helpers shared by the field services."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError

Actor = User | AnonymousUser | None


def aware(at: datetime, field: str) -> datetime:
    if timezone.is_naive(at):
        raise DomainError(_("A time must carry its time zone."), field=field)
    return at


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def require_text(value: str, field: str, message: str) -> str:
    if not (value or "").strip():
        raise DomainError(message, field=field)
    return value.strip()


def check_transition(obj: Model, to: str, transitions: Mapping[Any, set[Any]]) -> None:
    """The one check of DESIGN.md convention 4: `to` must follow the current status."""
    current = obj.status  # type: ignore[attr-defined]
    if to not in transitions.get(current, set()):
        raise TransitionError(
            _("Cannot go from %(from)s to %(to)s.") % {"from": current, "to": to},
            field="status",
        )


def next_number(model: type[Model], company_id: int, prefix: str) -> str:
    """`<prefix><yyyy>-<nnnn>`, the next free sequence of the year for the company (the
    unique constraint on (company, number) settles a race)."""
    year = timezone.localdate().year
    stem = f"{prefix}{year}-"
    last = (
        model.objects.filter(company_id=company_id, number__startswith=stem)  # type: ignore[attr-defined]
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{seq:04d}"
