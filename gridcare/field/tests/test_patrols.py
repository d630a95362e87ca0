"""R-3.7.1 (issue 7 item 4): a key account asks for a special patrol on the portal or
through its contact; production technology schedules or declines it; the patrol is then
recorded like an inspection. Refusals on the portal never tell whether an account exists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent
from gridcare.field.models import Inspection, PatrolRequest
from gridcare.field.services import (
    inspection_record,
    patrol_request_create,
    patrol_request_schedule,
)
from gridcare.keyaccounts.models import ContactAssignment, Designation

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal:patrol_request")


def _wish(**extra):
    today = timezone.localdate()
    return {
        "requested_by": "李電工",
        "what": "新變壓器投運前請巡視",
        "wanted_from": (today + timedelta(days=3)).isoformat(),
        "wanted_to": (today + timedelta(days=10)).isoformat(),
        **extra,
    }


def _request(customer, **extra):
    today = timezone.localdate()
    fields = {
        "customer": customer,
        "channel": "portal",
        "requested_by": "李電工",
        "what": "配電室巡視",
        "wanted_from": today + timedelta(days=2),
        "wanted_to": today + timedelta(days=9),
        "actor": None,
    }
    fields.update(extra)
    return patrol_request_create(**fields)


def test_a_key_account_asks_on_the_portal_with_its_phone_on_file(client, make_customer):
    customer = make_customer(key=True, phone="13800001111")
    response = client.post(
        PORTAL, {"account_number": customer.account_number, "phone": "+86 138-0000-1111", **_wish()}
    )
    assert response.status_code == 200 and response.context["sent"]
    request = PatrolRequest.objects.get()
    assert (request.customer, request.channel, request.status, request.what) == (
        customer,
        "portal",
        "requested",
        "新變壓器投運前請巡視",
    )
    assert request.wanted_from == timezone.localdate() + timedelta(days=3)
    event = AuditEvent.objects.get(action="field.patrol_request.created")
    assert event.payload["channel"] == "portal" and event.actor is None


def test_portal_refusals_look_alike_and_save_nothing(client, make_customer):
    """Unknown account, wrong phone, not a key account: one and the same answer."""
    key = make_customer(key=True, phone="13800001111")
    plain = make_customer(key=False, phone="13800002222")
    answers = []
    for number, phone in (
        ("NOSUCH01", "13800001111"),
        (key.account_number, "13800009999"),
        (plain.account_number, "13800002222"),
    ):
        response = client.post(PORTAL, {"account_number": number, "phone": phone, **_wish()})
        assert response.status_code == 200 and response.context["refused"]
        page = response.content.decode()
        answers.append(page[page.index('aria-live="polite"') : page.index("<form")])
    assert answers[0] == answers[1] == answers[2]
    assert not PatrolRequest.objects.exists()


def test_portal_requests_are_rate_limited_per_account(client, make_customer):
    customer = make_customer(key=True, phone="13800001111")
    for _n in range(10):
        client.post(
            PORTAL, {"account_number": customer.account_number, "phone": "13800000000", **_wish()}
        )
    response = client.post(
        PORTAL, {"account_number": customer.account_number, "phone": "13800001111", **_wish()}
    )
    assert response.status_code == 429 and response.context["limited"]
    assert not PatrolRequest.objects.exists()


def test_portal_request_in_the_past_is_refused_on_its_field(client, make_customer):
    customer = make_customer(key=True, phone="13800001111")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        PORTAL,
        {
            "account_number": customer.account_number,
            "phone": "13800001111",
            **_wish(wanted_from=yesterday),
        },
    )
    assert "wanted_from" in response.context["form"].errors
    assert not PatrolRequest.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"wanted_to": date.today() - timedelta(days=400)}, "wanted_to"),
        ({"wanted_to": date.today() + timedelta(days=200)}, "wanted_to"),
        ({"what": "  "}, "what"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_a_request_must_say_what_and_a_sensible_when(make_customer, extra, field):
    with pytest.raises(DomainError) as err:
        _request(make_customer(key=True), **extra)
    assert err.value.field == field


def test_only_key_accounts_may_ask(make_customer):
    with pytest.raises(DomainError) as err:
        _request(make_customer())
    assert err.value.field == "customer"


@pytest.fixture
def served(company, make_customer, marketing_director):
    """A key account on the list, served by the marketing director as its contact."""
    customer = make_customer(key=True)
    now = timezone.now()
    Designation.objects.create(
        company=company, customer=customer, valid_from=now.date(), started_at=now
    )
    ContactAssignment.objects.create(
        company=company, customer=customer, contact=marketing_director.staff, valid_from=now
    )
    return customer


def test_the_accounts_contact_raises_a_request(
    client, served, csc_director, field_unit, marketing_director
):
    url = reverse("field:patrol_request_for_account", args=[served.pk])
    client.force_login(field_unit)
    assert client.post(url, _wish()).status_code == 403
    client.force_login(csc_director)  # a contact, but not of this account
    assert client.post(url, _wish()).status_code == 404
    assert not PatrolRequest.objects.exists()
    client.force_login(marketing_director)
    assert client.get(url).status_code == 200
    assert client.post(url, _wish()).status_code == 302
    request = PatrolRequest.objects.get()
    assert (request.channel, request.customer) == ("contact", served)
    assert AuditEvent.objects.get(action="field.patrol_request.created").actor == (
        marketing_director
    )


def test_production_technology_schedules_from_the_queue_and_the_unit_records_it(
    client,
    prodtech,
    field_unit,
    dispatcher,
    make_staff,
    other_company,
    make_customer,
    departments,
    django_assert_max_num_queries,
):
    first = _request(make_customer(key=True), wanted_from=timezone.localdate() + timedelta(days=5))
    second = _request(make_customer(key=True), wanted_from=timezone.localdate() + timedelta(days=1))
    client.force_login(prodtech)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("field:patrol_queue"))
    assert page.context["waiting"] == [second, first]  # the earliest wish first
    client.force_login(make_staff("prodtech", company=other_company))
    assert client.get(reverse("field:patrol_queue")).context["waiting"] == []
    url = reverse("field:patrol_schedule", args=[first.pk])
    on = (timezone.localdate() + timedelta(days=6)).isoformat()
    data = {"unit": departments["line"].pk, "scheduled_for": on}
    assert client.post(url, data).status_code == 404
    client.force_login(dispatcher)
    assert client.post(url, data).status_code == 403
    client.force_login(prodtech)
    response = client.post(url, data)
    first.refresh_from_db()
    assert first.status == "scheduled"
    assert response.url == reverse("field:inspection_detail", args=[first.inspection_id])
    patrol = first.inspection
    assert (patrol.kind, patrol.status, patrol.unit, patrol.customer) == (
        "special",
        "planned",
        departments["line"],
        first.customer,
    )
    assert client.post(url, data).status_code == 302  # twice: refused, nothing changes
    assert Inspection.objects.count() == 1
    assert AuditEvent.objects.filter(action="field.patrol_request.scheduled").count() == 1
    done = inspection_record(
        inspection=patrol,
        inspected_at=timezone.now(),
        inspector=None,
        equipment="10kV進線電纜",
        condition="good",
        advice="",
        findings=[],
        actor=field_unit,
    )
    assert done.status == "done"


def test_a_request_is_declined_only_with_a_reason(client, prodtech, make_customer):
    request = _request(make_customer(key=True))
    url = reverse("field:patrol_decline", args=[request.pk])
    client.force_login(prodtech)
    client.post(url, {"reason": ""})
    request.refresh_from_db()
    assert request.status == "requested"
    client.post(url, {"reason": "與本月例行巡視重複"})
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "與本月例行巡視重複")
    assert AuditEvent.objects.filter(action="field.patrol_request.declined").exists()


def test_a_patrol_is_not_scheduled_in_the_past(make_customer, departments):
    request = _request(make_customer(key=True))
    with pytest.raises(DomainError) as err:
        patrol_request_schedule(
            request=request,
            unit=departments["line"],
            scheduled_for=timezone.localdate() - timedelta(days=1),
            actor=None,
        )
    assert err.value.field == "scheduled_for"
    request.refresh_from_db()
    assert request.status == "requested" and request.inspection is None
