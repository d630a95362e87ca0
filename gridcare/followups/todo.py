"""What follow-up calls add to supervision's to-do (R-3.8.2): the queued calls, nearest
call-by date first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gridcare.core.todo import EMPTY, Batch, Entry, total_of
from gridcare.followups.models import FollowupCall
from gridcare.followups.selectors import followup_list


def queued_calls(user: Any, limit: int) -> Batch:
    if not user.has_perm("followups.record_followupcall"):
        return EMPTY
    qs = followup_list(user=user).filter(state=FollowupCall.State.QUEUED).order_by("due", "pk")
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=_("Follow-up call"),
                record=str(call),
                url=reverse("followups:call_detail", args=[call.pk]),
                due=call.due,
            )
            for call in rows
        ],
        total_of(rows, limit, qs),
    )
