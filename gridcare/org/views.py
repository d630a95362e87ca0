from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gridcare.core.htmx import render_page
from gridcare.core.instants import records_out_of_window
from gridcare.core.pagination import keyset_page
from gridcare.org.filters import StaffFilter
from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible, staff_list


@permission_required("org.view_staff", raise_exception=True)
def staff_index(request: HttpRequest) -> HttpResponse:
    filterset = StaffFilter(request.GET, queryset=staff_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "org/staff_list.html",
        {"filter": filterset, "page": page},
        fragment="org/_staff_rows.html",
    )


@permission_required("org.view_company", raise_exception=True)
def out_of_window(request: HttpRequest) -> HttpResponse:
    """Records whose time lies before their company went live or in the future, typed
    before such times were refused: listed for an administrator to correct, never
    dropped (core.instants)."""
    visible = company_ids_visible(request.user)
    found = records_out_of_window(company_ids=visible)
    companies = Company.objects.order_by("code")
    if visible is not None:
        companies = companies.filter(pk__in=visible)
    return render(request, "org/out_of_window.html", {"found": found, "companies": companies})
