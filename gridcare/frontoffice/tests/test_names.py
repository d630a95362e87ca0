"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gridcare.frontoffice.forms import ChargeForm, ReferralForm
from gridcare.frontoffice.models import Matter

pytestmark = pytest.mark.django_db

HOSTILE = "李\u202e士女"


@pytest.mark.parametrize("which", ["company", "other_company"])
def test_a_matter_with_an_overridden_customer_name_is_refused_in_either_company(
    which: str, request: Any, client: Any, make_staff: Any
) -> None:
    client.force_login(make_staff("csc_agent", company=request.getfixturevalue(which)))
    form = {"kind": "consultation", "channel": "phone", "customer_name": HOSTILE}
    form |= {"subject": "電價", "description": "問電價"}
    response = client.post(reverse("frontoffice:matter_new"), form)
    assert response.status_code == 200 and "customer_name" in response.context["form"].errors
    assert not Matter.objects.exists()


def test_the_person_phoned_and_a_charges_customer_refuse_invisible_characters() -> None:
    referral = ReferralForm({"contact_person": HOSTILE})
    assert not referral.is_valid() and "contact_person" in referral.errors
    charge = ChargeForm({"customer_name": "王\u200b明"})
    assert not charge.is_valid() and "customer_name" in charge.errors
