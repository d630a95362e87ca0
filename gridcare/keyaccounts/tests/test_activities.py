"""Every clause of part 3 of the measures shows live figures in the compliance matrix:
a standard measures it, or activities registered for it count what was done under it in
the period (issue 6 "Done when"). Each activity is checked against an independent count
of the records of a half year's story."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gridcare.assessments.models import AssessmentItem
from gridcare.frontoffice.models import Complaint, Matter
from gridcare.keyaccounts import compliance
from gridcare.keyaccounts.models import (
    AssessmentProposal,
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    Interaction,
    RoundEntry,
    ServiceItem,
    ServiceItemNote,
)
from gridcare.keyaccounts.services.contacts import (
    contact_change_decide,
    contact_change_propose,
    contact_eligible,
)
from gridcare.keyaccounts.services.designation import keyaccount_list_adjust
from gridcare.keyaccounts.services.items import (
    proposal_create,
    service_item_create,
    service_item_progress,
)
from gridcare.keyaccounts.services.visits import (
    NeedInput,
    interaction_record,
    visit_half_years_open,
)
from gridcare.keyaccounts.tests.conftest import local
from gridcare.org.models import Department
from gridcare.rules.compliance import activity_clauses
from gridcare.rules.models import Breach, Clause, ServiceStandard
from gridcare.rules.sweep import clock_sweep

pytestmark = pytest.mark.django_db

START, END = date(2024, 12, 1), date(2025, 6, 30)


def test_every_clause_of_part_3_has_a_standard_or_an_activity() -> None:
    """Iterates the seeded clauses numbered 3.*: a heading whose sub-clauses carry the
    measures is exempt; every other clause must be measured or have figures."""
    numbers = list(Clause.objects.filter(number__startswith="3.").values_list("number", flat=True))
    assert len(numbers) >= 30
    measured = set(
        ServiceStandard.objects.filter(clause__number__startswith="3.").values_list(
            "clause__number", flat=True
        )
    )
    figured = activity_clauses()
    missing = [
        n
        for n in numbers
        if not any(other.startswith(f"{n}.") for other in numbers) and n not in measured | figured
    ]
    assert missing == []


@pytest.fixture
def story(
    company,
    make_customer,
    csc_director,
    csc_deputy,
    marketing_director,
    leader,
    approve_list,
):
    """Half a year of key-account work: a round opened in December and approved, visits,
    phone contacts, items of every kind, a proposal, a contact change, an adjustment, a
    complaint, and an account never visited (its clock breaches)."""
    government = make_customer(name="縣政府", is_government_body=True)
    special = make_customer(name="特殊客戶")
    late = make_customer(name="年中加入")
    plain = make_customer(name="普通客戶")
    approve_list([government, special], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-02 08:00"), tick=False):
        visit_half_years_open()
    department = Department.objects.create(
        company=company, code="prodtech", name="生技部", kind="production_technology"
    )

    def when(text: str):
        return time_machine.travel(local(text), tick=False)

    with when("2025-03-12 16:00"):
        visit = interaction_record(
            customer=government,
            kind=Interaction.Kind.VISIT,
            at=local("2025-03-12 15:00"),
            summary="了解用電計畫",
            needs=(NeedInput("備用電源", department, date(2025, 3, 31)),),
            actor=csc_director,
        )
        interaction_record(
            customer=special,
            kind=Interaction.Kind.PHONE,
            at=local("2025-02-10 10:00"),
            summary="電話聯繫",
            actor=csc_director,
        )
    need = visit.items.get()
    with when("2025-03-15 10:00"):
        service_item_progress(
            item=need, note="已安排", status=ServiceItem.Status.IN_PROGRESS, actor=csc_director
        )
    for kind, title in (("consultation", "電價諮詢"), ("advice", "無功補償建議")):
        with when("2025-03-20 10:00"):
            service_item_create(customer=government, kind=kind, title=title, actor=csc_director)
    with when("2025-04-01 10:00"):
        business = service_item_create(
            customer=government,
            kind="business",
            title="代辦增容",
            department=department,
            due=date(2025, 4, 30),
            actor=csc_director,
        )
        service_item_create(
            customer=special,
            kind="other",
            title="應急演練",
            department=department,
            due=date(2025, 5, 1),
            actor=csc_director,
        )
        proposal_create(
            department=department,
            clause=Clause.objects.get(number="3.6.2"),
            reason="需求逾期",
            item=need,
            actor=csc_director,
        )
    with when("2025-04-10 10:00"):
        service_item_progress(
            item=business, note="已辦結", status=ServiceItem.Status.DONE, actor=csc_director
        )
    with when("2025-05-01 10:00"):
        change = contact_change_propose(
            customer=special,
            new_contact=csc_deputy.staff,
            reason="分工調整",
            actor=marketing_director,
        )
    with when("2025-05-02 10:00"):
        contact_change_decide(change=change, approve=True, note="", actor=leader)
    with when("2025-05-10 10:00"):
        keyaccount_list_adjust(
            customer=late, add=True, reason="重點工程", contact=csc_director.staff, actor=leader
        )
    # A complaint by a key account and one by a customer who is not one.
    for customer in (government, plain):
        matter = Matter.objects.create(
            company=company,
            kind=Matter.Kind.COMPLAINT,
            channel=Matter.Channel.PHONE,
            received_at=local("2025-04-05 09:00"),
            received_by=csc_director.staff,
            owner=csc_director.staff,
            customer=customer,
            customer_name=customer.name,
            subject="停電未通知",
            description="…",
            status=Matter.Status.RELAYED,
        )
        Complaint.objects.create(matter=matter, category=Complaint.Category.SERVICE)
    # `special` was never visited in the first half: its clock breaches.
    with when("2025-07-01 08:00"):
        clock_sweep()
    return {"government": government, "special": special, "late": late}


def _range() -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(START, time.min)),
        timezone.make_aware(datetime.combine(END + timedelta(days=1), time.min)),
    )


def _in(moment: datetime | None) -> bool:
    start, end = _range()
    return moment is not None and start <= moment < end


def _listed_at_end() -> set[int]:
    return {
        d.customer_id
        for d in Designation.objects.all()
        if d.valid_from <= END and (d.valid_to is None or d.valid_to > END)
    }


def _assignment_at_end(customer_id: int) -> ContactAssignment | None:
    end = _range()[1]
    return next(
        (
            a
            for a in ContactAssignment.objects.filter(customer_id=customer_id)
            if a.valid_from < end and (a.valid_to is None or a.valid_to >= end)
        ),
        None,
    )


def _expected() -> dict[str, list[tuple[int, int | None]]]:
    """The figures recounted from the rows, one by one, without the activities' queries."""
    listed = _listed_at_end()
    served = [c for c in listed if _assignment_at_end(c) is not None]
    interactions = [i for i in Interaction.objects.all() if _in(i.at)]
    entries = [
        e
        for e in RoundEntry.objects.select_related("round")
        if _in(e.round.opened_at) and e.round.status != DesignationRound.Status.CANCELLED
    ]
    rounds = [
        r
        for r in DesignationRound.objects.all()
        if r.status == DesignationRound.Status.APPROVED and _in(r.decided_at)
    ]
    designations = list(Designation.objects.all())
    assignments = [a for c in listed if (a := _assignment_at_end(c))]
    changed = {
        a.customer_id
        for a in ContactAssignment.objects.all()
        if a.replaces_id is not None and _in(a.valid_from)
    }
    items = [i for i in ServiceItem.objects.all() if START <= i.period_date <= END]
    tracked = [i for i in items if i.kind in ServiceItem.TRACKED and i.status != "cancelled"]
    raised = [
        i for i in ServiceItem.objects.all() if _in(i.raised_at) and i.kind in ServiceItem.TRACKED
    ]
    notes = [n for n in ServiceItemNote.objects.all() if _in(n.at)]
    proposals = [p for p in AssessmentProposal.objects.all() if _in(p.proposed_at)]
    key_complaints = [
        m
        for m in Matter.objects.filter(kind=Matter.Kind.COMPLAINT)
        if _in(m.received_at)
        and any(
            d.customer_id == m.customer_id
            and d.valid_from <= END
            and (d.valid_to is None or d.valid_to > START)
            for d in designations
        )
    ]
    breaches = [
        b
        for b in Breach.objects.select_related("clause")
        if START <= b.occurred_on <= END
        and b.status == Breach.Status.ACTIVE
        and b.clause.number.startswith("3.")
    ]
    itemised = {i.evidence_id for i in AssessmentItem.objects.filter(kind="breach")} & {
        b.pk for b in breaches
    }

    def of_kind(kind: str) -> list[ServiceItem]:
        return [i for i in items if i.kind == kind]

    business = of_kind("business")
    business_done = [i for i in business if i.status == "done"]
    return {
        "3.1": [(len(served), len(listed))],
        "3.2": [
            (sum(i.kind == "phone" for i in interactions), None),
            (sum(i.kind == "visit" for i in interactions), None),
            (len({i.customer_id for i in interactions}), None),
        ],
        "3.3.1": [
            (len(entries), None),
            (sum(e.is_candidate for e in entries), len(entries)),
        ],
        "3.3.3": [
            (sum(e.included and not e.is_candidate for e in entries), None),
            (sum(e.is_candidate and not e.included for e in entries), None),
        ],
        "3.3.4": [
            (len(rounds), None),
            (sum(d.round_id is None and _in(d.started_at) for d in designations), None),
            (
                sum(
                    d.ended_round_id is None and d.valid_to is not None and _in(d.ended_at)
                    for d in designations
                ),
                None,
            ),
        ],
        "3.4.1": [
            (sum(contact_eligible(a.contact) for a in assignments), len(assignments)),
        ],
        "3.4.2": [
            (
                sum(
                    c.status == ContactChange.Status.APPROVED and _in(c.decided_at)
                    for c in ContactChange.objects.all()
                ),
                None,
            ),
            (len(listed - changed), len(listed)),
        ],
        "3.5.1": [(sum(i.status == "done" for i in tracked), len(tracked))],
        "3.5.2": [
            (len(proposals), None),
            (sum(p.status == "withdrawn" for p in proposals), None),
        ],
        "3.5.3": [(len(notes), None), (len({n.item_id for n in notes}), None)],
        "3.5.4": [
            (len(raised), None),
            (len({i.department_id for i in raised}), None),
            (sum(i.is_open and i.due < END for i in raised), None),
        ],
        "3.6.3": [
            (len(key_complaints), None),
            (
                sum(m.status in ("relayed", "closed") for m in key_complaints),
                len(key_complaints),
            ),
        ],
        "3.6.4": [
            (len(business_done), len([i for i in business if i.status != "cancelled"])),
            (sum(i.linked_id is not None for i in business_done), len(business_done)),
        ],
        "3.6.5": [(len(of_kind("consultation")), None)],
        "3.7.4": [(len(of_kind("advice")), None)],
        "3.9.1": [(len(breaches), None), (len(itemised), len(breaches))],
    }


