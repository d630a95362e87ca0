"""Pages of outage plans (R-3.7.2): the list, filing a plan, the plan with its affected
customers, coordination with key accounts, notices and their deliveries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.access import allowed_if
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.field.filters import OutageFilter
from gridcare.field.forms import CoordinationForm, OutageForm
from gridcare.field.models import AffectedCustomer, Delivery
from gridcare.field.selectors import outage_list
from gridcare.field.services import outage_coordinate, outage_file, outage_transition
from gridcare.field.views.common import acting_company


def may_see_outages(user: Any, query: Any) -> bool:
    """Field work's readers, and the call centre, which receives the notices of temporary
    outages and answers the customers' calls about them (R-3.7.2), read the outages."""
    return bool(user.has_perm("field.view_fieldwork") or user.has_perm("field.view_outageplan"))


@allowed_if(may_see_outages)
def outage_list_view(request: HttpRequest) -> HttpResponse:
    filterset = OutageFilter(request.GET, queryset=outage_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "field/outage_list.html",
        {"filter": filterset, "page": page},
        fragment="field/_outage_rows.html",
    )


@permission_required("field.plan_outage", raise_exception=True)
def outage_create(request: HttpRequest) -> HttpResponse:
    company = acting_company(request)
    form = OutageForm(request.POST or None, company_id=company.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = outage_file(
                company=company,
                kind=data["kind"],
                title=data["title"],
                feeders=list(data["feeders"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                town=data["town"],
                reason=data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Outage plan %(n)s filed.") % {"n": plan.number})
            return redirect("field:outage_detail", pk=plan.pk)
    return render(request, "field/outage_form.html", {"form": form})


@allowed_if(may_see_outages)
def outage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(outage_list(user=request.user), pk=pk)
    affected = list(plan.affected.select_related("customer")[:500])
    notices = list(plan.notices.select_related("department").order_by("audience"))
    deliveries = Delivery.objects.filter(notice__outage=plan)
    return render(
        request,
        "field/outage_detail.html",
        {
            "plan": plan,
            "affected": affected,
            "keys": [a for a in affected if a.is_key_account],
            "notices": notices,
            "delivery_counts": [
                (label, deliveries.filter(status=status).count())
                for status, label in Delivery.Status.choices
            ],
            "failed": deliveries.filter(status=Delivery.Status.FAILED)[:20],
            "history": audit_history_for(plan),
            "coordination_form": CoordinationForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@permission_required("field.plan_outage", raise_exception=True)
def outage_coordinate_view(request: HttpRequest, pk: int, affected_pk: int) -> HttpResponse:
    plan = get_object_or_404(outage_list(user=request.user), pk=pk)
    row = get_object_or_404(AffectedCustomer, outage=plan, pk=affected_pk)
    form = CoordinationForm(request.POST)
    if form.is_valid():
        try:
            outage_coordinate(affected=row, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Agreed time recorded."))
    else:
        messages.error(request, _("Give the agreed start, end and who agreed."))
    return redirect("field:outage_detail", pk=plan.pk)


@require_POST
@permission_required("field.plan_outage", raise_exception=True)
def outage_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(outage_list(user=request.user), pk=pk)
    try:
        outage_transition(plan=plan, to=request.POST.get("to", ""), actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("field:outage_detail", pk=plan.pk)
