"""API base (API.md "General"): token login, 401 without credentials, 400 bodies."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_a_token_is_issued_for_valid_credentials_and_authenticates(api, counter_clerk) -> None:
    response = api.post(
        "/api/v1/auth/token/", {"username": "counter_clerk", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    assert AuditEvent.objects.filter(action="core.auth.token_issued", actor=counter_clerk).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("schema")).status_code == 200


def test_a_second_request_gives_a_new_token(api, counter_clerk) -> None:
    """Only a token's hash is kept, so the same one cannot be handed out twice: a new
    token replaces the previous one (gridcare/integrations/tests/test_tokens.py)."""
    body = {"username": "counter_clerk", "password": PASSWORD}
    first = api.post("/api/v1/auth/token/", body, format="json").json()["token"]
    assert api.post("/api/v1/auth/token/", body, format="json").json()["token"] != first


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"username", "password"}),
        ({"username": "counter_clerk"}, {"password"}),
        ({"username": "counter_clerk", "password": "wrong-password!!"}, {"non_field_errors"}),
        ({"username": ["a"], "password": 3}, {"username"}),
    ],
)
def test_bad_token_requests_answer_400_naming_each_field(api, counter_clerk, body, fields) -> None:
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert fields <= set(response.json())


def test_an_inactive_user_gets_no_token(api, counter_clerk) -> None:
    counter_clerk.is_active = False
    counter_clerk.save()
    response = api.post(
        "/api/v1/auth/token/", {"username": "counter_clerk", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_token_requests_lock_out_after_repeated_failures(api, counter_clerk, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(
            "/api/v1/auth/token/",
            {"username": "counter_clerk", "password": "wrong-password!!"},
            format="json",
        )
    locked = api.post(
        "/api/v1/auth/token/", {"username": "counter_clerk", "password": PASSWORD}, format="json"
    )
    assert locked.status_code == 429


def test_a_locked_out_token_request_answers_json_and_the_login_page_html(
    api, client, counter_clerk, settings
) -> None:
    """The API speaks one error shape, the lockout included; the sign-in page keeps its page."""
    wrong = {"username": "counter_clerk", "password": "wrong-password!!"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", wrong, format="json")
    locked = api.post(
        "/api/v1/auth/token/", {"username": "counter_clerk", "password": PASSWORD}, format="json"
    )
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert set(locked.json()) == {"detail"}
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    page = client.post(reverse("login"), {"username": "counter_clerk", "password": PASSWORD})
    assert page.status_code == 429
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_api_answers_401_without_credentials(api, path) -> None:
    response = api.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_wrong_token_answers_401(api) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/schema/").status_code == 401


def test_the_browser_session_reaches_the_api_docs(client, counter_clerk) -> None:
    client.force_login(counter_clerk)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    # Served locally: no CDN anywhere in the page.
    assert "cdn" not in response.content.decode().lower()


def test_an_api_path_that_matches_no_route_answers_json_404(client, superuser) -> None:
    client.force_login(superuser)
    response = client.get("/api/v1/applications/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    page = client.get("/applications/not-a-number/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.mfa
def test_an_account_under_the_two_step_policy_gets_no_token(api, marketing_director) -> None:
    response = api.post(
        "/api/v1/auth/token/",
        {"username": marketing_director.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 403
    assert "non_field_errors" in response.json()
    assert AuditEvent.objects.filter(action="core.auth.token_refused").count() == 1


def test_the_schema_documents_a_refused_media_type() -> None:
    """A malformed multipart upload answers 415 (schemathesis found it undocumented)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"]["/api/v1/calls/import/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "415", "429"} <= set(responses)
