"""Every login, failed login, lockout and administration edit is audited."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from gridcare.core.middleware import mark_session_start
from gridcare.core.models import AuditEvent
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


@receiver(post_save, sender=LogEntry, dispatch_uid="gridcare.audit.admin_change")
def on_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Edits made in the administration pages join the same audit trail."""
    if not created:
        return
    verb = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(instance.action_flag, "")
    model = instance.content_type.model if instance.content_type else "object"
    app = instance.content_type.app_label if instance.content_type else "admin"
    AuditEvent.objects.create(
        at=instance.action_time,
        action=f"admin.{app}.{model}.{verb}",
        actor_id=instance.user_id,
        actor_label=instance.user.get_username(),
        object_type=instance.content_type,
        object_id=str(instance.object_id or "")[:64],
        object_repr=instance.object_repr[:200],
        payload={"change": instance.get_change_message()[:2000]},
    )
