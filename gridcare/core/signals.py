"""Every login, failed login and lockout is audited."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gridcare.core.middleware import mark_session_start
from gridcare.core.services import audit_log
from gridcare.org.selectors import staff_of


def _company(user: Any) -> Any:
    staff = staff_of(user)
    return staff.company if staff else None


@receiver(user_logged_in, dispatch_uid="gridcare.audit.login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
    audit_log(
        action="core.auth.login", actor=user, obj=user, company=_company(user), request=request
    )


@receiver(user_logged_out, dispatch_uid="gridcare.audit.logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log(
            action="core.auth.logout", actor=user, obj=user, company=_company(user), request=request
        )


@receiver(user_login_failed, dispatch_uid="gridcare.audit.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    audit_log(
        action="core.auth.login_failed",
        actor=None,
        payload={"username": str(credentials.get("username", ""))[:150]},
        request=getattr(request, "_request", request),
    )


@receiver(user_locked_out, dispatch_uid="gridcare.audit.locked_out")
def on_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    audit_log(
        action="core.auth.locked_out",
        actor=None,
        payload={"username": str(username or "")[:150], "ip_address": ip_address},
        request=getattr(request, "_request", request),
    )
