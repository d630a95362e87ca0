"""Login, lockout, session lifetimes and ending sessions (foundation; ASVS V6/V7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_pages_need_login_and_redirect_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_speaks_traditional_chinese_by_default(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="zh-hant"' in response.content.decode()
    assert "登入" in response.content.decode()


def test_a_clerk_signs_in_reaches_home_and_the_login_is_audited(client, counter_clerk) -> None:
    response = login(client, "counter_clerk")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "優質、方便、規範、真誠" in home.content.decode()
    event = AuditEvent.objects.get(action="core.auth.login")
    assert event.actor == counter_clerk
    assert event.company == counter_clerk.staff.company
    assert event.ip_address == "10.0.0.1"


def test_a_wrong_password_is_refused_and_audited(client, counter_clerk) -> None:
    response = login(client, "counter_clerk", "wrong-password-here")
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    failed = AuditEvent.objects.get(action="core.auth.login_failed")
    assert failed.payload == {"username": "counter_clerk"}


def test_lockout_after_the_failure_limit_then_cool_off(client, counter_clerk, settings) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        for _ in range(limit):
            login(client, "counter_clerk", "wrong-password-here")
        assert AuditEvent.objects.filter(action="core.auth.locked_out").count() == 1
        # Even the right password is refused while locked out, with the lockout page.
        locked = login(client, "counter_clerk")
        assert locked.status_code == 429
        assert client.get(reverse("home")).status_code == 302
        # Another address is a different key (username + IP): not locked.
        assert login(Client(), "counter_clerk", ip="10.0.0.2").status_code == 302
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert login(client, "counter_clerk").status_code == 302


def test_one_failure_short_of_the_limit_does_not_lock(client, counter_clerk, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "counter_clerk", "wrong-password-here")
    assert login(client, "counter_clerk").status_code == 302


def test_inactivity_ends_the_session(client, counter_clerk, settings) -> None:
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, "counter_clerk")
        traveller.shift(timedelta(seconds=settings.SESSION_INACTIVITY_SECONDS - 60))
        assert client.get(reverse("home")).status_code == 200
        # Activity just now restarted the inactivity clock.
        traveller.shift(timedelta(seconds=settings.SESSION_INACTIVITY_SECONDS - 60))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(seconds=settings.SESSION_INACTIVITY_SECONDS + 1))
        assert client.get(reverse("home")).status_code == 302


def test_the_absolute_lifetime_ends_even_an_active_session(client, counter_clerk, settings) -> None:
    step = timedelta(seconds=settings.SESSION_INACTIVITY_SECONDS // 2)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, "counter_clerk")
        elapsed = timedelta()
        while elapsed + step < timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS):
            traveller.shift(step)
            elapsed += step
            assert client.get(reverse("home")).status_code == 200
        # Exactly at the lifetime the session still holds; one second past, it ends.
        traveller.shift(timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS) - elapsed)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(seconds=1))
        assert client.get(reverse("home")).status_code == 302


def test_an_administrator_ends_all_sessions_of_a_user(client, counter_clerk, administrator) -> None:
    with time_machine.travel("2026-03-02 09:00 +0800", tick=True):
        phone, desk = Client(), Client()
        login(phone, "counter_clerk")
        login(desk, "counter_clerk")
        assert phone.get(reverse("home")).status_code == 200
        admin_client = Client()
        login(admin_client, "administrator")
    with time_machine.travel("2026-03-02 09:01 +0800", tick=True):
        response = admin_client.post(reverse("org:end_sessions", args=[counter_clerk.pk]))
        assert response.status_code == 302
    with time_machine.travel("2026-03-02 09:02 +0800", tick=True):
        assert phone.get(reverse("home")).status_code == 302
        assert desk.get(reverse("home")).status_code == 302
        # A new login afterwards works.
        fresh = Client()
        login(fresh, "counter_clerk")
        assert fresh.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action="core.user.sessions_ended")
    assert event.actor == administrator and event.object_id == str(counter_clerk.pk)


def test_a_clerk_cannot_end_sessions(client, counter_clerk, csc_agent) -> None:
    login(client, "counter_clerk")
    response = client.post(reverse("org:end_sessions", args=[csc_agent.pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="core.user.sessions_ended").exists()


def test_an_administrator_cannot_end_sessions_in_another_company(
    client, make_staff, administrator, other_company
) -> None:
    stranger = make_staff("counter_clerk", company=other_company)
    login(client, "administrator")
    response = client.post(reverse("org:end_sessions", args=[stranger.pk]))
    assert response.status_code == 403


def test_password_change_requires_twelve_characters(client, counter_clerk) -> None:
    login(client, "counter_clerk")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short-pw-1", "new_password2": "short-pw-1"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    ok = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert ok.status_code == 302
    counter_clerk.refresh_from_db()
    assert counter_clerk.check_password("a-much-longer-passphrase")
    assert AuditEvent.objects.filter(
        action="core.auth.password_changed", actor=counter_clerk
    ).exists()


def test_logout_ends_the_session(client, counter_clerk) -> None:
    login(client, "counter_clerk")
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="core.auth.logout").exists()


def test_an_edit_in_the_administration_pages_is_audited(client, superuser, company) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("admin:org_company_change", args=[company.pk]),
        {
            "code": company.code,
            "name": "大足供電公司（更名）",
            "short_name": "",
            "level": "county",
            "parent": "",
            "service_phone": "023-1234",
            "service_policy": company.service_policy,
            "go_live": "2020-01-01",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.org.company.changed")
    assert event.actor == superuser and event.object_id == str(company.pk)
