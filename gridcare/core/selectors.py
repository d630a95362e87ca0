"""Reads of the core app: the audit trail, scoped to what the user may see."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from gridcare.core.models import AuditEvent, Notification
from gridcare.org.selectors import company_ids_visible


def audit_event_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[AuditEvent]:
    """Audit events the user may read: their company's, or every company's at city level."""
    qs = AuditEvent.objects.select_related("object_type", "company")
    visible = company_ids_visible(user)
    if visible is None:
        return qs
    # Events with no company (a superuser's own actions) are for city level only.
    return qs.filter(company_id__in=visible)


def audit_history_for(obj: models.Model, *, limit: int = 50) -> list[AuditEvent]:
    """The newest events about one object, for the history panel of its detail page."""
    return list(
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("-id")[:limit]
    )


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def days_range(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """[00:00 local of `date_from`, 00:00 local of the day after `date_to`): the instants
    of those whole days, for a range query over a time column."""
    return day_start(date_from), day_start(date_to + timedelta(days=1))


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """A user's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(*, user: Any) -> int:
    """Unread notifications, counted on the partial index, capped for the badge."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)[:100].count()
