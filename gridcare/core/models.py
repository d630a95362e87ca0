"""Shared models: the audit trail and the task-queue heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded state change or security event (DESIGN.md convention 3).

    Rows are only ever inserted, by services in the same transaction as the change they
    describe. On PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).
    """

    at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=120)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Users with history are deactivated, never deleted: the trail must survive.
        on_delete=models.PROTECT,
        related_name="+",
        # No database constraint on the trail's references (PROTECT still holds in Django):
        # rows are only inserted, the trigger refuses changes, and a deferred check per
        # reference would cost seconds at commit when a calendar change audits a million
        # moved deadlines. The composite indexes below serve every look-up.
        db_constraint=False,
        db_index=False,
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    object_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-id"], name="audit_object_idx"),
            models.Index(fields=["actor", "-id"], name="audit_actor_idx"),
            models.Index(fields=["action", "-id"], name="audit_action_idx"),
            models.Index(fields=["company", "-id"], name="audit_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class TaskHeartbeat(models.Model):
    """The last time the task consumer ran its periodic heartbeat (shown on /healthz)."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField()

    class Meta:
        verbose_name = _("task heartbeat")

    def __str__(self) -> str:
        return f"{self.name} {self.last_run_at:%Y-%m-%d %H:%M:%S}"


class SessionCutoff(models.Model):
    """Sessions of this user that began before `valid_after` are ended at their next request.

    Works with any session backend (database, cache, Redis) without scanning sessions.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_cutoff"
    )
    valid_after = models.DateTimeField()

    class Meta:
        verbose_name = _("session cut-off")

    def __str__(self) -> str:
        return f"{self.user} {self.valid_after:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """An in-app message to one user (reminders, breaches, approvals waiting)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The outbox: an email is owed until `emailed_at` is set, whether or not the task that
    # sends it could be queued when the notification was made (Redis may be away).
    email_wanted = models.BooleanField(default=False)
    # Why it was sent, so that the same reminder is not sent twice.
    key = models.CharField(max_length=120)
    # What it is about (a breach, a reminder): notices of one kind about one record are
    # shown as one line with a count.
    kind = models.CharField(max_length=40, blank=True)
    # The record it is about, named and linked when shown (core.records), and the company
    # that owns it: a notice about another company's record is never shown.
    subject_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    subject_id = models.BigIntegerField(null=True, blank=True)
    company = models.ForeignKey(
        "org.Company",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # One of many alike notices made by a sweep: a user who takes the daily digest (the
    # default) gets them once a day in one message, not one by one.
    bulk = models.BooleanField(default=False)
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="core_notification_once")
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-id"],
                name="core_notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["created_at"],
                name="core_notification_outbox",
                condition=models.Q(email_wanted=True, emailed_at__isnull=True),
            ),
            # The daily digest reads the bulk notices no digest has carried yet.
            models.Index(
                fields=["recipient"],
                name="core_notification_waiting",
                condition=models.Q(bulk=True, digest__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_key(self) -> tuple[int, int] | None:
        if self.subject_type_id is None or self.subject_id is None:
            return None
        return (self.subject_type_id, self.subject_id)


class NotificationPreference(models.Model):
    """How a user takes the notices that sweeps make in bulk (breaches, reminders): one
    daily digest (the default, also for users with no row) or each at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField(_("one daily digest of breaches and reminders"), default=True)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self) -> str:
        return f"{self.user} digest={self.digest}"
