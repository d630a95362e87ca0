"""Periodic work of the core app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gridcare.core.services import heartbeat_record, notification_outbox_queue


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Proves every minute that a consumer is running; /healthz shows the last run."""
    heartbeat_record(name="consumer")


@db_task(retries=3, retry_delay=60)
def send_notification_email(notification_id: int) -> None:
    """Email a notification; retried on failure. Sent at most once (`emailed_at`)."""
    from gridcare.core.services import notification_email_send

    notification_email_send(notification_id=notification_id)


@db_periodic_task(crontab(minute="*/5"))
def notification_outbox() -> None:
    """Queues the emails still owed (made while the queue was away, or whose task was
    lost with a Redis that kept nothing)."""
    notification_outbox_queue()


@db_periodic_task(crontab(minute="30", hour="7"))
def notification_digest() -> None:
    """Sends each user's daily digest of the sweep's breaches and reminders before the
    working day starts."""
    from gridcare.core.digest import notification_digest_send

    notification_digest_send()
