"""Marketing's round screens and leadership's approval (R-3.3): rounds, the draft list,
interim additions, the company's additions to the list, thresholds, the list on a date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gridcare.core.access import allowed_if
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.customers.models import Customer
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.forms import (
    AddEntryForm,
    ApproveForm,
    EntryForm,
    InterimForm,
    NoteForm,
    OnDateForm,
    ReasonForm,
    SettingsForm,
)
from gridcare.keyaccounts.models import DesignationRound, RoundEntry
from gridcare.keyaccounts.selectors import (
    contact_on,
    list_on,
    open_round,
    round_in_force,
    round_list,
)
from gridcare.keyaccounts.services.common import day_start
from gridcare.keyaccounts.services.designation import (
    designation_settings_update,
    keyaccount_list_adjust,
)
from gridcare.keyaccounts.services.rounds import (
    designation_entry_add,
    designation_entry_update,
    designation_interim_propose,
    designation_round_approve,
    designation_round_cancel,
    designation_round_open,
    designation_round_return,
    designation_round_submit,
)
from gridcare.org.selectors import company_for
from gridcare.rules.selectors import clocks_of

DRAFT = "keyaccounts.draft_round"
APPROVE = "keyaccounts.approve_round"
ROUND_CODE = "keyaccount.designation_round"
ENTRY_VIEWS = (
    ("all", gettext_lazy("All")),
    ("changes", gettext_lazy("Joining or leaving")),
    ("departures", gettext_lazy("Departing from the criteria")),
    ("no_contact", gettext_lazy("Without a contact")),
)


def _may_see_rounds(user: Any, query: Any) -> bool:
    return bool(user.has_perm(DRAFT) or user.has_perm(APPROVE))


def _company(request: HttpRequest) -> Any:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    return company


def _round_clock(round: DesignationRound | None) -> Any:
    if round is None:
        return None
    return next((c for c in clocks_of(round) if c.standard.code == ROUND_CODE), None)


@allowed_if(_may_see_rounds)
def round_list_view(request: HttpRequest) -> HttpResponse:
    """Every round of the company, the list in force and its two years (R-3.3.2);
    marketing opens the next round here (POST)."""
    company = _company(request)
    if request.method == "POST":
        if not request.user.has_perm(DRAFT):
            raise PermissionDenied
        try:
            round = designation_round_open(company=company, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("keyaccounts:round_list")
        messages.success(request, _("A new round was opened from the candidates."))
        return redirect("keyaccounts:round_detail", pk=round.pk)
    in_force = round_in_force(company.pk)
    return render_page(
        request,
        "keyaccounts/round_list.html",
        {
            "page": keyset_page(round_list(user=request.user), request),
            "in_force": in_force,
            "clock": _round_clock(in_force),
            "open_round": open_round(company.pk),
            "today": timezone.localdate(),
            "settings": criteria.settings_for(company),
        },
        fragment="keyaccounts/_round_rows.html",
    )


def _entry_rows(round: DesignationRound, request: HttpRequest) -> tuple[Any, str]:
    show = request.GET.get("show", "all")
    qs = round.entries.select_related("customer", "contact__department")
    if show == "changes":
        qs = qs.filter(Q(included=True, in_force=False) | Q(included=False, in_force=True))
    elif show == "departures":
        qs = qs.exclude(included=F("is_candidate"))
    elif show == "no_contact":
        qs = qs.filter(included=True, contact__isnull=True)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(
            Q(customer__name__icontains=text) | Q(customer__account_number__istartswith=text)
        )
    return keyset_page(qs, request, size=100), show


def _entry_context(round: DesignationRound, entry: RoundEntry, request: HttpRequest) -> dict:
    return {
        "round": round,
        "entry": entry,
        "editable": round.status == DesignationRound.Status.DRAFT and request.user.has_perm(DRAFT),
        "contacts": EntryForm(company=round.company).fields["contact"].queryset,  # type: ignore[attr-defined]
    }


@allowed_if(_may_see_rounds)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafted list: candidates with the criteria they meet, who joins and who leaves,
    departures with their reasons, each account's contact; the actions the round allows."""
    round = get_object_or_404(round_list(user=request.user).select_related("company"), pk=pk)
    page, show = _entry_rows(round, request)
    counts = round.entries.aggregate(
        n_included=Count("id", filter=Q(included=True)),
        n_joining=Count("id", filter=Q(included=True, in_force=False)),
        n_leaving=Count("id", filter=Q(included=False, in_force=True)),
        n_departures=Count("id", filter=~Q(included=F("is_candidate"))),
        n_without_contact=Count("id", filter=Q(included=True, contact__isnull=True)),
    )
    editable = round.status == DesignationRound.Status.DRAFT and request.user.has_perm(DRAFT)
    context = {
        "round": round,
        "page": page,
        "show": show,
        "views": ENTRY_VIEWS,
        "counts": counts,
        "editable": editable,
        "may_approve": round.status == DesignationRound.Status.SUBMITTED
        and request.user.has_perm(APPROVE),
        "contacts": EntryForm(company=round.company).fields["contact"].queryset,  # type: ignore[attr-defined]
        "add_form": AddEntryForm(company=round.company),
        "approve_form": ApproveForm(),
        "clock": _round_clock(round),
        "events": audit_history_for(round),
        "today": timezone.localdate(),
    }
    return render_page(
        request, "keyaccounts/round_detail.html", context, fragment="keyaccounts/_entry_rows.html"
    )


