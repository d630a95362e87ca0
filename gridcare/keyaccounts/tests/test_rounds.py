"""R-3.3.2 … R-3.3.4: designation rounds drafted by marketing and approved by the company,
their two years and the reminder that opens the next round, interim additions,
adjustments with a reason, and the list on any past date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent, Notification
from gridcare.customers.models import Customer
from gridcare.keyaccounts.models import (
    ContactAssignment,
    Designation,
    DesignationRound,
    RoundEntry,
)
from gridcare.keyaccounts.selectors import list_on
from gridcare.keyaccounts.services.designation import (
    keyaccount_list_adjust,
)
from gridcare.keyaccounts.services.rounds import (
    designation_entry_add,
    designation_entry_update,
    designation_interim_propose,
    designation_round_approve,
    designation_round_open,
    designation_round_return,
    designation_round_submit,
    designation_rounds_remind,
)
from gridcare.keyaccounts.tests.conftest import local
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db

ROUND = "keyaccount.designation_round"


def _round_clock(round: DesignationRound) -> Clock:
    return next(c for c in clocks_of(round) if c.standard.code == ROUND)


def _listed(company, on: date, user) -> set[int]:
    return set(list_on(user=user, on=on).values_list("customer_id", flat=True))


def test_a_round_goes_from_draft_to_approval_and_its_list_takes_effect(
    company, make_customer, marketing_director, leader, csc_director
) -> None:
    """R-3.3.3 marketing drafts from the candidates; R-3.3.4 the company approves."""
    government = make_customer(is_government_body=True)
    project = make_customer(is_key_project=True)
    plain = make_customer()
    with time_machine.travel(local("2025-01-06 09:00"), tick=False):
        round = designation_round_open(company=company, actor=marketing_director)
    entries = {e.customer_id: e for e in round.entries.all()}
    assert set(entries) == {government.pk, project.pk}
    assert entries[government.pk].criteria == ["government"]
    assert all(e.included and e.is_candidate for e in entries.values())

    with time_machine.travel(local("2025-01-07 09:00"), tick=False):
        for entry in entries.values():
            designation_entry_update(
                entry=entry,
                included=True,
                reason="",
                contact=csc_director.staff,
                actor=marketing_director,
            )
        designation_entry_add(
            round=round,
            customer=plain,
            reason="縣醫院新院區：保電需求",
            contact=csc_director.staff,
            actor=marketing_director,
        )
        designation_round_submit(round=round, actor=marketing_director)
    assert Notification.objects.filter(recipient=leader, key__contains="round-submitted").exists()
    # Nothing is in force before the company approves.
    assert not Customer.objects.filter(is_key_account=True).exists()

    with time_machine.travel(local("2025-01-10 10:00"), tick=False):
        designation_round_approve(round=round, actor=leader, note="同意")
    round.refresh_from_db()
    assert round.status == DesignationRound.Status.APPROVED
    assert round.approved_on == date(2025, 1, 10)
    assert set(Customer.objects.filter(is_key_account=True).values_list("pk", flat=True)) == {
        government.pk,
        project.pk,
        plain.pk,
    }
    assert Designation.objects.get(customer=plain).start_reason == "縣醫院新院區：保電需求"
    assert ContactAssignment.objects.filter(contact=csc_director.staff, valid_to=None).count() == 3
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "keyaccounts.round.opened",
        "keyaccounts.round.entry_added",
        "keyaccounts.round.submitted",
        "keyaccounts.round.approved",
        "customers.customer.key_account_set",
    } <= actions
    # the list is set for two years, a clock of standard 3.3.2.
    clock = _round_clock(round)
    assert (clock.start_date, clock.due) == (date(2025, 1, 10), date(2027, 1, 10))
    assert clock.standard.clause.number == "3.3.2"


def test_the_reminder_opens_the_next_round_before_the_two_years_end(
    company, government, marketing_director, leader, csc_director, approve_list
) -> None:
    """R-3.3.2: at the reminder share (80%) of the two years, the next round is opened as
    a draft and marketing is told; the list in force runs on until the next approval."""
    round = approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    clock = _round_clock(round)
    assert date(2026, 7, 1) <= clock.remind_on <= date(2026, 8, 31)
    with time_machine.travel(local(f"{clock.remind_on - date.resolution} 08:00"), tick=False):
        assert designation_rounds_remind() == 0
    with time_machine.travel(local(f"{clock.remind_on} 08:00"), tick=False):
        assert designation_rounds_remind() == 1
        assert designation_rounds_remind() == 0  # idempotent
    draft = DesignationRound.objects.get(status=DesignationRound.Status.DRAFT)
    assert draft.title == "Key-account list 2027–2028" or "2027" in draft.title
    assert draft.entries.filter(customer=government, in_force=True, included=True).exists()
    assert Notification.objects.filter(
        recipient=marketing_director, key=f"keyaccounts:next-round:{round.pk}"
    ).exists()

    # The next round, approved before the two years end: the old clock is met.
    with time_machine.travel(local("2026-12-20 10:00"), tick=False):
        designation_round_submit(round=draft, actor=marketing_director)
        designation_round_approve(round=draft, actor=leader)
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    assert _round_clock(draft).due == date(2028, 12, 20)
    # The account stayed on the list without a break.
    assert Designation.objects.filter(customer=government).count() == 1


def test_a_round_approved_late_breaches_the_previous_rounds_clock(
    company, government, csc_director, approve_list
) -> None:
    first = approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    approve_list([government], contact=csc_director, when="2027-02-01 10:00")
    assert _round_clock(first).state == Clock.State.BREACHED


def test_the_next_round_replaces_the_list_with_reasons_for_who_leaves(
    company, make_customer, marketing_director, leader, csc_director, approve_list
) -> None:
    stays = make_customer(is_government_body=True)
    leaves = make_customer(is_key_project=True)
    approve_list([stays, leaves], contact=csc_director, when="2025-01-10 10:00")
    with time_machine.travel(local("2026-12-01 09:00"), tick=False):
        round = designation_round_open(company=company, actor=marketing_director)
        entry = RoundEntry.objects.get(round=round, customer=leaves)
        # Leaving out a customer that meets the criteria needs a reason.
        with pytest.raises(DomainError) as error:
            designation_entry_update(
                entry=entry, included=False, reason=" ", contact=None, actor=marketing_director
            )
        assert error.value.field == "reason"
        designation_entry_update(
            entry=entry,
            included=False,
            reason="工程已竣工，保電需求結束",
            contact=None,
            actor=marketing_director,
        )
        designation_round_submit(round=round, actor=marketing_director)
    with time_machine.travel(local("2026-12-20 10:00"), tick=False):
        designation_round_approve(round=round, actor=leader)
    ended = Designation.objects.get(customer=leaves)
    assert ended.valid_to == date(2026, 12, 20)
    assert ended.end_reason == "工程已竣工，保電需求結束"
    assert ended.ended_round == round
    leaves.refresh_from_db()
    assert not leaves.is_key_account
    assert ContactAssignment.objects.get(customer=leaves).valid_to is not None
    # The list on any past date.
    assert _listed(company, date(2025, 1, 9), leader) == set()
    assert _listed(company, date(2025, 1, 10), leader) == {stays.pk, leaves.pk}
    assert _listed(company, date(2026, 12, 19), leader) == {stays.pk, leaves.pk}
    assert _listed(company, date(2026, 12, 20), leader) == {stays.pk}


def test_a_non_candidate_needs_a_reason_and_the_database_says_so_too(
    company, make_customer, marketing_director, csc_director
) -> None:
    plain = make_customer()
    round = designation_round_open(company=company, actor=marketing_director)
    with pytest.raises(DomainError) as error:
        designation_entry_add(
            round=round, customer=plain, reason="", contact=None, actor=marketing_director
        )
    assert error.value.field == "reason"
    assert not round.entries.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundEntry.objects.create(
            round=round,
            customer=plain,
            included=True,
            is_candidate=False,
            updated_at=round.opened_at,
        )


def test_every_account_needs_a_contact_before_the_list_goes_for_approval(
    company, government, marketing_director
) -> None:
    round = designation_round_open(company=company, actor=marketing_director)
    with pytest.raises(DomainError) as error:
        designation_round_submit(round=round, actor=marketing_director)
    assert error.value.field == "contact"
    round.refresh_from_db()
    assert round.status == DesignationRound.Status.DRAFT


def test_only_a_submitted_list_can_be_approved_and_not_by_its_submitter(
    company, government, marketing_director, leader, superuser, csc_director
) -> None:
    round = designation_round_open(company=company, actor=marketing_director)
    entry = round.entries.get()
    designation_entry_update(
        entry=entry, included=True, reason="", contact=csc_director.staff, actor=marketing_director
    )
    with pytest.raises(TransitionError):
        designation_round_approve(round=round, actor=leader)
    designation_round_submit(round=round, actor=superuser)
    with pytest.raises(DomainError):
        designation_round_approve(round=round, actor=superuser)
    assert not Designation.objects.exists()


def test_the_company_can_return_a_list_for_changes_with_a_note(
    company, government, marketing_director, leader, csc_director
) -> None:
    round = designation_round_open(company=company, actor=marketing_director)
    designation_entry_update(
        entry=round.entries.get(),
        included=True,
        reason="",
        contact=csc_director.staff,
        actor=marketing_director,
    )
    designation_round_submit(round=round, actor=marketing_director)
    with pytest.raises(DomainError) as error:
        designation_round_return(round=round, note="", actor=leader)
    assert error.value.field == "note"
    designation_round_return(round=round, note="請補充縣醫院", actor=leader)
    round.refresh_from_db()
    assert (round.status, round.decision_note) == ("draft", "請補充縣醫院")
    assert Notification.objects.filter(recipient=marketing_director, key__contains="returned")


def test_only_one_regular_round_is_open_at_a_time(company, marketing_director) -> None:
    designation_round_open(company=company, actor=marketing_director)
    with pytest.raises(DomainError):
        designation_round_open(company=company, actor=marketing_director)
    with pytest.raises(IntegrityError), transaction.atomic():
        DesignationRound.objects.create(
            company=company, title="x", opened_at=DesignationRound.objects.get().opened_at
        )


def test_a_special_customer_is_added_between_rounds_on_its_own(
    company, government, make_customer, marketing_director, leader, csc_director, approve_list
) -> None:
    """R-3.3.2 "special customers can be added between rounds by application"."""
    first = approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    special = make_customer(name="縣重點招商項目")
    with time_machine.travel(local("2025-05-06 09:00"), tick=False):
        with pytest.raises(DomainError):
            designation_interim_propose(
                company=company,
                customer=special,
                reason="",
                contact=csc_director.staff,
                actor=marketing_director,
            )
        interim = designation_interim_propose(
            company=company,
            customer=special,
            reason="縣政府函：保障供電",
            contact=csc_director.staff,
            actor=marketing_director,
        )
        assert interim.status == DesignationRound.Status.SUBMITTED
        designation_round_approve(round=interim, actor=leader)
    assert set(Customer.objects.filter(is_key_account=True).values_list("pk", flat=True)) == {
        government.pk,
        special.pk,
    }
    # The regular list's two years are not restarted by an interim addition.
    assert not [c for c in clocks_of(interim) if c.standard.code == ROUND]
    assert _round_clock(first).stopped_at is None


def test_the_company_adjusts_the_list_with_a_reason(
    company, government, make_customer, leader, csc_director, approve_list, counter_clerk
) -> None:
    """R-3.3.4: adjusted later, with a reason, recorded; the old list stays visible."""
    approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    newcomer = make_customer(name="新建污水處理廠")
    with time_machine.travel(local("2025-09-01 10:00"), tick=False):
        with pytest.raises(DomainError) as error:
            keyaccount_list_adjust(customer=government, add=False, reason="", actor=leader)
        assert error.value.field == "reason"
        with pytest.raises(DomainError) as error:
            keyaccount_list_adjust(
                customer=newcomer,
                add=True,
                reason="縣政府要求",
                actor=leader,
                contact=counter_clerk.staff,
            )
        assert error.value.field == "contact"
        keyaccount_list_adjust(
            customer=newcomer,
            add=True,
            reason="縣政府要求",
            actor=leader,
            contact=csc_director.staff,
        )
        keyaccount_list_adjust(customer=government, add=False, reason="機構合併", actor=leader)
    government.refresh_from_db()
    newcomer.refresh_from_db()
    assert (government.is_key_account, newcomer.is_key_account) == (False, True)
    assert _listed(company, date(2025, 8, 31), leader) == {government.pk}
    assert _listed(company, date(2025, 9, 1), leader) == {newcomer.pk}
    event = AuditEvent.objects.get(action="keyaccounts.list.removed")
    assert event.payload["reason"] == "機構合併"
