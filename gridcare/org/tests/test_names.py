"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from gridcare.org.models import Department, Position, Staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", ["company", "other_company"])
def test_a_staff_name_with_an_override_is_refused_on_the_staff_page(
    which: str, request: Any, client: Any, make_staff: Any
) -> None:
    company = request.getfixturevalue(which)
    client.force_login(make_staff("administrator", company=company, is_staff=True))
    staff = {
        "company": company.pk,
        "department": Department.objects.filter(company=company).first().pk,
        "position": Position.objects.first().pk,
        "employee_number": "E9001",
        "user": get_user_model().objects.create_user(f"e9001-{which}").pk,
    }
    response = client.post("/admin/org/staff/add/", {**staff, "name": "陳\u202e明大"})
    assert response.status_code == 200 and "name" in response.context["adminform"].form.errors
    assert not Staff.objects.filter(employee_number="E9001").exists()
    assert client.post("/admin/org/staff/add/", {**staff, "name": "陳大明"}).status_code == 302
    assert Staff.objects.filter(employee_number="E9001", company=company).exists()
