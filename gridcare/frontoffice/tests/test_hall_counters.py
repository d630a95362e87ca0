"""A clerk drives the counters of their own hall only (R-2.9: the clerk at the counter
serves the customers of that hall), refused on the server whatever ids are sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gridcare.frontoffice.models import Counter, ServiceHall, Ticket
from gridcare.frontoffice.services.halls import ticket_take
from gridcare.org.models import Company, Department

pytestmark = pytest.mark.django_db


def _hall(company: Company, code: str, name: str) -> ServiceHall:
    department = Department.objects.create(
        company=company, code=code, name=name, kind="service_hall"
    )
    hall = ServiceHall.objects.create(
        company=company, department=department, name=name, address="-", opening_hours="-"
    )
    Counter.objects.create(hall=hall, number=1, name="1號窗口")
    return hall


def _urls(hall_id: int, counter_id: int) -> tuple[str, str]:
    return (
        reverse("frontoffice:counter", args=[hall_id, counter_id]),
        reverse("frontoffice:counter_action", args=[hall_id, counter_id, "call"]),
    )


def test_a_clerk_cannot_drive_a_counter_of_another_hall_of_the_company(
    client: Any, hall: ServiceHall, counter_clerk: Any, company: Company
) -> None:
    tangxiang = _hall(company, "hall-tangxiang", "棠香供電門市")
    ticket = ticket_take(hall=tangxiang, kind="business")
    counter = tangxiang.counters.get()
    client.force_login(counter_clerk)
    screen, call = _urls(tangxiang.pk, counter.pk)
    assert client.get(screen).status_code == 403
    assert client.post(call).status_code == 403
    # Their own hall's id with the other hall's counter id names no counter.
    screen, call = _urls(hall.pk, counter.pk)
    assert client.get(screen).status_code == 404
    assert client.post(call).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING and ticket.counter_id is None


def test_the_clerk_of_that_hall_drives_its_counter(
    client: Any, hall: ServiceHall, make_staff: Any, company: Company
) -> None:
    tangxiang = _hall(company, "hall-tangxiang", "棠香供電門市")
    clerk = make_staff("counter_clerk", company=company)
    clerk.staff.department = tangxiang.department
    clerk.staff.save()
    ticket = ticket_take(hall=tangxiang, kind="business")
    client.force_login(clerk)
    screen, call = _urls(tangxiang.pk, tangxiang.counters.get().pk)
    assert client.get(screen).status_code == 200
    assert client.post(call).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CALLED


def test_a_counter_of_another_company_is_not_found(
    client: Any, counter_clerk: Any, other_company: Company
) -> None:
    foreign = _hall(other_company, "hall-tongliang", "銅梁供電門市")
    ticket = ticket_take(hall=foreign, kind="business")
    client.force_login(counter_clerk)
    screen, call = _urls(foreign.pk, foreign.counters.get().pk)
    assert client.get(screen).status_code == 404
    assert client.post(call).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING


def test_the_halls_page_links_the_counters_of_the_clerks_own_hall_only(
    client: Any, hall: ServiceHall, counter_clerk: Any, company: Company
) -> None:
    tangxiang = _hall(company, "hall-tangxiang", "棠香供電門市")
    client.force_login(counter_clerk)
    page = client.get(reverse("frontoffice:hall_list")).content.decode()
    own = hall.counters.first()
    assert reverse("frontoffice:counter", args=[hall.pk, own.pk]) in page
    other = tangxiang.counters.get()
    assert reverse("frontoffice:counter", args=[tangxiang.pk, other.pk]) not in page
