"""What the applications add to a person's to-do (R-3.7.3): the open applications they
are responsible for, with the next step's due date."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gridcare.applications.selectors import application_list, open_only, queue_order
from gridcare.core.todo import EMPTY, Batch, Entry, total_of
from gridcare.org.selectors import staff_of


def my_applications(user: Any, limit: int) -> Batch:
    staff = staff_of(user)
    if staff is None:
        return EMPTY
    qs = queue_order(open_only(application_list(user=user).filter(responsible_staff=staff)))
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=_("Application: %(step)s") % {"step": a.get_status_display()},
                record=f"{a.number} {a.customer.name}",
                url=reverse("applications:application_detail", args=[a.pk]),
                due=a.next_due if a.has_due else None,
                is_key_account=a.is_key_account,
            )
            for a in rows
        ],
        total_of(rows, limit, qs),
    )
