"""Every list page answers in a bounded number of queries, whatever the rows (DESIGN.md
8), and is refused to a role that may not see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gridcare.frontoffice.models import CallImport
from gridcare.frontoffice.services.matters import matter_open, matter_refer
from gridcare.frontoffice.tests.conftest import at
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db


def test_the_import_list(
    client: Any, csc_director: Any, csc_agent: Any, django_assert_max_num_queries: Any
) -> None:
    company = staff_of(csc_director).company
    for n in range(5):
        CallImport.objects.create(
            company=company, source="api", filename=f"{n}.csv", uploaded_at=at("2025-03-03 09:00")
        )
    client.force_login(csc_director)
    # One more for the ring limit the tabs state (R-DEF).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("frontoffice:import_list"))
    assert len(response.context["page"].items) == 5
    client.force_login(csc_agent)
    assert client.get(reverse("frontoffice:import_list")).status_code == 403


def test_the_referral_list(
    client: Any, csc_agent: Any, field_unit: Any, django_assert_max_num_queries: Any
) -> None:
    department = staff_of(field_unit).department
    for n in range(4):
        matter = matter_open(
            company=department.company,
            kind="fault",
            channel="phone",
            subject=f"停電{n}",
            description="整棟樓停電",
            customer_name="王先生",
            received_at=at("2025-03-03 09:00"),
            actor=csc_agent,
        )
        matter_refer(
            matter=matter,
            department=department,
            contact_person="值班員",
            request="請搶修",
            due=at("2030-01-01 00:00").date(),
            actor=csc_agent,
        )
    client.force_login(field_unit)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("frontoffice:referral_list"))
    assert len(response.context["referrals"]) == 4
    client.force_login(csc_agent)
    assert client.get(reverse("frontoffice:referral_list")).status_code == 403


@pytest.mark.parametrize("name", ["call_rates", "fee_catalogue", "charge_report", "hall_list"])
def test_the_report_pages_read_a_bounded_number_of_times(
    client: Any, leader: Any, field_unit: Any, name: str, django_assert_max_num_queries: Any
) -> None:
    client.force_login(leader)
    with django_assert_max_num_queries(20):
        assert client.get(reverse(f"frontoffice:{name}")).status_code == 200
    client.force_login(field_unit)
    assert client.get(reverse(f"frontoffice:{name}")).status_code == 403
