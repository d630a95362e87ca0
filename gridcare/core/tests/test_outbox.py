"""The email outbox (issue 9 item 8): a notification made while the task queue is away
still gets its email, once, when the sweep queues it; the change that made it is saved and
its author sees no error."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.utils import timezone

from gridcare.core import services
from gridcare.core.models import Notification
from gridcare.core.services import notification_outbox_queue, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_away(monkeypatch: pytest.MonkeyPatch) -> None:
    """Queueing any task fails as it does when Redis does not answer."""

    def refused(*args: object, **kwargs: object) -> None:
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr("gridcare.core.tasks.send_notification_email", refused)


def test_a_notification_made_while_the_queue_is_away_is_saved_and_owes_its_email(
    counter_clerk, queue_away, django_capture_on_commit_callbacks
) -> None:
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipient=counter_clerk, key="due:1", title="到期提醒") is True
    notification = Notification.objects.get(recipient=counter_clerk)
    assert (notification.email_wanted, notification.emailed_at) == (True, None)
    assert mail.outbox == []


def test_the_sweep_sends_each_owed_email_once(counter_clerk, django_capture_on_commit_callbacks):
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    now = timezone.now()
    owed = Notification.objects.create(
        recipient=counter_clerk, key="owed", title="欠發", created_at=now - timedelta(minutes=11),
        email_wanted=True,
    )  # fmt: skip
    for key, age, wanted in (
        ("fresh", timedelta(minutes=2), True),  # its own task still has its chance
        ("stale", timedelta(days=2), True),  # past the window: no longer tried
        ("in-app only", timedelta(minutes=30), False),
    ):
        Notification.objects.create(
            recipient=counter_clerk, key=key, title=key, created_at=now - age, email_wanted=wanted
        )
    assert notification_outbox_queue(now=now) == 1
    assert [m.subject for m in mail.outbox] == ["欠發"]
    owed.refresh_from_db()
    assert owed.emailed_at is not None
    # The next sweep finds nothing owed: the email is not sent twice.
    assert notification_outbox_queue(now=now + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1


def test_without_an_address_no_email_is_owed(counter_clerk, django_capture_on_commit_callbacks):
    counter_clerk.email = ""
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=counter_clerk, key="due:2", title="到期提醒")
    assert Notification.objects.get(recipient=counter_clerk).email_wanted is False


def test_the_queue_back_the_first_try_sends_at_once(
    counter_clerk, django_capture_on_commit_callbacks
) -> None:
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=counter_clerk, key="due:3", title="到期提醒")
    assert [m.subject for m in mail.outbox] == ["到期提醒"]
    assert services.notification_outbox_queue(now=timezone.now() + timedelta(hours=1)) == 0
