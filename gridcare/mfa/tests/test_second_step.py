"""The second step after the password (issue 9 item 1; ASVS 5.0 V6.3.3, V6.5.1, V6.3.1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent
from gridcare.integrations.services import api_token_issue
from gridcare.mfa.activation import activation_code_issue
from gridcare.mfa.services import recovery_code_hash
from gridcare.mfa.tests.conftest import code_for, code_for_key
from gridcare.mfa.views import ENROL_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]

HOME = "/"
VERIFY = "/accounts/mfa/verify/"
DAY_API = "/api/v1/calendar/days/2026-11-27/"
# The middle of a 30-second step, so a code computed in the test is the server's too.
NOON = datetime(2026, 11, 27, 4, 0, 10, tzinfo=UTC)


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, action__startswith="mfa.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_covered_user_without_an_authenticator_must_enrol_before_any_page(
    client: Client, marketing_director
) -> None:
    client.post(reverse("login"), {"username": "marketing_director", "password": PASSWORD})
    home = client.get(HOME)
    assert home.status_code == 302
    assert home["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(home["Location"])["Location"] == "/accounts/mfa/enrol/?next=%2F"
    for path in ("/core/notifications/", "/accounts/password/", "/accounts/mfa/account/"):
        assert client.get(path).status_code == 302, path
    enrol = client.get("/accounts/mfa/enrol/")
    assert enrol.status_code == 200
    # Nothing of the account shows before the second step: no menu, no notification count.
    assert enrol.context["nav_menu"] == [] and enrol.context["unread_notifications"] == 0
    assert not TOTPDevice.objects.filter(user=marketing_director).exists()


def test_public_pages_logout_and_language_stay_open_before_the_second_step(
    client: Client, leader
) -> None:
    client.force_login(leader)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 302  # signed in: on to the next page
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    client.post(reverse("logout"))
    assert client.get(HOME)["Location"].startswith(reverse("login"))


def test_htmx_requests_are_redirected_by_header(client: Client, leader) -> None:
    client.force_login(leader)
    response = client.get("/core/notifications/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Fcore%2Fnotifications%2F"


def test_a_superuser_without_a_company_is_covered(client: Client, superuser) -> None:
    client.force_login(superuser)
    assert client.get(HOME).status_code == 302


def test_a_role_not_covered_signs_in_with_the_password_only(
    client: Client, counter_clerk, field_unit
) -> None:
    for user in (counter_clerk, field_unit):
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        assert client.get(HOME).status_code == 200
        client.post(reverse("logout"))


def test_enrolment_shows_a_qr_code_confirms_with_a_code_and_shows_recovery_codes_once(
    client: Client, supervision_officer
) -> None:
    activation = activation_code_issue(target=supervision_officer, actor=None)
    client.force_login(supervision_officer)
    page = client.get("/accounts/mfa/enrol/?next=/core/notifications/")
    assert b"<svg" in page.content
    key = client.session[ENROL_KEY]
    # The same secret on a second visit: a refresh does not invalidate the scanned code.
    client.get("/accounts/mfa/enrol/")
    assert client.session[ENROL_KEY] == key

    wrong = client.post("/accounts/mfa/enrol/", {"code": "000000", "activation_code": activation})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=supervision_officer).exists()

    done = client.post(
        "/accounts/mfa/enrol/",
        {"code": code_for_key(key), "activation_code": activation, "next": "/core/notifications/"},
    )
    assert done["Location"] == "/accounts/mfa/recovery-codes/?next=%2Fcore%2Fnotifications%2F"
    shown = client.get(done["Location"])
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert shown.context["next"] == "/core/notifications/"
    # Stored as keyed hashes, never in clear.
    stored = set(
        StaticToken.objects.filter(device__user=supervision_officer).values_list("token", flat=True)
    )
    assert stored == {recovery_code_hash(user_id=supervision_officer.pk, code=c) for c in codes}
    assert not stored & {c.replace("-", "") for c in codes}
    assert client.get("/accounts/mfa/recovery-codes/")["Location"] == "/accounts/mfa/account/"
    assert client.get(HOME).status_code == 200
    assert actions(supervision_officer) == ["mfa.device.enrolled"]


def test_an_authenticator_code_passes_once_and_a_wrong_one_fails(enrolled, csc_director) -> None:
    with time_machine.travel(NOON, tick=False) as clock:
        device, _codes = enrolled(csc_director)
        clock.shift(30)  # the enrolment spent this step's code
        client = Client()
        client.force_login(csc_director)

        wrong = client.post(
            VERIFY, {"code": "123456" if code_for(device) != "123456" else "654321"}
        )
        assert wrong.status_code == 200
        assert client.get(HOME).status_code == 302

        clock.shift(2)  # past django_otp's one-second delay after a failure
        right = client.post(VERIFY, {"code": code_for(device), "next": "/core/notifications/"})
        assert right["Location"] == "/core/notifications/"
        assert client.get(HOME).status_code == 200

        clock.shift(2)
        replay = Client()
        replay.force_login(csc_director)
        assert replay.post(VERIFY, {"code": code_for(device)}).status_code == 200
        assert replay.get(HOME).status_code == 302
    assert actions(csc_director) == [
        "mfa.device.enrolled",
        "mfa.verify.failed",
        "mfa.verify.succeeded",
        "mfa.verify.failed",
    ]


def test_a_recovery_code_signs_in_once(enrolled, leader) -> None:
    _device, codes = enrolled(leader)
    first = Client()
    first.force_login(leader)
    # Typed in capitals and without the dash: still the same code.
    assert first.post(VERIFY, {"code": codes[3].upper().replace("-", "")}).status_code == 302
    assert first.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=leader).count() == 9

    second = Client()
    second.force_login(leader)
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(seconds=5)):
        assert second.post(VERIFY, {"code": codes[3]}).status_code == 200
    assert second.get(HOME).status_code == 302
    failed = AuditEvent.objects.filter(actor=leader, action="mfa.verify.failed").get()
    assert failed.payload == {"method": "recovery_code", "failures": 1}


def test_repeated_wrong_codes_lock_the_second_step_for_the_cool_off(enrolled, leader) -> None:
    with time_machine.travel(NOON, tick=False) as clock:
        device, _codes = enrolled(leader)
        client = Client()
        client.force_login(leader)
        wrong = "000000" if code_for(device) != "000000" else "111111"
        client.post(VERIFY, {"code": wrong})
        # Immediately again: django_otp's exponential delay refuses even the right code.
        clock.shift(30)
        for _attempt in range(4):
            clock.shift(60)
            client.post(VERIFY, {"code": wrong})
        device.refresh_from_db()
        assert device.throttling_failure_count == 5

        clock.shift(60)
        refused = client.post(VERIFY, {"code": code_for(device)})
        assert refused.status_code == 200
        assert "code" in refused.context["form"].errors
        assert client.get(HOME).status_code == 302
        assert AuditEvent.objects.filter(actor=leader, action="mfa.verify.throttled").exists()

        clock.shift(settings.AXES_COOLOFF_TIME.total_seconds())
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_wrong_code_then_the_right_one_at_once_is_refused(enrolled, leader) -> None:
    with time_machine.travel(NOON, tick=False) as clock:
        device, _codes = enrolled(leader)
        clock.shift(30)
        client = Client()
        client.force_login(leader)
        client.post(VERIFY, {"code": "000000" if code_for(device) != "000000" else "111111"})
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 200


def test_a_token_of_an_account_under_the_policy_is_refused_and_a_session_needs_the_step(
    client: Client, marketing_director
) -> None:
    """A token held from before the policy covered the account opens nothing: the policy
    is read at every use (a password-only path around the second step otherwise)."""
    token = api_token_issue(user=marketing_director)
    api = Client(headers={"Authorization": f"Token {token}"})
    assert api.get(DAY_API).status_code == 401
    client.force_login(marketing_director)
    refused = client.get(DAY_API)
    assert refused.status_code == 403
    assert "detail" in refused.json()


def test_a_verified_session_reaches_the_api(verified_client, marketing_director) -> None:
    assert verified_client(marketing_director).get(DAY_API).status_code == 200


def test_an_authenticator_set_up_voluntarily_is_asked_for_at_the_next_login(
    enrolled, counter_clerk
) -> None:
    enrolled(counter_clerk)
    client = Client()
    client.post(reverse("login"), {"username": "counter_clerk", "password": PASSWORD})
    assert client.get(HOME)["Location"] == f"{VERIFY}?next=%2F"


def test_next_must_stay_on_this_site(enrolled, leader) -> None:
    _device, codes = enrolled(leader)
    client = Client()
    client.force_login(leader)
    response = client.post(VERIFY, {"code": codes[0], "next": "https://evil.example/"})
    assert response["Location"] == "/"
