"""Request middleware: session lifetimes and security headers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from gridcare.core.models import SessionCutoff

LOGIN_AT = "gridcare_login_at"
SEEN_AT = "gridcare_seen_at"
# Writing the session on every request costs a write per page; a minute's resolution is
# plenty for a timeout counted in minutes.
SEEN_RESOLUTION_SECONDS = 60

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class SessionLifetimeMiddleware:
    """Ends a session after inactivity, after its absolute lifetime, or when an
    administrator ended all of the user's sessions (SessionCutoff)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self._expiry_reason(request)
            if reason:
                logout(request)
                messages.info(request, reason)
            else:
                now = time.time()
                if now - request.session.get(SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
                    request.session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _expiry_reason(request: HttpRequest) -> str | None:
        now = time.time()
        session = request.session
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT, login_at)
        if login_at is None:
            # A session from before these keys existed: treat it as starting now.
            session[LOGIN_AT] = session[SEEN_AT] = now
            return None
        if now - seen_at > settings.SESSION_INACTIVITY_SECONDS:
            return _("You were signed out after a period of inactivity.")
        if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
            return _("Your session reached its maximum length; please sign in again.")
        cutoff = (
            SessionCutoff.objects.filter(user_id=request.user.pk or 0)
            .values_list("valid_after", flat=True)
            .first()
        )
        if cutoff is not None and cutoff.timestamp() > login_at:
            return _("An administrator ended your session; please sign in again.")
        return None


def mark_session_start(request: HttpRequest) -> None:
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SecurityHeadersMiddleware:
    """Content Security Policy (no inline scripts anywhere) and a strict permissions policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(self), microphone=()"
        )
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Login everywhere except views marked public, and except API views: those answer
    401/403 in JSON through DRF's own authentication instead of redirecting."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
