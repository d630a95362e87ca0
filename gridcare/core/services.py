"""Writes of the core app: audit events and session cut-offs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from gridcare.core import records
from gridcare.core.client_address import client_address
from gridcare.core.models import AuditEvent, SessionCutoff

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address (core.client_address: it honours PROXY_COUNT), if any."""
    if request is None:
        return None
    return client_address(request) or None


def audit_log(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    obj: models.Model | None = None,
    company: Any = None,
    payload: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record one event. Call it inside the transaction of the change it describes.

    `action` is a dotted code `<app>.<entity>.<verb>` (e.g. `org.user.sessions_ended`).
    The company defaults to the object's company when it has one.
    """
    user = actor if actor is not None and actor.is_authenticated else None
    if company is None and obj is not None:
        company = getattr(obj, "company", None)
    return AuditEvent.objects.create(
        at=timezone.now(),
        action=action,
        actor=user,
        actor_label=user.get_username() if user else "",
        company=company,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        payload=payload or {},
        ip_address=client_ip(request),
    )


def audit_log_many(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    entries: Sequence[tuple[models.Model, int | None, dict[str, Any]]],
) -> None:
    """Record one event per (object, company id, payload) in one INSERT: what a set-based
    change (the clock sweep) writes instead of one audit_log call per row. The objects
    are of one model, read with what their str() needs."""
    if not entries:
        return
    user = actor if actor is not None and actor.is_authenticated else None
    object_type = ContentType.objects.get_for_model(entries[0][0])
    at = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=at,
                action=action,
                actor=user,
                actor_label=user.get_username() if user else "",
                company_id=company_id,
                object_type=object_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                payload=payload,
            )
            for obj, company_id, payload in entries
        ],
        batch_size=1000,
    )


@transaction.atomic
def session_end_all(*, user: User, actor: User | AnonymousUser) -> SessionCutoff:
    """End every session of `user`: each is refused at its next request."""
    cutoff, _ = SessionCutoff.objects.update_or_create(
        user=user, defaults={"valid_after": timezone.now()}
    )
    audit_log(action="core.user.sessions_ended", actor=actor, obj=user)
    return cutoff


def heartbeat_record(*, name: str) -> None:
    """Store the time a consumer last ran its heartbeat (not audited: it is not a change
    anyone made, and it runs every minute)."""
    from gridcare.core.models import TaskHeartbeat

    TaskHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now()})


def notify(
    *,
    recipient: User,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    kind: str = "",
    subject: tuple[int, int] | None = None,
    company_id: int | None = None,
    bulk: bool = False,
) -> bool:
    """Send one in-app notification (and an email when the user has an address), once per
    `key`: a second call with the same key does nothing and returns False.

    `subject` is the (content type id, object id) of the record it is about: the record is
    named and linked when the notice is shown (core.records), so that a sweep notifying
    hundreds of clocks reads none of their records. `bulk` notices (a sweep's breaches and
    reminders) reach a user who takes the daily digest (the default) in that digest only;
    a user who takes them at once gets their emails from the outbox sweep. No query is
    added per call for either."""
    from gridcare.core.models import Notification

    wanted = bool(email and recipient.email)
    subject_type_id, subject_id = subject if subject is not None else (None, None)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={
            "title": title,
            "body": body,
            "url": url,
            "created_at": timezone.now(),
            "email_wanted": wanted,
            "kind": kind,
            "subject_type_id": subject_type_id,
            "subject_id": subject_id,
            "company_id": company_id,
            "bulk": bulk,
        },
    )
    if created and wanted and not bulk:
        # After commit: no email for a change that was rolled back.
        transaction.on_commit(lambda: _queue_email(notification.pk))
    return created


def _queue_email(notification_id: int) -> None:
    """Queue the email task. The change is already committed: if the queue is away, the
    email stays owed in the outbox and the sweep queues it later, and the person who made
    the change is not shown an error for a change that was saved."""
    from gridcare.core.tasks import send_notification_email

    try:
        send_notification_email(notification_id)
    except Exception:  # any broker error: Redis away, SQLite queue locked
        logger.warning(
            "notification %s: email not queued, left to the outbox sweep",
            notification_id,
            exc_info=True,
        )


#: An owed email is queued again by the sweep once it is this old (the first try has had
#: its chance) and no longer once it is older than the window (an address that never
#: works stops being tried; every failure stays in the audit trail).
OUTBOX_GRACE = timedelta(minutes=10)
OUTBOX_WINDOW = timedelta(days=1)


def notification_outbox_queue(*, now: datetime | None = None) -> int:
    """Queue the email of every notification still owed one (issue 9 item 8: nothing is
    lost while the queue is away); returns how many were queued. Sending stays at most once:
    notification_email_send checks `emailed_at` under a row lock."""
    from gridcare.core.models import Notification

    now = now or timezone.now()
    owed = list(
        Notification.objects.filter(
            email_wanted=True,
            emailed_at__isnull=True,
            created_at__lte=now - OUTBOX_GRACE,
            created_at__gte=now - OUTBOX_WINDOW,
        )
        # Bulk notices are emailed one by one only to who asked for that; the others
        # read them in their daily digest.
        .filter(models.Q(bulk=False) | models.Q(recipient__notification_preference__digest=False))
        .values_list("pk", flat=True)
    )
    for notification_id in owed:
        _queue_email(notification_id)
    return len(owed)


def notification_email_send(*, notification_id: int) -> None:
    """Email one notification unless it was already emailed (a retry after a crash between
    sending and recording can at worst send once more; the row lock stops two workers).

    A mail server that fails is recorded in the audit trail (`core.notification.email_failed`)
    and the error raised again, so that the task is retried."""
    from django.core.mail import send_mail

    from gridcare.core.models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.emailed_at is not None or not notification.recipient.email:
            return
        # A notice about a record (a swept breach) names it and links it in the email too.
        record = None
        if notification.subject_key is not None:
            record = records.describe([notification.subject_key]).get(notification.subject_key)
        link = notification.url or (record.url if record else "")
        lines = [record.label] if record else []
        lines += [notification.body] if notification.body else []
        lines += [link] if link else []
        try:
            send_mail(
                subject=notification.title,
                message="\n\n".join(lines),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except OSError as exc:  # smtplib's errors and refused connections are OSErrors
            audit_log(
                action="core.notification.email_failed",
                actor=None,
                obj=notification,
                payload={"error": f"{exc.__class__.__name__}: {exc}"[:300]},
            )
            failure = exc
        else:
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            return
    # Raised after the commit: the failure stays recorded, and Huey retries the task.
    raise failure


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None).
    Not audited: reading a message changes nothing anyone is accountable for."""
    from gridcare.core.models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_preference_set(*, user: User, digest: bool) -> None:
    """Take the sweep's breaches and reminders in one daily digest, or each at once.
    Not audited: it changes only what the user is sent."""
    from gridcare.core.models import NotificationPreference

    NotificationPreference.objects.update_or_create(user=user, defaults={"digest": digest})
