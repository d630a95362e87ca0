"""Public pages: a customer follows their application (number + phone on file), and a key
account asks for a special patrol (account number + phone on file, R-3.7.1).

Rate limited per client address and per number; a wrong pair answers exactly like an
unknown number (and, for a patrol, like a customer that is not a key account), so no
sequence of guesses tells one from the other.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gridcare.core.client_address import client_address
from gridcare.core.errors import DomainError, form_error
from gridcare.field.models import PatrolRequest
from gridcare.field.services import patrol_request_create
from gridcare.portal.forms import LookupForm, PatrolRequestForm
from gridcare.portal.selectors import application_lookup, key_account_by_phone, public_name

#: Attempts allowed per window, per client address and per application number.
LOOKUP_LIMIT_PER_IP = getattr(settings, "PORTAL_LOOKUP_LIMIT_PER_IP", 20)
LOOKUP_LIMIT_PER_NUMBER = getattr(settings, "PORTAL_LOOKUP_LIMIT_PER_NUMBER", 10)
LOOKUP_WINDOW_SECONDS = 15 * 60


def _over_limit(key: str, limit: int) -> bool:
    """Count one attempt under `key`; True once more than `limit` fall in the window."""
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
        count = 1
    return count > limit


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_lookup_view(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    context: dict[str, object] = {"form": form, "public_name": public_name()}
    status = 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"].strip().upper()
        # The phone is not echoed back into the page.
        context["form"] = LookupForm(initial={"number": number})
        limited = _over_limit(f"portal:lookup:ip:{client_address(request)}", LOOKUP_LIMIT_PER_IP)
        limited = _over_limit(f"portal:lookup:no:{number}", LOOKUP_LIMIT_PER_NUMBER) or limited
        if limited:
            context["limited"] = True
            status = 429
        else:
            result = application_lookup(number=number, phone=form.cleaned_data["phone"])
            context["result"] = result
            context["not_found"] = result is None
    return render(request, "portal/application_lookup.html", context, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def patrol_request_view(request: HttpRequest) -> HttpResponse:
    """A key account's customer asks for a special patrol (issue 7 item 4)."""
    form = PatrolRequestForm(request.POST or None)
    context: dict[str, object] = {"form": form, "public_name": public_name()}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["account_number"].strip()
        limited = _over_limit(f"portal:patrol:ip:{client_address(request)}", LOOKUP_LIMIT_PER_IP)
        limited = _over_limit(f"portal:patrol:no:{number}", LOOKUP_LIMIT_PER_NUMBER) or limited
        customer = (
            None if limited else key_account_by_phone(account_number=number, phone=data["phone"])
        )
        if limited:
            context["limited"] = True
            status = 429
        elif customer is None:
            context["refused"] = True
        else:
            try:
                patrol = patrol_request_create(
                    customer=customer,
                    channel=PatrolRequest.Channel.PORTAL,
                    requested_by=data["requested_by"],
                    phone=data["phone"],
                    what=data["what"],
                    wanted_from=data["wanted_from"],
                    wanted_to=data["wanted_to"],
                    actor=AnonymousUser(),
                )
            except DomainError as error:
                form_error(form, error)
            else:
                context = {"sent": patrol, "public_name": context["public_name"]}
    return render(request, "portal/patrol_request.html", context, status=status)
