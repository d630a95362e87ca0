"""What the calendar adds to the administrators' to-do (R-CAL-3): the next year's working
days are to be entered before the calendar runs out."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gridcare.core.todo import EMPTY, Batch, Entry
from gridcare.workdays.selectors import calendar_horizon


def next_year(user: Any, limit: int) -> Batch:
    if not user.has_perm("workdays.add_calendaryear"):
        return EMPTY
    horizon = calendar_horizon()
    if not horizon.warning:
        return EMPTY
    last = horizon.last_known
    entry = Entry(
        action=_("Enter the holidays and make-up days"),
        record=_("Working-day calendar %(year)s") % {"year": last.year + 1}
        if last
        else _("Working-day calendar"),
        url=reverse("workdays:year_enter"),
        due=last,
    )
    return Batch([entry], 1)
