"""First enrolment needs an activation code from an administrator; the user is told by
email when one is issued and when an authenticator is set up."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent
from gridcare.mfa.activation import FAILURE_LIMIT, LIFETIME, activation_code_issue
from gridcare.mfa.models import ActivationCode
from gridcare.mfa.services import new_totp_key, totp_device_enrol
from gridcare.mfa.tests.conftest import code_for_key
from gridcare.mfa.views import ENROL_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]
ENROL = "/accounts/mfa/enrol/"


def enrol_page(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    client.get(ENROL)
    return client, client.session[ENROL_KEY]


def test_the_password_alone_cannot_bind_an_authenticator(leader) -> None:
    """Whoever holds the password first used to bind their phone: now the activation code
    an administrator hands over is needed too."""
    client, key = enrol_page(leader)
    response = client.post(ENROL, {"code": code_for_key(key)})
    assert response.status_code == 200
    assert response.context["form"].errors["activation_code"]
    assert not TOTPDevice.objects.filter(user=leader).exists()


def test_a_wrong_activation_code_is_counted_and_voids_the_code_at_the_limit(leader) -> None:
    activation_code_issue(target=leader, actor=None)
    client, key = enrol_page(leader)
    for _ in range(FAILURE_LIMIT):
        response = client.post(ENROL, {"code": code_for_key(key), "activation_code": "wrong"})
        assert response.context["form"].errors["activation_code"]
    assert not ActivationCode.objects.filter(user=leader).exists()
    assert AuditEvent.objects.filter(action="mfa.activation.failed").count() == FAILURE_LIMIT
    assert not TOTPDevice.objects.filter(user=leader).exists()


def test_an_expired_activation_code_is_refused(leader) -> None:
    code = activation_code_issue(target=leader, actor=None)
    key = new_totp_key()
    later = timezone.now() + LIFETIME + timedelta(seconds=1)
    with time_machine.travel(later), pytest.raises(DomainError) as refused:
        totp_device_enrol(user=leader, key=key, code=code_for_key(key), activation_code=code)
    assert refused.value.field == "activation_code"


def test_the_user_is_told_by_email_of_the_code_and_of_the_enrolment(
    leader, administrator, django_capture_on_commit_callbacks
) -> None:
    leader.email = "leader@example.com"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        code = activation_code_issue(target=leader, actor=administrator)
    assert [m.to for m in mail.outbox] == [["leader@example.com"]]
    client, key = enrol_page(leader)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ENROL, {"code": code_for_key(key), "activation_code": code})
    assert done.status_code == 302
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["leader@example.com"]
    # Spent: the code does not serve a second enrolment after a reset.
    assert not ActivationCode.objects.filter(user=leader).exists()


def test_an_administrator_issues_a_code_for_their_company_only(
    verified_client, administrator, make_staff, other_company, leader
) -> None:
    foreign = make_staff("leader", company=other_company)
    client = verified_client(administrator)
    url = "/accounts/mfa/administration/activation/"
    page = client.post(url, {"username": leader.username})
    assert page.status_code == 200 and page.context["code"]
    assert ActivationCode.objects.filter(user=leader, issued_by=administrator).exists()
    # Another company's account answers like an unknown one.
    assert client.post(url, {"username": foreign.username}).status_code == 302
    assert not ActivationCode.objects.filter(user=foreign).exists()
    # An account with an authenticator needs a reset first; nobody issues their own.
    assert client.post(url, {"username": administrator.username}).status_code == 302
    assert ActivationCode.objects.filter(issued_by=administrator).count() == 1


def test_the_command_prints_a_code_for_a_deployment_administrator(superuser) -> None:
    out = StringIO()
    call_command("mfa_activation_code", superuser.username, stdout=out)
    code = out.getvalue().strip().splitlines()[-1]
    key = new_totp_key()
    device, _codes = totp_device_enrol(
        user=superuser, key=key, code=code_for_key(key), activation_code=code
    )
    assert device.confirmed
    with pytest.raises(CommandError, match="username"):
        call_command("mfa_activation_code", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="user"):
        call_command("mfa_activation_code", superuser.username, stdout=StringIO())
