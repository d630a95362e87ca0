"""Authorization as a matrix (issue 9 item 2; ASVS 5.0 V8 "authorization"): every role ×
every view and API endpoint of the URL configuration. Allowed roles get an answer (not
403/404 and not the login page); refused roles get 403 or 404 as declared; the anonymous
customer reaches the public pages only.

The URL list is read from the resolver, so a new endpoint without a rule in
access_rules.py fails `test_every_endpoint_has_a_rule`. The sample records are built once
per module (access_samples.py) and every case runs inside its own savepoint, so a POST
that changes something is rolled back before the next case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gridcare.core.tests.access_rules import ANY_STAFF, API_WRITES, PUBLIC, RULES, Rule
from gridcare.core.tests.access_samples import (
    ALL_ROLES,
    CUSTOMER,
    STAFF_ROLES,
    World,
    world_fixture,  # noqa: F401 (the `world` fixture)
)

#: Django's admin has its own permission system (is_staff + model permissions); the
#: matrix checks only that it turns GridCare's roles away (test_admin_refuses_roles).
ADMIN_PREFIX = "admin/"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(ADMIN_PREFIX):
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {route}>"
            yield (f"{namespace}:{name}" if namespace else name), route


def url_names() -> dict[str, str]:
    """Every namespaced URL name outside the admin → its route."""
    return dict(_walk(get_resolver().url_patterns))


def test_every_endpoint_has_a_rule() -> None:
    names = url_names()
    missing = sorted(set(names) - set(RULES))
    stale = sorted(set(RULES) - set(names))
    assert not missing, f"URLs without an access rule in access_rules.py: {missing}"
    assert not stale, f"access rules naming URLs that no longer exist: {stale}"


def test_every_rule_names_a_known_role() -> None:
    for name, rule in RULES.items():
        if isinstance(rule.allowed, frozenset):
            assert rule.allowed <= set(ALL_ROLES), name
        else:
            assert rule.allowed in {PUBLIC, ANY_STAFF}, name
        assert {role for role, _ in rule.bugs} <= set(ALL_ROLES), name


def is_allowed(rule: Rule, role: str) -> bool:
    if rule.allowed == PUBLIC:
        return True
    if rule.allowed == ANY_STAFF:
        return role != CUSTOMER
    return role in rule.allowed


def _cases() -> Iterator[Any]:
    for name in sorted(url_names()):
        rule = RULES.get(name)
        if rule is None:
            continue  # test_every_endpoint_has_a_rule names it
        bugs = dict(rule.bugs)
        for role in ALL_ROLES:
            marks = []
            if role in bugs:
                marks.append(pytest.mark.xfail(strict=True, reason=f"BUG: {bugs[role]}"))
            yield pytest.param(name, role, id=f"{name}-{role}", marks=marks)


def _client(world: World, role: str, api: bool) -> Client:
    """A client of the role: its token for the API, else the session made once for the
    module (a fresh client per case, so that a logout does not sign out later cases)."""
    if role == CUSTOMER:
        return Client()
    if api:
        return Client(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _url(world: World, name: str, rule: Rule) -> str:
    kwargs = world.samples[rule.sample] if rule.sample else {}
    return reverse(name, kwargs=kwargs)


def _answer(world: World, name: str, role: str) -> tuple[Rule, Any]:
    rule = RULES[name]
    client = _client(world, role, rule.api)
    url = _url(world, name, rule)
    if rule.method == "POST":
        return rule, client.post(url, dict(rule.data))
    return rule, client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_cases()))
def test_access(world: World, name: str, role: str) -> None:
    rule, response = _answer(world, name, role)
    status = response.status_code
    location = response.headers.get("Location", "")
    login = reverse("login")
    if is_allowed(rule, role):
        assert status not in (401, 403, 404), f"{name} refused {role}: {status}"
        assert status < 500, f"{name} failed for {role}: {status}"
        if not rule.signs_out:
            assert not location.startswith(login), f"{name} sent {role} to the login page"
    elif role == CUSTOMER:
        if rule.api:
            assert status in (401, 403), f"{name} answered anonymous: {status}"
        else:
            assert status == 302 and location.startswith(login), (
                f"{name} did not send anonymous to the login page: {status} {location}"
            )
    else:
        assert status in rule.refusal, f"{name} answered {role} {status}, not {rule.refusal}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role"),
    [
        pytest.param(name, role, id=f"{name}-{API_WRITES[name][0]}-{role}")
        for name in sorted(API_WRITES)
        for role in ALL_ROLES
    ],
)
def test_api_writes(world: World, name: str, role: str) -> None:
    """The writing method of an endpoint that also reads, with an empty body: the writers
    are answered (400 for a create without fields, 200 for a PATCH that changes nothing),
    the readers get 403, an anonymous caller 401."""
    method, writers = API_WRITES[name]
    client = _client(world, role, api=True)
    url = _url(world, name, RULES[name])
    response = client.generic(method, url, "{}", content_type="application/json")
    if role == CUSTOMER:
        assert response.status_code in (401, 403)
    elif role in writers:
        assert response.status_code in (200, 400), (name, role, response.status_code)
    else:
        assert response.status_code in (403, 404), (name, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_admin_refuses_roles(world: World, role: str) -> None:
    """No GridCare role is Django admin staff: the admin sends them to its login."""
    client = Client()
    client.force_login(world.users[role])
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/admin/login/")