def test_each_activity_matches_an_independent_count(company, story) -> None:
    activities = {number: [] for number, _fn in compliance.ACTIVITIES}
    for number, fn in compliance.ACTIVITIES:
        activities[number].append(fn)
    for _module, number, fn in compliance.ACTIVITIES_OF_MODULE:
        activities.setdefault(number, []).append(fn)
    expected = _expected()
    assert set(activities) == set(expected)
    with time_machine.travel(local("2025-07-01 09:00"), tick=False):
        for number, fns in activities.items():
            got = [(f.value, f.total) for fn in fns for f in fn([company.pk], START, END)]
            assert got == expected[number], number
            # The story gives every clause something to count.
            assert any(value for value, _total in got), number


def test_the_matrix_shows_the_figures_in_the_clause_rows(client, company, story, leader) -> None:
    client.force_login(leader)
    with time_machine.travel(local("2025-07-01 09:00"), tick=False):
        response = client.get(
            reverse("rules:compliance_matrix"),
            {"date_from": START.isoformat(), "date_to": END.isoformat()},
        )
    rows = {r.clause.number: r for r in response.context["rows"]}
    for number, row in rows.items():
        heading = any(other.startswith(f"{number}.") for other in rows)
        if number.startswith("3.") and not heading:
            assert row.standards or row.figures, number
    government_complaints = rows["3.6.3"].figures[0]
    assert government_complaints.value == 1
    page = response.content.decode()
    assert 'class="gc-activity"' in page
    assert str(rows["3.1"].figures[0].label) in page
