"""Request middleware: session lifetimes, security headers, the database-down page."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    JsonResponse,
)
from django.template.loader import render_to_string
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


DATABASE_DOWN = "gridcare_database_down"
#: Seconds a client (or a load balancer) should wait before trying again.
DATABASE_RETRY_AFTER = 30


def _remember_database_failure(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Django sends this signal while it handles an uncaught exception, wherever it was
    raised (a view, or a middleware such as the session load): mark the request when the
    exception is the database refusing or losing the connection."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        setattr(request, DATABASE_DOWN, True)


class DatabaseUnavailableMiddleware:
    """When the database refuses a connection, answer 503 with a bilingual page (JSON on
    the API) instead of the generic error page (issue 9, item 8).

    An exception raised inside another middleware never reaches this one: Django turns it
    into the 500 response first. So the failure is recognised through the
    got_request_exception signal, and this middleware replaces that 500. Install it near the
    top of MIDDLEWARE, before SessionMiddleware, so that a failure while saving the
    session is covered too. The page is plain HTML rendered without a request context or
    static files: a context processor could query the database that is down, and a missing
    static manifest entry would turn this page into another error. With DEBUG on, the
    traceback page stays (a developer wants it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(
            _remember_database_failure, dispatch_uid="gridcare.core.database_unavailable"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 500
            or settings.DEBUG
            or not getattr(request, DATABASE_DOWN, False)
        ):
            return response
        page: HttpResponse
        if request.path.startswith("/api/"):
            page = JsonResponse(
                {
                    "detail": "資料庫暫時無法連線，請稍後再試。"
                    "The database is temporarily unavailable; please try again later.",
                    "code": "database_unavailable",
                },
                status=503,
            )
        else:
            page = HttpResponse(render_to_string("503.html"), status=503)
        page.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
        page.headers["Cache-Control"] = "no-store"
        # The middleware that set these headers on the 500 response sits inside this one.
        page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        page.headers["X-Frame-Options"] = "DENY"
        return page


class NulInQueryMiddleware:
    """A query value holding a NUL character is refused with 400 before any view reads it:
    PostgreSQL cannot store or compare such text and would answer with a server error,
    SQLite would not, so the answer must not depend on the database (docs/security.md V2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            message = _("A query value holds a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
