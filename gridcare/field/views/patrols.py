"""Special patrols a key account asks for (R-3.7.1, issue 7 item 4): the key-account
contact's form for one of their accounts, and production technology's queue where each
request is scheduled (a unit and a date) or declined."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.field.forms import (
    PatrolDeclineForm,
    PatrolRequestForm,
    PatrolScheduleForm,
    crews,
)
from gridcare.field.models import PatrolRequest
from gridcare.field.selectors import patrol_queue, patrol_request_list
from gridcare.field.services import (
    patrol_request_create,
    patrol_request_decline,
    patrol_request_schedule,
)
from gridcare.field.views.common import acting_company
from gridcare.keyaccounts.selectors import keyaccount_list

#: Requests shown at once; the queue is worked from the top, the earliest wish first.
QUEUE_SIZE = 100
RECENT_SIZE = 20


@permission_required("keyaccounts.record_service", raise_exception=True)
def patrol_request_for_account(request: HttpRequest, customer_pk: int) -> HttpResponse:
    """A key-account contact raises a request for one of the accounts they serve (any
    account for those who see all key accounts)."""
    customer = get_object_or_404(keyaccount_list(user=request.user), pk=customer_pk)
    form = PatrolRequestForm(request.POST or None, initial={"phone": customer.contact_phone})
    if request.method == "POST" and form.is_valid():
        try:
            patrol_request_create(
                customer=customer,
                channel=PatrolRequest.Channel.CONTACT,
                actor=request.user,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The request went to the production technology department.")
            )
            return redirect("field:patrol_request_for_account", customer_pk=customer.pk)
    return render(
        request,
        "field/patrol_request_form.html",
        {
            "customer": customer,
            "form": form,
            "requests": patrol_request_list(user=request.user)
            .filter(customer=customer)
            .order_by("-pk")[:10],
        },
    )


@permission_required("field.view_fieldwork", raise_exception=True)
def patrol_queue_view(request: HttpRequest) -> HttpResponse:
    """Production technology's queue of requested patrols (R-3.7.1)."""
    company = acting_company(request)
    requests = patrol_request_list(user=request.user)
    waiting = list(patrol_queue(requests)[: QUEUE_SIZE + 1])
    return render(
        request,
        "field/patrol_queue.html",
        {
            "waiting": waiting[:QUEUE_SIZE],
            "more": len(waiting) > QUEUE_SIZE,
            "recent": list(
                requests.exclude(status=PatrolRequest.Status.REQUESTED).order_by("-decided_at")[
                    :RECENT_SIZE
                ]
            ),
            # Read once: every row's form offers the same units.
            "units": list(crews(company.pk)),
        },
    )


@require_POST
@permission_required("field.plan_inspection", raise_exception=True)
def patrol_schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    patrol = get_object_or_404(patrol_request_list(user=request.user), pk=pk)
    form = PatrolScheduleForm(request.POST, company_id=patrol.company_id)
    if not form.is_valid():
        messages.error(request, _("Choose the unit and the date."))
        return redirect("field:patrol_queue")
    try:
        patrol = patrol_request_schedule(request=patrol, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("field:patrol_queue")
    messages.success(request, _("Special patrol scheduled."))
    return redirect("field:inspection_detail", pk=patrol.inspection_id)


@require_POST
@permission_required("field.plan_inspection", raise_exception=True)
def patrol_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    patrol = get_object_or_404(patrol_request_list(user=request.user), pk=pk)
    form = PatrolDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is declined."))
    else:
        try:
            patrol_request_decline(
                request=patrol, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Request declined."))
    return redirect("field:patrol_queue")
