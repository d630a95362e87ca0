"""One check of account numbers and names for the importer, the forms and the API: what
one refuses, all refuse (docs/security.md, V2)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gridcare.customers.models import Customer, CustomerImport
from gridcare.customers.services import customer_import_start
from gridcare.customers.tests.test_import import as_csv, row

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["01 000", "0100/01", "0100０01", "01;DROP"]
#: A right-to-left override, a zero-width space, a zero-width joiner, a byte-order mark.
BAD_NAMES = ["甲公司\u202e司公乙", "甲\u200b公司", "陳\u200d大明", "\ufeff陳大明"]

FIELDS = {"category": "residential", "voltage": "low", "supply_sources": 1}


@pytest.fixture
def api(marketing_director) -> APIClient:
    client = APIClient()
    client.force_authenticate(marketing_director)
    return client


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_an_account_number_the_importer_refuses_the_api_and_the_form_refuse(
    api, client, marketing_director, company, number, django_capture_on_commit_callbacks
) -> None:
    answer = api.post("/api/v1/customers/", {"account_number": number, "name": "甲", **FIELDS})
    assert answer.status_code == 400 and "account_number" in answer.json()
    client.force_login(marketing_director)
    page = client.post("/customers/new/", {"account_number": number, "name": "甲", **FIELDS})
    assert page.status_code == 200 and page.context["form"].errors["account_number"]
    upload = SimpleUploadedFile("r.csv", as_csv([row(number)]))
    with django_capture_on_commit_callbacks(execute=True):
        started = customer_import_start(company=company, upload=upload, actor=marketing_director)
    imported = CustomerImport.objects.get(pk=started.pk)
    assert (imported.created, imported.rejected) == (0, 1)
    assert not Customer.objects.exists()


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_name_with_invisible_direction_or_zero_width_characters_is_refused_everywhere(
    api, client, marketing_director, company, name, django_capture_on_commit_callbacks
) -> None:
    answer = api.post("/api/v1/customers/", {"account_number": "01", "name": name, **FIELDS})
    assert answer.status_code == 400 and "name" in answer.json()
    contact = api.post(
        "/api/v1/customers/",
        {"account_number": "02", "name": "甲", "contact_name": name, **FIELDS},
    )
    assert contact.status_code == 400 and "contact_name" in contact.json()
    client.force_login(marketing_director)
    page = client.post("/customers/new/", {"account_number": "03", "name": name, **FIELDS})
    assert page.status_code == 200 and page.context["form"].errors["name"]
    upload = SimpleUploadedFile("r.csv", as_csv([row("04", name=name), row("05")]))
    with django_capture_on_commit_callbacks(execute=True):
        started = customer_import_start(company=company, upload=upload, actor=marketing_director)
    imported = CustomerImport.objects.get(pk=started.pk)
    assert (imported.created, imported.rejected) == (1, 1)
    assert list(Customer.objects.values_list("account_number", flat=True)) == ["05"]


def test_a_change_through_the_api_is_checked_too(api, company) -> None:
    Customer.objects.create(company=company, account_number="0100000001", name="甲", **FIELDS)
    answer = api.patch("/api/v1/customers/0100000001/", {"name": "乙\u2066公司"})
    assert answer.status_code == 400 and "name" in answer.json()
    assert Customer.objects.get().name == "甲"
