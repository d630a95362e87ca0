from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse

from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.org.filters import StaffFilter
from gridcare.org.selectors import staff_list


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
