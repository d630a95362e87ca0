"""Home-page panels (ROLES.md): the contact's accounts this half year, and marketing's and
leadership's designation round with what waits for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from gridcare.keyaccounts.halves import half_end, half_label, half_start
from gridcare.keyaccounts.models import ContactChange, DesignationRound
from gridcare.keyaccounts.selectors import (
    attach_service_state,
    contact_change_list,
    due_for_contact,
    keyaccount_list,
    open_round,
    round_in_force,
    round_list,
    sees_all,
    served_ids,
)
from gridcare.org.selectors import company_for, staff_of
from gridcare.rules.selectors import clocks_of


def desk_panel(request: HttpRequest) -> dict[str, Any]:
    """The contact's own accounts: visited / owed this half year, what is due next."""
    today = timezone.localdate()
    staff = staff_of(request.user)
    if staff is None:
        return {"accounts": 0}
    mine = keyaccount_list(user=request.user)
    if sees_all(request.user):
        mine = mine.filter(pk__in=served_ids(staff))
    accounts = attach_service_state(list(mine.order_by("name")[:500]), today)
    states = [a.ka_half_state for a in accounts]  # type: ignore[attr-defined]
    return {
        "accounts": len(accounts),
        "visited": states.count("visited"),
        "owed": states.count("owed") + states.count("overdue"),
        "overdue_items": sum(a.ka_overdue_items for a in accounts),  # type: ignore[attr-defined]
        "due": [e for e in due_for_contact(user=request.user, today=today)][:6],
        "half": half_label(today),
        "half_end": half_end(today),
        "today": today,
    }


def round_panel(request: HttpRequest) -> dict[str, Any]:
    """The list in force and its two years, the round being drafted, approvals waiting."""
    company = company_for(request.user)
    if company is None:
        return {"company": None}
    in_force = round_in_force(company.pk)
    clock = None
    if in_force is not None:
        clock = next(
            (c for c in clocks_of(in_force) if c.standard.code == "keyaccount.designation_round"),
            None,
        )
    waiting = round_list(user=request.user).filter(status=DesignationRound.Status.SUBMITTED)
    changes = contact_change_list(user=request.user).filter(status=ContactChange.Status.PENDING)
    return {
        "company": company,
        "in_force": in_force,
        "clock": clock,
        "open_round": open_round(company.pk),
        "rounds_waiting": list(waiting[:5]),
        "changes_waiting": changes.count(),
        "accounts": keyaccount_list(user=request.user).count(),
        "today": timezone.localdate(),
        "half_start": half_start(timezone.localdate()),
    }