@require_POST
@permission_required(DRAFT, raise_exception=True)
def entry_update(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Keep or leave out one customer, with its reason and contact (htmx: the row)."""
    round = get_object_or_404(round_list(user=request.user).select_related("company"), pk=pk)
    entry = get_object_or_404(round.entries.select_related("customer"), pk=entry_pk)
    form = EntryForm(request.POST, company=round.company)
    error = None
    if form.is_valid():
        try:
            entry = designation_entry_update(
                entry=entry,
                included=form.cleaned_data["included"],
                reason=form.cleaned_data["reason"],
                contact=form.cleaned_data["contact"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if getattr(request, "htmx", False):
        entry.refresh_from_db()
        context = {**_entry_context(round, entry, request), "error": error}
        if error:
            # Show what was typed so that it can be corrected.
            context["typed"] = request.POST
        return render(request, "keyaccounts/_entry_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("keyaccounts:round_detail", pk=round.pk)


@require_POST
@permission_required(DRAFT, raise_exception=True)
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a customer to the draft (a non-candidate needs a reason, R-3.3.3)."""
    round = get_object_or_404(round_list(user=request.user).select_related("company"), pk=pk)
    form = AddEntryForm(request.POST, company=round.company)
    if form.is_valid():
        customer = Customer.objects.filter(
            company=round.company, account_number=form.cleaned_data["account_number"].strip()
        ).first()
        if customer is None:
            messages.error(request, _("No customer has this account number."))
        else:
            try:
                designation_entry_add(
                    round=round,
                    customer=customer,
                    reason=form.cleaned_data["reason"],
                    contact=form.cleaned_data["contact"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": customer.name})
    else:
        messages.error(request, _("Give the account number."))
    return redirect("keyaccounts:round_detail", pk=round.pk)


def _round_action(request: HttpRequest, pk: int, permission: str) -> DesignationRound:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(round_list(user=request.user), pk=pk)


@require_POST
def round_submit(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_action(request, pk, DRAFT)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        designation_round_submit(
            round=round,
            note=form.cleaned_data.get("note", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list was submitted for the company's approval."))
    return redirect("keyaccounts:round_detail", pk=round.pk)


@require_POST
def round_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The company approves the list (R-3.3.4)."""
    round = _round_action(request, pk, APPROVE)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Correct the date of the decision."))
        return redirect("keyaccounts:round_detail", pk=round.pk)
    try:
        designation_round_approve(
            round=round,
            note=form.cleaned_data["note"],
            at=form.cleaned_data["approved_at"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list was approved and is in force."))
    return redirect("keyaccounts:round_detail", pk=round.pk)


@require_POST
def round_return(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_action(request, pk, APPROVE)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        designation_round_return(
            round=round,
            note=form.cleaned_data.get("note", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list was returned to marketing."))
    return redirect("keyaccounts:round_detail", pk=round.pk)


@require_POST
def round_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_action(request, pk, DRAFT)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        designation_round_cancel(
            round=round,
            reason=form.cleaned_data.get("reason", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The round was cancelled."))
    return redirect("keyaccounts:round_detail", pk=round.pk)


def _customer_by_number(company: Any, form: Any) -> Customer | None:
    customer = Customer.objects.filter(
        company=company, account_number=form.cleaned_data["account_number"].strip()
    ).first()
    if customer is None:
        form.add_error("account_number", _("No customer has this account number."))
    return customer


@permission_required(DRAFT, raise_exception=True)
def interim_new(request: HttpRequest) -> HttpResponse:
    """Marketing proposes a special customer between rounds (R-3.3.2)."""
    company = _company(request)
    form = InterimForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        customer = _customer_by_number(company, form)
        if customer is not None:
            try:
                round = designation_interim_propose(
                    company=company,
                    customer=customer,
                    reason=form.cleaned_data["reason"],
                    contact=form.cleaned_data["contact"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The addition was submitted for approval."))
                return redirect("keyaccounts:round_detail", pk=round.pk)
    return render(
        request,
        "keyaccounts/interim_form.html",
        {"form": form, "title": _("Propose a special customer"), "adjust": False},
    )


@permission_required(APPROVE, raise_exception=True)
def adjust_add(request: HttpRequest) -> HttpResponse:
    """The company adds a customer to the approved list, with a reason (R-3.3.4)."""
    company = _company(request)
    form = InterimForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        customer = _customer_by_number(company, form)
        if customer is not None:
            try:
                keyaccount_list_adjust(
                    customer=customer,
                    add=True,
                    reason=form.cleaned_data["reason"],
                    contact=form.cleaned_data["contact"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s is now a key account.") % {"name": customer.name}
                )
                return redirect("keyaccounts:account_detail", pk=customer.pk)
    return render(
        request,
        "keyaccounts/interim_form.html",
        {"form": form, "title": _("Add to the key-account list"), "adjust": True},
    )


@permission_required("keyaccounts.change_designationsettings", raise_exception=True)
def settings_view(request: HttpRequest) -> HttpResponse:
    """The thresholds of R-3.3.1, and how many candidates they give."""
    company = _company(request)
    current = criteria.settings_for(company)
    form = SettingsForm(
        request.POST or None,
        initial={
            "min_annual_consumption_kwh": current.min_annual_consumption_kwh,
            "min_credit_rating": current.min_credit_rating,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            designation_settings_update(
                company=company,
                min_annual_consumption_kwh=form.cleaned_data["min_annual_consumption_kwh"],
                min_credit_rating=form.cleaned_data["min_credit_rating"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The thresholds were saved."))
            return redirect("keyaccounts:settings")
    return render(
        request,
        "keyaccounts/settings.html",
        {
            "form": form,
            "current": current,
            "candidates": criteria.candidate_queryset(company, current).count(),
        },
    )


@allowed_if(_may_see_rounds)
def list_history(request: HttpRequest) -> HttpResponse:
    """The key-account list on any date, past or present (R-3.3.2), with each account's
    contact on that day."""
    form = OnDateForm(request.GET or None)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate()
    page = keyset_page(list_on(user=request.user, on=on), request, size=100)
    # The contact at the end of that day.
    contacts = contact_on(
        [d.customer_id for d in page.items],
        day_start(on + timedelta(days=1)) - timedelta(seconds=1),
    )
    return render_page(
        request,
        "keyaccounts/list_history.html",
        {"form": form, "on": on, "page": page, "contacts": contacts},
        fragment="keyaccounts/_history_rows.html",
    )
