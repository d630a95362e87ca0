"""First-contact responsibility (R-2.5), referral and relay (R-2.7), complaints with their
contact and reply clocks (R-3.6.3) and the Ten Prohibitions (R-2.2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent
from gridcare.frontoffice.models import (
    AssessmentProposal,
    Complaint,
    ConductCode,
    ConductItem,
    Matter,
    OwnerChange,
)
from gridcare.frontoffice.services.inspections import assessment_propose_from_complaint
from gridcare.frontoffice.services.matters import (
    complaint_contact,
    complaint_decide,
    matter_close,
    matter_open,
    matter_owner_change,
    matter_refer,
    matter_relay,
    matter_reopen,
    referral_answer,
    referral_default_due,
)
from gridcare.frontoffice.tests.conftest import at, duplicate_ids
from gridcare.org.selectors import staff_of
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db
NOW = "2025-03-03 10:00"


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(at("2025-03-05 16:00"), tick=False):
        yield


def open_matter(owner: Any, kind: str = "consultation", **extra: Any) -> Matter:
    return matter_open(
        company=staff_of(owner).company,
        kind=kind,
        channel="phone",
        subject="電壓偏低",
        description="晚間燈光昏暗",
        customer_name="王先生",
        customer_phone="13800138000",
        received_at=at(NOW),
        actor=owner,
        **extra,
    )


def prohibition(number: int = 4) -> ConductItem:
    return ConductItem.objects.get(code__kind="prohibitions", code__version=1, number=number)


def refer(matter: Matter, owner: Any, department: Any) -> Any:
    return matter_refer(
        matter=matter,
        department=department,
        contact_person="線路所值班員",
        request="請核實電壓",
        due=date(2025, 3, 5),
        at=at("2025-03-03 10:30"),
        actor=owner,
    )


def test_whoever_receives_a_matter_owns_it(csc_agent: Any) -> None:
    matter = open_matter(csc_agent)
    assert matter.owner.user == csc_agent and matter.received_by == matter.owner
    assert matter.status == "open"


def test_a_matter_cannot_close_before_the_relay_to_the_customer(
    csc_agent: Any, field_unit: Any
) -> None:
    """R-2.7: referred, answered — still not closable until the owner tells the customer."""
    matter = open_matter(csc_agent)
    with pytest.raises(DomainError):
        matter_close(matter=matter, actor=csc_agent)
    referral = refer(matter, csc_agent, staff_of(field_unit).department)
    with pytest.raises(DomainError):
        matter_close(matter=matter, actor=csc_agent)
    referral_answer(
        referral=referral, answer="已更換變壓器分接頭", at=at("2025-03-04 09:00"), actor=field_unit
    )
    with pytest.raises(DomainError):
        matter_close(matter=matter, actor=csc_agent)
    matter.refresh_from_db()
    assert matter.status == "answered"
    relay = matter_relay(
        matter=matter,
        method="phone",
        note="已告知客戶處理結果",
        at=at("2025-03-04 10:00"),
        actor=csc_agent,
    )
    assert relay.referral == referral
    closed = matter_close(matter=matter, actor=csc_agent)
    assert closed.status == "closed" and closed.closed_at is not None


def test_the_database_refuses_a_closed_matter_without_a_closing_time(csc_agent: Any) -> None:
    matter = open_matter(csc_agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Matter.objects.filter(pk=matter.pk).update(status="closed")


def test_only_the_owner_refers_and_relays(
    csc_agent: Any, csc_director: Any, field_unit: Any
) -> None:
    matter = open_matter(csc_agent)
    with pytest.raises(DomainError) as refused:
        refer(matter, csc_director, staff_of(field_unit).department)
    assert refused.value.field == "owner"
    with pytest.raises(DomainError):
        matter_relay(matter=matter, method="phone", note="x", actor=csc_director)
    assert not matter.referrals.exists()


def test_the_owner_changes_only_with_a_reason_and_it_is_recorded(
    csc_agent: Any, csc_director: Any, counter_clerk: Any
) -> None:
    """R-2.5: never silently."""
    matter = open_matter(csc_agent)
    new_owner = staff_of(counter_clerk)
    with pytest.raises(DomainError) as refused:
        matter_owner_change(matter=matter, owner=new_owner, reason="  ", actor=csc_director)
    assert refused.value.field == "reason"
    matter.refresh_from_db()
    assert matter.owner.user == csc_agent
    matter_owner_change(
        matter=matter, owner=new_owner, reason="客戶改到門市辦理", actor=csc_director
    )
    matter.refresh_from_db()
    assert matter.owner == new_owner and matter.received_by.user == csc_agent
    change = OwnerChange.objects.get()
    assert (change.from_owner.user, change.to_owner, change.reason) == (
        csc_agent,
        new_owner,
        "客戶改到門市辦理",
    )
    event = AuditEvent.objects.get(action="frontoffice.matter.owner_changed")
    assert event.payload["reason"] == "客戶改到門市辦理"


def test_the_database_refuses_a_change_of_owner_without_a_reason(
    csc_agent: Any, counter_clerk: Any
) -> None:
    matter = open_matter(csc_agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnerChange.objects.create(
            matter=matter,
            from_owner=matter.owner,
            to_owner=staff_of(counter_clerk),
            reason="",
            changed_at=at(NOW),
            changed_by=matter.owner,
        )


def test_only_the_department_referred_to_answers(
    csc_agent: Any, field_unit: Any, dispatcher: Any
) -> None:
    matter = open_matter(csc_agent)
    referral = refer(matter, csc_agent, staff_of(field_unit).department)
    with pytest.raises(DomainError):
        referral_answer(referral=referral, answer="不歸我們", actor=dispatcher)
    referral.refresh_from_db()
    assert referral.answered_at is None


def test_a_referral_is_due_by_the_standard_by_default(company: Any) -> None:
    """The `referral.answer` standard: 2 working days (Friday → Tuesday)."""
    assert referral_default_due(company=company, on=date(2025, 3, 7)) == date(2025, 3, 11)


def test_referrals_answered_late_are_breaches_in_the_compliance_figures(
    csc_agent: Any, field_unit: Any
) -> None:
    matter = open_matter(csc_agent)
    referral = refer(matter, csc_agent, staff_of(field_unit).department)
    referral_answer(referral=referral, answer="已處理", at=at("2025-03-05 15:00"), actor=field_unit)
    other = open_matter(csc_agent)
    refer(other, csc_agent, staff_of(field_unit).department)
    client = APIClient()
    client.force_authenticate(csc_agent)
    body = client.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    row = next(r for r in body["standards"] if r["code"] == "referral.answer")
    assert (row["clause"], row["met"], row["breached"], row["running"]) == ("2.7", 1, 0, 1)
    with time_machine.travel(at("2025-03-06 09:00"), tick=False):
        body = client.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    row = next(r for r in body["standards"] if r["code"] == "referral.answer")
    assert (row["met"], row["breached"], row["running"]) == (1, 1, 0)  # past due, unanswered


def test_a_complaint_starts_its_contact_and_reply_clocks(csc_agent: Any) -> None:
    """The commitment (R-3.6.3): contact within 1 working day, answer within 7."""
    matter = open_matter(csc_agent, kind="complaint", category="outage")
    clocks = {c.standard.code: c for c in clocks_of(matter)}
    assert clocks["complaint.contact"].due == date(2025, 3, 4)
    assert clocks["complaint.reply"].due == date(2025, 3, 12)
    complaint_contact(matter=matter, note="已致電客戶", at=at("2025-03-03 15:00"), actor=csc_agent)
    contact = clocks_of(matter)[0]
    assert {c.standard.code: c.state for c in clocks_of(matter)} == {
        "complaint.contact": "met",
        "complaint.reply": "running",
    }
    assert contact.stopped_at is not None
    matter_relay(
        matter=matter,
        method="phone",
        note="已答覆處理意見",
        at=at("2025-03-05 10:00"),
        actor=csc_agent,
    )
    assert {c.state for c in clocks_of(matter)} == {"met"}


def test_a_relay_is_also_the_contact_when_none_was_recorded(csc_agent: Any) -> None:
    matter = open_matter(csc_agent, kind="complaint", category="business")
    with time_machine.travel(at("2025-03-14 10:00"), tick=False):
        matter_relay(
            matter=matter, method="phone", note="答覆", at=at("2025-03-13 10:00"), actor=csc_agent
        )
    assert {c.standard.code: c.state for c in clocks_of(matter)} == {
        "complaint.contact": "breached",
        "complaint.reply": "breached",
    }
    assert Complaint.objects.get().contacted_at == at("2025-03-13 10:00")


def test_a_conduct_complaint_names_the_prohibition_and_the_staff_member(
    csc_agent: Any, counter_clerk: Any
) -> None:
    """R-2.2."""
    with pytest.raises(DomainError) as refused:
        open_matter(csc_agent, kind="complaint", category="service", about_conduct=True)
    assert refused.value.field == "prohibition"
    assert not Matter.objects.exists()
    matter = open_matter(
        csc_agent,
        kind="complaint",
        category="service",
        about_conduct=True,
        prohibition=prohibition(4),
        staff_concerned=staff_of(counter_clerk),
    )
    complaint = matter.complaint
    assert complaint.prohibition.number == 4 and complaint.staff_concerned.user == counter_clerk


def test_the_database_refuses_a_conduct_complaint_without_a_prohibition(csc_agent: Any) -> None:
    matter = open_matter(csc_agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.create(matter=matter, category="service", about_conduct=True)


def test_the_prohibitions_are_versioned(csc_agent: Any, counter_clerk: Any) -> None:
    """A prohibition of a version not in force on the complaint's day is refused."""
    ConductCode.objects.filter(kind="prohibitions", version=1).update(effective_to=date(2025, 1, 1))
    newer = ConductCode.objects.create(
        kind="prohibitions", version=2, title="十不準（修訂）", effective_from=date(2025, 1, 1)
    )
    ConductItem.objects.create(code=newer, number=1, text="新第一條")
    with pytest.raises(DomainError) as refused:
        open_matter(
            csc_agent,
            kind="complaint",
            category="service",
            about_conduct=True,
            prohibition=prohibition(1),
            staff_concerned=staff_of(counter_clerk),
        )
    assert refused.value.field == "prohibition"


