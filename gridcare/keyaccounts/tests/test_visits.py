"""R-3.6.1: each key account is visited at least once every half year (Jan–Jun, Jul–Dec),
a clock per account per half year (standard 3.6.1); phone contacts are logged; what an
account designated mid-half-year owes."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gridcare.core.errors import DomainError
from gridcare.keyaccounts.models import Interaction, KeyAccountHalfYear, ServiceItem
from gridcare.keyaccounts.services.designation import (
    keyaccount_list_adjust,
)
from gridcare.keyaccounts.services.visits import (
    NeedInput,
    interaction_record,
    owes_visit,
    visit_clock,
    visit_half_years_open,
)
from gridcare.keyaccounts.tests.conftest import local
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import Breach, Clock, ClockExemption
from gridcare.rules.sweep import clock_sweep

pytestmark = pytest.mark.django_db


def _row(customer, half: str) -> KeyAccountHalfYear:
    return KeyAccountHalfYear.objects.get(customer=customer, half_start=date.fromisoformat(half))


def _visit(customer, user, when: str, kind: str = "visit", **kwargs) -> Interaction:
    with time_machine.travel(local(when), tick=False):
        return interaction_record(
            customer=customer,
            kind=kind,
            at=local(when),
            summary="了解用電需求",
            actor=user,
            **kwargs,
        )


@pytest.mark.parametrize(
    ("designated", "half", "owed"),
    [
        ("2024-12-16", "2025-01-01", True),  # on the list at the half year's start
        ("2025-01-01", "2025-01-01", True),
        ("2025-03-31", "2025-01-01", True),  # last day before the cut-off
        ("2025-04-01", "2025-01-01", False),  # the cut-off: owed from next half year
        ("2025-06-30", "2025-01-01", False),
        ("2025-09-30", "2025-07-01", True),
        ("2025-10-01", "2025-07-01", False),
    ],
)
def test_what_an_account_designated_mid_half_year_owes(designated, half, owed) -> None:
    """Designated before the first day of the half year's fourth month, it owes that half
    year's visit; on or after it, its first visit is owed the next half year."""
    assert (
        owes_visit(designated_on=date.fromisoformat(designated), half=date.fromisoformat(half))
        is owed
    )


