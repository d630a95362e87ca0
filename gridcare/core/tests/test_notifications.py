"""Reminders and alerts reach the user in the application (and by email)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from gridcare.core.models import Notification
from gridcare.core.services import notify

pytestmark = pytest.mark.django_db


def test_a_notification_is_sent_once_per_key_and_emailed(
    counter_clerk, django_capture_on_commit_callbacks
) -> None:
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipient=counter_clerk, key="remind:1", title="到期提醒", body="2.10")
        assert not notify(recipient=counter_clerk, key="remind:1", title="到期提醒")
    assert Notification.objects.filter(recipient=counter_clerk).count() == 1
    assert [m.subject for m in mail.outbox] == ["到期提醒"]
    assert Notification.objects.get().emailed_at is not None


def test_the_bell_counts_unread_and_the_page_marks_them_read(
    client, counter_clerk, csc_agent, django_assert_max_num_queries
) -> None:
    for n in range(3):
        notify(recipient=counter_clerk, key=f"k{n}", title=f"提醒 {n}", email=False)
    notify(recipient=csc_agent, key="other", title="別人的提醒", email=False)
    client.force_login(counter_clerk)
    assert client.get(reverse("home")).context["unread_notifications"] == 3
    with django_assert_max_num_queries(12):
        page = client.get(reverse("core:notifications"))
    titles = [n.title for n in page.context["page"].items]
    assert titles == ["提醒 2", "提醒 1", "提醒 0"]
    assert client.get(reverse("home")).context["unread_notifications"] == 0
    assert Notification.objects.get(recipient=csc_agent).read_at is None


def test_notifications_need_login(client) -> None:
    assert client.get(reverse("core:notifications")).status_code == 302
