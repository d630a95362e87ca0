"""Synthetic calls and matters (`manage.py generate --calls N --matters N`, issue 8
"Speed"): a call's rings and outcome are those the import computes under the standard in
force on its date (R-2.8); a matter is owned by its first contact (R-2.5), closes only
after a relay (R-2.7), a complaint names what R-2.2 asks and has its clock (R-3.6.3); the
same seed gives the same rows.

Small sizes, so the same tests run on SQLite (batched INSERTs) and PostgreSQL (COPY)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from gridcare.core.models import AuditEvent
from gridcare.frontoffice.generate import COMPLAINT_CLOCKS, spread
from gridcare.frontoffice.models import CallRecord, Complaint, Matter, Relay
from gridcare.frontoffice.services.cdr_import import ring_measure
from gridcare.org.models import Department
from gridcare.rules.models import Breach, Clock, ClockExemption

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
CALL_FIELDS = [f.attname for f in CallRecord._meta.concrete_fields if f.attname != "id"]
MATTER_FIELDS = [f.attname for f in Matter._meta.concrete_fields]


@pytest.fixture
def people(counter_clerk, csc_agent, csc_director):
    """The hall and the customer service centre own the matters and answer the phone."""
    return counter_clerk, csc_agent


def generate(*sizes: str, seed: int = 5, date_to: str = "2026-11-27") -> str:
    out = StringIO()
    call_command(
        "generate", *sizes, "--company", "dazu", "--seed", str(seed),
        "--from", "2026-06-01", "--to", date_to, "--today", TODAY.isoformat(),
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def wipe_matters() -> None:
    Breach.objects.all().delete()
    ClockExemption.objects.all().delete()
    Clock.objects.all().delete()
    Relay.objects.all().delete()
    Complaint.objects.all().delete()
    Matter.objects.all().delete()


def test_spread_gives_exactly_the_size_in_proportion_to_the_weights() -> None:
    days = [(date(2026, 1, d), 1.0 if d % 7 else 0.25) for d in range(1, 29)]
    counts = dict(spread(1000, days))
    assert sum(counts.values()) == 1000
    assert counts[date(2026, 1, 1)] > 3 * counts[date(2026, 1, 7)]


def test_every_generated_call_is_one_the_import_could_have_stored(company, people) -> None:
    output = generate("--calls", "3000")
    assert "calls: 3,000 rows" in output
    calls = list(CallRecord.objects.order_by("pk"))
    assert len(calls) == 3000
    started = [c.started_at for c in calls]
    assert started == sorted(started)  # written in time order, as imports come
    measures = {}
    for call in calls:
        assert call.call_date == timezone.localdate(call.started_at)
        if call.call_date not in measures:
            measures[call.call_date] = ring_measure(company=company, on=call.call_date)
        measure = measures[call.call_date]
        if call.disposition == CallRecord.Disposition.ANSWERED:
            # as the import counts: one ring at once, then one per period.
            rings = call.ring_ms // measure.period_ms + 1
            assert (call.rings, call.standard_id) == (rings, measure.standard_id)
            assert call.outcome == ("met" if rings <= measure.limit else "breached")
            assert call.answered_at > call.started_at and call.agent_id is not None
        elif call.disposition == CallRecord.Disposition.NO_ANSWER:
            # Abandoned: it rang for the whole call; past the limit it is a breach.
            assert call.answered_at is None and call.ring_ms == call.duration * 1000
            late = call.ring_ms // measure.period_ms + 1 > measure.limit
            assert call.outcome == ("breached" if late else "unanswered")
            assert call.standard_id == (measure.standard_id if late else None)
        else:
            assert call.outcome == CallRecord.Outcome.UNANSWERED
            assert call.answered_at is None and call.ring_ms is None
    outcomes = {c.outcome for c in calls}
    assert {"met", "breached", "unanswered"} <= outcomes
    not_answered = sum(c.answered_at is None for c in calls) / len(calls)
    assert 0.05 < not_answered < 0.11
    assert not AuditEvent.objects.filter(action__startswith="frontoffice.").exists()
    if connection.vendor == "postgresql":
        connection.check_constraints()


def test_calls_are_the_same_for_a_seed_and_a_second_run_adds_others(company, people) -> None:
    generate("--calls", "800")
    first = list(CallRecord.objects.order_by("pk").values_list(*CALL_FIELDS))
    CallRecord.objects.all().delete()
    generate("--calls", "800")
    assert list(CallRecord.objects.order_by("pk").values_list(*CALL_FIELDS)) == first
    # The same seed again on top: new keys, no clash with the calls already there.
    generate("--calls", "800")
    assert CallRecord.objects.values("key").distinct().count() == 1600


def test_every_generated_matter_is_one_the_services_could_have_stored(company, people) -> None:
    clerk, agent = people
    output = generate("--matters", "1500")
    assert "matters: 1,500 rows" in output
    matters = list(Matter.objects.order_by("received_at", "pk"))
    assert len(matters) == 1500
    departments = dict(Department.objects.values_list("pk", "kind"))
    staff_department = {clerk.staff.pk: clerk.staff.department_id}
    staff_department[agent.staff.pk] = agent.staff.department_id
    relays = dict(
        Relay.objects.values("matter_id").annotate(n=Count("pk")).values_list("matter_id", "n")
    )
    relayed_at = dict(Relay.objects.values_list("matter_id", "relayed_at"))
    for matter in matters:
        assert matter.owner_id == matter.received_by_id  # the first contact owns it
        if matter.owner_id in staff_department:
            kind = departments[staff_department[matter.owner_id]]
            phone = matter.channel in (Matter.Channel.PHONE, Matter.Channel.WEB)
            assert kind == (Department.Kind.CSC if phone else Department.Kind.SERVICE_HALL)
        # closed only once relayed, one relay, in the right order.
        if matter.status == Matter.Status.OPEN:
            assert matter.pk not in relays
        else:
            assert relays[matter.pk] == 1
            assert matter.received_at < relayed_at[matter.pk]
            assert timezone.localdate(relayed_at[matter.pk]) < TODAY
        if matter.closed_at is not None:
            assert relayed_at[matter.pk] < matter.closed_at
            assert timezone.localdate(matter.closed_at) < TODAY
    assert {m.status for m in matters} >= {Matter.Status.OPEN, Matter.Status.CLOSED}
    complaints = {c.pk: c for c in Complaint.objects.select_related("matter")}
    complaint_matters = [m for m in matters if m.kind == Matter.Kind.COMPLAINT]
    assert set(complaints) == {m.pk for m in complaint_matters}
    # Complaints take the first block of ids (their clocks are written on that range).
    assert sorted(complaints) == list(range(min(complaints), min(complaints) + len(complaints)))
    assert min(complaints) == min(m.pk for m in matters)
    for complaint in complaints.values():
        closed = complaint.matter.closed_at is not None
        assert (complaint.finding != Complaint.Finding.PENDING) == closed
        if complaint.about_conduct:
            assert complaint.prohibition_id and complaint.staff_concerned_id
    assert any(c.about_conduct for c in complaints.values())
    if connection.vendor == "postgresql":
        connection.check_constraints()


def test_each_complaint_has_one_clock_and_other_matters_none(company, people) -> None:
    generate("--matters", "1500")
    subject_type = ContentType.objects.get_for_model(Matter)
    clocks = Clock.objects.filter(subject_type=subject_type).select_related("standard")
    assert sorted(c.subject_id for c in clocks) == sorted(
        Complaint.objects.values_list("pk", flat=True)
    )
    assert {c.standard.code for c in clocks} == COMPLAINT_CLOCKS
    # The customer service centre answers for complaint clocks (rules.generate.RESPONSIBLE).
    csc = set(Department.objects.filter(kind=Department.Kind.CSC).values_list("pk", flat=True))
    assert {c.responsible_department_id for c in clocks} <= csc


def test_matters_are_the_same_for_a_seed_and_differ_for_another(company, people) -> None:
    generate("--matters", "700")
    first = list(Matter.objects.order_by("pk").values_list(*MATTER_FIELDS))
    complaints = list(Complaint.objects.order_by("pk").values_list("pk", "category", "finding"))
    wipe_matters()
    generate("--matters", "700")
    assert list(Matter.objects.order_by("pk").values_list(*MATTER_FIELDS)) == first
    assert (
        list(Complaint.objects.order_by("pk").values_list("pk", "category", "finding"))
        == complaints
    )
    wipe_matters()
    generate("--matters", "700", seed=6)
    assert list(Matter.objects.order_by("pk").values_list(*MATTER_FIELDS)) != first
