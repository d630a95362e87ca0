"""Pages of the key accounts themselves: the list, the account page with everything about
it, recording visits and service items, and the company's removal from the list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.applications.models import Application
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.customers.timeline import timeline_for
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.filters import KeyAccountFilter, ServiceItemFilter
from gridcare.keyaccounts.forms import (
    ContactChangeForm,
    InteractionForm,
    ProgressForm,
    ReasonForm,
    ServiceItemForm,
)
from gridcare.keyaccounts.halves import half_start
from gridcare.keyaccounts.models import (
    ContactAssignment,
    ContactChange,
    Designation,
    KeyAccountHalfYear,
    ServiceItem,
)
from gridcare.keyaccounts.pagination import name_page
from gridcare.keyaccounts.selectors import (
    account_scope,
    attach_service_state,
    half_state,
    interaction_list,
    item_list,
    keyaccount_list,
    proposal_list,
)
from gridcare.keyaccounts.services.contacts import contact_change_propose
from gridcare.keyaccounts.services.designation import (
    keyaccount_list_adjust,
)
from gridcare.keyaccounts.services.items import (
    service_item_create,
    service_item_link,
    service_item_progress,
)
from gridcare.keyaccounts.services.visits import NeedInput, interaction_record
from gridcare.keyaccounts.views.common import linked_record

VIEW = "keyaccounts.view_designation"
RECORD = "keyaccounts.record_service"


@permission_required(VIEW, raise_exception=True)
def account_list(request: HttpRequest) -> HttpResponse:
    """The key accounts in force with their criteria, contact and this half year's visit,
    in name order (then account number)."""
    filterset = KeyAccountFilter(
        request.GET, queryset=keyaccount_list(user=request.user), request=request
    )
    page = name_page(filterset.qs, request) if filterset.is_valid() else None
    today = timezone.localdate()
    if page is not None:
        attach_service_state(page.items, today)
        criteria.attach_criteria(page.items)
    return render_page(
        request,
        "keyaccounts/account_list.html",
        {"filter": filterset, "page": page, "today": today},
        fragment="keyaccounts/_account_rows.html",
    )


def _account(request: HttpRequest, pk: int, *, current: bool = False) -> Any:
    scope = keyaccount_list if current else account_scope
    return get_object_or_404(scope(user=request.user), pk=pk)


@permission_required(VIEW, raise_exception=True)
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one key account (issue 6, item 9): its designation and contacts,
    visits by half year with the clock, service items, and what other modules record
    about the customer (applications, complaints, inspections, outages, surveys)."""
    customer = _account(request, pk)
    today = timezone.localdate()
    company = customer.company
    attach_service_state([customer], today)
    halves = list(
        KeyAccountHalfYear.objects.filter(customer=customer).select_related("contact")[:6]
    )
    for row in halves:
        row.state = half_state(row, today)  # type: ignore[attr-defined]
    current_half = next((r for r in halves if r.half_start == half_start(today)), None)
    items = list(
        item_list(user=request.user)
        .filter(customer=customer)
        .order_by("status", "due", "-raised_at")[:40]
    )
    items.sort(key=lambda i: (not i.is_open, i.due or today, -i.raised_at.timestamp()))
    is_current = customer.ka_designation is not None  # type: ignore[attr-defined]
    may_record = (
        is_current
        and request.user.has_perm(RECORD)
        and (keyaccount_list(user=request.user).filter(pk=customer.pk).exists())
    )
    others = [e for e in timeline_for(customer, limit=40) if not e.kind.startswith("keyaccount_")]
    return render(
        request,
        "keyaccounts/account_detail.html",
        {
            "customer": customer,
            "today": today,
            "criteria": criteria.criteria_met(customer, criteria.settings_for(company)),
            "designations": Designation.objects.filter(customer=customer).select_related(
                "round", "ended_round"
            ),
            "assignments": ContactAssignment.objects.filter(customer=customer).select_related(
                "contact__department", "change", "round"
            ),
            "pending_change": ContactChange.objects.filter(
                customer=customer, status=ContactChange.Status.PENDING
            )
            .select_related("new_contact")
            .first(),
            "halves": halves,
            "current_half": current_half,
            "interactions": interaction_list(user=request.user).filter(customer=customer)[:20],
            "items": items,
            "proposals": proposal_list(user=request.user).filter(customer=customer)[:10],
            "timeline": others[:20],
            "is_current": is_current,
            "may_record": may_record,
            "interaction_form": InteractionForm(company=company),
            "remove_form": ReasonForm(),
            "events": audit_history_for(customer, limit=20),
        },
    )


