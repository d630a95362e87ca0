"""Pages of connection applications: the queues, receipt, the application with its steps
and clocks, printing, export. Writes go through services (DESIGN.md convention 1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.applications import export, pdf
from gridcare.applications.filters import QUEUES, ApplicationFilter
from gridcare.applications.forms import EndForm, EventForm, ReceiveForm
from gridcare.applications.models import Application
from gridcare.applications.pagination import queue_page
from gridcare.applications.selectors import (
    application_list,
    attach_clocks,
    exemptions_of,
    my_open_applications,
    queue_order,
    verdict,
)
from gridcare.applications.services import (
    EVENT_FOR_STATUS,
    EVENTS,
    application_close,
    application_end,
    application_receive,
    application_record_event,
)
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.selectors import audit_history_for
from gridcare.customers.selectors import customer_list
from gridcare.org.selectors import company_for, staff_of
from gridcare.rules.selectors import clocks_of


def my_applications_panel(request: HttpRequest) -> dict[str, Any]:
    """Home panel of the counter clerk: their open applications, key accounts first, then
    the nearest due date (R-3.7.3)."""
    return {"applications": my_open_applications(user=request.user), "today": timezone.localdate()}


@permission_required("applications.view_application", raise_exception=True)
def application_list_view(request: HttpRequest) -> HttpResponse:
    filterset = ApplicationFilter(
        request.GET, queryset=application_list(user=request.user), user=request.user
    )
    page = queue_page(filterset.qs, request) if filterset.is_valid() else None
    if page is not None:
        attach_clocks(page.items)
    queue = filterset.form.cleaned_data.get("queue") if filterset.is_valid() else "open"
    return render_page(
        request,
        "applications/application_list.html",
        {
            "filter": filterset,
            "page": page,
            "queues": QUEUES,
            "queue": queue or "open",
            "today": timezone.localdate(),
            "export_query": request.GET.urlencode(),
        },
        fragment="applications/_application_rows.html",
    )


@permission_required("applications.view_application", raise_exception=True)
def application_export(request: HttpRequest) -> HttpResponseBase:
    filterset = ApplicationFilter(
        request.GET, queryset=application_list(user=request.user), user=request.user
    )
    if not filterset.is_valid():
        messages.error(request, _("Correct the filters first."))
        return redirect("applications:application_list")
    out = export.write_xlsx(export.export_rows(queue_order(filterset.qs)))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"applications-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@permission_required("applications.add_application", raise_exception=True)
def application_create(request: HttpRequest) -> HttpResponse:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    initial = {"customer": request.GET.get("customer", "")}
    form = ReceiveForm(request.POST or None, initial=initial, company=company)
    customer = None
    number = (form.data.get("customer") if form.is_bound else initial["customer"]) or ""
    if number:
        customer = (
            customer_list(user=request.user)
            .filter(company=company, account_number=number.strip())
            .first()
        )
    if request.method == "POST" and form.is_valid():
        if customer is None:
            form.add_error("customer", _("No customer has this account number."))
        else:
            staff = staff_of(request.user)
            try:
                application = application_receive(
                    company=company,
                    customer=customer,
                    kind=form.cleaned_data["kind"],
                    received_at=form.cleaned_data["received_at"],
                    residential_lighting=form.cleaned_data["residential_lighting"],
                    requested_capacity_kva=form.cleaned_data["requested_capacity_kva"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    department=staff.department if staff else None,
                    staff=staff,
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Application %(number)s received.") % {"number": application.number},
                )
                return redirect("applications:application_detail", pk=application.pk)
    return render(
        request, "applications/application_form.html", {"form": form, "customer": customer}
    )


def _steps(application: Application) -> list[dict[str, Any]]:
    """The main path with what was recorded, and the end if it ended otherwise."""
    recorded = {s.step: s for s in application.steps.select_related("recorded_by__staff")}
    rows = []
    for status in Application.PATH:
        rows.append({"status": status, "label": status.label, "step": recorded.get(status)})
        if status == Application.Status.PLAN_REPLIED:
            rows.append({"status": "works", "label": _("Customer's works"), "step": None})
    for status in (Application.Status.WITHDRAWN, Application.Status.REJECTED):
        if status in recorded:
            rows.append({"status": status, "label": status.label, "step": recorded[status]})
    return rows


@permission_required("applications.view_application", raise_exception=True)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    allowed = Application.TRANSITIONS[application.status]
    next_events = [
        (EVENT_FOR_STATUS[s], s.label)  # type: ignore[attr-defined]
        for s in Application.PATH
        if s in allowed and s in EVENT_FOR_STATUS
    ]
    today = timezone.localdate()
    clocks = clocks_of(application)
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "customer": application.customer,
            "steps": _steps(application),
            "next_events": next_events,
            "accepting": any(code == "acceptance_passed" for code, _label in next_events),
            "conditions": application.conditions.select_related("confirmed_by"),
            "event_form": EventForm(),
            "end_form": EndForm(),
            "may_close": Application.Status.CLOSED in allowed,
            "may_end": bool(allowed & {Application.Status.WITHDRAWN, Application.Status.REJECTED}),
            "passed": verdict(clocks, today, finished=application.is_finished),
            "exemptions": exemptions_of(clocks),
            "events": audit_history_for(application),
        },
    )


def _back(pk: int) -> HttpResponse:
    return redirect("applications:application_detail", pk=pk)


@require_POST
@permission_required("applications.record_step", raise_exception=True)
def application_event(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    form = EventForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return _back(pk)
    try:
        application_record_event(
            application=application,
            event=form.cleaned_data["type"],
            at=form.cleaned_data["at"],
            note=form.cleaned_data["note"],
            conditions_met_at=form.cleaned_data["conditions_met_at"],
            procedures_completed_at=form.cleaned_data["procedures_completed_at"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        label = EVENTS[form.cleaned_data["type"]].status
        messages.success(
            request, _("Recorded: %(step)s.") % {"step": Application.Status(label).label}
        )
    return _back(pk)


@require_POST
@permission_required("applications.record_step", raise_exception=True)
def application_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    try:
        application_close(application=application, at=timezone.now(), actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The application was closed."))
    return _back(pk)


@require_POST
@permission_required("applications.record_step", raise_exception=True)
def application_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the outcome and the reason."))
        return _back(pk)
    try:
        application_end(
            application=application,
            outcome=form.cleaned_data["outcome"],
            at=timezone.now(),
            reason=form.cleaned_data["reason"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _back(pk)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("applications.view_application", raise_exception=True)
def reply_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """供電方案答覆單: the supply plan reply sheet, citing the limits that apply."""
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    content = pdf.reply_sheet(application, clocks_of(application))
    return _pdf_response(content, f"{application.number}-reply.pdf")


@permission_required("applications.view_application", raise_exception=True)
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """受理回執: what the customer takes home, with the limits and how to follow it."""
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    content = pdf.receipt(application, clocks_of(application))
    return _pdf_response(content, f"{application.number}-receipt.pdf")
