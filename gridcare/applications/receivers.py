"""Applications listen to their clocks, to key-account changes and to the calendar."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_save
from django.dispatch import receiver

from gridcare.applications.models import NO_DUE, Application
from gridcare.applications.services import (
    application_refresh_clocks,
    applications_follow_key_account,
)
from gridcare.customers.services import key_account_changed
from gridcare.rules.models import Clock
from gridcare.workdays.signals import calendar_changed


@receiver(post_save, sender=Clock, dispatch_uid="applications.clock_saved")
def clock_saved(sender: Any, instance: Clock, **kwargs: Any) -> None:
    """A clock of an application started, stopped, paused, was exempted or breached."""
    if instance.subject_type_id == ContentType.objects.get_for_model(Application).pk:
        application_refresh_clocks(application_id=instance.subject_id)


@receiver(key_account_changed, dispatch_uid="applications.key_account_changed")
def key_account_set(sender: Any, customer: Any, value: bool, **kwargs: Any) -> None:
    applications_follow_key_account(customer=customer, value=value)


@receiver(calendar_changed, dispatch_uid="applications.calendar_changed")
def deadlines_moved(sender: Any, years: list[int], **kwargs: Any) -> None:
    """The calendar moved due dates in bulk (no per-clock signal): refresh the summaries of
    the open applications in one statement."""
    content_type = ContentType.objects.get_for_model(Application).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET next_due = COALESCE(("
            "  SELECT MIN(c.due) FROM rules_clock c WHERE c.subject_type_id = %s"
            "  AND c.subject_id = applications_application.id AND c.state = 'running'"
            "  AND c.stopped_at IS NULL), %s), remind_from = COALESCE(("
            "  SELECT MIN(c.remind_on) FROM rules_clock c WHERE c.subject_type_id = %s"
            "  AND c.subject_id = applications_application.id AND c.state = 'running'"
            "  AND c.stopped_at IS NULL), %s) "
            "WHERE status IN ('received', 'plan_replied', 'acceptance_passed')",
            [content_type, NO_DUE, content_type, NO_DUE],
        )
