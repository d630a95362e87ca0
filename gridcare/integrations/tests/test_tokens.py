"""API tokens: stored hashed, expiring, checked at every use and revoked when the holder's
roles, two-step enrolment or sessions are reset (docs/security.md V6)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent
from gridcare.core.services import session_end_all
from gridcare.integrations.models import ApiToken
from gridcare.integrations.services import api_token_issue, key_hash
from gridcare.mfa.services import second_step_reset

pytestmark = pytest.mark.django_db

#: Any signed-in caller may read the calendar: the answer says only whether the token works.
PROBE = "/api/v1/calendar/days/2026-03-02/"


def reads(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(PROBE).status_code


def take_token(username: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_a_token_is_stored_only_as_its_hash(counter_clerk) -> None:
    key = take_token(counter_clerk.username)
    token = ApiToken.objects.get(user=counter_clerk)
    assert token.key_hash == key_hash(key) != key
    assert key.startswith(token.prefix)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert reads(key) == 200


def test_a_token_expires_after_the_configured_days(counter_clerk, settings) -> None:
    settings.API_TOKEN_DAYS = 30
    key = take_token(counter_clerk.username)
    assert reads(key) == 200
    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1)):
        assert reads(key) == 401


def test_a_new_token_replaces_the_previous_one(counter_clerk) -> None:
    first = take_token(counter_clerk.username)
    second = take_token(counter_clerk.username)
    assert first != second
    assert reads(first) == 401
    assert reads(second) == 200


@pytest.mark.mfa
def test_a_token_stops_working_when_its_holder_comes_under_the_two_step_policy(
    counter_clerk,
) -> None:
    """The reproduced case: a clerk's token, then the marketing role (under the policy)."""
    key = take_token(counter_clerk.username)
    assert reads(key) == 200
    counter_clerk.groups.add(Group.objects.get(name="marketing"))
    assert reads(key) == 401
    refused = APIClient().post(
        "/api/v1/auth/token/",
        {"username": counter_clerk.username, "password": PASSWORD},
        format="json",
    )
    assert refused.status_code == 403


@pytest.mark.mfa
def test_the_policy_is_read_at_every_use_even_without_a_role_change(counter_clerk, company) -> None:
    from gridcare.mfa.services import mfa_policy_update

    key = take_token(counter_clerk.username)
    mfa_policy_update(
        company=company,
        enabled=True,
        roles=["counter_clerk"],
        include_superusers=True,
        actor=None,
    )
    assert reads(key) == 401


@pytest.mark.parametrize("change", ["role_added", "role_removed", "group_emptied"])
def test_a_change_of_roles_revokes_every_token(counter_clerk, change) -> None:
    key = take_token(counter_clerk.username)
    if change == "role_added":
        counter_clerk.groups.add(Group.objects.get(name="csc_agent"))
    elif change == "role_removed":
        counter_clerk.groups.remove(Group.objects.get(name="counter_clerk"))
    else:
        Group.objects.get(name="counter_clerk").user_set.clear()
    assert reads(key) == 401
    assert ApiToken.objects.get(user=counter_clerk).revoked_reason == "roles_changed"
    assert AuditEvent.objects.filter(action="integrations.token.revoked").exists()


def test_ending_all_sessions_revokes_every_token(counter_clerk, administrator) -> None:
    key = take_token(counter_clerk.username)
    session_end_all(user=counter_clerk, actor=administrator)
    assert reads(key) == 401


def test_ending_sessions_from_the_staff_page_revokes_the_token(
    client, counter_clerk, administrator
) -> None:
    key = take_token(counter_clerk.username)
    client.force_login(administrator)
    client.post(f"/org/users/{counter_clerk.pk}/end-sessions/")
    assert reads(key) == 401


def test_a_two_step_reset_and_a_new_enrolment_revoke_every_token(
    counter_clerk, administrator
) -> None:
    TOTPDevice.objects.create(user=counter_clerk, name="authenticator", confirmed=True)
    key = take_token(counter_clerk.username)
    # The device's counters are saved at each verification: that changes nothing.
    TOTPDevice.objects.get(user=counter_clerk).save()
    assert reads(key) == 200
    second_step_reset(target=counter_clerk, actor=administrator)
    assert reads(key) == 401
    key = take_token(counter_clerk.username)
    TOTPDevice.objects.create(user=counter_clerk, name="authenticator", confirmed=True)
    assert reads(key) == 401


def test_an_inactive_holder_or_a_wrong_key_gets_401(counter_clerk) -> None:
    key = api_token_issue(user=counter_clerk)
    assert reads(key + "x") == 401
    counter_clerk.is_active = False
    counter_clerk.save()
    assert reads(key) == 401


def test_the_upgrade_hashes_clear_keys_and_leaves_none_behind(counter_clerk) -> None:
    """Keys of the earlier token table become hashed tokens; the clear rows are gone."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("gridcare.integrations.migrations.0002_hash_existing_tokens")
    clear_key = "0123456789abcdef0123456789abcdef01234567"
    created_type = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            f"created {created_type} NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [clear_key, timezone.now() - timedelta(days=10), counter_clerk.pk],
        )
    # Inside the test's transaction a schema editor cannot open on SQLite; the step only
    # needs its connection and quoting.
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.hash_clear_keys(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    token = ApiToken.objects.get(user=counter_clerk)
    assert token.key_hash == key_hash(clear_key)
    assert timedelta(days=79) < token.expires_at - timezone.now() < timedelta(days=81)
    assert reads(clear_key) == 200