def test_a_substantiated_complaint_can_become_an_assessment_item(
    csc_agent: Any, csc_director: Any, counter_clerk: Any
) -> None:
    matter = open_matter(
        csc_agent,
        kind="complaint",
        category="service",
        about_conduct=True,
        prohibition=prohibition(7),
        staff_concerned=staff_of(counter_clerk),
    )
    complaint = matter.complaint
    with pytest.raises(DomainError):
        assessment_propose_from_complaint(
            complaint=complaint, reason="x", staff=complaint.staff_concerned, actor=csc_director
        )
    decided = complaint_decide(
        complaint=complaint, finding="substantiated", note="監控錄影證實", actor=csc_director
    )
    proposal = assessment_propose_from_complaint(
        complaint=decided, reason="收受客戶禮品", staff=decided.staff_concerned, actor=csc_director
    )
    assert (proposal.clause, proposal.staff.user, proposal.status) == (
        "2.2",
        counter_clerk,
        "proposed",
    )
    with pytest.raises(DomainError):
        assessment_propose_from_complaint(
            complaint=decided, reason="again", staff=decided.staff_concerned, actor=csc_director
        )
    assert AssessmentProposal.objects.count() == 1


def test_a_closed_matter_can_be_reopened_with_a_reason(csc_agent: Any) -> None:
    matter = open_matter(csc_agent)
    matter_relay(
        matter=matter, method="phone", note="已解答", at=at("2025-03-03 10:10"), actor=csc_agent
    )
    matter_close(matter=matter, actor=csc_agent)
    reopened = matter_reopen(matter=matter, reason="客戶再次來電", actor=csc_agent)
    assert (reopened.status, reopened.reopened, reopened.closed_at) == ("open", 1, None)
    with pytest.raises(TransitionError):
        matter_reopen(matter=matter, reason="again", actor=csc_agent)


