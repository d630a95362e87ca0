"""What key accounts add to a person's to-do: a contact's visits owed and open service
items (R-3.6.1, R-3.7.6), and the rounds and contact changes waiting for leadership's
decision (R-3.3.4, R-3.4.2). Every entry is about a key account (R-3.7.3)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gridcare.core.todo import EMPTY, Batch, Entry, total_of
from gridcare.keyaccounts.models import ContactChange, DesignationRound
from gridcare.keyaccounts.selectors import contact_change_list, due_for_contact, round_list


def contact_work(user: Any, limit: int) -> Batch:
    """The contact's own accounts: visits owed this half year (and late ones of the last)
    and open service items with a due date."""
    due = due_for_contact(user=user, today=timezone.localdate())
    return Batch(
        [
            Entry(
                action=_("Half-year visit") if entry.is_visit else _("Service item"),
                record=entry.customer if entry.is_visit else entry.title,
                url=entry.url,
                due=entry.due,
                is_key_account=True,
            )
            for entry in due[:limit]
        ],
        len(due),
    )


def decisions(user: Any, limit: int) -> Batch:
    """Designation rounds submitted for approval, and contact changes proposed."""
    if not user.has_perm("keyaccounts.approve_round"):
        return EMPTY
    rounds = round_list(user=user).filter(status=DesignationRound.Status.SUBMITTED)
    rows = list(rounds.order_by("submitted_at", "pk")[:limit])
    entries = [
        Entry(
            action=_("Approve the designation round"),
            record=r.title,
            url=reverse("keyaccounts:round_detail", args=[r.pk]),
            is_key_account=True,
        )
        for r in rows
    ]
    changes = contact_change_list(user=user).filter(status=ContactChange.Status.PENDING).count()
    if changes:
        entries.append(
            Entry(
                action=_("Decide contact changes"),
                record=ngettext("%(count)s change proposed", "%(count)s changes proposed", changes)
                % {"count": changes},
                url=reverse("keyaccounts:contact_changes"),
                is_key_account=True,
            )
        )
    return Batch(entries, total_of(rows, limit, rounds) + (1 if changes else 0))
