"""R-3.6.2 … R-3.7.6: service items tracked to completion, and R-3.5.2 assessment
proposals that wait for the assessment ledger."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gridcare.applications.services import application_receive
from gridcare.assessments.models import AssessmentItem
from gridcare.core.errors import DomainError, TransitionError
from gridcare.keyaccounts.models import AssessmentProposal, ServiceItem
from gridcare.keyaccounts.services.items import (
    clauses_for_proposals,
    proposal_create,
    proposal_withdraw,
    service_item_create,
    service_item_link,
    service_item_progress,
)
from gridcare.keyaccounts.tests.conftest import local
from gridcare.org.models import Department
from gridcare.rules.models import Clause

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(government, csc_director, approve_list):
    approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    return government


@pytest.fixture
def prodtech_department(company):
    return Department.objects.create(
        company=company, code="prodtech", name="生技部", kind="production_technology"
    )


@pytest.mark.parametrize("kind", ["need", "business", "other"])
def test_tracked_items_need_a_department_and_a_due_date(
    account, csc_director, prodtech_department, kind
) -> None:
    with time_machine.travel(local("2025-03-01 10:00"), tick=False):
        with pytest.raises(DomainError) as error:
            service_item_create(customer=account, kind=kind, title="事項", actor=csc_director)
        assert error.value.field == "department"
        with pytest.raises(DomainError) as error:
            service_item_create(
                customer=account,
                kind=kind,
                title="事項",
                department=prodtech_department,
                actor=csc_director,
            )
        assert error.value.field == "due"
        with pytest.raises(DomainError) as error:
            service_item_create(
                customer=account,
                kind=kind,
                title="事項",
                department=prodtech_department,
                due=date(2025, 2, 1),
                actor=csc_director,
            )
        assert error.value.field == "due"
        assert not ServiceItem.objects.exists()
        item = service_item_create(
            customer=account,
            kind=kind,
            title="事項",
            department=prodtech_department,
            due=date(2025, 3, 15),
            actor=csc_director,
        )
    assert (item.status, item.completed_at) == (ServiceItem.Status.OPEN, None)


@pytest.mark.parametrize(("kind", "clause"), [("consultation", "3.6.5"), ("advice", "3.7.4")])
def test_consultations_and_energy_advice_are_recorded_as_given(
    account, csc_director, kind, clause
) -> None:
    item = service_item_create(
        customer=account, kind=kind, title="峰谷電價與無功補償建議", actor=csc_director
    )
    assert (item.status, item.clause, item.department) == (ServiceItem.Status.DONE, clause, None)
    assert item.completed_at is not None


def test_an_item_is_tracked_to_completion(account, csc_director, prodtech_department) -> None:
    item = service_item_create(
        customer=account,
        kind="need",
        title="變壓器增容",
        department=prodtech_department,
        due=date(2099, 1, 1),
        actor=csc_director,
    )
    with pytest.raises(DomainError) as error:
        service_item_progress(item=item, note="", status="in_progress", actor=csc_director)
    assert error.value.field == "note"
    service_item_progress(item=item, note="已派員勘察", status="in_progress", actor=csc_director)
    service_item_progress(item=item, note="已增容完畢", status="done", actor=csc_director)
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("done", "已增容完畢")
    assert [n.status_to for n in item.notes.all()] == ["in_progress", "done"]
    with pytest.raises(TransitionError):
        service_item_progress(item=item, note="再開", status="open", actor=csc_director)
    service_item_progress(item=item, note="問題復現", status="in_progress", actor=csc_director)
    item.refresh_from_db()
    assert (item.status, item.completed_at) == ("in_progress", None)


def test_business_handled_on_the_customers_behalf_links_to_its_application(
    account, csc_director, prodtech_department, company, make_customer
) -> None:
    """R-3.6.4: linked to the application it created, and only the customer's own."""
    item = service_item_create(
        customer=account,
        kind="business",
        title="代辦增容申請",
        department=prodtech_department,
        due=date(2099, 1, 1),
        actor=csc_director,
    )
    own = application_receive(
        company=company,
        customer=account,
        kind="capacity_increase",
        received_at=local("2025-03-02 10:00"),
        actor=csc_director,
    )
    other = application_receive(
        company=company,
        customer=make_customer(),
        kind="new_connection",
        received_at=local("2025-03-02 10:00"),
        actor=csc_director,
    )
    with pytest.raises(DomainError):
        service_item_link(item=item, linked=other, actor=csc_director)
    service_item_link(item=item, linked=own, actor=csc_director)
    item.refresh_from_db()
    assert (item.linked_type.model, item.linked_id) == ("application", own.pk)


def test_items_are_only_for_key_accounts(make_customer, csc_director) -> None:
    with pytest.raises(DomainError) as error:
        service_item_create(
            customer=make_customer(), kind="consultation", title="x", actor=csc_director
        )
    assert error.value.field == "customer"


def test_a_contact_proposes_an_assessment_for_the_ledger(
    account, csc_director, prodtech_department, marketing_director, company
) -> None:
    """R-3.5.2: a department that does not deliver; the ledger reads the proposal."""
    item = service_item_create(
        customer=account,
        kind="need",
        title="線路改造",
        department=prodtech_department,
        due=date(2099, 1, 1),
        actor=csc_director,
    )
    clauses = clauses_for_proposals(company.pk)
    assert {c.number for c in clauses} >= {"3.6.2", "3.7.1", "3.9.1"}
    assert all(c.number.startswith("3.") for c in clauses)
    outside = Clause.objects.get(profile=clauses[0].profile, number="2.8")
    with pytest.raises(DomainError) as error:
        proposal_create(
            department=prodtech_department,
            clause=outside,
            reason="逾期",
            item=item,
            actor=csc_director,
        )
    assert error.value.field == "clause"
    proposal = proposal_create(
        department=prodtech_department,
        clause=next(c for c in clauses if c.number == "3.6.2"),
        reason="逾期未完成線路改造",
        evidence="客戶三次來電",
        item=item,
        actor=csc_director,
    )
    assert (proposal.customer, proposal.status) == (account, AssessmentProposal.Status.PROPOSED)
    assert marketing_director.notifications.filter(key=f"keyaccounts:proposal:{proposal.pk}")
    # It goes to the assessment ledger as an item for marketing's review.
    item = AssessmentItem.objects.get(kind="proposal", evidence_id=proposal.pk)
    assert (item.department, item.clause.number, item.status) == (
        prodtech_department,
        "3.6.2",
        AssessmentItem.Status.PENDING,
    )
    with pytest.raises(DomainError):
        proposal_withdraw(proposal=proposal, actor=marketing_director)
    proposal_withdraw(proposal=proposal, actor=csc_director)
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.status == AssessmentProposal.Status.WITHDRAWN
    assert item.status == AssessmentItem.Status.WITHDRAWN
