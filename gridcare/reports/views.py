"""Pages of the half-year analysis report (R-3.8.3): the list, a report with its charts,
the supervision department's generate / review / publish actions, and the PDF and Excel
copies. Rows come from selectors.report_list, so a user never reaches a report of another
company, nor a draft unless they prepare reports."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.org.selectors import company_for, company_ids_visible
from gridcare.reports.builtin import ATTENTION
from gridcare.reports.export import write_pdf, write_xlsx
from gridcare.reports.forms import GenerateForm, ReviewForm
from gridcare.reports.models import AnalysisReport
from gridcare.reports.selectors import (
    PREPARE,
    PUBLISH,
    latest_published,
    may_prepare,
    report_list,
)
from gridcare.reports.services import report_generate, report_publish, report_review


def report_index(request: HttpRequest) -> HttpResponse:
    """The reports the user may read, newest first; the generate form for supervision."""
    page = keyset_page(report_list(user=request.user), request)
    visible = company_ids_visible(request.user)
    context: dict[str, Any] = {
        "page": page,
        "may_prepare": may_prepare(request.user),
        # City-level readers see several companies' reports: each row names its company.
        "several_companies": visible is None or len(visible) > 1,
    }
    if context["may_prepare"]:
        context["generate_form"] = GenerateForm()
    return render(request, "reports/report_list.html", context)


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every page here is behind LoginRequiredMiddleware)."""
    return cast(User, request.user)


def _report(request: HttpRequest, pk: int) -> AnalysisReport:
    return get_object_or_404(report_list(user=request.user), pk=pk)


def report_detail(
    request: HttpRequest, pk: int, review_form: ReviewForm | None = None
) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    preparing = may_prepare(user) and not report.is_published
    context: dict[str, Any] = {
        "report": report,
        "sections": report.sections,
        "preparing": preparing,
        "may_publish": user.has_perm(PUBLISH) and report.state == AnalysisReport.State.REVIEWED,
    }
    if preparing:
        context["review_form"] = review_form or ReviewForm(report=report)
    if may_prepare(user):
        context["events"] = audit_history_for(report)
    return render(request, "reports/report_detail.html", context)


@require_POST
@permission_required(PREPARE, raise_exception=True)
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    company = company_for(request.user)
    if company is None:
        messages.error(request, _("Your account acts for no supply company."))
        return redirect("reports:list")
    if not form.is_valid():
        messages.error(request, _("Choose a half year that is over."))
        return redirect("reports:list")
    try:
        report = report_generate(
            company=company, half_start=form.cleaned_data["half_start"], actor=_actor(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:list")
    messages.success(request, _("The report was generated from the data as it is now."))
    return redirect(report)


@require_POST
@permission_required(PREPARE, raise_exception=True)
def regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        report = report_generate(
            company=report.company, half_start=report.half_start, actor=_actor(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was generated again from the data as it is now."))
    return redirect(report)


@require_POST
@permission_required(PREPARE, raise_exception=True)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReviewForm(request.POST, report=report)
    if form.is_valid():
        try:
            report_review(
                report=report,
                comment=form.cleaned_data["comment"],
                section_comments=form.section_comments(),
                actor=_actor(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The comments were saved and the report is reviewed."))
            return redirect(report)
    return report_detail(request, pk, review_form=form)


@require_POST
@permission_required(PUBLISH, raise_exception=True)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        report_publish(report=report, actor=_actor(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is published to the whole company."))
    return redirect(report)


def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(write_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{report.half_start:%Y-%m}.pdf"'
    return response


def xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(
        write_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.half_start:%Y-%m}.xlsx"'
    )
    return response


def home_panel(request: HttpRequest) -> dict[str, Any]:
    """Home panel for every member of staff: the latest published report (R-3.8.3)."""
    company = company_for(request.user)
    report = latest_published(company=company) if company is not None else None
    attention: list[str] = []
    if report is not None:
        attention = next((s["attention"] for s in report.sections if s["code"] == ATTENTION), [])
    return {"report": report, "attention": attention[:3], "more": max(len(attention) - 3, 0)}
