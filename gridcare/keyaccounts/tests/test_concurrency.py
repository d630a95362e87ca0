"""Two approvers approving the same key-account list at the same moment (issue 9 item 7,
R-3.3.4): on PostgreSQL each approval runs on its own connection and they meet at a
barrier. The round's row lock lets one approve; the list takes effect once and the other
approver is told the list is already approved."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from gridcare.core.errors import TransitionError
from gridcare.core.models import AuditEvent
from gridcare.keyaccounts.models import ContactAssignment, Designation, DesignationRound
from gridcare.keyaccounts.services.rounds import (
    designation_entry_update,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
)
from gridcare.rules.selectors import clocks_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_approvers_approving_the_same_list_at_once_approve_it_once(
    company: Any,
    make_customer: Any,
    marketing_officer: Any,
    marketing_director: Any,
    leader: Any,
    csc_director: Any,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")
    customers = [make_customer(is_government_body=True), make_customer(is_key_project=True)]
    round = designation_round_open(company=company, actor=marketing_officer)
    for entry in round.entries.all():
        designation_entry_update(
            entry=entry,
            included=True,
            reason="",
            contact=csc_director.staff,
            actor=marketing_officer,
        )
    designation_round_submit(round=round, actor=marketing_officer)
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def approve(approver: Any) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                results[approver.username] = designation_round_approve(
                    round=round, actor=approver, note=f"{approver.username} 同意"
                )
        # Any error, an IntegrityError too, is kept: the assertions show it, where an
        # exception escaping the thread would only be printed.
        except Exception as error:
            results[approver.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (leader, marketing_director)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    won = [r for r in results.values() if isinstance(r, DesignationRound)]
    refused = [r for r in results.values() if isinstance(r, TransitionError)]
    assert (len(won), len(refused)) == (1, 1), results
    assert refused[0].message == "This cannot change from “Approved” to “Approved”."
    round.refresh_from_db()
    assert round.status == DesignationRound.Status.APPROVED
    assert round.decided_by_id == won[0].decided_by_id
    assert round.decision_note == f"{round.decided_by.username} 同意"
    approvals = AuditEvent.objects.filter(action="keyaccounts.round.approved")
    assert list(approvals.values_list("actor_id", flat=True)) == [round.decided_by_id]
    for customer in customers:
        assert Designation.objects.filter(customer=customer).count() == 1
        assert ContactAssignment.objects.filter(customer=customer, valid_to=None).count() == 1
    assert [c.standard.code for c in clocks_of(round)] == ["keyaccount.designation_round"]
