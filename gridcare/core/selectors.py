"""Reads of the core app: the audit trail, scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from gridcare.core import records
from gridcare.core.models import AuditEvent, Notification
from gridcare.core.records import RecordRef
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
    """A user's own notifications shown one by one, newest first: neither one about a
    record of a company the user may not see (a user moved to another company) nor, for a
    user who takes the daily digest (the default), a bulk notice: those are read in the
    digest that carries them."""
    qs = Notification.objects.filter(recipient_id=user.pk).filter(
        Q(bulk=False) | Q(recipient__notification_preference__digest=False)
    )
    return _company_visible(qs, user)


def _company_visible(qs: QuerySet[Notification], user: Any) -> QuerySet[Notification]:
    visible = company_ids_visible(user)
    if visible is None:
        return qs
    return qs.filter(Q(company__isnull=True) | Q(company_id__in=visible))


def digest_entries(*, user: Any, digest: Notification) -> list[Notification]:
    """The notices one digest of the user carries, newest first."""
    return list(_company_visible(digest.entries.filter(recipient_id=user.pk), user))


def unread_count(*, user: Any) -> int:
    """Unread notifications, counted on the partial index, capped for the badge."""
    return notification_list(user=user).filter(read_at__isnull=True)[:100].count()


@dataclass
class NoticeGroup:
    """The notices about one record (or alike ones about none), shown as one line."""

    latest: Notification
    record: RecordRef | None
    titles: list[str] = field(default_factory=list)
    count: int = 0
    unread: bool = False

    @property
    def url(self) -> str:
        return self.latest.url or (self.record.url if self.record else "")


def notices_grouped(
    notifications: Sequence[Notification], *, unread_ids: Collection[int] = ()
) -> list[NoticeGroup]:
    """Group the notices, newest group first, naming their records in one query per kind
    of record."""
    refs = records.describe(n.subject_key for n in notifications if n.subject_key)
    groups: dict[tuple[Any, ...], NoticeGroup] = {}
    for n in notifications:
        subject = n.subject_key
        key = subject if subject else (n.kind, n.url, n.title)
        group = groups.get(key)
        if group is None:
            record = refs.get(subject) if subject else None
            group = groups[key] = NoticeGroup(latest=n, record=record)
        group.count += 1
        if n.title not in group.titles:
            group.titles.append(n.title)
        group.unread = group.unread or n.pk in unread_ids
    return list(groups.values())
