"""A link and the page behind it agree (core.access): `may_open` asks the view's own
check, whether a permission decorator or `allowed_if`."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse

from gridcare.core.access import may_open

pytestmark = pytest.mark.django_db


def test_a_permission_decorator_is_asked(counter_clerk: Any, csc_director: Any) -> None:
    url = reverse("frontoffice:import_list")
    assert not may_open(counter_clerk, url)
    assert may_open(csc_director, url)


def test_a_check_of_any_of_two_permissions_is_asked_and_enforced(
    client: Any, counter_clerk: Any, csc_agent: Any, field_unit: Any
) -> None:
    """The call centre reads the outages whose notices it receives (R-3.7.2)."""
    url = reverse("field:outage_list")
    assert may_open(csc_agent, url) and may_open(field_unit, url)
    assert not may_open(counter_clerk, url)
    client.force_login(csc_agent)
    assert client.get(url).status_code == 200
    client.force_login(counter_clerk)
    assert client.get(url).status_code == 403


def test_a_check_that_reads_the_query_is_asked(counter_clerk: Any, csc_agent: Any) -> None:
    url = f"{reverse('rules:compliance_records')}?code=call.answer_rings"
    assert not may_open(counter_clerk, url)
    assert may_open(csc_agent, url)


def test_addresses_outside_the_pages_are_left_alone(counter_clerk: Any) -> None:
    assert may_open(counter_clerk, "https://example.org/x")
    assert may_open(counter_clerk, "/no/such/page/")


def test_the_template_filter_drops_a_link_the_user_may_not_open(
    counter_clerk: Any, csc_director: Any
) -> None:
    template = Template("{% load gridcare %}[{{ url|openable:user }}]")
    url = reverse("frontoffice:import_list")
    assert template.render(Context({"url": url, "user": counter_clerk})) == "[]"
    assert template.render(Context({"url": url, "user": csc_director})) == f"[{url}]"
