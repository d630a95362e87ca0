"""Hall inspections against the checklist (R-2.3, R-2.4): record one, read it, and turn a
failed item into an assessment item against the hall or the person (R-3.9.1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.frontoffice.filters import InspectionFilter
from gridcare.frontoffice.forms import AssessmentForm, InspectionForm
from gridcare.frontoffice.models import HallInspection, InspectionPhoto, InspectionResult
from gridcare.frontoffice.selectors import hall_list, inspection_list
from gridcare.frontoffice.services.inspections import (
    ItemScore,
    assessment_propose_from_result,
    checklist_in_force,
    inspection_record,
)
from gridcare.org.selectors import department_list, staff_list


@permission_required("frontoffice.view_hallinspection", raise_exception=True)
def inspection_index(request: HttpRequest) -> HttpResponse:
    filterset = InspectionFilter(
        request.GET, queryset=inspection_list(user=request.user), request=request
    )
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "frontoffice/inspections/list.html",
        {"filter": filterset, "page": page, "halls": hall_list(user=request.user)},
        fragment="frontoffice/inspections/_rows.html",
    )


@permission_required("frontoffice.add_hallinspection", raise_exception=True)
def inspection_new(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = get_object_or_404(hall_list(user=request.user), pk=hall_id)
    checklist = checklist_in_force()
    items = list(checklist.items.order_by("number")) if checklist else []
    staff = staff_list(user=request.user).filter(
        company_id=hall.company_id, department=hall.department
    )
    form = InspectionForm(request.POST or None, request.FILES or None, items=items, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scores = [
            ItemScore(
                item=item,
                points=data[f"item_{item.pk}"],
                note=data.get(f"note_{item.pk}", ""),
                staff=data.get(f"staff_{item.pk}"),
            )
            for item in items
        ]
        try:
            inspection = inspection_record(
                hall=hall,
                scores=scores,
                note=data["note"],
                photos=data["photos"],
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The inspection was recorded."))
            return redirect("frontoffice:inspection_detail", pk=inspection.pk)
    return render(
        request,
        "frontoffice/inspections/new.html",
        {"hall": hall, "checklist": checklist, "form": form},
    )


def _assess_form(
    request: HttpRequest, inspection: HallInspection, result: InspectionResult, data: Any = None
) -> AssessmentForm:
    """The form proposing an assessment item for a failed item: the departments and staff
    of the inspection's company, and ids of its own, so that on a page of several every
    label names the field of its own item."""
    return AssessmentForm(
        data,
        departments=department_list(user=request.user).filter(company_id=inspection.company_id),
        staff=staff_list(user=request.user).filter(company_id=inspection.company_id),
        auto_id=f"id_result{result.pk}_%s",
    )


def _detail(
    request: HttpRequest,
    inspection: HallInspection,
    sent: dict[int, AssessmentForm] | None = None,
) -> HttpResponse:
    """The inspection's page; `sent` holds a form as it was sent, by its item, to show
    again with what is wrong."""
    results = list(
        inspection.results.select_related("item", "staff", "assessment").order_by("item__number")
    )
    may_propose = request.user.has_perm("frontoffice.propose_assessment")
    if may_propose:
        sent = sent or {}
        for result in results:
            if not result.passed:
                form = sent.get(result.pk) or _assess_form(request, inspection, result)
                result.assess_form = form  # type: ignore[attr-defined]
    return render(
        request,
        "frontoffice/inspections/detail.html",
        {
            "inspection": inspection,
            "results": results,
            "photos": list(inspection.photos.all()),
            "may_propose": may_propose,
        },
    )


def _inspection(request: HttpRequest, pk: int) -> HallInspection:
    return get_object_or_404(
        inspection_list(user=request.user).select_related("checklist", "hall__department"), pk=pk
    )


@permission_required("frontoffice.view_hallinspection", raise_exception=True)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _inspection(request, pk))


@require_POST
@permission_required("frontoffice.propose_assessment", raise_exception=True)
def result_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """Done, back to the inspection; refused, the inspection again with the item's form as
    it was sent and what is wrong under its fields."""
    result = get_object_or_404(
        InspectionResult.objects.filter(inspection__in=inspection_list(user=request.user)), pk=pk
    )
    inspection = _inspection(request, result.inspection_id)
    form = _assess_form(request, inspection, result, request.POST)
    if form.is_valid():
        try:
            assessment_propose_from_result(result=result, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The assessment item was proposed."))
            return redirect("frontoffice:inspection_detail", pk=inspection.pk)
    messages.error(request, _("Nothing was recorded: see what is wrong in the form below."))
    return _detail(request, inspection, {result.pk: form})


@permission_required("frontoffice.view_hallinspection", raise_exception=True)
def inspection_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos are evidence outside the web root, served only to who may see the inspection."""
    photo = get_object_or_404(
        InspectionPhoto.objects.filter(inspection__in=inspection_list(user=request.user)), pk=pk
    )
    name = photo.image.name or "photo"
    return FileResponse(photo.image.open("rb"), filename=name.rsplit("/", 1)[-1])