@require_POST
@permission_required(RECORD, raise_exception=True)
def interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit or a phone contact (R-3.6.1) on one's own account."""
    customer = _account(request, pk, current=True)
    form = InteractionForm(request.POST, company=customer.company)
    if form.is_valid():
        data = form.cleaned_data
        needs: tuple[NeedInput, ...] = ()
        if data["need_title"]:
            needs = (NeedInput(data["need_title"], data["need_department"], data["need_due"]),)
        try:
            interaction_record(
                customer=customer,
                kind=data["kind"],
                at=data["at"],
                summary=data["summary"],
                participants=data["participants"],
                needs=needs,
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("keyaccounts:account_detail", pk=customer.pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(e) for e in errors)
        messages.error(request, f"{label}: {text}" if label else text)
    return redirect("keyaccounts:account_detail", pk=customer.pk)


@permission_required(RECORD, raise_exception=True)
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A need, business handled on the customer's behalf, consultation, energy-efficiency
    advice or other service for the account (R-3.6, R-3.7)."""
    customer = _account(request, pk, current=True)
    initial = {"kind": request.GET.get("kind", ServiceItem.Kind.NEED)}
    form = ServiceItemForm(request.POST or None, company=customer.company, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        linked = None
        if data["application"]:
            linked = Application.objects.filter(
                customer=customer, number=data["application"].strip().upper()
            ).first()
            if linked is None:
                form.add_error("application", _("This customer has no application of that number."))
        if not form.errors:
            try:
                item = service_item_create(
                    customer=customer,
                    kind=data["kind"],
                    title=data["title"],
                    detail=data["detail"],
                    department=data["department"],
                    due=data["due"],
                    linked=linked,
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The service item was recorded."))
                return redirect("keyaccounts:item_detail", pk=item.pk)
    return render(request, "keyaccounts/item_form.html", {"form": form, "customer": customer})


@permission_required(VIEW, raise_exception=True)
def item_list_view(request: HttpRequest) -> HttpResponse:
    """Service items of the accounts the user may see, open ones first (R-3.5.3)."""
    filterset = ServiceItemFilter(
        request.GET, queryset=item_list(user=request.user), request=request
    )
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "keyaccounts/item_list.html",
        {"filter": filterset, "page": page, "today": timezone.localdate()},
        fragment="keyaccounts/_item_rows.html",
    )


@permission_required(VIEW, raise_exception=True)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A service item with its progress; the contact (and marketing) record progress."""
    item = get_object_or_404(item_list(user=request.user), pk=pk)
    form = ProgressForm(request.POST or None, item=item)
    may_update = request.user.has_perm(RECORD)
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        if form.is_valid():
            try:
                service_item_progress(
                    item=item,
                    note=form.cleaned_data["note"],
                    status=form.cleaned_data["status"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect("keyaccounts:item_detail", pk=item.pk)
    return render(
        request,
        "keyaccounts/item_detail.html",
        {
            "item": item,
            "notes": item.notes.select_related("by__staff"),
            "form": form,
            "may_update": may_update,
            "linked": linked_record(item),
            "today": timezone.localdate(),
            "proposals": item.proposals.select_related("department", "clause"),
        },
    )


@require_POST
@permission_required(RECORD, raise_exception=True)
def item_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link business handled on the customer's behalf to the application it created."""
    item = get_object_or_404(item_list(user=request.user), pk=pk)
    number = request.POST.get("application", "").strip().upper()
    application = Application.objects.filter(customer_id=item.customer_id, number=number).first()
    if application is None:
        messages.error(request, _("This customer has no application of that number."))
    else:
        try:
            service_item_link(item=item, linked=application, actor=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Linked."))
    return redirect("keyaccounts:item_detail", pk=item.pk)


@require_POST
@permission_required("keyaccounts.approve_round", raise_exception=True)
def account_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The company takes an account off the list, with a reason (R-3.3.4)."""
    customer = _account(request, pk, current=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the adjustment."))
        return redirect("keyaccounts:account_detail", pk=customer.pk)
    try:
        keyaccount_list_adjust(
            customer=customer,
            add=False,
            reason=form.cleaned_data["reason"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s left the key-account list.") % {"name": customer.name}
        )
    return redirect("keyaccounts:account_detail", pk=customer.pk)


@permission_required("keyaccounts.propose_contact_change", raise_exception=True)
def contact_change_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Marketing proposes a new contact for the account (R-3.4.2)."""
    customer = _account(request, pk, current=True)
    form = ContactChangeForm(request.POST or None, company=customer.company)
    if request.method == "POST" and form.is_valid():
        try:
            contact_change_propose(
                customer=customer,
                new_contact=form.cleaned_data["new_contact"],
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The change was submitted for approval."))
            return redirect("keyaccounts:account_detail", pk=customer.pk)
    current = ContactAssignment.objects.filter(customer=customer, valid_to__isnull=True).first()
    return render(
        request,
        "keyaccounts/contact_change_form.html",
        {"form": form, "customer": customer, "current": current},
    )
