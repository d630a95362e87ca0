"""Entering a new year's arrangement moves every stored deadline that depended on it,
set-based, audits each change of a due date, and settles the verdicts (R-CAL-3)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gridcare.core.models import AuditEvent
from gridcare.org.models import Department
from gridcare.rules.models import Breach, Clock
from gridcare.rules.services import clock_start, clock_stop
from gridcare.rules.sweep import clock_sweep
from gridcare.workdays.services import calendar_year_enter

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")

NEW_YEAR_2027 = [(date(2027, 1, 1), date(2027, 1, 3), "元旦")]
# The notice differs from what the regulation alone gives (R-CAL-3): before it, Spring
# Festival 2027 is computed as New Year's Eve 02-05 to 02-08 with two days in lieu for its
# weekend (02-09, 02-10), so 2027-02-03 + 3 working days is 02-12, provisionally; the
# notice gives 02-06 to 02-12 off and Sunday 02-14 as a make-up working day: 02-14.
SPRING_2027 = [*NEW_YEAR_2027, (date(2027, 2, 6), date(2027, 2, 12), "春節")]
SPRING_MAKEUP_2027 = [(date(2027, 2, 14), "春節")]


def enter_2027(actor) -> None:
    calendar_year_enter(
        year=2027,
        holidays=SPRING_2027,
        makeup_days=SPRING_MAKEUP_2027,
        source="2027年節假日安排",
        actor=actor,
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def plan(company, received: str, n: int) -> Clock:
    subject = Department.objects.create(company=company, code=f"s{n}", name="s", kind="other")
    return clock_start(
        subject=subject,
        code="application.plan_reply",
        company=company,
        started_at=at(received),
        attrs={"voltage": "low"},
    )


def test_entering_2027_moves_provisional_deadlines_and_audits_each(company, administrator) -> None:
    into_2027 = [plan(company, "2027-02-03 10:00", n) for n in range(3)]
    known = plan(company, "2026-03-02 10:00", 9)
    assert {(c.due, c.provisional) for c in into_2027} == {(date(2027, 2, 12), True)}
    enter_2027(administrator)
    for clock in into_2027:
        clock.refresh_from_db()
        assert (clock.due, clock.provisional, clock.period_date) == (
            date(2027, 2, 14),
            False,
            date(2027, 2, 14),
        )
    events = AuditEvent.objects.filter(action="rules.clock.due_recomputed")
    assert sorted(int(e.object_id) for e in events) == sorted(c.pk for c in into_2027)
    payload = events.first().payload
    assert payload["from"] == "2027-02-12" and payload["to"] == "2027-02-14"
    assert payload["provisional"] is False
    before = known.due
    known.refresh_from_db()
    assert (
        known.due == before
        and not AuditEvent.objects.filter(
            action="rules.clock.due_recomputed", object_id=str(known.pk)
        ).exists()
    )


def test_a_verdict_follows_the_corrected_due_date(company, administrator) -> None:
    """Stopped on Saturday 2027-02-13 against a provisional due of 02-12: breached. Once
    2027 is entered the due is 02-14: met, and the breach is withdrawn."""
    clock = plan(company, "2027-02-03 10:00", 1)
    with time_machine.travel(at("2027-02-13 18:00"), tick=False):
        clock = clock_stop(clock=clock, at=at("2027-02-13 17:00"))
        assert clock.state == "breached"
        enter_2027(administrator)
    clock.refresh_from_db()
    assert clock.state == "met" and clock.due == date(2027, 2, 14)
    assert Breach.objects.get(clock=clock).status == "withdrawn"


def test_a_calendar_change_that_moves_nothing_writes_nothing(company, administrator) -> None:
    clock = plan(company, "2026-12-21 10:00", 1)  # due 12-24, inside the known year
    calendar_year_enter(
        year=2027,
        holidays=NEW_YEAR_2027,
        makeup_days=[],
        source="2027年節假日安排",
        actor=administrator,
    )
    clock.refresh_from_db()
    assert clock.due == date(2026, 12, 24)
    assert not AuditEvent.objects.filter(action="rules.clock.due_recomputed").exists()
    summary = AuditEvent.objects.get(action="rules.clock.deadlines_recomputed")
    assert summary.payload["changed"] == 0


def test_a_make_up_day_can_make_a_clock_stopped_in_time_late(company, administrator) -> None:
    """Received Friday 2027-02-19, 3 working days: Wednesday 02-24 with weekends only, but
    Saturday 02-20 is a make-up working day (調休) once the year is entered: Tuesday 02-23.
    Replied on Wednesday: met while provisional, then breached, and a breach opened."""
    clock = plan(company, "2027-02-19 10:00", 2)
    with time_machine.travel(at("2027-02-24 18:00"), tick=False):
        clock = clock_stop(clock=clock, at=at("2027-02-24 11:00"))
        assert (clock.due, clock.state) == (date(2027, 2, 24), "met")
        calendar_year_enter(
            year=2027,
            holidays=[*NEW_YEAR_2027, (date(2027, 2, 6), date(2027, 2, 12), "春節")],
            makeup_days=[(date(2027, 2, 14), "春節"), (date(2027, 2, 20), "春節")],
            source="2027年節假日安排",
            actor=administrator,
        )
    clock.refresh_from_db()
    assert (clock.due, clock.state, clock.period_date) == (
        date(2027, 2, 23),
        "breached",
        date(2027, 2, 24),
    )
    assert Breach.objects.get(clock=clock).status == "active"


def test_a_swept_breach_whose_due_moves_ahead_runs_again(company, administrator) -> None:
    """Provisionally due 2027-02-12, breached by the sweep on 02-13; the notice moves the
    due date to 02-14, not yet passed: running again, the breach withdrawn."""
    clock = plan(company, "2027-02-03 10:00", 3)
    with time_machine.travel(at("2027-02-13 09:00"), tick=False):
        clock_sweep()
        clock.refresh_from_db()
        assert clock.state == "breached"
        enter_2027(administrator)
    clock.refresh_from_db()
    assert (clock.due, clock.state, clock.stopped_at) == (date(2027, 2, 14), "running", None)
    assert Breach.objects.get(clock=clock).status == "withdrawn"