# Pages


def test_recording_a_complaint_from_the_page(
    client: Any, csc_agent: Any, counter_clerk: Any
) -> None:
    client.force_login(csc_agent)
    form = {
        "kind": "complaint",
        "channel": "phone",
        "customer_name": "李女士",
        "customer_phone": "13900000000",
        "subject": "投訴門市人員態度差",
        "description": "辦理過戶時被推諉",
        "category": "service",
        "about_conduct": "on",
        "prohibition": prohibition(4).pk,
        "staff_concerned": staff_of(counter_clerk).pk,
    }
    response = client.post(reverse("frontoffice:matter_new"), form)
    matter = Matter.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "frontoffice:matter_detail", args=[matter.pk]
    )
    page = client.get(response.url)
    assert page.status_code == 200 and page.context["is_owner"]
    assert len(clocks_of(matter)) == 2


def test_a_bad_matter_form_says_what_is_missing_and_saves_nothing(
    client: Any, csc_agent: Any
) -> None:
    client.force_login(csc_agent)
    response = client.post(
        reverse("frontoffice:matter_new"),
        {
            "kind": "complaint",
            "channel": "phone",
            "customer_name": "李",
            "subject": "x",
            "description": "y",
        },
    )
    assert response.status_code == 200 and "category" in response.context["form"].errors
    assert not Matter.objects.exists()


