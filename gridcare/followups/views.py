"""Pages of the follow-up calls (R-3.8.2): the queue, the history, one call with the form
that records its result, and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import PAGE_SIZE, keyset_page
from gridcare.core.query import parse_id
from gridcare.core.selectors import audit_history_for
from gridcare.followups.filters import HistoryFilter, QueueFilter
from gridcare.followups.forms import CallResultForm, SettingsForm
from gridcare.followups.models import FollowupCall
from gridcare.followups.selectors import followup_list, queued_count, settings_for
from gridcare.followups.services import (
    SETTINGS_FIELDS,
    followup_call_record,
    followup_settings_update,
)
from gridcare.org.selectors import company_for

LIST_RELATED = ("matter", "application", "fault")


@dataclass
class DuePage:
    """A page of the queue, nearest due date first (keyset on due, id: no OFFSET)."""

    items: list[FollowupCall]
    is_first: bool
    next_query: str | None
    first_query: str


def _due_page(queryset: QuerySet[FollowupCall], request: HttpRequest) -> DuePage:
    after = request.GET.get("after", "")
    qs = queryset.order_by("due", "id")
    due_text, _sep, pk_text = after.partition("_")
    started = False
    after_id = parse_id(pk_text)
    if after_id is not None:
        try:
            after_due = date.fromisoformat(due_text)
        except ValueError:
            after_due = None
        if after_due is not None:
            qs = qs.filter(Q(due__gt=after_due) | Q(due=after_due, id__gt=after_id))
            started = True
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    params = request.GET.copy()
    params.pop("after", None)
    first_query = params.urlencode()
    next_query = None
    if more:
        params["after"] = f"{rows[-1].due.isoformat()}_{rows[-1].pk}"
        next_query = params.urlencode()
    return DuePage(rows, not started, next_query, first_query)


@permission_required("followups.view_followupcall", raise_exception=True)
def call_list(request: HttpRequest) -> HttpResponse:
    """The queue: calls still to make, nearest due date first (the officer's day)."""
    base = followup_list(user=request.user).filter(state=FollowupCall.State.QUEUED)
    filterset = QueueFilter(
        request.GET, queryset=base.select_related(*LIST_RELATED), request=request
    )
    page = _due_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "followups/list.html",
        {
            "filter": filterset,
            "page": page,
            "tab": "queue",
            "day": queued_count(user=request.user),
            "today": timezone.localdate(),
        },
        fragment="followups/_rows.html",
    )


@permission_required("followups.view_followupcall", raise_exception=True)
def call_history(request: HttpRequest) -> HttpResponse:
    """Calls made (reached or unreachable), newest first."""
    base = followup_list(user=request.user).exclude(state=FollowupCall.State.QUEUED)
    filterset = HistoryFilter(
        request.GET,
        queryset=base.select_related(*LIST_RELATED, "followup_matter"),
        request=request,
    )
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "followups/list.html",
        {"filter": filterset, "page": page, "tab": "history", "today": timezone.localdate()},
        fragment="followups/_rows.html",
    )


def _call(request: HttpRequest, pk: int) -> FollowupCall:
    return get_object_or_404(
        followup_list(user=request.user).select_related(
            "matter__owner",
            "application__responsible_staff",
            "fault__crew",
            "followup_matter__owner",
        ),
        pk=pk,
    )


def _detail_context(request: HttpRequest, call: FollowupCall, form: Any = None) -> dict[str, Any]:
    may_record = request.user.has_perm("followups.record_followupcall")
    if form is None and may_record and call.state == FollowupCall.State.QUEUED:
        form = CallResultForm(initial={"attempts_seen": call.attempts})
    return {
        "call": call,
        "form": form,
        "may_record": may_record,
        "max_attempts": settings_for(call.company).max_attempts,
        "events": audit_history_for(call),
    }


@permission_required("followups.view_followupcall", raise_exception=True)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One call: the record it is about, the form to record the result, its history. The
    form posts here (htmx swaps the result panel only)."""
    call = _call(request, pk)
    form = None
    if request.method == "POST":
        if not request.user.has_perm("followups.record_followupcall"):
            raise PermissionDenied
        form = CallResultForm(request.POST)
        if form.is_valid():
            try:
                call = followup_call_record(
                    call=call,
                    outcome=form.cleaned_data["outcome"],
                    comment=form.cleaned_data["comment"],
                    attempts_seen=form.cleaned_data["attempts_seen"],
                    actor=request.user,
                )
            except DomainError as error:
                form_error(form, error)
                call = _call(request, pk)
                if call.state != FollowupCall.State.QUEUED:
                    # Recorded by someone else meanwhile: the form is gone, say why.
                    messages.warning(request, error.message)
            else:
                messages.success(request, pgettext("follow-up", "The call was recorded."))
                if getattr(request, "htmx", False):
                    # The whole page changes (state, history): htmx loads it afresh.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = call.get_absolute_url()
                    return response
                return redirect("followups:call_detail", pk=call.pk)
    context = _detail_context(request, call, form)
    if getattr(request, "htmx", False) and request.method == "POST":
        # The fragment shows the messages itself (the page's own list is not swapped).
        return render(request, "followups/_result.html", {**context, "fragment": True})
    return render(request, "followups/detail.html", context)


@permission_required("followups.change_followupsettings", raise_exception=True)
def settings_edit(request: HttpRequest) -> HttpResponse:
    """How calls are sampled and scheduled; every change is audited (R-3.8.2)."""
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    current = settings_for(company)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            followup_settings_update(
                company=company,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in SETTINGS_FIELDS},
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The follow-up settings were saved."))
            return redirect("followups:settings")
    return render(
        request,
        "followups/settings.html",
        {
            "form": form,
            "current": current,
            "events": audit_history_for(current) if current.pk else [],
        },
    )
