"""R-3.8.2: the result of a follow-up call is recorded; a dissatisfied answer reopens the
matter for its owner (or, for an application or a fault, opens one for the person
responsible); a customer not reached after the last attempt is unreachable."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent, Notification
from gridcare.followups.models import FollowupCall
from gridcare.followups.services import (
    NO_ANSWER,
    followup_call_record,
    followup_settings_update,
    followups_queue,
)
from gridcare.frontoffice.models import Matter
from gridcare.org.models import Department


@pytest.fixture
def everything(company, supervision_officer):
    followup_settings_update(company=company, actor=supervision_officer, sample_percent=100)


def queued(record):
    followups_queue(company=record.company)
    kind = {"Matter": "matter", "Application": "application", "FaultReport": "fault"}
    return FollowupCall.objects.get(**{kind[type(record).__name__]: record})


@pytest.mark.django_db
def test_a_satisfied_customer_closes_the_call(everything, supervision_officer, closed_matter):
    call = queued(closed_matter())
    call = followup_call_record(
        call=call, outcome="satisfied", comment="很好", actor=supervision_officer
    )
    assert (call.state, call.result, call.attempts) == ("done", "satisfied", 1)
    assert call.called_by.user == supervision_officer and call.called_at is not None
    assert call.matter.status == Matter.Status.CLOSED
    assert AuditEvent.objects.filter(
        action="followups.call.reached", object_id=str(call.pk)
    ).exists()


@pytest.mark.django_db
def test_a_dissatisfied_answer_reopens_the_matter_and_tells_its_owner(
    everything, supervision_officer, counter_clerk, closed_matter
):
    matter = closed_matter(owner=counter_clerk)
    call = followup_call_record(
        call=queued(matter),
        outcome="dissatisfied",
        comment="問題沒有解決",
        actor=supervision_officer,
    )
    matter.refresh_from_db()
    assert matter.status == Matter.Status.OPEN and matter.closed_at is None
    assert matter.reopened == 1 and matter.owner.user == counter_clerk
    assert call.followup_matter == matter
    reopen = AuditEvent.objects.get(action="frontoffice.matter.open", object_id=str(matter.pk))
    assert "問題沒有解決" in reopen.payload["reason"]
    note = Notification.objects.get(recipient=counter_clerk)
    assert note.body == "問題沒有解決" and note.url == matter.get_absolute_url()


@pytest.mark.django_db
def test_a_dissatisfied_answer_without_the_customers_words_changes_nothing(
    everything, supervision_officer, closed_matter
):
    matter = closed_matter()
    call = queued(matter)
    with pytest.raises(DomainError) as refused:
        followup_call_record(
            call=call, outcome="dissatisfied", comment="  ", actor=supervision_officer
        )
    assert refused.value.field == "comment"
    call.refresh_from_db()
    matter.refresh_from_db()
    assert (call.state, call.attempts, matter.status) == ("queued", 0, "closed")


@pytest.mark.django_db
def test_a_dissatisfied_application_customer_gets_a_matter_owned_by_the_responsible(
    everything, supervision_officer, csc_agent, closed_application
):
    application = closed_application(responsible=csc_agent)
    call = followup_call_record(
        call=queued(application),
        outcome="dissatisfied",
        comment="通電太慢",
        actor=supervision_officer,
    )
    application.refresh_from_db()
    assert application.status == "closed"  # the process itself is not reopened
    matter = call.followup_matter
    assert matter.kind == Matter.Kind.OPINION and matter.status == Matter.Status.OPEN
    assert matter.owner.user == csc_agent and matter.description == "通電太慢"
    assert matter.owner_changes.get().reason
    assert Notification.objects.filter(recipient=csc_agent).exists()


@pytest.mark.django_db
def test_a_dissatisfied_fault_customer_goes_to_the_head_of_the_crew(
    everything, supervision_officer, make_staff, company, closed_fault
):
    member = make_staff("field_unit", company=company)
    head = make_staff("field_unit", company=company)
    from gridcare.org.models import Position

    director, _ = Position.objects.get_or_create(
        code="director", defaults={"name": "d", "kind": "director"}
    )
    head.staff.position = director
    head.staff.save()
    crew = Department.objects.get(company=company, code="line")
    call = followup_call_record(
        call=queued(closed_fault(crew=crew)),
        outcome="dissatisfied",
        comment="搶修後又停電",
        actor=supervision_officer,
    )
    assert call.followup_matter.owner.user == head
    assert not Notification.objects.filter(recipient=member).exists()


@pytest.mark.django_db
def test_unreachable_after_the_last_allowed_attempt(company, supervision_officer, closed_matter):
    followup_settings_update(
        company=company, actor=supervision_officer, sample_percent=100, max_attempts=2
    )
    call = queued(closed_matter())
    call = followup_call_record(call=call, outcome=NO_ANSWER, actor=supervision_officer)
    assert (call.state, call.attempts, call.result) == ("queued", 1, "")
    call = followup_call_record(call=call, outcome=NO_ANSWER, actor=supervision_officer)
    assert (call.state, call.attempts) == ("unreachable", 2)
    with pytest.raises(DomainError):
        followup_call_record(call=call, outcome="satisfied", actor=supervision_officer)
    actions = list(
        AuditEvent.objects.filter(object_id=str(call.pk), action__startswith="followups.call.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "followups.call.queued",
        "followups.call.attempted",
        "followups.call.unreachable",
    ]


@pytest.mark.django_db
def test_a_second_recording_is_refused_naming_who_recorded(
    everything, supervision_officer, make_staff, company, closed_matter
):
    other = make_staff("supervision_officer", company=company)
    call = queued(closed_matter())
    followup_call_record(call=call, outcome="satisfied", actor=other)
    with pytest.raises(DomainError) as refused:
        followup_call_record(
            call=call, outcome="dissatisfied", comment="x", actor=supervision_officer
        )
    assert other.staff.name in refused.value.message
    call.refresh_from_db()
    assert call.result == "satisfied" and call.called_by.user == other


@pytest.mark.django_db
def test_an_attempt_recorded_meanwhile_is_caught(everything, supervision_officer, closed_matter):
    call = queued(closed_matter())
    followup_call_record(call=call, outcome=NO_ANSWER, actor=supervision_officer, attempts_seen=0)
    with pytest.raises(DomainError):
        followup_call_record(
            call=call, outcome=NO_ANSWER, actor=supervision_officer, attempts_seen=0
        )
    call.refresh_from_db()
    assert call.attempts == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_recording_the_same_call_at_once_one_wins(
    company, supervision_officer, make_staff, closed_matter
):
    """On PostgreSQL: two connections meet at a barrier; the row lock lets exactly one
    record the call, the other is told who did."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")
    followup_settings_update(company=company, actor=supervision_officer, sample_percent=100)
    other = make_staff("supervision_officer", company=company, username="officer2")
    call = queued(closed_matter())
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def record(name: str, user, outcome: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = followup_call_record(
                call=call, outcome=outcome, comment="意見", actor=user, at=timezone.now()
            )
        except DomainError as error:
            results[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=("a", supervision_officer, "satisfied")),
        threading.Thread(target=record, args=("b", other, "dissatisfied")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    errors = [r for r in results.values() if isinstance(r, DomainError)]
    wins = [r for r in results.values() if isinstance(r, FollowupCall)]
    assert len(errors) == 1 and len(wins) == 1
    call.refresh_from_db()
    assert call.result == wins[0].result and call.called_by == wins[0].called_by
    assert call.called_by.name in errors[0].message
    reopened = Matter.objects.get(pk=call.matter_id).reopened
    assert reopened == (1 if call.result == "dissatisfied" else 0)
