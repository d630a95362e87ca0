"""Each role's home shows what that role acts on first: the company's compliance table is
for those who steer and check the service, the API reference for administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

API_DOCS = reverse("api-docs")


def _home(client, user) -> tuple[list[str], str]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [p["code"] for p in response.context["panels"]], response.content.decode()


@pytest.mark.parametrize("persona", ["counter_clerk", "field_unit"])
def test_front_line_homes_carry_no_compliance_table_nor_api_link(persona, request, client) -> None:
    codes, page = _home(client, request.getfixturevalue(persona))
    # The role's own panel is there: the absences below are not of a user without roles.
    assert {"counter_clerk": "frontoffice_hall", "field_unit": "field_unit_work"}[persona] in codes
    assert "compliance" not in codes
    assert f'href="{API_DOCS}"' not in page
    # The person's work comes first; the service policy closes the page.
    assert codes[0] == "work_due"
    assert codes[-1] == "service_policy"


@pytest.mark.parametrize("persona", ["leader", "marketing_director", "supervision_officer"])
def test_those_who_steer_and_check_read_the_compliance_table(persona, request, client) -> None:
    codes, page = _home(client, request.getfixturevalue(persona))
    assert "compliance" in codes
    assert f'href="{API_DOCS}"' not in page


def test_the_administrator_has_the_api_link_and_a_short_home(client, administrator) -> None:
    codes, page = _home(client, administrator)
    assert f'href="{API_DOCS}"' in page
    assert "compliance" not in codes


def test_the_field_unit_sees_its_faults_before_the_slogan(client, field_unit) -> None:
    codes, _ = _home(client, field_unit)
    assert codes.index("field_unit_work") < codes.index("service_policy")
