"""R-3.4: who can be a key-account contact (enforced), changes submitted by marketing and
approved by the company with the history kept, and how stable the assignments are."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent
from gridcare.keyaccounts.models import ContactAssignment, ContactChange, KeyAccountHalfYear
from gridcare.keyaccounts.selectors import contact_stability
from gridcare.keyaccounts.services.contacts import (
    contact_change_decide,
    contact_change_propose,
    contact_change_withdraw,
    contact_eligible,
    eligible_contacts,
)
from gridcare.keyaccounts.services.rounds import (
    designation_entry_update,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
)
from gridcare.keyaccounts.services.visits import (
    interaction_record,
    visit_clock,
    visit_half_years_open,
)
from gridcare.keyaccounts.tests.conftest import local
from gridcare.org.models import Position, Staff
from gridcare.rules.models import Breach
from gridcare.rules.sweep import clock_sweep

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("department", "position", "eligible"),
    [
        # R-3.4.1: the CSC director or deputy director, the marketing director, the deputy
        # general manager for marketing; no one else.
        ("csc", "director", True),
        ("csc", "deputy_director", True),
        ("marketing", "director", True),
        ("leadership", "deputy_gm_marketing", True),
        ("marketing", "deputy_director", False),
        ("marketing", "staff", False),
        ("csc", "staff", False),
        ("csc", "team_leader", False),
        ("service_hall", "director", False),
        ("dispatch", "director", False),
        ("production_technology", "director", False),
        ("leadership", "general_manager", False),
        ("leadership", "deputy_gm", False),
    ],
)
def test_only_the_positions_of_the_measures_can_be_a_contact(
    make_user, company, department, position, eligible
) -> None:
    user = make_user(department, position)
    assert contact_eligible(user.staff) is eligible
    assert eligible_contacts(company).filter(pk=user.staff.pk).exists() is eligible


def test_an_inactive_user_cannot_be_a_contact(csc_director) -> None:
    csc_director.is_active = False
    csc_director.save()
    assert not contact_eligible(Staff.objects.get(user=csc_director))


def test_an_ineligible_contact_is_refused_on_the_draft(
    company, government, marketing_director, marketing_officer
) -> None:
    round = designation_round_open(company=company, actor=marketing_director)
    entry = round.entries.get()
    with pytest.raises(DomainError) as error:
        designation_entry_update(
            entry=entry,
            included=True,
            reason="",
            contact=marketing_officer.staff,
            actor=marketing_director,
        )
    assert error.value.field == "contact"
    entry.refresh_from_db()
    assert entry.contact is None


def test_a_contact_demoted_before_approval_is_refused_at_approval(
    company, government, marketing_director, leader, csc_director
) -> None:
    """The service checks again when the company approves: positions change."""
    round = designation_round_open(company=company, actor=marketing_director)
    designation_entry_update(
        entry=round.entries.get(),
        included=True,
        reason="",
        contact=csc_director.staff,
        actor=marketing_director,
    )
    designation_round_submit(round=round, actor=marketing_director)
    staff_position, _ = Position.objects.get_or_create(
        code="staff", defaults={"name": "staff", "kind": Position.Kind.STAFF}
    )
    Staff.objects.filter(user=csc_director).update(position=staff_position)
    with pytest.raises(DomainError) as error:
        designation_round_approve(round=round, actor=leader)
    assert error.value.field == "contact"
    assert not ContactAssignment.objects.exists()


def test_a_contact_of_another_company_is_refused(
    company, other_company, government, make_staff, marketing_director
) -> None:
    stranger = make_staff("csc_director", company=other_company)
    round = designation_round_open(company=company, actor=marketing_director)
    with pytest.raises(DomainError):
        designation_entry_update(
            entry=round.entries.get(),
            included=True,
            reason="",
            contact=stranger.staff,
            actor=marketing_director,
        )


def test_a_contact_change_needs_the_companys_approval_and_keeps_the_history(
    government, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    """R-3.4.2: submitted by marketing, approved by the company, history kept."""
    approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    with time_machine.travel(local("2025-03-03 09:00"), tick=False):
        change = contact_change_propose(
            customer=government,
            new_contact=csc_deputy.staff,
            reason="劉主任調任",
            actor=marketing_director,
        )
    # Nothing changes until the company approves.
    assert ContactAssignment.objects.get(customer=government, valid_to=None).contact == (
        csc_director.staff
    )
    with pytest.raises(DomainError):
        contact_change_decide(change=change, approve=True, note="", actor=marketing_director)
    with time_machine.travel(local("2025-03-05 15:00"), tick=False):
        contact_change_decide(change=change, approve=True, note="同意", actor=leader)
    history = list(ContactAssignment.objects.filter(customer=government).order_by("valid_from"))
    assert [a.contact for a in history] == [csc_director.staff, csc_deputy.staff]
    assert history[0].valid_to == history[1].valid_from == local("2025-03-05 15:00")
    assert history[1].replaces == history[0]
    assert history[1].change == change
    # The half year under way follows the new contact.
    row = KeyAccountHalfYear.objects.get(customer=government, half_start=date(2025, 1, 1))
    assert row.contact == csc_deputy.staff
    change.refresh_from_db()
    with pytest.raises(TransitionError):
        contact_change_decide(change=change, approve=False, note="再議", actor=leader)


def test_a_change_to_an_ineligible_person_is_refused(
    government, marketing_director, marketing_officer, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director)
    with pytest.raises(DomainError) as error:
        contact_change_propose(
            customer=government,
            new_contact=marketing_officer.staff,
            reason="人手調整",
            actor=marketing_director,
        )
    assert error.value.field == "new_contact"
    assert not ContactChange.objects.exists()


def test_one_pending_change_per_account_and_rejection_needs_a_note(
    government, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    approve_list([government], contact=csc_director)
    change = contact_change_propose(
        customer=government, new_contact=csc_deputy.staff, reason="調整", actor=marketing_director
    )
    with pytest.raises(DomainError):
        contact_change_propose(
            customer=government, new_contact=leader.staff, reason="調整", actor=marketing_director
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactChange.objects.create(
            company=change.company,
            customer=government,
            new_contact=leader.staff,
            reason="x",
            proposed_at=change.proposed_at,
            proposed_by=marketing_director,
        )
    with pytest.raises(DomainError) as error:
        contact_change_decide(change=change, approve=False, note="", actor=leader)
    assert error.value.field == "note"
    contact_change_decide(change=change, approve=False, note="維持現狀", actor=leader)
    assert ContactAssignment.objects.get(valid_to=None).contact == csc_director.staff


def test_a_stale_change_is_refused(
    government, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    approve_list([government], contact=csc_director)
    first = contact_change_propose(
        customer=government, new_contact=csc_deputy.staff, reason="調整", actor=marketing_director
    )
    contact_change_withdraw(change=first, actor=marketing_director)
    stale = contact_change_propose(
        customer=government, new_contact=leader.staff, reason="調整", actor=marketing_director
    )
    # Meanwhile the contact changed by a round or another path: the proposal is stale.
    ContactAssignment.objects.filter(valid_to=None).update(contact=csc_deputy.staff)
    with pytest.raises(DomainError) as error:
        contact_change_decide(change=stale, approve=True, note="", actor=leader)
    assert error.value.field == "change"


def test_the_stability_report_counts_changes_per_contact(
    company, make_customer, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    accounts = [make_customer(is_government_body=True) for _ in range(4)]
    approve_list(accounts, contact=csc_director, when="2025-01-10 10:00")
    with time_machine.travel(local("2025-06-01 09:00"), tick=False):
        change = contact_change_propose(
            customer=accounts[0],
            new_contact=csc_deputy.staff,
            reason="分擔",
            actor=marketing_director,
        )
        contact_change_decide(change=change, approve=True, note="", actor=leader)
    with time_machine.travel(local("2025-12-31 12:00"), tick=False):
        report = contact_stability(
            company_id=company.pk, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        )
    assert (report.accounts, report.changes, report.changed_accounts) == (4, 1, 1)
    assert report.stable_share == 0.75
    rows = {r.contact_id: r for r in report.rows}
    assert (rows[csc_director.staff.pk].accounts, rows[csc_director.staff.pk].lost) == (3, 1)
    assert (rows[csc_deputy.staff.pk].accounts, rows[csc_deputy.staff.pk].gained) == (1, 1)
    assert rows[csc_deputy.staff.pk].mean_tenure_days == 213


def test_an_approved_change_moves_the_running_visit_clock_to_the_new_contact(
    government, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    """R-3.4.2 with R-3.6.1: from the approval on, the new contact answers for this half
    year's visit; last half year's clock, stopped, stays with the contact it was judged
    under. The move is audited."""
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-02 08:00"), tick=False):
        visit_half_years_open()
    with time_machine.travel(local("2025-03-03 10:00"), tick=False):
        interaction_record(
            customer=government,
            kind="visit",
            at=local("2025-03-03 09:00"),
            summary="拜訪",
            actor=csc_director,
        )
    with time_machine.travel(local("2025-07-02 08:00"), tick=False):
        visit_half_years_open()
    first = visit_clock(KeyAccountHalfYear.objects.get(half_start=date(2025, 1, 1)))
    second = visit_clock(KeyAccountHalfYear.objects.get(half_start=date(2025, 7, 1)))
    assert first.state == "met" and second.state == "running"
    assert second.responsible_staff == csc_director.staff
    with time_machine.travel(local("2025-08-01 09:00"), tick=False):
        change = contact_change_propose(
            customer=government,
            new_contact=csc_deputy.staff,
            reason="分工",
            actor=marketing_director,
        )
        contact_change_decide(change=change, approve=True, note="同意", actor=leader)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.responsible_staff, second.responsible_department) == (
        csc_deputy.staff,
        csc_deputy.staff.department,
    )
    assert first.responsible_staff == csc_director.staff
    event = AuditEvent.objects.get(action="rules.clock.reassigned")
    assert event.object_id == str(second.pk) and event.actor == leader
    # A missed visit is now the new contact's breach.
    with time_machine.travel(local("2026-01-01 08:00"), tick=False):
        clock_sweep()
    assert Breach.objects.get(clock=second).staff == csc_deputy.staff


def test_a_rejected_change_leaves_the_visit_clock_alone(
    government, marketing_director, leader, csc_director, csc_deputy, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-02 08:00"), tick=False):
        visit_half_years_open()
        change = contact_change_propose(
            customer=government,
            new_contact=csc_deputy.staff,
            reason="分工",
            actor=marketing_director,
        )
        contact_change_decide(change=change, approve=False, note="維持", actor=leader)
    clock = visit_clock(KeyAccountHalfYear.objects.get(half_start=date(2025, 1, 1)))
    assert clock.responsible_staff == csc_director.staff
    assert not AuditEvent.objects.filter(action="rules.clock.reassigned").exists()
