"""Pages of the measures engine: the compliance matrix, its drill-down, the standards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core import records
from gridcare.core.access import allowed_if
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.org.selectors import company_for, may_change_rules
from gridcare.rules.authoring import clause_add, standard_add
from gridcare.rules.compliance import compliance_by_standard, compliance_matrix
from gridcare.rules.filters import ClockFilter
from gridcare.rules.forms import (
    ClauseAddForm,
    PeriodForm,
    ProfileAdoptForm,
    StandardAddForm,
    StandardReviseForm,
    default_period,
    parameters_of,
)
from gridcare.rules.models import Clock, ClockExemption, RuleProfile, ServiceStandard
from gridcare.rules.records import record_source
from gridcare.rules.selectors import (
    clock_list,
    clock_standard_choices,
    profile_in_force,
    profiles_visible,
    standards_in_force,
    sweep_runs,
)
from gridcare.rules.services import (
    clock_exemption_decide,
    clock_exemption_request,
    clock_pause,
    clock_resume,
    profile_adopt,
    standard_revise,
)
from gridcare.rules.templatetags.clocks import panel_context

CHANGE_STANDARD = "rules.change_servicestandard"


def compliance_panel(request: HttpRequest) -> dict[str, Any]:
    """Home panel: this half year's rate of every measured standard."""
    company = company_for(request.user)
    period = default_period()
    if company is None:
        return {"rows": [], "period": period}
    rows = compliance_by_standard(
        company=company, date_from=period["date_from"], date_to=period["date_to"]
    )
    return {"rows": [row for row in rows if row.measured], "period": period}


def matrix(request: HttpRequest) -> HttpResponse:
    """Every clause of the measures with what enforces it and its live rate (R-1.1)."""
    company = company_for(request.user)
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else default_period()
    rows = []
    if company is not None and not form.errors:
        rows = compliance_matrix(
            company=company, date_from=period["date_from"], date_to=period["date_to"]
        )
    return render(
        request,
        "rules/compliance_matrix.html",
        {"form": form, "rows": rows, "period": period, "company": company},
    )


def clocks(request: HttpRequest) -> HttpResponse:
    """The records behind a compliance figure, each opening its record."""
    today = timezone.localdate()
    standards = clock_standard_choices(company=company_for(request.user), on=today)
    filterset = ClockFilter(
        request.GET, queryset=clock_list(user=request.user), standards=standards
    )
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    if page is not None:
        found = records.describe((c.subject_type_id, c.subject_id) for c in page.items)
        for clock in page.items:
            clock.record = found.get((clock.subject_type_id, clock.subject_id))  # type: ignore[attr-defined]
    return render_page(
        request,
        "rules/clock_list.html",
        {"filter": filterset, "page": page, "today": today},
        fragment="rules/_clock_rows.html",
    )


def _may_read_records(user: Any, query: QueryDict) -> bool:
    """The records behind a figure are read with the permission of their own list (a clerk
    sees the matrix's call figures, not the callers); an unknown code is left to the view
    (not found)."""
    source = record_source(query.get("code", ""))
    return source is None or user.has_perm(source.permission)


@allowed_if(_may_read_records)
def compliance_records(request: HttpRequest) -> HttpResponse:
    """The calls, tickets, referrals or faults behind a figure of the compliance matrix
    that no clock measures: the user's company, the period, the state (R-1.1)."""
    code = request.GET.get("code", "")
    source = record_source(code)
    state = request.GET.get("state", "")
    if source is None or state not in ("", "met", "breached", "running"):
        raise Http404
    company = company_for(request.user)
    form = PeriodForm(request.GET)
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "code": code, "state": state, "source": source}
    if company is not None and form.is_valid():
        period = form.cleaned_data
        profile = profile_in_force(company=company, on=period["date_to"])
        context["standard"] = (
            standards_in_force(profile=profile, on=period["date_to"]).filter(code=code).first()
            if profile
            else None
        )
        rows = source.records(
            [company.pk], code, state, period["date_from"], period["date_to"], today
        )
        page = keyset_page(rows, request)
        context.update(
            period=period,
            total=rows.count(),
            page=page,
            records=[source.describe(row, code, today) for row in page.items],
        )
    return render(request, "rules/compliance_records.html", context)


@permission_required("rules.view_servicestandard", raise_exception=True)
def standards(request: HttpRequest) -> HttpResponse:
    """The limits the user's company follows today, whose they are, and for the owner's
    marketing department the way to revise them (R-1.3, R-4.3)."""
    company = company_for(request.user)
    today = timezone.localdate()
    profile = profile_in_force(company=company, on=today) if company else None
    rows = list(standards_in_force(profile=profile, on=today)) if profile else []
    rows.sort(key=lambda s: (s.clause.sort_key, s.code, s.variant))
    may_revise = profile is not None and may_change_rules(
        request.user, profile.company_id, CHANGE_STANDARD
    )
    may_adopt = (
        profile is not None
        and company is not None
        and profile.company_id != company.pk
        and may_change_rules(request.user, company, CHANGE_STANDARD)
    )
    return render(
        request,
        "rules/standard_list.html",
        {
            "profile": profile,
            "standards": rows,
            "may_revise": may_revise,
            "may_adopt": may_adopt,
            "adopt_form": ProfileAdoptForm(initial={"effective_from": today}),
        },
    )


