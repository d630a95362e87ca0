"""Plausible instants: one check for every time a person, a form, the API or a file
records (a receipt, an event, a call, a visit).

A recorded time carries its time zone, does not lie in the future (beyond a few minutes:
two machines' clocks differ a little), and does not come before the company's go-live
date: a receipt dated 1900 or 2099 is a typing mistake, and measuring it would start a
clock that no rule covers or count a call as met years ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError

#: How far in the future a recorded time may lie.
FUTURE_SKEW = timedelta(minutes=5)


def implausible(at: datetime, *, company: Any, now: datetime | None = None) -> str | None:
    """Why `at` cannot be recorded for `company` (which has a `go_live` date), or None.
    A file import calls this per line to reject the line with the reason."""
    if timezone.is_naive(at):
        return _("A time must carry its time zone.")
    now = now or timezone.now()
    if at > now + FUTURE_SKEW:
        return _("This time is in the future.")
    go_live = getattr(company, "go_live", None)
    if go_live is not None and timezone.localdate(at) < go_live:
        return _("This time is before %(day)s, when the company went live in the system.") % {
            "day": go_live.isoformat()
        }
    return None


def recorded_time(at: datetime, *, company: Any, field: str = "at") -> date:
    """The local date of `at`, once it is a plausible instant for `company`; else a
    DomainError naming the field (a 400 on the API, a form error on a page)."""
    reason = implausible(at, company=company)
    if reason is not None:
        raise DomainError(reason, field=field)
    return timezone.localdate(at)


@dataclass(frozen=True)
class Dated:
    """A kind of record whose time someone recorded: `field` of `model`, which has a
    `company`. Apps register theirs, so that rows outside their company's window (typed
    before this check existed) are listed for an administrator, never dropped."""

    label: Any  # a lazily translated text
    model: type[Model]
    field: str


_DATED: list[Dated] = []


def register_dated(label: Any, model: type[Model], field: str) -> None:
    _DATED.append(Dated(label, model, field))


@dataclass
class OutOfWindow:
    kind: Dated
    count: int
    rows: list[Model]


def records_out_of_window(*, company_ids: set[int] | None, limit: int = 20) -> list[OutOfWindow]:
    """Per registered kind, the rows of the given companies (None: every company) recorded
    before their company went live or in the future: how many, and the first `limit`."""
    latest = timezone.now() + FUTURE_SKEW
    found = []
    for kind in _DATED:
        outside = Q(**{f"{kind.field}__date__lt": F("company__go_live")}) | Q(
            **{f"{kind.field}__gt": latest}
        )
        qs = kind.model._default_manager.filter(outside)
        if company_ids is not None:
            qs = qs.filter(company_id__in=company_ids)
        count = qs.count()
        if count:
            found.append(OutOfWindow(kind, count, list(qs.order_by(kind.field)[:limit])))
    return found
