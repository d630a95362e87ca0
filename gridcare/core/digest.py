"""The daily digest: one message a day per user, in place of the one-by-one flood of
the breaches and reminders the clock sweep makes (R-3.9.1)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gridcare.core.models import Notification
from gridcare.core.selectors import notices_grouped
from gridcare.core.services import notify


def _waiting() -> QuerySet[Notification]:
    """Bulk notices not yet carried by a digest, of users who take the digest (a user
    with no preference row does)."""
    return Notification.objects.filter(bulk=True, digest__isnull=True).exclude(
        recipient__notification_preference__digest=False
    )


def notification_digest_send(*, now: datetime | None = None) -> int:
    """Gather each user's waiting bulk notices into one digest notification (shown in the
    bell, emailed when the user has an address), at most one per user per day: a second
    run on the same day leaves what came since for the next day. Returns the digests made."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    users = User.objects.filter(
        pk__in=_waiting().values("recipient_id"),
        is_active=True,
    )
    sent = 0
    for user in users:
        with transaction.atomic():
            sent += _digest_one(user, day.isoformat())
    return sent


def _digest_one(user: User, day: str) -> int:
    # Only the notices are locked: the preference is an outer join (no row: the digest).
    entries = list(
        _waiting().filter(recipient=user).select_for_update(of=("self",)).order_by("-id")
    )
    if not entries:
        return 0
    # The digest is written in the deployment's language, as the sweep's notices are.
    with translation.override(None):
        groups = notices_grouped(entries)
        labels = {g.record.label for g in groups if g.record}
        title = _("Daily digest %(day)s: %(count)s notices about %(records)s records") % {
            "day": day,
            "count": len(entries),
            "records": len(labels) or len(groups),
        }
        lines = []
        for group in groups:
            label = group.record.label if group.record else ""
            count = f" ×{group.count}" if group.count > 1 else ""
            lines.append(f"- {label} {'; '.join(group.titles)}{count} {group.url}".strip())
    if not notify(
        recipient=user, key=f"digest:{day}", kind="digest", title=title, body="\n".join(lines)
    ):
        return 0
    digest = Notification.objects.get(recipient=user, key=f"digest:{day}")
    digest.url = reverse("core:notification_digest", args=[digest.pk])
    digest.save(update_fields=["url"])
    Notification.objects.filter(pk__in=[n.pk for n in entries]).update(
        digest=digest, read_at=timezone.now(), emailed_at=timezone.now()
    )
    return 1


def load_demo(company: object) -> str:
    """The demo's sweep has made the year's breaches and reminders: each user starts with
    one digest of them, not a bell at 99+."""
    return f"{notification_digest_send()} daily digests"
