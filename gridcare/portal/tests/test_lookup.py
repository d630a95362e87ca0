"""The customer's own view: number + phone on file shows the steps and clocks, and
nothing else; no sequence of guesses reveals another customer's data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gridcare.applications.services import application_receive, application_record_event
from gridcare.applications.tests.conftest import local
from gridcare.customers.models import Customer
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db

URL = "/portal/applications/"


@pytest.fixture
def two_applications(company, counter_clerk):
    def make(number: str, name: str, phone: str):
        customer = Customer.objects.create(
            company=company, account_number=number, name=name, category="non_residential",
            voltage="10kv", supply_sources=1, town="郵亭鎮", address="秘密路8號", phone=phone,
            contact_phone="023-4378 1234",
        )  # fmt: skip
        return application_receive(
            company=company, customer=customer, kind="new_connection",
            received_at=local("2025-09-30 10:00"), actor=counter_clerk,
        )  # fmt: skip

    mine = make("0100000001", "甲公司", "13912345678")
    application_record_event(
        application=mine, event="plan_replied", at=local("2025-10-10 10:00"), actor=counter_clerk
    )
    theirs = make("0100000002", "乙公司", "13887654321")
    return mine, theirs


def lookup(client, number: str, phone: str):
    return client.post(URL, {"number": number, "phone": phone})


def visible_text(response) -> str:
    """The page without the CSRF token, which differs on every response."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_lookup_url_is_public_and_named(client) -> None:
    assert reverse("portal:application_lookup") == URL
    response = client.get(URL)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


def test_the_right_pair_shows_steps_dates_and_clocks_and_nothing_else(
    client, two_applications
) -> None:
    mine, _theirs = two_applications
    response = lookup(client, mine.number.lower(), "+86 139-1234-5678")
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.number in text and "2025-10-10" in text
    assert "2025-10-16" in text  # the plan reply clock's due date
    # Nothing else about the customer: no name, account number, address or phone.
    for secret in ("甲公司", "0100000001", "秘密路", "13912345678", "乙公司"):
        assert secret not in text


def test_a_contact_phone_on_file_also_works(client, two_applications) -> None:
    mine, _ = two_applications
    assert mine.number in lookup(client, mine.number, "02343781234").content.decode()


def test_a_wrong_pair_answers_exactly_like_an_unknown_number(client, two_applications) -> None:
    mine, theirs = two_applications
    unknown = lookup(client, "YK2025-999999", "13912345678")
    wrong_phone = lookup(client, mine.number, "13900000000")
    other_customers_phone = lookup(client, mine.number, "13887654321")
    assert unknown.status_code == wrong_phone.status_code == other_customers_phone.status_code
    unknown_text = visible_text(unknown).replace("YK2025-999999", "N")
    assert visible_text(wrong_phone).replace(mine.number, "N") == unknown_text
    assert visible_text(other_customers_phone).replace(mine.number, "N") == unknown_text
    assert theirs.number not in visible_text(other_customers_phone)


def test_short_or_partial_phones_never_match(client, two_applications) -> None:
    mine, _ = two_applications
    for guess in ("", "5678", "1391234567", "139123456789", "%", "*"):
        text = lookup(client, mine.number, guess).content.decode()
        assert "2025-10-16" not in text


def test_guessing_is_rate_limited_per_number_and_per_address(client, two_applications) -> None:
    mine, _ = two_applications
    codes = [lookup(client, mine.number, f"1390000{i:04d}").status_code for i in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    # Even the right phone is refused once the number is locked: guessing cannot win.
    locked = lookup(client, mine.number, "13912345678")
    assert locked.status_code == 429 and "2025-10-16" not in locked.content.decode()


def test_many_numbers_from_one_address_are_limited_too(client, two_applications) -> None:
    codes = [lookup(client, f"YK2025-{i:06d}", "13912345678").status_code for i in range(100, 125)]
    assert 429 in codes and codes.index(429) == 20


def test_the_public_page_shows_no_staff_menu(client, two_applications) -> None:
    text = client.get(URL).content.decode()
    assert "gc-sidebar" not in text and "/accounts/logout/" not in text


def full_width(text: str) -> str:
    """ASCII digits written as full-width digits (０-９), as a phone keyboard may send."""
    return "".join(chr(ord(ch) - ord("0") + ord("０")) if ch.isdigit() else ch for ch in text)


def test_full_width_digits_answer_like_any_other_phone(client, two_applications) -> None:
    """A non-ASCII phone never errors, so it cannot tell a known number from an unknown."""
    mine, _ = two_applications
    unknown = lookup(client, "YK2025-999999", full_width("13900000000"))
    wrong_phone = lookup(client, mine.number, full_width("13900000000"))
    assert unknown.status_code == wrong_phone.status_code == 200
    unknown_text = visible_text(unknown).replace("YK2025-999999", "N")
    assert visible_text(wrong_phone).replace(mine.number, "N") == unknown_text
    # The right phone typed in full-width digits is the same number.
    right = lookup(client, mine.number, full_width("+86 139-1234-5678"))
    assert right.status_code == 200 and "2025-10-16" in right.content.decode()


def test_the_patrol_form_answers_full_width_digits_like_a_miss(client, company) -> None:
    key_account = Customer.objects.create(
        company=company, account_number="0100000009", name="丙公司", category="non_residential",
        voltage="10kv", supply_sources=1, town="郵亭鎮", phone="13800001111", is_key_account=True,
    )  # fmt: skip
    wish = {"requested_by": "李電工", "what": "巡視", "wanted_from": "2099-01-01"}
    wish["wanted_to"] = "2099-01-02"
    answers = []
    for number in ("NOSUCH01", key_account.account_number):
        response = client.post(
            reverse("portal:patrol_request"),
            {"account_number": number, "phone": full_width("13800009999"), **wish},
        )
        assert response.status_code == 200 and response.context["refused"]
        answers.append(visible_text(response).replace(number, "N"))
    assert answers[0] == answers[1]


def test_the_public_sees_the_company_and_limits_in_words_not_clause_numbers(
    client, two_applications, company
) -> None:
    mine, _ = two_applications
    page = lookup(client, mine.number, "13912345678").content.decode()
    assert company.name in page  # the header and the result name the company
    clock = clocks_of(mine)[0]
    assert clock.standard.localised_title in page
    # No clause number (such as 2.10) next to the limit: the public reads the limit's title.
    assert re.search(r">\s*\d\.\d+(\.\d+)?\s", page) is None
    # The number field's hint is a help text, not a placeholder that looks like data.
    assert 'placeholder="YK' not in client.get(URL).content.decode()
