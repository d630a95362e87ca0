"""Error answers that depend on who asks: the API answers JSON, pages answer HTML.

Django's own 404 and 403 pages are HTML; an integration calling /api/v1/… with a path
that matches no route (e.g. a letter where a number belongs) gets the same JSON shape
as every other API error instead (`{"detail": …}`, documented in the OpenAPI schema).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return defaults.permission_denied(request, exception)
