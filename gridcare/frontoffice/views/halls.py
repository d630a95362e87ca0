"""Service halls (R-2.6, R-2.9): the clerk's counter screen (call next, start, finish, one
tap each, sized for a tablet), the ticket kiosk, the hall display and the halls' day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.frontoffice.filters import TicketFilter
from gridcare.frontoffice.models import Counter, ServiceHall, TicketKind
from gridcare.frontoffice.selectors import (
    hall_day,
    hall_list,
    queue_state,
    ticket_list,
)
from gridcare.frontoffice.services.halls import (
    counter_current,
    ticket_call_next,
    ticket_finish,
    ticket_no_show,
    ticket_start,
    ticket_take,
)
from gridcare.org.selectors import staff_of


@permission_required("frontoffice.view_ticket", raise_exception=True)
def hall_index(request: HttpRequest) -> HttpResponse:
    """Every hall with its counters and today's figures; the clerk picks a counter."""
    today = timezone.localdate()
    halls = list(hall_list(user=request.user).prefetch_related("counters"))
    me = staff_of(request.user)
    rows = [
        {
            "hall": hall,
            "counters": [c for c in hall.counters.all() if c.is_active],
            "state": queue_state(hall, today),
            "mine": me is not None and me.department_id == hall.department_id,
        }
        for hall in halls
    ]
    rows.sort(key=lambda r: (not r["mine"], str(r["hall"])))
    return render(
        request,
        "frontoffice/halls/index.html",
        {
            "rows": rows,
            "day": hall_day(user=request.user, day=today),
            "my_day": hall_day(user=request.user, day=today, clerk_id=me.pk) if me else None,
        },
    )


def _counter(request: HttpRequest, hall_id: int, counter_id: int) -> Counter:
    """A counter of the user's own hall (the hall whose team is their department): a
    clerk serves at their hall only. Another company's hall is not found; another hall
    of the company is refused."""
    hall = get_object_or_404(hall_list(user=request.user), pk=hall_id)
    counter = get_object_or_404(Counter.objects.select_related("hall"), pk=counter_id, hall=hall)
    me = staff_of(request.user)
    if me is None or me.department_id != hall.department_id:
        raise PermissionDenied
    return counter


def _counter_context(request: HttpRequest, counter: Counter, error: str = "") -> dict:
    today = timezone.localdate()
    me = staff_of(request.user)
    return {
        "counter": counter,
        "hall": counter.hall,
        "current": counter_current(counter),
        "state": queue_state(counter.hall, today),
        "my_day": hall_day(user=request.user, day=today, clerk_id=me.pk) if me else None,
        "error": error,
    }


@permission_required("frontoffice.serve_ticket", raise_exception=True)
def counter_screen(request: HttpRequest, hall_id: int, counter_id: int) -> HttpResponse:
    counter = _counter(request, hall_id, counter_id)
    return render_page(
        request,
        "frontoffice/halls/counter.html",
        _counter_context(request, counter),
        fragment="frontoffice/halls/_counter_panel.html",
    )


@require_POST
@permission_required("frontoffice.serve_ticket", raise_exception=True)
def counter_action(
    request: HttpRequest, hall_id: int, counter_id: int, action: str
) -> HttpResponse:
    """One tap: call the next ticket, start, finish, or mark the customer absent."""
    counter = _counter(request, hall_id, counter_id)
    error = ""
    try:
        if action == "call":
            if ticket_call_next(counter=counter, actor=request.user) is None:
                error = _("Nobody is waiting.")
        else:
            current = counter_current(counter)
            if current is None:
                raise DomainError(_("No customer is at this counter."), field="counter")
            if action == "start":
                ticket_start(ticket=current, actor=request.user)
            elif action == "finish":
                ticket_finish(ticket=current, actor=request.user)
            elif action == "absent":
                ticket_no_show(ticket=current, actor=request.user)
            else:
                raise DomainError(_("Unknown action."), field="action")
    except DomainError as exc:
        error = exc.message
    if getattr(request, "htmx", False):
        return render(
            request,
            "frontoffice/halls/_counter_panel.html",
            _counter_context(request, counter, error),
        )
    if error:
        messages.error(request, error)
    return redirect("frontoffice:counter", hall_id=hall_id, counter_id=counter_id)


@permission_required("frontoffice.add_ticket", raise_exception=True)
def kiosk(request: HttpRequest, hall_id: int) -> HttpResponse:
    """The ticket machine at the entrance: a customer takes a business or payment ticket."""
    hall = get_object_or_404(hall_list(user=request.user), pk=hall_id)
    ticket = None
    if request.method == "POST":
        try:
            ticket = ticket_take(hall=hall, kind=request.POST.get("kind", ""), actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "frontoffice/halls/kiosk.html",
        {"hall": hall, "ticket": ticket, "kinds": TicketKind.choices, "state": queue_state(hall)},
    )


@login_not_required
def display(request: HttpRequest, hall_id: int) -> HttpResponse:
    """The hall's screen: which ticket is at which counter. Public (it hangs in the hall)
    and shows ticket numbers only, no personal data; refreshes itself."""
    hall = get_object_or_404(ServiceHall, pk=hall_id)
    context = {"hall": hall, "state": queue_state(hall), "now": timezone.localtime()}
    if getattr(request, "htmx", False):
        return render(request, "frontoffice/halls/_display_board.html", context)
    return render(request, "frontoffice/halls/display.html", context)


@permission_required("frontoffice.view_ticket", raise_exception=True)
def ticket_index(request: HttpRequest) -> HttpResponse:
    filterset = TicketFilter(request.GET, queryset=ticket_list(user=request.user), request=request)
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "frontoffice/halls/tickets.html",
        {"filter": filterset, "page": page},
        fragment="frontoffice/halls/_ticket_rows.html",
    )
