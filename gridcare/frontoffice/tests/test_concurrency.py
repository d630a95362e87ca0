"""Several clerks acting on the same queue, ticket or referral at the same moment (issue 9
item 7): on PostgreSQL each call runs on its own connection and they meet at a barrier.
The row locks let exactly one win; nothing is called twice, skipped or lost, and the
others are refused with a clear message (R-2.6, R-2.9 the hall queue; R-2.7 referrals)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest
from django.db import connection

from gridcare.conftest import at_once
from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent, Notification
from gridcare.frontoffice.models import Counter, Matter, Referral, ServiceHall, Ticket
from gridcare.frontoffice.services.halls import (
    ticket_call_next,
    ticket_finish,
    ticket_start,
    ticket_take,
)
from gridcare.frontoffice.services.matters import matter_open, matter_refer, referral_answer
from gridcare.frontoffice.tests.conftest import at
from gridcare.org.selectors import staff_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")


def audited(action: str, obj: Any) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).count()


def test_counters_calling_next_at_once_each_call_a_different_customer_in_order(
    hall: ServiceHall, make_staff: Any, company: Any
) -> None:
    """Four counters press "call next" together with six customers waiting: the four who
    waited longest are called, each by exactly one counter; the two others still wait."""
    for number in (3, 4):
        Counter.objects.create(hall=hall, number=number, name=f"{number}號窗口")
    waiting = [
        ticket_take(hall=hall, kind="payment", at=at(f"2025-03-03 09:0{minute}"))
        for minute in range(6)
    ]
    counters = list(hall.counters.order_by("number"))
    clerks = [make_staff("counter_clerk", company=company) for _ in counters]

    results = at_once(
        *(
            partial(ticket_call_next, counter=counter, at=at("2025-03-03 09:10"), actor=clerk)
            for counter, clerk in zip(counters, clerks, strict=True)
        )
    )

    assert all(isinstance(result, Ticket) for result in results), results
    called = Ticket.objects.filter(status=Ticket.Status.CALLED)
    assert sorted(called.values_list("pk", flat=True)) == [t.pk for t in waiting[:4]]
    assert sorted(called.values_list("counter__number", flat=True)) == [1, 2, 3, 4]
    for counter, clerk, result in zip(counters, clerks, results, strict=True):
        assert (result.counter_id, result.clerk_id) == (counter.pk, staff_of(clerk).pk)
    assert set(
        Ticket.objects.filter(status=Ticket.Status.WAITING).values_list("pk", flat=True)
    ) == {waiting[4].pk, waiting[5].pk}
    assert AuditEvent.objects.filter(action="frontoffice.ticket.called").count() == 4


def test_one_counter_pressed_twice_at_once_calls_one_customer(
    hall: ServiceHall, counter_clerk: Any, make_staff: Any, company: Any
) -> None:
    """Two clerks sharing counter 1 (or a double tap): the counter serves one customer at a
    time, so one press calls the first customer, the other is told to finish first."""
    first = ticket_take(hall=hall, kind="business", at=at("2025-03-03 09:00"))
    second = ticket_take(hall=hall, kind="business", at=at("2025-03-03 09:01"))
    counter = hall.counters.get(number=1)
    other = make_staff("counter_clerk", company=company)

    results = at_once(
        *(
            partial(ticket_call_next, counter=counter, at=at("2025-03-03 09:05"), actor=clerk)
            for clerk in (counter_clerk, other)
        )
    )

    assert [type(r) for r in results].count(Ticket) == 1, results
    refused = next(r for r in results if not isinstance(r, Ticket))
    assert isinstance(refused, DomainError)
    assert refused.message == "Finish the current customer first."
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.counter_id) == (Ticket.Status.CALLED, counter.pk)
    assert second.status == Ticket.Status.WAITING and second.counter_id is None


def test_two_clerks_starting_and_finishing_the_same_ticket_at_once_one_wins(
    hall: ServiceHall, counter_clerk: Any, make_staff: Any, company: Any
) -> None:
    """Start, then finish, pressed by two clerks together: each step is recorded once, with
    the winner's time; the other clerk is told the step is not allowed any more."""
    ticket_take(hall=hall, kind="business", at=at("2025-03-03 09:00"))
    ticket = ticket_call_next(
        counter=hall.counters.get(number=1), at=at("2025-03-03 09:02"), actor=counter_clerk
    )
    assert ticket is not None
    other = make_staff("counter_clerk", company=company)
    clerks = (counter_clerk, other)

    for step, status, minute, field in (
        (ticket_start, Ticket.Status.SERVING, 3, "started_at"),
        (ticket_finish, Ticket.Status.DONE, 9, "finished_at"),
    ):
        results = at_once(
            *(
                partial(
                    step, ticket=ticket, at=at(f"2025-03-03 09:0{minute}:{second:02d}"), actor=clerk
                )
                for second, clerk in enumerate(clerks)
            )
        )
        won = [r for r in results if isinstance(r, Ticket)]
        refused = [r for r in results if isinstance(r, TransitionError)]
        assert (len(won), len(refused)) == (1, 1), results
        assert refused[0].message == f"Not allowed now: {status} → {status}."
        assert refused[0].field == "status"
        assert audited(f"frontoffice.ticket.{status}", ticket) == 1
        ticket.refresh_from_db()
        assert ticket.status == status
        assert getattr(ticket, field) == getattr(won[0], field)
    assert ticket.handling_seconds == int((ticket.finished_at - ticket.started_at).total_seconds())


def test_two_department_users_answering_the_same_referral_at_once_one_answer_is_kept(
    csc_agent: Any, field_unit: Any, make_staff: Any, company: Any
) -> None:
    """R-2.7: the department answers once; the second answer is refused, not lost silently
    over the first, and the owner is told once."""
    matter = matter_open(
        company=company,
        kind="consultation",
        channel="phone",
        subject="電壓偏低",
        description="晚間燈光昏暗",
        customer_name="王先生",
        received_at=at("2025-03-03 10:00"),
        actor=csc_agent,
    )
    referral = matter_refer(
        matter=matter,
        department=staff_of(field_unit).department,
        contact_person="線路所值班員",
        request="請核實電壓",
        due=date(2025, 3, 5),
        at=at("2025-03-03 10:30"),
        actor=csc_agent,
    )
    colleague = make_staff("field_unit", company=company)
    answers = {field_unit.pk: "已調整變壓器分接頭", colleague.pk: "已派員現場測量"}

    results = at_once(
        *(
            partial(
                referral_answer,
                referral=referral,
                answer=answers[user.pk],
                at=at("2025-03-04 09:00"),
                actor=user,
            )
            for user in (field_unit, colleague)
        )
    )

    won = [r for r in results if isinstance(r, Referral)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert (len(won), len(refused)) == (1, 1), results
    assert refused[0].message == "This referral is already answered."
    referral.refresh_from_db()
    assert referral.answered_by_id == won[0].answered_by_id
    assert referral.answer == answers[referral.answered_by.user_id]
    matter.refresh_from_db()
    assert matter.status == Matter.Status.ANSWERED
    assert audited("frontoffice.matter.answered", matter) == 1
    told = Notification.objects.filter(recipient=csc_agent, key__startswith="referral-answered:")
    assert told.count() == 1
