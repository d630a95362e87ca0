"""The policy as data, the administrators' page and reset, the user's own page, the demo
switch (issue 9 item 1; ASVS 5.0 V6.3.3, V6.4.4 reset after a lost factor)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent, SessionCutoff
from gridcare.mfa.checks import MIDDLEWARE_PATH, middleware_installed
from gridcare.mfa.demo import load_demo
from gridcare.mfa.models import DEFAULT_ROLES, MfaPolicy
from gridcare.mfa.policy import policy_in_force, required_by_policy

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]

ADMIN_PAGE = "/accounts/mfa/administration/"
ACCOUNT = "/accounts/mfa/account/"


def test_the_migration_seeds_the_policy_on_for_approval_and_administration_roles() -> None:
    seeded = MfaPolicy.objects.get(company__isnull=True)
    assert seeded.enabled and seeded.include_superusers
    assert sorted(seeded.roles) == sorted(DEFAULT_ROLES)


@pytest.mark.parametrize(
    ("persona", "covered"),
    [
        ("marketing_director", True),
        ("leader", True),
        ("csc_director", True),
        ("supervision_officer", True),
        ("administrator", True),
        ("counter_clerk", False),
        ("csc_agent", False),
        ("prodtech", False),
        ("field_unit", False),
        ("dispatcher", False),
    ],
)
def test_who_the_default_policy_covers(request, persona: str, covered: bool) -> None:
    assert required_by_policy(request.getfixturevalue(persona)) is covered


def test_a_company_row_overrides_the_global_row_and_no_rows_means_on(
    company, other_company, make_staff
) -> None:
    ours = make_staff("marketing_director", company=company)
    theirs = make_staff("marketing_director", company=other_company)
    MfaPolicy.objects.create(company=company, enabled=False)
    assert not required_by_policy(ours)
    assert required_by_policy(theirs)
    MfaPolicy.objects.all().delete()
    assert policy_in_force(company).enabled and required_by_policy(ours)


def test_one_policy_row_per_company_and_one_global_row(company) -> None:
    MfaPolicy.objects.create(company=company)
    for scope in (company, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            MfaPolicy.objects.create(company=scope)


def test_an_administrator_changes_the_policy_of_their_company_audited(
    verified_client, administrator, company, make_staff
) -> None:
    client = verified_client(administrator)
    assert client.get(ADMIN_PAGE).status_code == 200
    response = client.post(ADMIN_PAGE, {"enabled": "on", "roles": ["leadership", "counter_clerk"]})
    assert response.status_code == 302
    policy = MfaPolicy.objects.get(company=company)
    assert policy.roles == ["counter_clerk", "leadership"] and not policy.include_superusers
    assert required_by_policy(make_staff("counter_clerk", company=company))
    assert not required_by_policy(make_staff("marketing_director", company=company))
    event = AuditEvent.objects.get(action="mfa.policy.changed")
    assert event.actor == administrator and event.company == company
    assert event.payload["from"]["roles"] == sorted(DEFAULT_ROLES)
    assert event.payload["to"] == {
        "enabled": True,
        "roles": ["counter_clerk", "leadership"],
        "include_superusers": False,
    }


def test_a_policy_that_covers_nobody_is_refused_and_nothing_changes(
    verified_client, administrator, company
) -> None:
    response = verified_client(administrator).post(ADMIN_PAGE, {"enabled": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["roles"]
    assert not MfaPolicy.objects.filter(company=company).exists()
    assert not AuditEvent.objects.filter(action="mfa.policy.changed").exists()


def test_only_administrators_reach_the_policy_page(client: Client, counter_clerk) -> None:
    client.force_login(counter_clerk)
    assert client.get(ADMIN_PAGE).status_code == 403
    assert client.post(ADMIN_PAGE, {"enabled": ""}).status_code == 403
    assert MfaPolicy.objects.count() == 1


def test_the_authenticator_list_is_scoped_and_paged_in_few_queries(
    verified_client,
    enrolled,
    administrator,
    company,
    other_company,
    make_staff,
    django_assert_max_num_queries,
) -> None:
    ours = [make_staff("leader", company=company) for _ in range(3)]
    theirs = make_staff("leader", company=other_company)
    for user in [*ours, theirs]:
        enrolled(user)
    client = verified_client(administrator)
    with django_assert_max_num_queries(15):
        page = client.get(ADMIN_PAGE).context["page"]
    listed = {device.user for device in page.items}
    assert listed == {*ours, administrator}
    found = client.get(ADMIN_PAGE, {"q": ours[0].username}).context["page"].items
    assert [device.user for device in found] == [ours[0]]


def test_an_administrator_resets_a_lost_phone_audited_and_sessions_end(
    verified_client, enrolled, administrator, leader
) -> None:
    enrolled(leader)
    client = verified_client(administrator)
    response = client.post(reverse("mfa:reset", args=[leader.pk]))
    assert response["Location"] == ADMIN_PAGE
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticToken.objects.filter(device__user=leader).exists()
    event = AuditEvent.objects.get(action="mfa.device.reset")
    assert event.actor == administrator and event.object_id == str(leader.pk)
    assert SessionCutoff.objects.filter(user=leader).exists()
    # At the next login the leader is sent to set up a new authenticator.
    fresh = Client()
    fresh.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert fresh.get("/accounts/mfa/verify/")["Location"].startswith("/accounts/mfa/enrol/")


def test_a_reset_is_refused_across_companies_and_to_other_roles(
    verified_client, enrolled, client: Client, counter_clerk, other_company, make_staff
) -> None:
    victim = make_staff("leader", company=other_company)
    enrolled(victim)
    client.force_login(counter_clerk)
    assert client.post(reverse("mfa:reset", args=[victim.pk])).status_code == 403
    # The administrator of the first company may not reach the second company's staff.
    admin = make_staff("administrator", company=counter_clerk.staff.company)
    assert verified_client(admin).post(reverse("mfa:reset", args=[victim.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=victim).exists()
    assert not AuditEvent.objects.filter(action="mfa.device.reset").exists()


def test_a_wrong_code_changes_nothing_on_the_users_own_page(verified_client, counter_clerk) -> None:
    client = verified_client(counter_clerk)
    page = client.get(ACCOUNT)
    assert page.context["device"] is not None and not page.context["required"]
    assert page.context["codes_left"] == 9
    wrong = client.post(ACCOUNT, {"action": "disable", "code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert TOTPDevice.objects.filter(user=counter_clerk).exists()
    assert not AuditEvent.objects.filter(action="mfa.device.removed").exists()


def test_turning_off_needs_a_valid_code_and_then_removes_everything(
    enrolled, counter_clerk
) -> None:
    _device, codes = enrolled(counter_clerk)
    client = Client()
    client.force_login(counter_clerk)
    client.post("/accounts/mfa/verify/", {"code": codes[0]})
    response = client.post(ACCOUNT, {"action": "disable", "code": codes[1]})
    assert response["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(user=counter_clerk).exists()
    assert AuditEvent.objects.filter(actor=counter_clerk, action="mfa.device.removed").exists()


def test_a_covered_user_cannot_turn_it_off(enrolled, leader) -> None:
    _device, codes = enrolled(leader)
    client = Client()
    client.force_login(leader)
    client.post("/accounts/mfa/verify/", {"code": codes[0]})
    response = client.post(ACCOUNT, {"action": "disable", "code": codes[1]})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert TOTPDevice.objects.filter(user=leader).exists()
    # The code was not spent on a refused change.
    assert StaticToken.objects.filter(device__user=leader).count() == 9


def test_new_recovery_codes_replace_the_old_ones_after_a_code(enrolled, leader) -> None:
    _device, old = enrolled(leader)
    client = Client()
    client.force_login(leader)
    client.post("/accounts/mfa/verify/", {"code": old[0]})
    response = client.post(ACCOUNT, {"action": "regenerate", "code": old[1]})
    assert response["Location"] == "/accounts/mfa/recovery-codes/"
    new = client.get(response["Location"]).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=leader).count() == 10
    assert AuditEvent.objects.filter(actor=leader, action="mfa.recovery_codes.regenerated").exists()
    other = Client()
    other.force_login(leader)
    assert other.post("/accounts/mfa/verify/", {"code": old[2]}).status_code == 200


def test_the_demo_switches_the_policy_off_for_its_company_only_once(company) -> None:
    first = load_demo(company)
    assert "OFF" in first and "switched" in first
    assert not policy_in_force(company).enabled
    assert MfaPolicy.objects.get(company__isnull=True).enabled
    assert "already OFF" in load_demo(company)
    assert AuditEvent.objects.filter(action="mfa.policy.changed").count() == 1


def test_a_deployment_without_the_middleware_fails_the_deploy_check(settings) -> None:
    assert middleware_installed(None) == []
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH]):
        assert [error.id for error in middleware_installed(None)] == ["mfa.E001"]
