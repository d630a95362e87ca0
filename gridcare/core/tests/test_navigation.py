"""The main menu highlights the one entry of the page being read."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gridcare.core.navigation import menu_for

pytestmark = pytest.mark.django_db


def test_a_page_under_another_entry_s_address_highlights_only_its_own_entry(
    marketing_director: Any,
) -> None:
    scorecards = reverse("assessments:scorecards")
    ledger = reverse("assessments:ledger")
    assert scorecards.startswith(ledger)  # the case: one address inside the other
    active = [e["url"] for e in menu_for(marketing_director, scorecards) if e["active"]]
    assert active == [scorecards]
    active = [e["url"] for e in menu_for(marketing_director, ledger) if e["active"]]
    assert active == [ledger]


def test_the_home_entry_is_highlighted_on_the_home_page_only(marketing_director: Any) -> None:
    assert [e["url"] for e in menu_for(marketing_director, "/") if e["active"]] == ["/"]
    assert "/" not in [e["url"] for e in menu_for(marketing_director, "/rules/") if e["active"]]
