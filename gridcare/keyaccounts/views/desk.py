"""The contact's desk (R-3.5), the half-year overview (R-3.6.1), assessment proposals
(R-3.5.2) and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.query import parse_id
from gridcare.keyaccounts.filters import HalfYearFilter
from gridcare.keyaccounts.forms import ProposalForm
from gridcare.keyaccounts.halves import half_end, half_label, half_start
from gridcare.keyaccounts.ical import calendar_for
from gridcare.keyaccounts.ledger import ledger_statuses
from gridcare.keyaccounts.models import ServiceItem
from gridcare.keyaccounts.selectors import (
    account_scope,
    attach_service_state,
    due_for_contact,
    feed_for_token,
    half_state,
    half_year_list,
    half_year_summary,
    item_list,
    keyaccount_list,
    live_feed,
    proposal_list,
    served_ids,
)
from gridcare.keyaccounts.services.feed import (
    calendar_feed_issue,
    calendar_feed_revoke,
    calendar_feed_touch,
)
from gridcare.keyaccounts.services.items import (
    clauses_for_proposals,
    proposal_create,
    proposal_withdraw,
)
from gridcare.org.selectors import company_for, staff_of

VIEW = "keyaccounts.view_designation"
#: Session key holding a new feed address until the desk shows it.
FEED_URL_KEY = "keyaccounts_feed_url"


@permission_required(VIEW, raise_exception=True)
def desk(request: HttpRequest) -> HttpResponse:
    """The contact's desk: their accounts with what is due and overdue for each, every
    service item's progress, and the calendar feed (R-3.5.1, R-3.5.3)."""
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    today = timezone.localdate()
    mine = keyaccount_list(user=request.user).filter(pk__in=served_ids(staff))
    accounts = attach_service_state(list(mine.order_by("name")[:500]), today)
    # Overdue and not yet visited first: what needs doing comes first.
    order = {"overdue": 0, "owed": 1, "visited": 2, "not_owed": 3}
    accounts.sort(key=lambda a: (order.get(a.ka_half_state, 4), -a.ka_overdue_items, a.name))  # type: ignore[attr-defined]
    items = list(
        item_list(user=request.user)
        .filter(customer__in=[a.pk for a in accounts], status__in=ServiceItem.OPEN_STATUSES)
        .order_by("due", "id")[:100]
    )
    return render(
        request,
        "keyaccounts/desk.html",
        {
            "accounts": accounts,
            "items": items,
            "due": due_for_contact(user=request.user, today=today)[:10],
            "today": today,
            "half": half_label(today),
            "half_end": half_end(today),
            "feed": live_feed(request.user),
            # Shown once, right after it was made (only its hash is kept).
            "feed_url": request.session.pop(FEED_URL_KEY, None),
            "proposals": proposal_list(user=request.user).filter(proposed_by_id=request.user.pk)[
                :10
            ],
        },
    )


@require_POST
@permission_required(VIEW, raise_exception=True)
def feed_manage(request: HttpRequest) -> HttpResponse:
    """Make a new private feed address (the old one stops working) or revoke it."""
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The calendar address no longer works."))
    else:
        token = calendar_feed_issue(user=request.user)  # type: ignore[arg-type]
        request.session[FEED_URL_KEY] = request.build_absolute_uri(
            reverse("keyaccounts:feed", args=[token])
        )
    return redirect("keyaccounts:desk")


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The contact's due visits and items as an iCalendar feed, for their phone's
    calendar. The secret address is the credential: unknown or revoked answers 404."""
    found = feed_for_token(token)
    if found is None or not found.user.is_active:
        raise Http404
    calendar_feed_touch(found)
    entries = due_for_contact(user=found.user)
    staff = staff_of(found.user)
    body = calendar_for(
        entries,
        name=f"GridCare 大客戶 · {staff.name if staff else found.user.get_username()}",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="keyaccounts.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@permission_required("keyaccounts.view_all_keyaccounts", raise_exception=True)
def half_year_overview(request: HttpRequest) -> HttpResponse:
    """Which accounts were visited in a half year, which are overdue, by contact
    (R-3.6.1)."""
    today = timezone.localdate()
    probe = HalfYearFilter(request.GET, request=request)
    half = probe.chosen_half
    base = half_year_list(user=request.user, half=half)
    filterset = HalfYearFilter(request.GET, queryset=base, request=request)
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    if page is not None:
        for row in page.items:
            row.state = half_state(row, today)  # type: ignore[attr-defined]
    summary = half_year_summary(base, today)
    totals = {
        "owed": sum(s.owed for s in summary),
        "visited": sum(s.visited for s in summary),
        "overdue": sum(s.overdue for s in summary),
    }
    totals["pending"] = totals["owed"] - totals["visited"]
    return render_page(
        request,
        "keyaccounts/half_year_overview.html",
        {
            "filter": filterset,
            "page": page,
            "summary": summary,
            "totals": totals,
            "half": half,
            "half_label": half_label(half),
            "half_end": half_end(half),
            "current": half == half_start(today),
        },
        fragment="keyaccounts/_half_rows.html",
    )


@permission_required(VIEW, raise_exception=True)
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    """Assessment proposals: one's own, or every one of the company for marketing and
    leadership; the assessment ledger takes them from here (R-3.5.2, R-3.9.1)."""
    page = keyset_page(proposal_list(user=request.user), request)
    return render_page(
        request,
        "keyaccounts/proposal_list.html",
        {"page": page, "ledger": ledger_statuses(page.items)},
        fragment="keyaccounts/_proposal_rows.html",
    )


@permission_required("keyaccounts.record_service", raise_exception=True)
def proposal_new(request: HttpRequest) -> HttpResponse:
    """A contact proposes assessing a department that does not deliver (R-3.5.2)."""
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    customer = item = None
    item_id, customer_id = parse_id(request.GET.get("item")), parse_id(request.GET.get("customer"))
    if item_id is not None:
        item = get_object_or_404(item_list(user=request.user), pk=item_id)
        customer = item.customer
    elif customer_id is not None:
        customer = get_object_or_404(account_scope(user=request.user), pk=customer_id)
    initial = {}
    if item is not None:
        initial = {"department": item.department_id, "reason": ""}
    form = ProposalForm(
        request.POST or None,
        company=company,
        clauses=clauses_for_proposals(company.pk),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal_create(
                department=form.cleaned_data["department"],
                clause=form.cleaned_data["clause"],
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data["evidence"],
                customer=customer,
                item=item,
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The proposal was sent to the assessment ledger."))
            return redirect("keyaccounts:proposal_list")
    return render(
        request,
        "keyaccounts/proposal_form.html",
        {"form": form, "customer": customer, "item": item},
    )


@require_POST
@permission_required("keyaccounts.record_service", raise_exception=True)
def proposal_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
    try:
        proposal_withdraw(proposal=proposal, actor=request.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The proposal was withdrawn."))
    return redirect("keyaccounts:proposal_list")
