"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

import pytest

from gridcare.portal.forms import PatrolRequestForm

WISH = {"account_number": "0100000009", "phone": "13800001111", "what": "巡視"}
WISH |= {"wanted_from": "2099-01-01", "wanted_to": "2099-01-02"}


@pytest.mark.parametrize("name", ["李\u202e工電", "李\u200b電工"])
def test_the_patrol_form_refuses_a_name_with_invisible_characters(name: str) -> None:
    form = PatrolRequestForm({**WISH, "requested_by": name})
    assert not form.is_valid() and list(form.errors) == ["requested_by"]
    assert PatrolRequestForm({**WISH, "requested_by": "李電工"}).is_valid()