def test_an_account_on_the_list_owes_a_visit_each_half_year_and_the_first_visit_stops_it(
    company, government, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-01 00:10"), tick=False):
        assert visit_half_years_open() == 1
        assert visit_half_years_open() == 0  # idempotent
    row = _row(government, "2025-01-01")
    clock = visit_clock(row)
    assert (clock.start_date, clock.due) == (date(2025, 1, 1), date(2025, 6, 30))
    assert (clock.standard.clause.number, clock.is_key_account) == ("3.6.1", True)
    assert clock.responsible_staff == csc_director.staff

    # A phone contact is logged but is not a visit.
    _visit(government, csc_director, "2025-02-10 10:00", kind="phone")
    clock.refresh_from_db()
    assert clock.state == Clock.State.RUNNING
    first = _visit(government, csc_director, "2025-03-12 15:00")
    _visit(government, csc_director, "2025-05-20 15:00")
    clock.refresh_from_db()
    row.refresh_from_db()
    assert clock.state == Clock.State.MET
    assert (row.first_visit, row.visited_on) == (first, date(2025, 3, 12))


def test_a_half_year_without_a_visit_breaches(
    company, government, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-02 08:00"), tick=False):
        visit_half_years_open()
    clock = visit_clock(_row(government, "2025-01-01"))
    assert clock.effective_state(date(2025, 6, 30)) == Clock.State.RUNNING
    assert clock.effective_state(date(2025, 7, 1)) == Clock.State.BREACHED
    with time_machine.travel(local("2025-07-01 08:00"), tick=False):
        clock_sweep()
        rows = compliance_by_standard(
            company=company, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30)
        )
    figures = next(r for r in rows if r.code == "keyaccount.visit")
    assert (figures.counts.breached, figures.counts.met, figures.measured) == (1, 0, True)
    breach = Breach.objects.get(clock=clock)
    assert (breach.staff, breach.clause.number) == (csc_director.staff, "3.6.1")


def test_designated_mid_half_year_before_the_cut_off_it_owes_that_half_years_visit(
    company, government, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2025-03-20 10:00")
    clock = visit_clock(_row(government, "2025-01-01"))
    assert (clock.start_date, clock.due) == (date(2025, 3, 20), date(2025, 6, 30))


def test_designated_after_the_cut_off_it_owes_from_the_next_half_year(
    company, government, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2025-05-10 10:00")
    row = _row(government, "2025-01-01")
    assert (row.owes_visit, visit_clock(row)) == (False, None)
    # A visit there is welcome and recorded, but nothing was owed.
    _visit(government, csc_director, "2025-06-02 10:00")
    row.refresh_from_db()
    assert row.visited_on == date(2025, 6, 2)
    with time_machine.travel(local("2025-07-01 00:10"), tick=False):
        visit_half_years_open()
    clock = visit_clock(_row(government, "2025-07-01"))
    assert (clock.start_date, clock.due) == (date(2025, 7, 1), date(2025, 12, 31))


def test_an_account_that_leaves_the_list_no_longer_owes_the_visit(
    company, government, csc_director, leader, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-01-02 08:00"), tick=False):
        visit_half_years_open()
    with time_machine.travel(local("2025-04-15 10:00"), tick=False):
        keyaccount_list_adjust(customer=government, add=False, reason="停產", actor=leader)
    row = _row(government, "2025-01-01")
    clock = visit_clock(row)
    assert (row.left_on, clock.state) == (date(2025, 4, 15), Clock.State.EXEMPTED)
    assert ClockExemption.objects.get(clock=clock).reason == "停產"
    with pytest.raises(DomainError) as error:
        _visit(government, csc_director, "2025-04-20 10:00")
    assert error.value.field == "at"


def test_a_visit_recorded_late_for_an_earlier_day_counts_from_that_day(
    company, government, csc_director, approve_list
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    with time_machine.travel(local("2025-05-20 18:00"), tick=False):
        later = interaction_record(
            customer=government,
            kind="visit",
            at=local("2025-05-20 10:00"),
            summary="走訪",
            actor=csc_director,
        )
        earlier = interaction_record(
            customer=government,
            kind="visit",
            at=local("2025-02-03 10:00"),
            summary="補登走訪",
            actor=csc_director,
        )
    row = _row(government, "2025-01-01")
    assert (row.first_visit, row.visited_on) == (earlier, date(2025, 2, 3))
    assert later.pk != earlier.pk
    assert visit_clock(row).state == Clock.State.MET


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"summary": "  "}, "summary"),
        ({"kind": "letter"}, "kind"),
        ({"at": "2026-01-01 10:00"}, "at"),  # in the future
        ({"at": "2024-12-01 10:00"}, "at"),  # before it was a key account
    ],
)
def test_bad_visits_are_refused_and_change_nothing(
    government, csc_director, approve_list, fields, field
) -> None:
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    values = {"kind": "visit", "summary": "走訪", "at": "2025-03-01 10:00", **fields}
    with (
        time_machine.travel(local("2025-03-02 10:00"), tick=False),
        pytest.raises(DomainError) as e,
    ):
        interaction_record(
            customer=government,
            kind=values["kind"],
            at=local(values["at"]),
            summary=values["summary"],
            actor=csc_director,
        )
    assert e.value.field == field
    assert not Interaction.objects.exists()


def test_needs_raised_during_a_visit_become_tracked_items(
    government, csc_director, approve_list, company
) -> None:
    """R-3.6.2: recorded with a responsible department and a due date."""
    approve_list([government], contact=csc_director, when="2024-12-16 10:00")
    department = csc_director.staff.department
    visit = _visit(
        government,
        csc_director,
        "2025-03-12 15:00",
        needs=(NeedInput("新增一回路供電", department, date(2025, 4, 30)),),
    )
    item = ServiceItem.objects.get()
    assert (item.kind, item.interaction, item.department, item.due) == (
        "need",
        visit,
        department,
        date(2025, 4, 30),
    )
    assert item.status == ServiceItem.Status.OPEN
