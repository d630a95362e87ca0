"""Plausible instants: one check for every time a person, a form, the API or a file
records (a receipt, an event, a call, a visit).

A recorded time carries its time zone, does not lie in the future (beyond a few minutes:
two machines' clocks differ a little), and does not come before the company's go-live
date: a receipt dated 1900 or 2099 is a typing mistake, and measuring it would start a
clock that no rule covers or count a call as met years ahead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

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
