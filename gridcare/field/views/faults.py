"""Pages of fault reports (R-3.7.3): the queue (key accounts first), reporting a fault,
and the steps recorded from a phone: dispatch, arrival, restoration."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.query import parse_id
from gridcare.core.selectors import audit_history_for
from gridcare.customers.selectors import customer_list
from gridcare.field.filters import FaultFilter
from gridcare.field.forms import FaultForm, FaultStepForm
from gridcare.field.models import FaultReport
from gridcare.field.selectors import fault_list, fault_queue
from gridcare.field.services import (
    fault_arrive,
    fault_dispatch,
    fault_report_create,
    fault_restore,
)
from gridcare.field.views.common import acting_company

PAGE_SIZE = 50


def queue_page(
    qs: QuerySet[FaultReport], request: HttpRequest
) -> tuple[list[FaultReport], str | None]:
    """Keyset page in queue order (key accounts first, then the oldest): the cursor is the
    last row's (key, reported_at, id)."""
    qs = fault_queue(qs)
    after = request.GET.get("after", "")
    parts = after.split("|")
    if len(parts) == 3 and parts[0] in {"0", "1"} and parse_id(parts[2]) is not None:
        try:
            when = datetime.fromisoformat(parts[1])
        except ValueError:
            when = None
        if when is not None:
            key = parts[0] == "1"
            later = Q(is_key_account=key) & (
                Q(reported_at__gt=when) | Q(reported_at=when, pk__gt=parse_id(parts[2]))
            )
            qs = qs.filter(later | Q(is_key_account=False)) if key else qs.filter(later)
    rows = list(qs[: PAGE_SIZE + 1])
    if len(rows) <= PAGE_SIZE:
        return rows, None
    last = rows[PAGE_SIZE - 1]
    params = request.GET.copy()
    params["after"] = f"{int(last.is_key_account)}|{last.reported_at.isoformat()}|{last.pk}"
    return rows[:PAGE_SIZE], params.urlencode()


@permission_required("field.view_fieldwork", raise_exception=True)
def fault_list_view(request: HttpRequest) -> HttpResponse:
    filterset = FaultFilter(request.GET, queryset=fault_list(user=request.user))
    rows, next_query = queue_page(filterset.qs, request) if filterset.is_valid() else ([], None)
    return render_page(
        request,
        "field/fault_list.html",
        {
            "filter": filterset,
            "rows": rows,
            "next_query": next_query,
            "is_first": "after" not in request.GET,
            "now": timezone.now(),
        },
        fragment="field/_fault_rows.html",
    )


@permission_required("field.handle_fault", raise_exception=True)
def fault_create(request: HttpRequest) -> HttpResponse:
    company = acting_company(request)
    form = FaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = None
        if data["customer"]:
            customer = (
                customer_list(user=request.user)
                .filter(company=company, account_number=data["customer"].strip())
                .first()
            )
            if customer is None:
                form.add_error("customer", _("No customer has this account number."))
        if not form.errors:
            try:
                report = fault_report_create(
                    company=company,
                    customer=customer,
                    source=data["source"],
                    area=data["area"],
                    address=data["address"],
                    description=data["description"],
                    reported_at=data["reported_at"],
                    actor=request.user,
                )
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("field:fault_detail", pk=report.pk)
    return render(request, "field/fault_form.html", {"form": form})


@permission_required("field.view_fieldwork", raise_exception=True)
def fault_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(fault_list(user=request.user), pk=pk)
    return render(
        request,
        "field/fault_detail.html",
        {
            "report": report,
            "form": FaultStepForm(company_id=report.company_id),
            "history": audit_history_for(report),
            "now": timezone.now(),
        },
    )


@require_POST
@permission_required("field.handle_fault", raise_exception=True)
def fault_step(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(fault_list(user=request.user), pk=pk)
    form = FaultStepForm(request.POST, company_id=report.company_id)
    if not form.is_valid():
        messages.error(request, _("Give the time."))
        return redirect("field:fault_detail", pk=pk)
    at = form.cleaned_data["at"]
    try:
        if report.status == FaultReport.Status.REPORTED:
            crew = form.cleaned_data["crew"]
            if crew is None:
                raise DomainError(_("Choose the crew."), field="crew")
            fault_dispatch(report=report, crew=crew, at=at, actor=request.user)
        elif report.status == FaultReport.Status.DISPATCHED:
            fault_arrive(report=report, at=at, actor=request.user)
        else:
            fault_restore(report=report, at=at, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("field:fault_detail", pk=pk)
