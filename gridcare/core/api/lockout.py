"""What a locked-out sign-in answers (django-axes' AXES_LOCKOUT_CALLABLE).

Axes replaces the answer of any request it locked out. The pages keep the lockout page;
an API path answers JSON in the API's one error shape (`{"detail": ...}`, docs/security.md
V4), with the cool-off in Retry-After, so an integration never has to parse HTML.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off, get_lockout_message
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": str(get_lockout_message())}, status=status)
        cool_off = get_cool_off(request)
        if cool_off:
            response["Retry-After"] = str(int(cool_off.total_seconds()))
        return response
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=status)
