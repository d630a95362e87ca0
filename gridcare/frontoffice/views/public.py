"""Public service information without login (R-2.8): the service phone, halls with
addresses and hours, tariffs, the usage notice, the procedures with their time limits as
the measures engine holds them, and the application lookup."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from gridcare.frontoffice.selectors import public_company, public_information
from gridcare.org.models import Company


def _portal_url(name: str) -> str:
    """A link to the customers' portal, when it is installed."""
    try:
        return reverse(f"portal:{name}")
    except NoReverseMatch:
        return ""


@login_not_required
def service_index(request: HttpRequest) -> HttpResponse:
    """The only county company's page, or the list of companies to choose from."""
    company = public_company(None)
    if company is not None:
        return redirect("service:company", code=company.code)
    companies = Company.objects.filter(level=Company.Level.COUNTY).order_by("name")
    return render(request, "frontoffice/public/index.html", {"companies": companies})


@login_not_required
def service_company(request: HttpRequest, code: str) -> HttpResponse:
    company = public_company(code)
    if company is None:
        raise Http404
    return render(
        request,
        "frontoffice/public/company.html",
        {
            **public_information(company),
            "lookup_url": _portal_url("application_lookup"),
            "patrol_url": _portal_url("patrol_request"),
        },
    )
