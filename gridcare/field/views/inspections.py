"""Pages of inspections and special patrols (R-3.7.1): the plan, the record made on a
phone, findings with photos (served only here, after the permission and row checks), and
the written notice with its PDF and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.customers.selectors import customer_list
from gridcare.field import pdf
from gridcare.field.filters import InspectionFilter
from gridcare.field.forms import (
    FindingFormSet,
    InspectionPlanForm,
    InspectionRecordForm,
    NoticeIssueForm,
    NoticeStepForm,
)
from gridcare.field.models import FindingPhoto, Inspection
from gridcare.field.selectors import inspection_list, written_notice_list
from gridcare.field.services import (
    inspection_plan_half_year,
    inspection_record,
    special_patrol_request,
    written_notice_advance,
    written_notice_issue,
)
from gridcare.field.views.common import acting_company
from gridcare.org.selectors import staff_of


@permission_required("field.view_fieldwork", raise_exception=True)
def inspection_list_view(request: HttpRequest) -> HttpResponse:
    filterset = InspectionFilter(request.GET, queryset=inspection_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "field/inspection_list.html",
        {"filter": filterset, "page": page},
        fragment="field/_inspection_rows.html",
    )


@permission_required("field.plan_inspection", raise_exception=True)
def inspection_create(request: HttpRequest) -> HttpResponse:
    company = acting_company(request)
    form = InspectionPlanForm(request.POST or None, company_id=company.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = (
            customer_list(user=request.user)
            .filter(company=company, account_number=data["customer"].strip())
            .first()
        )
        if customer is None:
            form.add_error("customer", _("No customer has this account number."))
        else:
            try:
                if data["kind"] == Inspection.Kind.ROUTINE:
                    inspection = inspection_plan_half_year(
                        customer=customer,
                        half=data["scheduled_for"],
                        unit=data["unit"],
                        scheduled_for=data["scheduled_for"],
                        actor=request.user,
                    )
                else:
                    inspection = special_patrol_request(
                        customer=customer,
                        requested_by=data["requested_by"],
                        unit=data["unit"],
                        scheduled_for=data["scheduled_for"],
                        actor=request.user,
                    )
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("field:inspection_detail", pk=inspection.pk)
    return render(request, "field/inspection_form.html", {"form": form})


@permission_required("field.view_fieldwork", raise_exception=True)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(inspection_list(user=request.user), pk=pk)
    return render(
        request,
        "field/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": inspection.findings.prefetch_related("photos"),
            "notices": inspection.written_notices.order_by("pk"),
            "history": audit_history_for(inspection),
            "issue_form": NoticeIssueForm(),
            "step_form": NoticeStepForm(),
            "today": timezone.localdate(),
        },
    )


@permission_required("field.record_inspection", raise_exception=True)
def inspection_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The record made on a phone on site (R-3.7.1): any number of findings, each with its
    severity and its own photos."""
    inspection = get_object_or_404(inspection_list(user=request.user), pk=pk)
    form = InspectionRecordForm(request.POST or None)
    formset = FindingFormSet(request.POST or None, request.FILES or None, prefix="findings")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            inspection_record(
                inspection=inspection,
                inspected_at=data["inspected_at"],
                inspector=staff_of(request.user),
                equipment=data["equipment"],
                condition=data["condition"],
                advice=data["advice"],
                findings=formset.findings(),
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("field:inspection_detail", pk=pk)
    return render(
        request,
        "field/inspection_record.html",
        {"inspection": inspection, "form": form, "formset": formset},
    )


@permission_required("field.view_fieldwork", raise_exception=True)
def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    """A finding's photo, only to a user who may see its inspection."""
    photo = get_object_or_404(
        FindingPhoto.objects.select_related("finding__inspection"),
        pk=pk,
        finding__inspection__in=inspection_list(user=request.user),
    )
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@permission_required("field.plan_inspection", raise_exception=True)
def notice_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(inspection_list(user=request.user), pk=pk)
    form = NoticeIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the rectification deadline."))
        return redirect("field:inspection_detail", pk=pk)
    try:
        notice = written_notice_issue(
            inspection=inspection, rectify_by=form.cleaned_data["rectify_by"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Written notice %(n)s issued.") % {"n": notice.number})
    return redirect("field:inspection_detail", pk=pk)


@permission_required("field.view_fieldwork", raise_exception=True)
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        written_notice_list(user=request.user).select_related(
            "inspection__unit", "inspection__customer"
        ),
        pk=pk,
    )
    response = HttpResponse(pdf.written_notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{notice.number}.pdf"'
    return response


@require_POST
@permission_required("field.plan_inspection", raise_exception=True)
def notice_step_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(written_notice_list(user=request.user), pk=pk)
    form = NoticeStepForm(request.POST)
    if form.is_valid():
        try:
            written_notice_advance(notice=notice, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Give the time."))
    return redirect("field:inspection_detail", pk=notice.inspection_id)