@permission_required("rules.view_sweeprun", raise_exception=True)
def sweep_runs_view(request: HttpRequest) -> HttpResponse:
    """The administrators' view of the clock sweep: each run's figures and the clocks it
    could not handle, with the error, so that nothing fails unseen."""
    runs = sweep_runs(user=request.user)
    context = {"runs": runs, "last": runs[0] if runs else None}
    return render(request, "rules/sweep_runs.html", context)


@require_POST
@permission_required(CHANGE_STANDARD, raise_exception=True)
def profile_adopt_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The company takes a shared profile (the deployment's or its city company's) as its
    own, from a date; another company's own profile is not found."""
    company = company_for(request.user)
    if company is None or not may_change_rules(request.user, company, CHANGE_STANDARD):
        raise PermissionDenied
    profile = get_object_or_404(profiles_visible(company=company), pk=pk)
    form = ProfileAdoptForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("rules:standard_list")
    try:
        profile_adopt(
            company=company,
            profile=profile,
            effective_from=form.cleaned_data["effective_from"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The rules are now the company's own."))
    return redirect("rules:standard_list")


@permission_required(CHANGE_STANDARD, raise_exception=True)
def standard_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """The marketing department changes a limit of its own company's profile: a new version
    from a date (R-1.3, R-4.1, R-4.3). Another company's, or a shared profile, is refused."""
    standard = get_object_or_404(ServiceStandard.objects.select_related("clause", "profile"), pk=pk)
    if not may_change_rules(request.user, standard.profile.company_id, CHANGE_STANDARD):
        raise PermissionDenied
    form = StandardReviseForm(
        request.POST or None, initial={"amount": standard.amount}, standard=standard
    )
    if request.method == "POST" and form.is_valid():
        try:
            standard_revise(
                standard=standard,
                amount=form.cleaned_data["amount"],
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
                parameters=parameters_of(form),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The new version was saved."))
            return redirect("rules:standard_list")
    return render(request, "rules/standard_revise.html", {"form": form, "standard": standard})


def _owned_profile(request: HttpRequest, pk: int) -> RuleProfile:
    """A profile the user's level owns (R-1.3): its own company's for marketing, any for a
    deployment administrator; another county's is not found, a shared one refused."""
    company = company_for(request.user)
    visible = (
        RuleProfile.objects.all()
        if request.user.is_superuser or company is None
        else profiles_visible(company=company)
    )
    profile = get_object_or_404(visible, pk=pk)
    if not may_change_rules(request.user, profile.company_id, CHANGE_STANDARD):
        raise PermissionDenied
    return profile


@permission_required(CHANGE_STANDARD, raise_exception=True)
def clause_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new clause of the profile, on a page, audited (R-4.3)."""
    profile = _owned_profile(request, pk)
    form = ClauseAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clause_add(profile=profile, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The clause was added."))
            return redirect("rules:standard_list")
    context = {"form": form, "profile": profile, "heading": _("Add a clause")}
    return render(request, "rules/profile_add.html", context)


@permission_required(CHANGE_STANDARD, raise_exception=True)
def standard_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new standard of a catalogue code under a clause of the profile, audited (R-4.3,
    R-DEF): unit and module from the catalogue, parameters checked against its schema."""
    profile = _owned_profile(request, pk)
    form = StandardAddForm(
        request.POST or None,
        profile=profile,
        initial={"effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            standard_add(profile=profile, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The standard was added."))
            return redirect("rules:standard_list")
    context = {"form": form, "profile": profile, "heading": _("Add a standard")}
    return render(request, "rules/profile_add.html", context)


def _clock_for(request: HttpRequest, pk: int) -> Clock:
    """A clock the user may see (row permission), else 404."""
    return get_object_or_404(clock_list(user=request.user), pk=pk)


def _after_action(request: HttpRequest, clock: Clock, error: str | None = None) -> HttpResponse:
    """htmx: the refreshed panel; a plain form post: back to the page it came from."""
    if getattr(request, "htmx", False):
        subject = clock.subject_type.get_object_for_this_type(pk=clock.subject_id)
        context = {**panel_context(subject, request.user), "error": error}
        return render(request, "rules/_clocks_panel.html", context)
    if error:
        messages.error(request, error)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)


@require_POST
@permission_required("rules.pause_clock", raise_exception=True)
def clock_pause_view(request: HttpRequest, pk: int) -> HttpResponse:
    clock = _clock_for(request, pk)
    try:
        clock_pause(
            clock=clock,
            at=timezone.now(),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except DomainError as error:
        return _after_action(request, clock, error.message)
    return _after_action(request, clock)


@require_POST
@permission_required("rules.pause_clock", raise_exception=True)
def clock_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    clock = _clock_for(request, pk)
    try:
        clock_resume(clock=clock, at=timezone.now(), actor=request.user)
    except DomainError as error:
        return _after_action(request, clock, error.message)
    return _after_action(request, clock)


@require_POST
@permission_required("rules.request_exemption", raise_exception=True)
def exemption_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    clock = _clock_for(request, pk)
    try:
        clock_exemption_request(
            clock=clock,
            reason=request.POST.get("reason", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        return _after_action(request, clock, error.message)
    return _after_action(request, clock)


@require_POST
@permission_required("rules.decide_clockexemption", raise_exception=True)
def exemption_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = get_object_or_404(
        ClockExemption.objects.filter(clock__in=clock_list(user=request.user)), pk=pk
    )
    try:
        clock_exemption_decide(
            exemption=exemption,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        return _after_action(request, exemption.clock, error.message)
    return _after_action(request, exemption.clock)
