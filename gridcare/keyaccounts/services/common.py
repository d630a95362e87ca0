"""Helpers shared by the key-account services: times, transitions, who to notify."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log, notify
from gridcare.org.models import Company

Actor = User | AnonymousUser | None


def check_time(at: datetime, *, company: Company | None = None, field: str = "at") -> date:
    """A recorded time must be a plausible instant (core.instants: its zone, not in the
    future, not before the company went live when the company is given); its local date."""
    return recorded_time(at, company=company, field=field)


def day_start(day: date) -> datetime:
    """00:00 local time of a date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def check_transition(obj: Any, to: str, *, field: str = "status") -> None:
    """One check of every status change against the model's TRANSITIONS (DESIGN.md 4)."""
    allowed = type(obj).TRANSITIONS.get(obj.status, frozenset())
    if to not in allowed:
        raise TransitionError(
            _("This cannot change from “%(from)s” to “%(to)s”.")
            % {"from": obj.get_status_display(), "to": type(obj).Status(to).label},
            field=field,
        )


def users_with_permission(company: Company | int, permission: str) -> QuerySet[User]:
    """Active staff of `company` whose roles (or own permissions) grant `permission`."""
    app_label, codename = permission.split(".", 1)
    granted = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    company_id = company if isinstance(company, int) else company.pk
    return (
        get_user_model()
        .objects.filter(is_active=True, staff__company_id=company_id)
        .filter(granted)
        .distinct()
    )


def notify_permission(
    *, company: Company | int, permission: str, key: str, title: str, url: str = ""
) -> int:
    """Notify everyone of the company who may act on something (approvers, drafters)."""
    sent = 0
    for user in users_with_permission(company, permission):
        sent += notify(recipient=user, key=key, title=title, url=url)
    return sent


def audit(
    *,
    action: str,
    actor: Actor,
    obj: Any,
    company: Company | int | None,
    payload: dict[str, Any] | None = None,
) -> None:
    """core.services.audit_log, taking the company as a row or its id."""
    if isinstance(company, int):
        company = Company(pk=company)
    audit_log(action=action, actor=actor, obj=obj, company=company, payload=payload)
