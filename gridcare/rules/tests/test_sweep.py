"""The clock sweep never halts (R-3.9.1): each clock is handled on its own, a clock that
fails is logged, counted and shown to the administrators, the others are breached and
reminded all the same, and a breach on a day no points rule covers still reaches the
ledger, waiting for marketing."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gridcare.assessments.models import AssessmentItem
from gridcare.core.models import Notification
from gridcare.rules import sweep
from gridcare.rules.models import Breach, Clock, SweepRun
from gridcare.rules.services import clock_start

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def overdue(company: Any, counter_clerk: Any) -> Any:
    """Plan-reply clocks (R-2.10, low voltage: 3 working days) received on a day, the
    clerk responsible: each is overdue once its third working day has passed."""

    def make(received: str = "2026-03-02 10:00", name: str = "") -> Clock:
        subject = Group.objects.create(name=name or f"subject-{Group.objects.count()}")
        clock = clock_start(
            subject=subject,
            code="application.plan_reply",
            company=company,
            started_at=at(received),
            attrs={"voltage": "low"},
            department=counter_clerk.staff.department,
            staff=counter_clerk.staff,
        )
        assert clock is not None
        return clock

    return make


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the breach of the given clocks raise, as a clock with broken data would."""
    bad: set[int] = set()
    real = sweep.breaches_open

    def breaches_open(clocks: list[Clock]) -> Any:
        for clock in clocks:
            if clock.pk in bad:
                raise ValueError(f"broken clock {clock.pk} " + "x" * 500)
        return real(clocks)

    monkeypatch.setattr(sweep, "breaches_open", breaches_open)
    return bad


def test_a_clock_that_fails_stops_no_other_and_is_listed(overdue: Any, failing: Any) -> None:
    clocks = [overdue(name=f"c{n}") for n in range(5)]
    failing.add(clocks[2].pk)
    with time_machine.travel(at("2026-03-10 09:00")):
        result = sweep.clock_sweep()
    assert (result.breached, result.failed) == (4, 1)
    states = dict(Clock.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in clocks] == ["breached"] * 2 + ["running"] + ["breached"] * 2
    assert Breach.objects.count() == 4
    run = SweepRun.objects.get()
    assert (run.breached, run.failed) == (4, 1)
    (failure,) = run.failures
    assert failure["clock"] == clocks[2].pk and failure["stage"] == "breach"
    assert failure["company"] == clocks[2].company_id
    assert "broken clock" in failure["error"]


def test_reminders_are_sent_whatever_the_breaches_met(
    overdue: Any, failing: Any, counter_clerk: Any
) -> None:
    late = overdue("2026-03-02 10:00")
    failing.add(late.pk)
    due_soon = overdue("2026-03-09 10:00")  # due 03-12, its reminder day
    with time_machine.travel(at("2026-03-12 09:00")):
        result = sweep.clock_sweep()
    # Both are reminded: the one whose breach failed is still running.
    assert (result.breached, result.reminded, result.failed) == (0, 2, 1)
    assert Clock.objects.get(pk=due_soon.pk).due == date(2026, 3, 12)
    assert Notification.objects.filter(
        recipient=counter_clerk, key=f"remind:{due_soon.pk}"
    ).exists()


def test_a_failure_message_is_bounded(overdue: Any, failing: Any) -> None:
    clock = overdue()
    failing.add(clock.pk)
    with time_machine.travel(at("2026-03-10 09:00")):
        sweep.clock_sweep()
    (failure,) = SweepRun.objects.get().failures
    assert len(failure["error"]) <= SweepRun.ERROR_LENGTH


def test_a_breach_on_a_day_no_points_rule_covers_waits_for_marketing(overdue: Any) -> None:
    """The shared points rules take effect on 2024-01-01; a clock due in 2023 breaches all
    the same, and its item is recorded without points, to be set on review."""
    clock = overdue("2023-06-26 10:00")
    with time_machine.travel(at("2023-07-10 09:00")):
        result = sweep.clock_sweep()
    assert (result.breached, result.failed) == (1, 0)
    item = AssessmentItem.objects.get(evidence_id=Breach.objects.get(clock=clock).pk)
    assert item.waits_for_rule and item.points is None and item.status == "pending"


def test_a_second_run_finds_nothing_left(overdue: Any) -> None:
    overdue()
    with time_machine.travel(at("2026-03-10 09:00")):
        assert sweep.clock_sweep().breached == 1
        again = sweep.clock_sweep()
    assert (again.breached, again.reminded, again.failed) == (0, 0, 0)
    assert AssessmentItem.objects.count() == 1


def test_many_clocks_across_batches_with_failures_scattered(
    overdue: Any, failing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sweep, "BATCH", 4)
    clocks = [overdue(name=f"m{n}") for n in range(11)]
    failing.update({clocks[0].pk, clocks[5].pk, clocks[10].pk})
    with time_machine.travel(at("2026-03-10 09:00")):
        result = sweep.clock_sweep()
    assert (result.breached, result.failed) == (8, 3)
    assert {f.clock for f in result.failures} == set(failing)


def test_manage_py_sweep_says_what_it_did_and_fails_on_a_failure(
    overdue: Any, failing: Any
) -> None:
    clock = overdue()
    overdue(name="fine")
    with time_machine.travel(at("2026-03-10 09:00")):
        out = StringIO()
        failing.add(clock.pk)
        with pytest.raises(SystemExit) as exit_:
            call_command("sweep", stdout=out)
        assert exit_.value.code == 1
        assert "1 breached" in out.getvalue() and "1 failed" in out.getvalue()
        assert f"clock {clock.pk}" in out.getvalue()
        failing.clear()
        out = StringIO()
        call_command("sweep", stdout=out)  # no SystemExit: every clock handled
        assert "1 breached" in out.getvalue() and "0 failed" in out.getvalue()


def test_healthz_gives_details_and_the_sweep_to_staff_only(
    client: Client, overdue: Any, failing: Any, counter_clerk: Any
) -> None:
    failing.add(overdue().pk)
    with time_machine.travel(at("2026-03-10 09:00")):
        sweep.clock_sweep()
    anonymous = json.loads(client.get(reverse("healthz")).content)
    assert set(anonymous) == {"status"}
    client.force_login(counter_clerk)
    staff = json.loads(client.get(reverse("healthz")).content)
    assert staff["database"]["ok"] and staff["clock_sweep"]["failed"] == 1


def test_administrators_see_the_failures_of_their_own_company_only(
    client: Client,
    overdue: Any,
    failing: Any,
    administrator: Any,
    make_staff: Any,
    other_company: Any,
) -> None:
    clock = overdue()
    failing.add(clock.pk)
    with time_machine.travel(at("2026-03-10 09:00")):
        sweep.clock_sweep()
    client.force_login(administrator)
    page = client.get(reverse("rules:sweep_runs"))
    assert page.status_code == 200 and "broken clock" in page.content.decode()
    client.force_login(make_staff("administrator", company=other_company))
    page = client.get(reverse("rules:sweep_runs"))
    assert page.status_code == 200 and "broken clock" not in page.content.decode()
    client.force_login(make_staff("counter_clerk", company=clock.company))
    assert client.get(reverse("rules:sweep_runs")).status_code == 403


def test_old_runs_are_pruned(overdue: Any) -> None:
    with time_machine.travel(at("2026-01-01 09:00")):
        sweep.clock_sweep()
    with time_machine.travel(at("2026-03-10 09:00")):
        sweep.clock_sweep()
    assert list(SweepRun.objects.values_list("started_at__date", flat=True)) == [date(2026, 3, 10)]
