"""Calls to the service phone (R-2.8): the list, the answered-within-5-rings rates, call
backs, manual entry and the import of phone-system records with a progress bar."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.query import parse_id
from gridcare.frontoffice.cdr_layout import COLUMNS, sample_file
from gridcare.frontoffice.filters import CallFilter
from gridcare.frontoffice.forms import CallBackForm, CallImportForm, ManualCallForm, RatesForm
from gridcare.frontoffice.rejections import rejection_message
from gridcare.frontoffice.selectors import (
    call_import_list,
    call_list,
    callbacks_waiting,
    rate_total,
    ring_rates,
)
from gridcare.frontoffice.services.calls import call_back_record, call_record_manual
from gridcare.frontoffice.services.cdr_import import (
    call_import_create,
    call_import_give_up,
    call_import_resume,
    ring_measure,
)
from gridcare.frontoffice.tasks import import_calls
from gridcare.frontoffice.views.call_pages import calls_by_time
from gridcare.frontoffice.views.common import (
    acting_company,
    bound_period,
    chart_json,
)
from gridcare.org.selectors import company_ids_visible, staff_list, staff_of

CALLBACK_DAYS = 30


@permission_required("frontoffice.view_callrecord", raise_exception=True)
def call_index(request: HttpRequest) -> HttpResponse:
    filterset = CallFilter(request.GET, queryset=call_list(user=request.user))
    page = calls_by_time(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "frontoffice/calls/list.html",
        {"filter": filterset, "page": page},
        fragment="frontoffice/calls/_rows.html",
    )


@permission_required("frontoffice.view_callrecord", raise_exception=True)
def call_rates(request: HttpRequest) -> HttpResponse:
    """Answered within the ring limit by day, week, month or agent (R-2.8); an agent sees
    their own figure beside the centre's."""
    form, period = bound_period(RatesForm, request)
    company = acting_company(request)
    visible = company_ids_visible(request.user)
    company_ids = [company.pk] if visible is None else sorted(visible)
    rows = ring_rates(
        company_ids=company_ids,
        date_from=period["date_from"],
        date_to=period["date_to"],
        by=period["by"],
    )
    me = staff_of(request.user)
    mine = None
    if me is not None:
        mine = rate_total(
            ring_rates(
                company_ids=company_ids,
                date_from=period["date_from"],
                date_to=period["date_to"],
                by="day",
                agent_id=me.pk,
            )
        )
        if not (mine.answered or mine.unanswered):
            mine = None  # not someone who answers the phone
    measure = ring_measure(company=company, on=period["date_to"])
    return render(
        request,
        "frontoffice/calls/rates.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "total": rate_total(rows),
            "mine": mine,
            "measure": measure,
            "period_seconds": measure.period_ms / 1000 if measure else None,
            "chart": json.dumps(chart_json(rows)),
        },
    )


@permission_required("frontoffice.record_callback", raise_exception=True)
def callback_list(request: HttpRequest) -> HttpResponse:
    """Unanswered callers waiting for a call back, newest first (R-2.8)."""
    since = timezone.localdate() - timedelta(days=CALLBACK_DAYS)
    page = keyset_page(callbacks_waiting(user=request.user, since=since), request)
    return render_page(
        request,
        "frontoffice/calls/callbacks.html",
        {"page": page, "since": since, "form": CallBackForm()},
        fragment="frontoffice/calls/_callback_rows.html",
    )


@permission_required("frontoffice.view_callrecord", raise_exception=True)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(call_list(user=request.user), pk=pk)
    return render(
        request,
        "frontoffice/calls/detail.html",
        {"call": call, "callbacks": call.callbacks.select_related("by"), "form": CallBackForm()},
    )


@require_POST
@permission_required("frontoffice.record_callback", raise_exception=True)
def call_back(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(call_list(user=request.user), pk=pk)
    form = CallBackForm(request.POST)
    if form.is_valid():
        try:
            call_back_record(
                call=call,
                reached=form.cleaned_data["reached"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The call back was recorded."))
    if request.POST.get("next") == "list":
        return redirect("frontoffice:callback_list")
    return redirect("frontoffice:call_detail", pk=call.pk)


@permission_required("frontoffice.add_callrecord", raise_exception=True)
def call_new(request: HttpRequest) -> HttpResponse:
    """A call the phone system did not record (R-2.8)."""
    company = acting_company(request)
    agents = staff_list(user=request.user).filter(company=company, department__kind="csc")
    form = ManualCallForm(request.POST or None, agents=agents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = call_record_manual(
                company=company,
                caller=data["caller"],
                started_at=data["started_at"],
                answered=data["answered"],
                ring_seconds=float(data["ring_seconds"])
                if data["ring_seconds"] is not None
                else None,
                talk_seconds=data["talk_seconds"] or 0,
                agent=data["agent"],
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The call was recorded."))
            return redirect("frontoffice:call_detail", pk=call.pk)
    return render(request, "frontoffice/calls/new.html", {"form": form})


@permission_required("frontoffice.import_callrecord", raise_exception=True)
def import_index(request: HttpRequest) -> HttpResponse:
    """Upload a Master.csv; it is imported in the background with a progress bar."""
    form = CallImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = call_import_create(
            company=acting_company(request),
            source="upload",
            filename=upload.name,
            size=upload.size,
            file=upload,
            actor=request.user,
        )
        import_calls(batch.pk, request.user.pk)
        return redirect("frontoffice:import_detail", pk=batch.pk)
    page = keyset_page(call_import_list(user=request.user), request)
    return render(
        request,
        "frontoffice/calls/imports.html",
        {"form": form, "page": page, "columns": COLUMNS},
    )


@permission_required("frontoffice.import_callrecord", raise_exception=True)
def import_sample(request: HttpRequest) -> HttpResponse:
    """A small file in the layout the import page describes, to start from."""
    response = HttpResponse(sample_file(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="Master-sample.csv"'
    return response


@permission_required("frontoffice.import_callrecord", raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress and rejected lines; POST `action=resume|give_up` for an
    interrupted import whose file is kept."""
    batch = get_object_or_404(call_import_list(user=request.user), pk=pk)
    if request.method == "POST":
        act = {"resume": call_import_resume, "give_up": call_import_give_up}.get(
            request.POST.get("action", "")
        )
        try:
            if act is None:
                raise DomainError(_("Choose to resume the import or to give it up."))
            act(batch=batch, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("frontoffice:import_detail", pk=batch.pk)
    rejections = batch.rejections.all()
    after = parse_id(request.GET.get("after"))
    if after is not None:
        rejections = rejections.filter(line__gt=after)
    rows = list(rejections.order_by("line")[:101])
    more = len(rows) > 100
    rows = rows[:100]
    context = {
        "batch": batch,
        "rejections": [(r.line, rejection_message(r.code, r.detail)) for r in rows],
        "next_after": rows[-1].line if more else None,
        "is_first": after is None,
    }
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        return render(request, "frontoffice/calls/_import_progress.html", context)
    return render(request, "frontoffice/calls/import_detail.html", context)
