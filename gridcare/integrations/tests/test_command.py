"""`manage.py integration_account create|list|rotate|revoke`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from gridcare.core.models import AuditEvent
from gridcare.customers.models import Customer
from gridcare.customers.services import customer_create
from gridcare.integrations.models import ApiToken, IntegrationAccount

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("integration_account", *args, stdout=out)
    return out.getvalue()


def printed_token(output: str) -> str:
    return output.strip().splitlines()[-1]


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def customer(company) -> Customer:
    return customer_create(
        company=company,
        account_number=f"AC-{company.code}",
        name="客戶",
        category="residential",
        voltage="low",
        supply_sources=1,
        actor=None,
    )


def test_create_prints_a_token_once_that_sees_only_its_company(company, other_company) -> None:
    own, foreign = customer(company), customer(other_company)
    output = run("create", "billing", "--company", company.code, "--role", "csc_agent")
    key = printed_token(output)
    account = IntegrationAccount.objects.get(user__username="billing")
    assert account.company == company
    assert not account.user.has_usable_password()
    assert set(account.user.groups.values_list("name", flat=True)) == {"csc_agent"}
    assert api(key).get(f"/api/v1/customers/{own.account_number}/").status_code == 200
    assert api(key).get(f"/api/v1/customers/{foreign.account_number}/").status_code == 404
    assert key not in run("list")
    assert AuditEvent.objects.filter(action="integrations.account.created").exists()


def test_list_shows_each_account_with_its_company_roles_and_token_prefix(company) -> None:
    key = printed_token(run("create", "phones", "--company", company.code, "--role", "csc_agent"))
    line = run("list").strip()
    assert line.startswith("phones\tdazu\tcsc_agent\t")
    assert key[:8] in line


def test_rotate_stops_the_old_token_and_prints_a_new_one(company) -> None:
    old = printed_token(run("create", "phones", "--company", company.code, "--role", "csc_agent"))
    new = printed_token(run("rotate", "phones"))
    assert api(old).get("/api/v1/calendar/days/2026-03-02/").status_code == 401
    assert api(new).get("/api/v1/calendar/days/2026-03-02/").status_code == 200


def test_revoke_stops_every_token(company) -> None:
    key = printed_token(run("create", "phones", "--company", company.code, "--role", "csc_agent"))
    assert "Revoked 1" in run("revoke", "phones")
    assert api(key).get("/api/v1/calendar/days/2026-03-02/").status_code == 401
    assert "no token" in run("list")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["create", "x", "--company", "nowhere", "--role", "csc_agent"], "company"),
        (["create", "x", "--company", "dazu", "--role", "no_such_role"], "roles"),
        (["create", "bad name!", "--company", "dazu", "--role", "csc_agent"], "name"),
        (["rotate", "nobody"], "name"),
        (["revoke", "nobody"], "name"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(company, args, field) -> None:
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match=field):
        run(*args)
    assert get_user_model().objects.count() == users
    assert not ApiToken.objects.exists()


def test_a_second_account_of_the_same_name_is_refused(company) -> None:
    run("create", "phones", "--company", company.code, "--role", "csc_agent")
    with pytest.raises(CommandError, match="name"):
        run("create", "phones", "--company", company.code, "--role", "csc_agent")
    assert IntegrationAccount.objects.count() == 1


@pytest.mark.mfa
def test_a_role_under_the_two_step_policy_is_refused(company) -> None:
    with pytest.raises(CommandError, match="roles"):
        run("create", "reports", "--company", company.code, "--role", "marketing")
    assert not get_user_model().objects.filter(username="reports").exists()
