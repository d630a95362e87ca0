"""Private, revocable calendar feed addresses of the contacts (issue 6, item 8)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gridcare.core.services import audit_log
from gridcare.keyaccounts.models import CalendarFeed
from gridcare.org.selectors import company_for

#: Reading the feed records when it was last read, at most this often (a phone polls it).
TOUCH_EVERY = timedelta(hours=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, user: User) -> str:
    """A new feed address for `user`; any previous one stops working. Returns the secret
    part of the address, which is shown once and stored only as a hash."""
    now = timezone.now()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token), created_at=now)
    audit_log(action="keyaccounts.feed.issued", actor=user, obj=feed, company=company_for(user))
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> int:
    """Stop the user's feed address from working."""
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        audit_log(
            action="keyaccounts.feed.revoked", actor=user, obj=user, company=company_for(user)
        )
    return revoked


def calendar_feed_touch(feed: CalendarFeed) -> None:
    """Remember when the feed was last read (not audited: a phone reads it every hour)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= TOUCH_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
