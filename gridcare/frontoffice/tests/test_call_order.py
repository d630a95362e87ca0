"""The call list is sorted by call time, newest first, whatever order the calls were
recorded in, and its keyset pages keep that order without repeating or skipping a call
(R-2.8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gridcare.frontoffice.models import CallRecord
from gridcare.frontoffice.tests.test_calls import _clock, call  # noqa: F401 - fixture
from gridcare.frontoffice.views.call_pages import calls_by_time

pytestmark = pytest.mark.django_db

# Recorded in this order (a late manual entry, then earlier and later calls); two calls
# share a second, so the id breaks the tie.
RECORDED = ["2025-03-10 09:05", "2025-03-10 08:00", "2025-03-10 11:30", "2025-03-09 17:00"]
RECORDED += ["2025-03-10 09:05"]


def test_the_call_list_shows_the_newest_call_first(
    client: Any, csc_agent: Any, django_assert_max_num_queries: Any
) -> None:
    calls = [call(csc_agent, when, 3) for when in RECORDED]
    client.force_login(csc_agent)
    # One more for the ring limit the tabs state (R-DEF).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("frontoffice:call_list"))
    shown = [c.pk for c in response.context["page"].items]
    expected = sorted(calls, key=lambda c: (c.started_at, c.pk), reverse=True)
    assert shown == [c.pk for c in expected]
    assert shown != sorted(shown, reverse=True)  # not merely the order of recording


def test_pages_follow_on_by_call_time(csc_agent: Any) -> None:
    calls = [call(csc_agent, when, 3) for when in RECORDED]
    expected = [c.pk for c in sorted(calls, key=lambda c: (c.started_at, c.pk), reverse=True)]
    queryset = CallRecord.objects.all()
    seen: list[int] = []
    query = ""
    while True:
        page = calls_by_time(queryset, RequestFactory().get("/?" + query), size=2)
        seen += [c.pk for c in page.items]
        if page.next_query is None:
            break
        query = page.next_query
    assert seen == expected


@pytest.mark.parametrize("cursor", ["x", "1_", "_1", "9" * 30 + "_1", "-5_3"])
def test_a_bad_cursor_shows_the_first_page(csc_agent: Any, cursor: str) -> None:
    call(csc_agent, "2025-03-10 09:05", 3)
    page = calls_by_time(CallRecord.objects.all(), RequestFactory().get("/", {"after": cursor}))
    assert page.is_first and len(page.items) == 1
