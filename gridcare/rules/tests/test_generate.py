"""Synthetic clocks (`manage.py generate --clocks N`): every row is one the services could
have stored, by the model's definitions (period_date, states against stop and due dates,
due dates from the calendar), and the same seed gives the same rows.

Small sizes, so the same tests run on SQLite (batched INSERTs) and PostgreSQL (COPY)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gridcare.core.models import AuditEvent
from gridcare.rules import deadlines
from gridcare.rules.models import Breach, Clock, ClockExemption, ServiceStandard
from gridcare.rules.selectors import standard_in_force
from gridcare.workdays.selectors import calendar_snapshot
from gridcare.workdays.services import calendar_year_enter

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
SIZE = 1500
FIELDS = [f.attname for f in Clock._meta.concrete_fields if f.attname != "id"]


@pytest.fixture
def people(counter_clerk, csc_director, csc_agent):
    """Staff who answer for clocks, ask for exemptions and approve them."""
    return counter_clerk, csc_director


def generate(*extra: str, size: int = SIZE, seed: int = 7) -> str:
    out = StringIO()
    call_command(
        "generate",
        "--clocks", str(size), "--company", "dazu", "--seed", str(seed),
        "--from", "2025-07-01", "--to", "2026-06-30", "--today", TODAY.isoformat(),
        *extra,
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def rows() -> list[tuple]:
    return list(Clock.objects.order_by("subject_id").values_list(*FIELDS))


def local_date(value) -> date | None:
    return timezone.localdate(value) if value is not None else None


def test_every_generated_clock_is_one_the_services_could_have_stored(company, people) -> None:
    output = generate()
    clocks = list(Clock.objects.select_related("standard"))
    assert len(clocks) == SIZE and "rows/s" in output
    snapshot = calendar_snapshot()
    in_force: dict[tuple, ServiceStandard | None] = {}
    for clock in clocks:
        stop = local_date(clock.stopped_at)
        # The deadline standard in force on the start date, copied as clock_start does.
        assert clock.standard.measure == ServiceStandard.Measure.DEADLINE
        key = (clock.standard.code, clock.start_date, str(clock.standard.applies_to))
        if key not in in_force:
            in_force[key] = standard_in_force(
                company=company,
                code=clock.standard.code,
                on=clock.start_date,
                attrs=clock.standard.applies_to,
            )
        assert in_force[key] == clock.standard
        assert (clock.amount, clock.unit) == (clock.standard.amount, clock.standard.unit)
        assert local_date(clock.started_at) == clock.start_date
        due = deadlines.due_date(
            unit=clock.unit, amount=clock.amount, start=clock.start_date, paused=0,
            snapshot=snapshot,
        )  # fmt: skip
        assert (clock.due, clock.provisional) == (due.date, due.provisional)
        assert clock.remind_on == deadlines.remind_date(
            unit=clock.unit, amount=clock.amount, start=clock.start_date, paused=0,
            share=0.8, snapshot=snapshot,
        )  # fmt: skip
        assert clock.calendar_version == snapshot.version
        # period_date: the stop date, else the due date (the model's definition).
        assert clock.period_date == (stop or clock.due)
        # States against stop and due dates, as clock_stop and the sweep decide them.
        if stop is not None:
            assert clock.start_date <= stop < TODAY and clock.stopped_at > clock.started_at
        if clock.state == Clock.State.MET:
            assert stop is not None and stop <= clock.due
        elif clock.state == Clock.State.BREACHED:
            # Stopped late, or never stopped and breached by the sweep once overdue.
            assert stop > clock.due if stop is not None else clock.due < TODAY
        elif clock.state == Clock.State.RUNNING:
            assert stop is None and clock.due >= TODAY
        assert clock.paused_days == 0 and clock.paused_since is None
        if clock.reminded_at is not None:
            assert local_date(clock.reminded_at) == clock.remind_on <= TODAY
    states = {clock.state for clock in clocks}
    assert states == set(Clock.State.values)
    assert {clock.unit for clock in clocks} == {deadlines.WORKING_DAYS, deadlines.DAYS}
    if connection.vendor == "postgresql":
        connection.check_constraints()  # the deferred foreign keys, checked now


def test_breached_and_exempted_clocks_have_their_records(company, people) -> None:
    clerk, director = people
    generate()
    breached = Clock.objects.filter(state=Clock.State.BREACHED)
    breaches = Breach.objects.select_related("clock__standard")
    assert breaches.count() == breached.count() > 0
    for breach in breaches:
        assert breach.status == Breach.Status.ACTIVE
        assert breach.occurred_on == breach.clock.due
        assert breach.clause_id == breach.clock.standard.clause_id
        assert breach.department_id == breach.clock.responsible_department_id
    exempted = Clock.objects.filter(state=Clock.State.EXEMPTED)
    exemptions = ClockExemption.objects.all()
    assert exemptions.count() == exempted.count() > 0
    assert set(exemptions.values_list("clock_id", flat=True)) == set(
        exempted.values_list("pk", flat=True)
    )
    for exemption in exemptions:
        assert exemption.status == ClockExemption.Status.APPROVED
        # Someone else approves (R-2.10, as clock_exemption_decide demands).
        assert (exemption.requested_by, exemption.decided_by) == (clerk, director)
    assert not AuditEvent.objects.filter(action__startswith="rules.").exists()


def test_without_anyone_to_approve_no_clock_is_exempted(company, counter_clerk) -> None:
    generate()
    assert not Clock.objects.filter(state=Clock.State.EXEMPTED).exists()
    assert not ClockExemption.objects.exists()


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(company, people) -> None:
    generate()
    first = rows()
    Breach.objects.all().delete()
    ClockExemption.objects.all().delete()
    Clock.objects.all().delete()
    generate()
    assert rows() == first
    Breach.objects.all().delete()
    ClockExemption.objects.all().delete()
    Clock.objects.all().delete()
    generate(seed=8)
    assert rows() != first


def test_later_runs_take_new_subjects(company, people) -> None:
    generate(size=300)
    generate(size=300)
    subjects = list(Clock.objects.order_by("subject_id").values_list("subject_id", flat=True))
    assert subjects == list(range(subjects[0], subjects[0] + 600))


def test_provisional_clocks_reach_past_the_calendar_and_move_when_the_year_is_entered(
    company, people, administrator
) -> None:
    """R-CAL-3: the generated provisional deadlines are the ones a new year moves."""
    generate("--provisional", "0.2")
    last = calendar_snapshot().last_known
    provisional = Clock.objects.filter(provisional=True)
    assert provisional.count() > SIZE * 0.1
    assert not provisional.filter(due__lte=last).exists()
    assert not provisional.exclude(unit=deadlines.WORKING_DAYS).exists()
    assert not Clock.objects.filter(provisional=False, due__gt=last).exists()
    calendar_year_enter(
        year=last.year + 1,
        holidays=[(date(last.year + 1, 1, 1), date(last.year + 1, 1, 3), "元旦")],
        makeup_days=[],
        source="test",
        actor=administrator,
    )
    assert not Clock.objects.filter(provisional=True).exists()


def test_province_scale_is_refused_on_sqlite_with_a_clear_message(company) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the limit is SQLite's: PostgreSQL takes any size through COPY")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="PostgreSQL"):
        generate(size=1_000_000)
    assert not Clock.objects.exists()
