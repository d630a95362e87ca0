"""Contact changes (R-3.4.2): marketing's proposals, the company's decisions, and the
report of how stable the assignments are."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.access import allowed_if
from gridcare.core.errors import DomainError
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.keyaccounts.forms import DecideForm, PeriodForm
from gridcare.keyaccounts.models import ContactChange
from gridcare.keyaccounts.selectors import contact_change_list, contact_stability
from gridcare.keyaccounts.services.contacts import (
    contact_change_decide,
    contact_change_withdraw,
)
from gridcare.org.selectors import company_for

PROPOSE = "keyaccounts.propose_contact_change"
APPROVE = "keyaccounts.approve_contact_change"


def _may_see(user: Any, query: Any) -> bool:
    return bool(user.has_perm(PROPOSE) or user.has_perm(APPROVE))


@allowed_if(_may_see)
def contact_changes(request: HttpRequest) -> HttpResponse:
    """Changes waiting for approval first, then the decided ones."""
    changes = contact_change_list(user=request.user)
    pending = list(
        changes.filter(status=ContactChange.Status.PENDING).order_by("proposed_at")[:100]
    )
    decided = keyset_page(changes.exclude(status=ContactChange.Status.PENDING), request)
    return render_page(
        request,
        "keyaccounts/contact_changes.html",
        {
            "pending": pending,
            "page": decided,
            "may_approve": request.user.has_perm(APPROVE),
            "may_propose": request.user.has_perm(PROPOSE),
        },
        fragment="keyaccounts/_change_rows.html",
    )


@require_POST
def contact_change_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(APPROVE):
        raise PermissionDenied
    change = get_object_or_404(contact_change_list(user=request.user), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or reject."))
        return redirect("keyaccounts:contact_changes")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        contact_change_decide(
            change=change,
            approve=approve,
            note=form.cleaned_data["note"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The change was approved.") if approve else _("The change was rejected.")
        )
    return redirect("keyaccounts:contact_changes")


@require_POST
def contact_change_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(PROPOSE):
        raise PermissionDenied
    change = get_object_or_404(contact_change_list(user=request.user), pk=pk)
    try:
        contact_change_withdraw(change=change, actor=request.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The change was withdrawn."))
    return redirect("keyaccounts:contact_changes")


@permission_required("keyaccounts.view_all_keyaccounts", raise_exception=True)
def stability(request: HttpRequest) -> HttpResponse:
    """How stable the contacts are (R-3.4.2): changes over a period, per contact."""
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    form = PeriodForm(request.GET)
    default = PeriodForm({})
    default.is_valid()
    period = form.cleaned_data if form.is_valid() else default.cleaned_data
    report = contact_stability(
        company_id=company.pk, date_from=period["date_from"], date_to=period["date_to"]
    )
    return render(request, "keyaccounts/stability.html", {"form": form, "report": report})
