"""Fees only by the catalogue (R-2.1): every item cites the document that authorises it,
and the database itself refuses a charge outside the catalogue."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from gridcare.core.errors import DomainError
from gridcare.frontoffice.models import Charge, FeeItem
from gridcare.frontoffice.services.fees import charge_record
from gridcare.frontoffice.tests.conftest import at
from gridcare.org.models import Company
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(at("2025-06-30 16:00"), tick=False):
        yield


def fee_item(company: Company, **fields: Any) -> FeeItem:
    values = {
        "code": "meter-test",
        "name": "電能表校驗費",
        "unit": "只",
        "amount_fen": 5000,
        "authority_number": "渝價〔2003〕215號",
        "authority_title": "重慶市物價局關於供電企業服務收費標準的通知",
        "authority_date": date(2003, 9, 1),
        "effective_from": date(2004, 1, 1),
        "effective_to": date(2025, 7, 1),
        **fields,
    }
    return FeeItem.objects.create(company=company, **values)


def charge_row(item: FeeItem, company: Company, staff: Any, **fields: Any) -> Charge:
    values = {
        "charged_on": date(2025, 6, 1),
        "quantity": 1,
        "amount_fen": item.amount_fen,
        "customer_name": "王先生",
        "receipt_number": "R1",
        "recorded_by": staff,
        "recorded_at": at("2025-06-01 10:00"),
        **fields,
    }
    return Charge.objects.create(company=company, fee_item=item, **values)


def test_a_charge_is_recorded_at_the_catalogue_amount(company: Company, counter_clerk: Any) -> None:
    item = fee_item(company)
    charge = charge_record(
        company=company,
        fee_item=item,
        charged_on=date(2025, 6, 1),
        quantity=2,
        customer_name="王先生",
        receipt_number="DZ001",
        actor=counter_clerk,
    )
    assert charge.amount_fen == 10000 and charge.amount_yuan == "100.00"


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"charged_on": date(2025, 7, 1)}, "after the item ended"),
        ({"charged_on": date(2003, 12, 31)}, "before the item took effect"),
        ({"amount_fen": 6000}, "an amount of one's own making"),
        ({"quantity": 2}, "the amount not times the quantity"),
    ],
)
def test_the_database_refuses_a_charge_outside_the_catalogue(
    company: Company, counter_clerk: Any, fields: dict[str, Any], why: str
) -> None:
    """The rule holds whatever writes the row (a script, the admin): no form involved."""
    item = fee_item(company)
    with pytest.raises(IntegrityError), transaction.atomic():
        charge_row(item, company, staff_of(counter_clerk), **fields)
    assert not Charge.objects.exists(), why


def test_the_database_refuses_another_companys_item(
    company: Company, other_company: Company, counter_clerk: Any
) -> None:
    item = fee_item(other_company)
    with pytest.raises(IntegrityError), transaction.atomic():
        charge_row(item, company, staff_of(counter_clerk))


def test_a_fee_item_cannot_be_changed_under_recorded_charges(
    company: Company, counter_clerk: Any
) -> None:
    item = fee_item(company)
    charge_row(item, company, staff_of(counter_clerk))
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeItem.objects.filter(pk=item.pk).update(amount_fen=8000)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeItem.objects.filter(pk=item.pk).update(effective_to=date(2025, 5, 1))
    FeeItem.objects.filter(pk=item.pk).update(effective_to=date(2025, 6, 2))  # still covers it


def test_the_service_says_why_a_charge_is_refused(company: Company, counter_clerk: Any) -> None:
    item = fee_item(company, effective_to=date(2025, 3, 1))
    with pytest.raises(DomainError) as refused:
        charge_record(
            company=company,
            fee_item=item,
            charged_on=date(2025, 6, 1),
            quantity=1,
            customer_name="王先生",
            receipt_number="DZ002",
            actor=counter_clerk,
        )
    assert refused.value.field == "fee_item"
    assert not Charge.objects.exists()


def test_recording_a_charge_from_the_page(
    client: Any, company: Company, counter_clerk: Any, csc_agent: Any
) -> None:
    item = fee_item(company)
    data = {
        "fee_item": item.pk,
        "charged_on": "2025-06-30",
        "quantity": "1",
        "customer_name": "王先生",
        "receipt_number": "DZ003",
    }
    client.force_login(csc_agent)
    assert client.post(reverse("frontoffice:charge_new"), data).status_code == 403
    client.force_login(counter_clerk)
    assert client.post(reverse("frontoffice:charge_new"), data).status_code == 302
    late = client.post(
        reverse("frontoffice:charge_new"),
        {**data, "receipt_number": "DZ004", "charged_on": "2025-07-01"},
    )
    assert late.status_code == 200 and "fee_item" in late.context["form"].errors
    assert Charge.objects.count() == 1


def test_the_report_by_item_and_the_lists(
    client: Any,
    company: Company,
    counter_clerk: Any,
    leader: Any,
    field_unit: Any,
    django_assert_max_num_queries: Any,
) -> None:
    item = fee_item(company)
    for n in range(3):
        charge_row(
            item,
            company,
            staff_of(counter_clerk),
            receipt_number=f"R{n}",
            quantity=n + 1,
            amount_fen=5000 * (n + 1),
        )
    client.force_login(leader)
    report = client.get(
        reverse("frontoffice:charge_report"), {"date_from": "2025-06-01", "date_to": "2025-06-30"}
    )
    (row,) = report.context["rows"]
    assert (row["count"], row["quantity"], row["amount_yuan"]) == (3, 6, "300.00")
    with django_assert_max_num_queries(10):
        listed = client.get(reverse("frontoffice:charge_list"))
    assert len(listed.context["page"].items) == 3
    assert client.get(reverse("frontoffice:fee_catalogue")).status_code == 200
    client.force_login(field_unit)
    assert client.get(reverse("frontoffice:charge_report")).status_code == 403