def test_the_matter_pages_are_refused_without_the_permission(
    client: Any, field_unit: Any, csc_agent: Any
) -> None:
    matter = open_matter(csc_agent)
    client.force_login(field_unit)
    assert client.get(reverse("frontoffice:matter_list")).status_code == 403
    assert client.get(reverse("frontoffice:matter_detail", args=[matter.pk])).status_code == 403
    assert client.post(reverse("frontoffice:matter_new"), {}).status_code == 403


def test_the_matter_list(client: Any, csc_agent: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(4):
        open_matter(csc_agent)
    client.force_login(csc_agent)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("frontoffice:matter_list"), {"mine": "true", "open": "true"})
    assert len(response.context["page"].items) == 4


def test_another_companys_matter_is_not_found(
    client: Any, csc_agent: Any, make_staff: Any, other_company: Any
) -> None:
    matter = open_matter(csc_agent)
    client.force_login(make_staff("csc_agent", company=other_company))
    assert client.get(reverse("frontoffice:matter_detail", args=[matter.pk])).status_code == 404


def test_the_department_answers_from_its_referral_page(
    client: Any, csc_agent: Any, field_unit: Any, dispatcher: Any
) -> None:
    matter = open_matter(csc_agent)
    referral = refer(matter, csc_agent, staff_of(field_unit).department)
    client.force_login(dispatcher)
    assert client.get(reverse("frontoffice:referral_detail", args=[referral.pk])).status_code == 403
    client.force_login(field_unit)
    assert client.get(reverse("frontoffice:referral_list")).context["referrals"] == [referral]
    response = client.post(
        reverse("frontoffice:referral_detail", args=[referral.pk]), {"answer": "已調整"}
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "answered"


def test_the_owner_relays_and_closes_from_the_matter_page(client: Any, csc_agent: Any) -> None:
    matter = open_matter(csc_agent)
    client.force_login(csc_agent)
    client.post(reverse("frontoffice:matter_close", args=[matter.pk]))
    matter.refresh_from_db()
    assert matter.status == "open"
    client.post(
        reverse("frontoffice:matter_relay", args=[matter.pk]), {"method": "phone", "note": "已解答"}
    )
    client.post(reverse("frontoffice:matter_close", args=[matter.pk]))
    matter.refresh_from_db()
    assert matter.status == "closed"


def test_every_field_of_the_matter_page_has_its_own_label(
    client: Any, csc_agent: Any, csc_director: Any, counter_clerk: Any
) -> None:
    """The page shows several forms at once (contact, referral, relay; owner, finding,
    assessment) whose fields share names: each form has its own ids, so that the label
    "What the customer was told" names the relay's note, not the contact's."""
    matter = open_matter(csc_agent, kind="complaint", category="service")
    url = reverse("frontoffice:matter_detail", args=[matter.pk])
    client.force_login(csc_agent)
    page = client.get(url).content.decode()
    assert duplicate_ids(page) == []
    assert 'for="id_relay_note"' in page and 'id="id_relay_note"' in page
    assert 'for="id_contact_note"' in page and 'id="id_contact_note"' in page
    complaint_decide(
        complaint=matter.complaint, finding="substantiated", note="屬實", actor=csc_director
    )
    client.force_login(csc_director)
    page = client.get(url).content.decode()
    assert 'id="id_owner_reason"' in page and 'id="id_assess_reason"' in page
    assert duplicate_ids(page) == []


def test_a_change_of_owner_from_the_page_needs_the_permission(
    client: Any, csc_agent: Any, counter_clerk: Any, csc_director: Any
) -> None:
    matter = open_matter(csc_agent)
    url = reverse("frontoffice:matter_owner", args=[matter.pk])
    data = {"owner": staff_of(counter_clerk).pk, "reason": "轉門市"}
    client.force_login(csc_agent)
    assert client.post(url, data).status_code == 403
    client.force_login(csc_director)
    assert client.post(url, data).status_code == 302
    matter.refresh_from_db()
    assert matter.owner.user == counter_clerk


def test_a_refused_referral_shows_the_page_again_with_what_was_typed(
    client: Any, csc_agent: Any, field_unit: Any
) -> None:
    """The service refuses a due date before today: the page comes back with the reason
    under the field and the referral as it was typed, and nothing is referred."""
    matter = open_matter(csc_agent)
    client.force_login(csc_agent)
    sent = {
        "department": staff_of(field_unit).department.pk,
        "contact_person": "李主任",
        "contact_phone": "023-4370-1234",
        "request": "請核實並答覆。",
        "due": "2020-01-02",
    }
    response = client.post(reverse("frontoffice:matter_refer", args=[matter.pk]), sent)
    assert response.status_code == 200
    form = response.context["refer_form"]
    assert form.is_bound and list(form.errors) == ["due"]
    page = response.content.decode()
    assert 'value="李主任"' in page and "請核實並答覆。" in page and 'value="2020-01-02"' in page
    assert not response.context["relay_form"].is_bound
    assert duplicate_ids(page) == []
    assert not matter.referrals.exists()
    matter.refresh_from_db()
    assert matter.status == "open"


def test_a_referral_to_a_department_not_offered_is_refused(
    client: Any, csc_agent: Any, field_unit: Any, make_staff: Any, other_company: Any
) -> None:
    """The referral takes the departments the page offers: not another company's."""
    matter = open_matter(csc_agent)
    elsewhere = staff_of(make_staff("field_unit", company=other_company)).department
    client.force_login(csc_agent)
    response = client.post(
        reverse("frontoffice:matter_refer", args=[matter.pk]),
        {"department": elsewhere.pk, "contact_person": "王", "request": "x", "due": "2099-01-02"},
    )
    assert response.status_code == 200 and "department" in response.context["refer_form"].errors
    assert not matter.referrals.exists()
