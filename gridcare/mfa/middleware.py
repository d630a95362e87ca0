"""Until the second step is passed, a signed-in user reaches only the two-step pages.

Issue 9 item 1 (ASVS 5.0 V6.3.3). Install after LoginRequiredMiddleware (anonymous users
are sent to the password step first) and after django_otp's OTPMiddleware (which says
whether the session passed the second step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.views import APIView

from gridcare.mfa import policy

#: Pages of other apps that an unverified user may still use.
OPEN_URL_NAMES = frozenset({"logout", "set_language", "javascript-catalog"})


def second_step_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view usable before the second step (the two-step pages themselves)."""
    view.second_step_exempt = True  # type: ignore[attr-defined]
    return view


def token_authenticated(request: HttpRequest) -> bool:
    """DRF tries TokenAuthentication first: a request that carries a token is judged by
    the token alone (an integration account, not a person at a browser)."""
    return request.headers.get("Authorization", "").lower().startswith("token ")


class SecondStepRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        # OTPMiddleware gave the user is_verified().
        user: Any = request.user
        if not user.is_authenticated:
            return None
        view_class: Any = getattr(view_func, "cls", None)
        is_api = isinstance(view_class, type) and issubclass(view_class, APIView)
        if is_api:
            # DRF marks every API view login_not_required; what matters is whether it
            # authenticates by the session at all.
            if not view_class.authentication_classes or token_authenticated(request):
                return None
        elif self._exempt(request, view_func):
            return None
        if user.is_verified() or not policy.second_step_required(user):
            return None
        if is_api:
            return JsonResponse(
                {"detail": _("Complete the two-step login in the browser first.")}, status=403
            )
        target = f"{reverse('mfa:verify')}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)

    @staticmethod
    def _exempt(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
        if getattr(view_func, "second_step_exempt", False):
            return True
        # Public pages (login_not_required) stay public.
        if getattr(view_func, "login_required", True) is False:
            return True
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return True
        return bool(settings.STATIC_URL) and request.path.startswith(str(settings.STATIC_URL))
