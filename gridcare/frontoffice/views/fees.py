"""The fee catalogue, recording charges against it, and the report by item (R-2.1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.frontoffice.filters import ChargeFilter
from gridcare.frontoffice.forms import ChargeForm, PeriodForm, choices
from gridcare.frontoffice.models import yuan
from gridcare.frontoffice.selectors import (
    charge_list,
    charges_by_item,
    fee_item_list,
    fee_items_in_force,
)
from gridcare.frontoffice.services.fees import charge_record
from gridcare.frontoffice.views.common import acting_company, bound_period


@permission_required("frontoffice.view_feeitem", raise_exception=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = list(fee_item_list(user=request.user).order_by("code", "-effective_from")[:500])
    return render(request, "frontoffice/fees/catalogue.html", {"items": items, "today": today})


@permission_required("frontoffice.view_charge", raise_exception=True)
def charge_index(request: HttpRequest) -> HttpResponse:
    filterset = ChargeFilter(request.GET, queryset=charge_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "frontoffice/fees/charges.html",
        {"filter": filterset, "page": page},
        fragment="frontoffice/fees/_charge_rows.html",
    )


@permission_required("frontoffice.add_charge", raise_exception=True)
def charge_new(request: HttpRequest) -> HttpResponse:
    """Record a charge: only against an item of the catalogue in force on its date."""
    company = acting_company(request)
    today = timezone.localdate()
    form = ChargeForm(request.POST or None, items=fee_items_in_force(user=request.user, on=today))
    if request.method == "POST":
        # The date decides which items are in force; the service checks it again.
        choices(form, "fee_item", fee_item_list(user=request.user))
        if form.is_valid():
            try:
                charge = charge_record(company=company, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Charge %(receipt)s of %(amount)s yuan was recorded.")
                    % {"receipt": charge.receipt_number, "amount": charge.amount_yuan},
                )
                return redirect("frontoffice:charge_list")
    return render(request, "frontoffice/fees/charge_new.html", {"form": form})


@permission_required("frontoffice.view_charge", raise_exception=True)
def charge_report(request: HttpRequest) -> HttpResponse:
    form, period = bound_period(PeriodForm, request)
    rows = charges_by_item(
        user=request.user, date_from=period["date_from"], date_to=period["date_to"]
    )
    for row in rows:
        row["amount_yuan"] = yuan(row["amount"])
        row["unit_yuan"] = yuan(row["fee_item__amount_fen"])
    return render(
        request,
        "frontoffice/fees/report.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "total_count": sum(r["count"] for r in rows),
            "total_amount": yuan(sum(r["amount"] for r in rows)),
        },
    )
