"""The administration site: deployment administrators (superusers) see it all; a company
administrator only the pages of their daily work, with their company's rows only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gridcare.core.models import SessionCutoff
from gridcare.customers.services import customer_create
from gridcare.org.demo import load_demo_organisation
from gridcare.org.models import Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_admin(make_staff, company):
    return make_staff("administrator", company=company, is_staff=True)


@pytest.fixture
def foreign_clerk(make_staff, other_company):
    return make_staff("counter_clerk", company=other_company)


def test_the_demo_administrator_is_a_company_administrator_not_a_superuser() -> None:
    load_demo_organisation()
    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser
    assert admin.groups.filter(name="administrator").exists()


def test_a_demo_loaded_before_is_corrected() -> None:
    load_demo_organisation()
    get_user_model().objects.filter(username="admin").update(is_superuser=True)
    load_demo_organisation()
    assert not get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.parametrize(
    "path",
    [
        "/admin/customers/customer/",
        "/admin/core/auditevent/",
        "/admin/org/company/",
        "/admin/auth/user/",
        "/admin/otp_totp/totpdevice/",
    ],
)
def test_a_company_administrator_is_refused_the_deployment_pages(
    client, company_admin, company, other_company, path
) -> None:
    customer_create(
        company=other_company,
        account_number="FOREIGN-1",
        name="客戶",
        category="residential",
        voltage="low",
        supply_sources=1,
        actor=None,
    )
    client.force_login(company_admin)
    response = client.get(path)
    assert response.status_code == 403
    assert "FOREIGN-1" not in response.content.decode()


def test_a_superuser_keeps_every_page(client, superuser) -> None:
    client.force_login(superuser)
    for path in ["/admin/customers/customer/", "/admin/auth/user/", "/admin/org/company/"]:
        assert client.get(path).status_code == 200


def test_the_staff_pages_show_only_the_administrators_company(
    client, company_admin, foreign_clerk, counter_clerk
) -> None:
    foreign = Staff.objects.get(user=foreign_clerk)
    client.force_login(company_admin)
    listing = client.get("/admin/org/staff/").content.decode()
    assert Staff.objects.get(user=counter_clerk).name in listing
    assert foreign.name not in listing
    change = client.get(f"/admin/org/staff/{foreign.pk}/change/")
    assert change.status_code == 302  # "does not exist": back to the index
    assert foreign.name not in client.get(change["Location"]).content.decode()
    departments = client.get("/admin/org/department/").content.decode()
    assert f"/admin/org/department/{foreign.department_id}/change/" not in departments
    assert f"/admin/org/department/{counter_clerk.staff.department_id}/change/" in departments


def test_the_staff_form_offers_only_the_administrators_company(
    client, company_admin, other_company, company
) -> None:
    client.force_login(company_admin)
    form = client.get("/admin/org/staff/add/").content.decode()
    assert company.name in form
    assert other_company.name not in form


def test_ending_sessions_of_another_companys_staff_is_refused_on_the_server(
    client, company_admin, foreign_clerk
) -> None:
    foreign = Staff.objects.get(user=foreign_clerk)
    client.force_login(company_admin)
    client.post(
        "/admin/org/staff/",
        {"action": "end_sessions", "_selected_action": [foreign.pk], "index": 0},
    )
    assert not SessionCutoff.objects.filter(user=foreign_clerk).exists()
    assert client.post(f"/org/users/{foreign_clerk.pk}/end-sessions/").status_code == 403
    assert client.post(f"/accounts/mfa/administration/reset/{foreign_clerk.pk}/").status_code == 403


def test_ending_sessions_of_own_staff_from_the_admin_site_works(
    client, company_admin, counter_clerk
) -> None:
    client.force_login(company_admin)
    client.post(
        "/admin/org/staff/",
        {
            "action": "end_sessions",
            "_selected_action": [Staff.objects.get(user=counter_clerk).pk],
            "index": 0,
        },
    )
    assert SessionCutoff.objects.filter(user=counter_clerk).exists()
