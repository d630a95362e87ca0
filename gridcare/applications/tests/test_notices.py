"""The sweep's notices about an application name it (its number and customer) and open it;
notices about one record are one line; a user gets them in one daily digest by default
(R-3.9.1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gridcare.applications.tests.conftest import local
from gridcare.core.digest import notification_digest_send
from gridcare.core.models import Notification, NotificationPreference
from gridcare.core.services import notification_outbox_queue, notify
from gridcare.rules.models import Clock
from gridcare.rules.sweep import clock_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(make_customer, receive, counter_clerk):
    """An application received as the clerk: the sweep reminds the clerk of a limit on its
    reminder day, and breaches it on 2025-12-01."""
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    application = receive(make_customer(name="龍水石刻公司"), "2025-09-30 10:00")
    remind_on = Clock.objects.filter(state="running").order_by("remind_on").first().remind_on
    assert clock_sweep(now=local(f"{remind_on} 09:00")).reminded >= 1
    assert clock_sweep(now=local("2025-12-01 09:00")).breached >= 1
    return application


def test_a_breach_notice_names_the_application_and_opens_it_for_its_recipient(
    client, counter_clerk, breached
) -> None:
    NotificationPreference.objects.create(user=counter_clerk, digest=False)
    client.force_login(counter_clerk)
    page = client.get(reverse("core:notifications"))
    (group,) = page.context["groups"]
    assert group.record.label == f"{breached.number} 龍水石刻公司"
    assert group.url == reverse("applications:application_detail", args=[breached.pk])
    assert f"{breached.number} 龍水石刻公司" in page.content.decode()
    assert client.get(group.url).status_code == 200
    # Its reminder and its breach: one line with their count.
    notices = Notification.objects.filter(recipient=counter_clerk)
    assert {"reminder", "breach"} <= set(notices.values_list("kind", flat=True))
    assert group.count == notices.count()


def test_the_digest_is_the_default_one_message_per_user_per_day(
    client, counter_clerk, breached, django_capture_on_commit_callbacks
) -> None:
    client.force_login(counter_clerk)
    # Before the digest the bulk notices are neither in the bell nor emailed one by one.
    assert client.get(reverse("home")).context["unread_notifications"] == 0
    assert notification_outbox_queue(now=local("2025-12-01 09:30")) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_digest_send(now=local("2025-12-01 07:30")) == 1
        assert notification_digest_send(now=local("2025-12-01 18:00")) == 0
    digest = Notification.objects.get(recipient=counter_clerk, kind="digest")
    assert breached.number in digest.body and "龍水石刻公司" in digest.body
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == digest.title
    assert client.get(reverse("home")).context["unread_notifications"] == 1
    page = client.get(digest.url)
    assert page.status_code == 200
    (group,) = page.context["groups"]
    assert group.url == reverse("applications:application_detail", args=[breached.pk])
    # A notice made after the day's digest waits for the next day's.
    notify(
        recipient=counter_clerk,
        key="breach:late",
        title="已超時",
        kind="breach",
        subject=(digest.pk, 1),
        bulk=True,
    )
    assert notification_digest_send(now=local("2025-12-01 23:00")) == 0
    assert notification_digest_send(now=local("2025-12-02 07:30")) == 1
    assert Notification.objects.filter(recipient=counter_clerk, kind="digest").count() == 2


def test_a_user_who_takes_notices_at_once_gets_them_from_the_outbox(
    counter_clerk, breached
) -> None:
    NotificationPreference.objects.create(user=counter_clerk, digest=False)
    queued = notification_outbox_queue(now=timezone.now() + timedelta(minutes=11))
    assert queued == Notification.objects.filter(recipient=counter_clerk, bulk=True).count() > 0
    assert notification_digest_send() == 0
    # Each email names the application and links its page.
    detail = reverse("applications:application_detail", args=[breached.pk])
    assert len(mail.outbox) == queued
    label = f"{breached.number} 龍水石刻公司"
    assert all(label in m.body and detail in m.body for m in mail.outbox)


def test_a_notice_about_another_companys_record_is_never_shown(
    client, counter_clerk, other_company, make_staff
) -> None:
    notify(recipient=counter_clerk, key="x", title="別家的紀錄", company_id=other_company.pk)
    notify(recipient=counter_clerk, key="y", title="本公司的紀錄", email=False)
    client.force_login(counter_clerk)
    page = client.get(reverse("core:notifications"))
    assert [g.latest.title for g in page.context["groups"]] == ["本公司的紀錄"]
    # Another user's digest is not found.
    other = make_staff("counter_clerk", company=other_company)
    digest = Notification.objects.create(
        recipient=other, key="digest:1", kind="digest", title="d", created_at=local("2025-12-01")
    )
    assert client.get(reverse("core:notification_digest", args=[digest.pk])).status_code == 404


def test_the_preference_is_saved_and_bad_input_changes_nothing(client, counter_clerk) -> None:
    url = reverse("core:notification_preference")
    assert client.post(url, {"delivery": "each"}).status_code == 302  # to the login
    client.force_login(counter_clerk)
    client.post(url, {"delivery": "each"})
    assert NotificationPreference.objects.get(user=counter_clerk).digest is False
    response = client.post(url, {"delivery": "hourly"}, follow=True)
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=counter_clerk).digest is False
    assert list(response.context["messages"])[-1].level_tag == "error"


def test_the_clock_list_rows_open_their_record_and_standards_are_chosen_by_clause(
    client,
    counter_clerk,
    make_customer,
    receive,
    make_staff,
    other_company,
    django_assert_max_num_queries,
) -> None:
    application = receive(make_customer(name="龍水石刻公司"), "2025-09-30 10:00")
    url = reverse("rules:clock_list")
    client.force_login(counter_clerk)
    with django_assert_max_num_queries(20):
        page = client.get(url, {"code": "application.plan_reply"})
    (row,) = page.context["page"].items
    assert row.record.label == f"{application.number} 龍水石刻公司"
    detail = reverse("applications:application_detail", args=[application.pk])
    assert f'href="{detail}"' in page.content.decode()
    choices = dict(page.context["filter"].form.fields["code"].choices)
    assert choices["application.plan_reply"].startswith("2.10 ")
    # A code that is no standard: a message on the field, no list, no error page.
    bad = client.get(url, {"code": "hall.wait_minutes'"})
    assert bad.status_code == 200 and bad.context["page"] is None
    assert bad.context["filter"].form.errors["code"]
    # Another company's clerk sees none of these clocks.
    client.force_login(make_staff("counter_clerk", company=other_company))
    assert client.get(url).context["page"].items == []
