"""The customer register's pages and API: search, detail, create, edit, scope."""

from __future__ import annotations

import pytest

from gridcare.applications.tests.conftest import api_for
from gridcare.core.models import AuditEvent
from gridcare.customers.models import Customer
from gridcare.customers.services import customer_set_key_account

pytestmark = pytest.mark.django_db


def customer(company, number: str = "0100000001", **extra) -> Customer:
    values = dict(
        company=company, account_number=number, name="龍水鎮五金廠", category="non_residential",
        voltage="low", town="龍水鎮", address="正街8號", phone="13900001111",
    )  # fmt: skip
    values.update(extra)
    return Customer.objects.create(**values)


@pytest.mark.parametrize("query", ["01000000", "五金", "1390000", "正街8"])
def test_customers_are_found_by_number_name_phone_or_address(
    client, counter_clerk, company, query, django_assert_max_num_queries
) -> None:
    wanted = customer(company)
    customer(company, "0200000002", name="棠香超市", phone="13800002222", address="北環路1號")
    client.force_login(counter_clerk)
    with django_assert_max_num_queries(10):
        page = client.get("/customers/", {"q": query})
    assert [c.pk for c in page.context["page"].items] == [wanted.pk]


def test_a_clerk_adds_and_edits_a_customer_and_each_change_is_audited(
    client, counter_clerk
) -> None:
    client.force_login(counter_clerk)
    response = client.post(
        "/customers/new/",
        {"account_number": "0300000003", "name": "郵亭鎮衛生院", "category": "non_residential",
         "voltage": "10kv", "supply_sources": "2", "annual_consumption_kwh": "120000"},
    )  # fmt: skip
    created = Customer.objects.get(account_number="0300000003")
    assert response.status_code == 302 and created.supply_sources == 2
    edit = client.post(
        f"/customers/{created.pk}/edit/",
        {"account_number": "changed", "name": "郵亭鎮中心衛生院", "category": "non_residential",
         "voltage": "10kv", "supply_sources": "2", "annual_consumption_kwh": "120000"},
    )  # fmt: skip
    assert edit.status_code == 302
    created.refresh_from_db()
    assert (created.account_number, created.name) == ("0300000003", "郵亭鎮中心衛生院")
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(created.pk), action__startswith="customers."
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["customers.customer.changed", "customers.customer.created"]
    detail = client.get(f"/customers/{created.pk}/").content.decode()
    assert "郵亭鎮中心衛生院" in detail and "客戶資料已修改" in detail
    assert "customers.customer.changed" not in detail


def test_a_duplicate_number_in_the_form_is_named_and_nothing_is_written(
    client, counter_clerk, company
) -> None:
    customer(company)
    client.force_login(counter_clerk)
    response = client.post(
        "/customers/new/",
        {"account_number": "0100000001", "name": "x", "category": "residential",
         "voltage": "low", "supply_sources": "1", "annual_consumption_kwh": "0"},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["account_number"]
    assert Customer.objects.count() == 1


def test_refused_users_and_other_companies(client, field_unit, make_staff, other_company, company):
    mine = customer(company)
    client.force_login(field_unit)
    assert client.get("/customers/").status_code == 403
    assert client.get(f"/customers/{mine.pk}/").status_code == 403
    assert client.get("/customers/new/").status_code == 403
    client.force_login(make_staff("counter_clerk", company=other_company))
    assert client.get(f"/customers/{mine.pk}/").status_code == 404
    assert client.get(f"/customers/{mine.pk}/edit/").status_code == 404


def test_the_customer_api_lists_searches_and_patches(
    counter_clerk, company, django_assert_max_num_queries
) -> None:
    for i in range(5):
        customer(company, f"01000000{i:02d}", name=f"客戶{i}")
    api = api_for(counter_clerk)
    with django_assert_max_num_queries(8):
        page = api.get("/api/v1/customers/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]
    assert [c["name"] for c in api.get("/api/v1/customers/?search=客戶3").json()["results"]] == [
        "客戶3"
    ]
    patched = api.patch(
        "/api/v1/customers/0100000003/", {"phone": "13333333333", "account_number": "x"},
        format="json",
    )  # fmt: skip
    assert patched.status_code == 200
    assert patched.json()["phone"] == "13333333333"
    assert patched.json()["account_number"] == "0100000003"
    bad = api.patch("/api/v1/customers/0100000003/", {"voltage": "35kv"}, format="json")
    assert bad.status_code == 400 and "voltage" in bad.json()


def test_a_key_account_follows_into_its_open_applications(
    counter_clerk, company, marketing_director
) -> None:
    """R-3.7.3: when the keyaccounts module designates a customer, its open work re-sorts."""
    from gridcare.applications.models import Application
    from gridcare.applications.services import application_receive
    from gridcare.applications.tests.conftest import local

    someone = customer(company)
    application = application_receive(
        company=company, customer=someone, kind="new_connection",
        received_at=local("2025-09-30 10:00"), actor=counter_clerk,
    )  # fmt: skip
    customer_set_key_account(customer=someone, value=True, actor=marketing_director, reason="R")
    assert Application.objects.get(pk=application.pk).is_key_account
    api = api_for(counter_clerk)
    assert api.get("/api/v1/customers/0100000001/").json()["is_key_account"] is True
    assert AuditEvent.objects.filter(action="customers.customer.key_account_set").count() == 1
