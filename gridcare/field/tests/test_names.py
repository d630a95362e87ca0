"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

from typing import Any

import pytest

from gridcare.field.forms import InspectionPlanForm, NoticeStepForm, PatrolRequestForm

pytestmark = pytest.mark.django_db

HOSTILE = "李\u2066電工\u2069"


def test_a_patrol_request_and_a_signature_refuse_invisible_characters() -> None:
    wish = {"what": "巡視", "wanted_from": "2099-01-01", "wanted_to": "2099-01-02"}
    form = PatrolRequestForm({**wish, "requested_by": HOSTILE})
    assert not form.is_valid() and list(form.errors) == ["requested_by"]
    assert PatrolRequestForm({**wish, "requested_by": "李電工"}).is_valid()
    step = NoticeStepForm({"to": "", "at": "2025-03-03T10:00", "by": HOSTILE})
    assert not step.is_valid() and "by" in step.errors


@pytest.mark.parametrize("which", ["company", "other_company"])
def test_an_inspection_plan_refuses_such_a_requester_in_either_company(
    which: str, request: Any
) -> None:
    company = request.getfixturevalue(which)
    form = InspectionPlanForm({"requested_by": HOSTILE}, company_id=company.pk)
    assert not form.is_valid()
    assert form.errors.as_data()["requested_by"][0].code == "invisible_characters"
