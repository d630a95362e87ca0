"""Hostile query values on every page (ASVS V2.2, V16.5): every GET URL of the URL
configuration, as a signed-in user of each role allowed there, with the record ids of the
access matrix's sample world, answers without a server error (a 400, a form error or the
page without the value).

Beside the schema fuzzing of the API (test_api_fuzz.py), which generates values from the
published parameters, this sends a fixed, bounded set of values known to break parsers:
a digit that is not ASCII (`"²".isdigit()` is true, `int("²")` fails), a number past a
64-bit column, the first and last dates Python knows (date arithmetic overflows), a NUL
(PostgreSQL refuses it in text) and a tampered API cursor. Each value goes, per request,
into every parameter the views read directly; and, one field per request (so that one
invalid field does not hide another), into every field of the page's GET forms (its
filter bar) or of the endpoint's filter set.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from gridcare.core.tests.access_rules import RULES
from gridcare.core.tests.access_samples import (
    ALL_ROLES,
    CUSTOMER,
    World,
    world_fixture,  # noqa: F401 (the `world` fixture)
)
from gridcare.core.tests.test_access_matrix import _url, is_allowed, url_names

HOSTILE = ("²", "9223372036854775808", "0001-01-01", "9999-12-31", "a\x00b")
#: Query parameters that views read straight from the query string (not through a form).
DIRECT = (
    "after",
    "before",
    "call",
    "ticket",
    "customer",
    "item",
    "company",
    "q",
    "search",
    "town",
    "state",
    "show",
    "period",
    "part",
    "kind",
    "page",
    "page_size",
    "cursor",
    "from",
    "to",
)


def _cursor(value: str) -> str:
    """An API cursor as DRF writes one (base64 of `p=<position>`), with `value` inside."""
    return base64.b64encode(f"p={quote(value)}".encode()).decode()


def _value(name: str, value: str) -> str:
    return _cursor(value) if name == "cursor" else value


class _GetFormFields(HTMLParser):
    """The names of the fields of a page's GET forms (its filter bars)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in {"input", "select", "textarea"}:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.names.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_get_form = False


def _fields(url: str, response: Any) -> set[str]:
    """The page's GET form fields, or the filter set's fields of an API list."""
    view = getattr(resolve(url).func, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    names = set(filterset.base_filters) if filterset is not None else set()
    if response.get("Content-Type", "").startswith("text/html"):
        parser = _GetFormFields()
        parser.feed(response.content.decode(errors="replace"))
        names |= parser.names
    return names


def _client(world: World, role: str, api: bool) -> Client:
    # The answer to a hostile value is the finding: a server error is counted, not raised.
    client = Client(raise_request_exception=False)
    if role == CUSTOMER:
        return client
    if api:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.tokens[role]}"
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _cases() -> Iterator[Any]:
    for name in sorted(url_names()):
        rule = RULES.get(name)
        if rule is not None and rule.method == "GET":
            yield pytest.param(name, id=name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_cases()))
def test_no_hostile_query_value_makes_a_page_fail(world: World, name: str) -> None:
    rule = RULES[name]
    url = _url(world, name, rule)
    roles = [role for role in ALL_ROLES if is_allowed(rule, role)]
    failures: list[str] = []

    def get(client: Client, role: str, params: dict[str, str]) -> None:
        response = client.get(url, params)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            failures.append(f"{role} {params!r}: {response.status_code} {error and error[1]!r}")

    for index, role in enumerate(roles):
        client = _client(world, role, rule.api)
        for value in HOSTILE:
            get(client, role, {param: _value(param, value) for param in DIRECT})
        if index:
            # The form fields are read the same way whoever reads the page: the first
            # allowed role tries each of them; every role tries the direct parameters.
            continue
        for field in sorted(_fields(url, client.get(url))):
            for value in HOSTILE:
                get(client, role, {field: _value(field, value)})
    assert not failures, f"{url}: " + "\n".join(failures)
