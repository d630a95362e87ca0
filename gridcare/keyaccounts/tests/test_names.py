"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

from typing import Any

import pytest

from gridcare.keyaccounts.forms import InteractionForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", ["company", "other_company"])
def test_who_took_part_in_a_visit_refuses_invisible_characters_in_either_company(
    which: str, request: Any
) -> None:
    company = request.getfixturevalue(which)
    visit = {"kind": "visit", "at": "2025-03-03 10:00", "summary": "走訪"}
    form = InteractionForm({**visit, "participants": "張三\u200d、李四"}, company=company)
    assert not form.is_valid() and list(form.errors) == ["participants"]
    assert InteractionForm({**visit, "participants": "張三、李四"}, company=company).is_valid()
