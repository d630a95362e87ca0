"""The measures engine: standards in force, clocks, pauses, exemptions, breaches, reminders,
revisions (R-2.10, R-2.11, R-3.7.5, R-CAL-2, R-CAL-3, R-4.1)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent, Notification
from gridcare.rules.models import Breach, Clock, ClockExemption, RuleProfile, ServiceStandard
from gridcare.rules.selectors import standard_in_force
from gridcare.rules.services import (
    clock_exemption_decide,
    clock_exemption_request,
    clock_pause,
    clock_reassign,
    clock_resume,
    clock_start,
    clock_stop,
    profile_assign,
    standard_revise,
)
from gridcare.rules.sweep import clock_sweep

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local (Asia/Shanghai) time."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def start(company, code, when, subject=None, **attrs):
    return clock_start(
        subject=subject or company, code=code, company=company, started_at=at(when), attrs=attrs
    )


@pytest.mark.parametrize(
    ("attrs", "received", "amount", "due"),
    [
        # low voltage: 3 working days; the National Day block of 2025 with its
        # make-up Sunday 09-28 and Saturday 10-11.
        ({"voltage": "low"}, "2025-09-30 10:00", 3, date(2025, 10, 11)),
        ({"voltage": "10kv"}, "2025-09-26 16:00", 7, date(2025, 10, 13)),
        # Spring Festival 2024 (02-10 … 02-17, make-up 02-04 and 02-18), across a month end.
        ({"voltage": "high", "supply_sources": 1}, "2024-01-31 09:00", 15, date(2024, 2, 26)),
        ({"voltage": "high", "supply_sources": 2}, "2024-01-31 09:00", 30, date(2024, 3, 18)),
        # An application received on a Sunday: Monday is day 1.
        ({"voltage": "low"}, "2025-03-02 11:00", 3, date(2025, 3, 5)),
    ],
)
def test_the_plan_reply_clock_follows_voltage_and_supply_sources(
    company, attrs, received, amount, due
) -> None:
    clock = start(company, "application.plan_reply", received, **attrs)
    assert clock.amount == amount and clock.unit == "working_days"
    assert clock.due == due
    assert clock.provisional is False
    assert clock.standard.clause.number == "2.10"


@pytest.mark.parametrize(
    ("voltage", "accepted", "due"),
    [
        # 10-03 and 10-05 are in the National Day break: the period ends on the next
        # working day, 10-09 (R-CAL-2, Civil Code art. 203).
        ("low", "2025-09-30 15:00", date(2025, 10, 9)),
        ("10kv", "2025-09-30 15:00", date(2025, 10, 9)),
        ("high", "2025-12-30 15:00", date(2026, 1, 4)),
    ],
)
def test_energization_after_acceptance_counts_calendar_days(
    company, voltage, accepted, due
) -> None:
    """R-2.11: low voltage 3 days, high voltage (10 kV included) 5 days, holidays counted."""
    clock = start(company, "application.energize", accepted, voltage=voltage)
    assert clock.unit == "days" and clock.due == due


def test_a_subject_that_no_standard_applies_to_gets_no_clock(company) -> None:
    assert start(company, "application.residential_energize", "2025-03-03 09:00") is None
    assert start(company, "keyaccount.energize", "2025-03-03 09:00", is_key_account=False) is None
    clock = start(company, "keyaccount.energize", "2025-03-03 09:00", is_key_account=True)
    assert clock is not None and clock.amount == 3


def test_the_start_date_is_the_local_date_of_the_event(company) -> None:
    """API.md: `due` counts from the Asia/Shanghai date of the event (16:30 UTC is the next
    day in Shanghai)."""
    utc = datetime(2025, 3, 3, 16, 30, tzinfo=ZoneInfo("UTC"))
    clock = clock_start(
        subject=company,
        code="application.plan_reply",
        company=company,
        started_at=utc,
        attrs={"voltage": "low"},
    )
    assert clock.start_date == date(2025, 3, 4) and clock.due == date(2025, 3, 7)


def test_a_naive_time_is_refused(company) -> None:
    with pytest.raises(DomainError):
        clock_start(
            subject=company,
            code="application.plan_reply",
            company=company,
            started_at=datetime(2025, 3, 3, 9),
            attrs={"voltage": "low"},
        )


def test_a_deadline_into_an_unknown_year_is_provisional_and_keeps_its_statutory_holidays(
    company,
) -> None:
    """R-CAL-3: 2027 has no arrangement yet, but its statutory holidays are known: 2026-12-30
    + 3 working days counts Thu 12-31, then (New Year's Day 01-01 off, the weekend) Mon 01-04
    and Tue 01-05, provisionally."""
    clock = start(company, "application.plan_reply", "2026-12-30 10:00", voltage="low")
    assert clock.due == date(2027, 1, 5) and clock.provisional is True


@pytest.mark.parametrize(
    ("stop", "state"),
    [("2025-10-11 23:59", "met"), ("2025-10-12 00:01", "breached"), ("2025-10-09 08:00", "met")],
)
def test_a_clock_is_met_on_or_before_its_due_date_and_breached_after(company, stop, state) -> None:
    clock = start(company, "application.plan_reply", "2025-09-30 10:00", voltage="low")
    clock = clock_stop(clock=clock, at=at(stop))
    assert clock.state == state
    assert Breach.objects.filter(clock=clock, status="active").exists() is (state == "breached")
    assert clock.period_date == at(stop).date()


def test_a_clock_stops_only_once_and_not_before_it_started(company) -> None:
    clock = start(company, "application.plan_reply", "2025-09-30 10:00", voltage="low")
    with pytest.raises(DomainError):
        clock_stop(clock=clock, at=at("2025-09-29 10:00"))
    clock_stop(clock=clock, at=at("2025-10-09 10:00"))
    with pytest.raises(DomainError) as error:
        clock_stop(clock=clock, at=at("2025-10-10 10:00"))
    assert error.value.message == "此時限已結束。"


def test_a_pause_moves_the_due_date_by_the_working_days_paused(company, counter_clerk) -> None:
    """Stop-the-clock across the 2025 National Day block: started Fri 09-26, due Tue 09-30
    (the make-up Sunday 09-28 counts). Paused 09-29, resumed 10-09: the working days in
    (09-29, 10-09] are 09-30 and 10-09, so the clock counts 3 + 2 = 5 working days from
    09-26: 09-28, 09-29, 09-30, 10-09, 10-10."""
    clock = start(company, "application.plan_reply", "2025-09-26 10:00", voltage="low")
    assert clock.due == date(2025, 9, 30)
    clock = clock_pause(
        clock=clock, at=at("2025-09-29 15:00"), reason="客戶資料未齊", actor=counter_clerk
    )
    clock = clock_resume(clock=clock, at=at("2025-10-09 09:00"), actor=counter_clerk)
    assert clock.paused_days == 2
    assert clock.due == date(2025, 10, 10)
    assert AuditEvent.objects.filter(action="rules.clock.resumed", object_id=str(clock.pk)).exists()


def test_a_pause_within_one_day_moves_nothing(company, counter_clerk) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    clock_pause(clock=clock, at=at("2025-03-04 09:00"), reason="客戶改期", actor=counter_clerk)
    clock = clock_resume(clock=clock, at=at("2025-03-04 17:00"), actor=counter_clerk)
    assert clock.due == date(2025, 3, 6)


def test_a_pause_needs_a_reason_and_a_running_clock(company, counter_clerk) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    with pytest.raises(DomainError) as error:
        clock_pause(clock=clock, at=at("2025-03-04 09:00"), reason="  ", actor=counter_clerk)
    assert error.value.field == "reason"
    clock_pause(clock=clock, at=at("2025-03-04 09:00"), reason="客戶改期", actor=counter_clerk)
    with pytest.raises(DomainError):
        clock_pause(clock=clock, at=at("2025-03-04 10:00"), reason="again", actor=counter_clerk)


def test_stopping_a_paused_clock_resumes_it_first(company, counter_clerk) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    clock_pause(clock=clock, at=at("2025-03-04 09:00"), reason="客戶改期", actor=counter_clerk)
    clock = clock_stop(clock=clock, at=at("2025-03-10 09:00"))
    # Paused 03-04 → 03-10: 4 working days, due 03-06 + 4 working days = 03-12.
    assert clock.due == date(2025, 3, 12) and clock.state == "met"


def test_an_exemption_needs_a_reason_and_another_approver(
    company, counter_clerk, csc_director
) -> None:
    """R-2.10 "special circumstances excepted": exempted, never shown as met."""
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    with pytest.raises(DomainError):
        clock_exemption_request(clock=clock, reason="", actor=counter_clerk)
    exemption = clock_exemption_request(clock=clock, reason="線路改造受阻", actor=counter_clerk)
    with pytest.raises(DomainError):
        clock_exemption_request(clock=clock, reason="again", actor=counter_clerk)
    with pytest.raises(DomainError) as error:
        clock_exemption_decide(exemption=exemption, approve=True, note="", actor=counter_clerk)
    assert error.value.message == "本人的申請須由他人審批。"
    clock_exemption_decide(exemption=exemption, approve=True, note="同意", actor=csc_director)
    clock.refresh_from_db()
    assert clock.state == "exempted"
    clock = clock_stop(clock=clock, at=at("2025-03-20 10:00"))
    assert clock.state == "exempted"
    assert not Breach.objects.filter(clock=clock, status="active").exists()
    exemption.refresh_from_db()
    assert exemption.decided_by == csc_director and exemption.status == "approved"


def test_a_rejected_exemption_leaves_the_clock_running(
    company, counter_clerk, csc_director
) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    exemption = clock_exemption_request(clock=clock, reason="理由", actor=counter_clerk)
    with pytest.raises(DomainError):
        clock_exemption_decide(exemption=exemption, approve=False, note="", actor=csc_director)
    clock_exemption_decide(exemption=exemption, approve=False, note="理由不足", actor=csc_director)
    clock.refresh_from_db()
    assert clock.state == "running"
    assert ClockExemption.objects.get().status == "rejected"


def test_the_sweep_breaches_overdue_clocks_once_and_notifies(company, counter_clerk) -> None:
    clock = clock_start(
        subject=company,
        code="application.plan_reply",
        company=company,
        started_at=at("2025-03-03 10:00"),
        attrs={"voltage": "low"},
        staff=counter_clerk.staff,
        department=counter_clerk.staff.department,
    )
    assert clock.due == date(2025, 3, 6)
    with time_machine.travel(at("2025-03-06 23:00"), tick=False):
        assert clock_sweep().breached == 0
    with time_machine.travel(at("2025-03-07 00:10"), tick=False):
        assert clock_sweep().breached == 1
        assert clock_sweep().breached == 0
    clock.refresh_from_db()
    assert clock.state == "breached"
    breach = Breach.objects.get(clock=clock)
    assert breach.clause.number == "2.10" and breach.department == counter_clerk.staff.department
    assert breach.staff == counter_clerk.staff and breach.occurred_on == date(2025, 3, 6)
    assert Notification.objects.filter(recipient=counter_clerk, key=f"breach:{clock.pk}").exists()


def test_a_back_dated_stop_after_the_sweep_withdraws_the_breach(company) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    with time_machine.travel(at("2025-03-08 09:00"), tick=False):
        clock_sweep()
        clock = clock_stop(clock=clock, at=at("2025-03-06 16:00"))
    assert clock.state == "met"
    assert Breach.objects.get(clock=clock).status == "withdrawn"


def test_the_reminder_goes_out_at_eighty_percent_once(company, counter_clerk) -> None:
    """30 working days from 2025-03-03: the reminder falls on the 24th working day."""
    clock = clock_start(
        subject=company,
        code="application.plan_reply",
        company=company,
        started_at=at("2025-03-03 10:00"),
        attrs={"voltage": "high", "supply_sources": 2},
        staff=counter_clerk.staff,
    )
    assert clock.remind_on == date(2025, 4, 7)
    with time_machine.travel(at("2025-04-04 12:00"), tick=False):
        assert clock_sweep().reminded == 0
    with time_machine.travel(at("2025-04-07 08:00"), tick=False):
        assert clock_sweep().reminded == 1
        assert clock_sweep().reminded == 0
    assert (
        Notification.objects.filter(recipient=counter_clerk, key=f"remind:{clock.pk}").count() == 1
    )


def test_a_new_standard_version_never_rewrites_a_started_clock(
    company, own_measures, marketing_director
) -> None:
    """R-4.1: a change takes effect on its date; earlier clocks keep their version."""
    old = ServiceStandard.objects.get(
        profile=own_measures, code="application.plan_reply", variant="low"
    )
    before = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    revised = standard_revise(
        standard=old,
        amount=2,
        effective_from=date(2025, 4, 1),
        reason="提速",
        actor=marketing_director,
    )
    after = start(company, "application.plan_reply", "2025-04-01 10:00", voltage="low")
    before.refresh_from_db()
    assert (before.standard, before.amount, before.due) == (old, 3, date(2025, 3, 6))
    assert (after.standard, after.amount) == (revised, 2) and revised.version == 2
    on_march = standard_in_force(
        company=company,
        code="application.plan_reply",
        on=date(2025, 3, 31),
        attrs={"voltage": "low"},
    )
    assert on_march == old
    with pytest.raises(DomainError):
        standard_revise(
            standard=old,
            amount=4,
            effective_from=date(2025, 5, 1),
            reason="x",
            actor=marketing_director,
        )
    assert AuditEvent.objects.filter(action="rules.standard.revised").count() == 1


def test_a_second_profile_applies_from_its_date_only(company, administrator) -> None:
    default = RuleProfile.objects.get(is_default=True)
    other = RuleProfile.objects.create(
        code="sgcc", name="國家電網十項承諾", effective_from=date(2025, 1, 1)
    )
    clause = other.clauses.create(number="1", title="供電方案答覆", text="…")
    ServiceStandard.objects.create(
        profile=other,
        clause=clause,
        code="application.plan_reply",
        title="答覆",
        measure="deadline",
        amount=2,
        unit="working_days",
        effective_from=date(2025, 1, 1),
        module="applications",
    )
    before = start(company, "application.plan_reply", "2025-05-30 10:00", voltage="low")
    profile_assign(
        company=company, profile=other, effective_from=date(2025, 6, 1), actor=administrator
    )
    after = start(company, "application.plan_reply", "2025-06-03 10:00", voltage="low")
    before.refresh_from_db()
    assert before.standard.profile == default and before.amount == 3
    assert after.standard.profile == other and after.amount == 2


def test_one_clock_per_subject_and_standard(company) -> None:
    start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    with pytest.raises(Exception):  # noqa: B017 - the database refuses; which error is the driver's
        start(company, "application.plan_reply", "2025-03-04 10:00", voltage="low")
    assert Clock.objects.count() == 1


def test_the_audit_trail_shows_start_and_stop(company) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    clock_stop(clock=clock, at=at("2025-03-04 10:00"))
    actions = list(
        AuditEvent.objects.filter(object_id=str(clock.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["rules.clock.started", "rules.clock.stopped"]


def test_every_measurable_clause_has_a_seeded_standard() -> None:
    codes = set(ServiceStandard.objects.values_list("code", flat=True))
    assert {
        "hall.wait_minutes",
        "call.answer_rings",
        "hall.business_minutes",
        "hall.payment_minutes",
        "application.plan_reply",
        "application.residential_energize",
        "application.energize",
        "keyaccount.designation_round",
        "keyaccount.visit",
        "field.inspection",
        "outage.planned_notice",
        "outage.temporary_notice",
        "keyaccount.energize",
        "supervision.survey",
        "complaint.contact",
        "complaint.reply",
    } <= codes


def test_a_running_clock_moves_to_another_responsible_person(
    company, counter_clerk, csc_director, marketing_director
) -> None:
    """R-3.4.2 / R-3.9.1: the person a running clock is reassigned to answers for it."""
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    old, new = counter_clerk.staff, csc_director.staff
    Clock.objects.filter(pk=clock.pk).update(
        responsible_department=old.department, responsible_staff=old
    )
    with time_machine.travel(at("2025-03-04 09:00"), tick=False):
        with pytest.raises(DomainError) as refused:
            clock_reassign(
                clock=clock,
                department=new.department,
                person=new,
                actor=marketing_director,
                reason=" ",
            )
        assert refused.value.field == "reason"
        clock.refresh_from_db()
        assert clock.responsible_staff == old
        clock_reassign(
            clock=clock,
            department=new.department,
            person=new,
            actor=marketing_director,
            reason="聯繫人變更",
        )
        # The same responsibility again changes nothing and records nothing.
        clock_reassign(
            clock=clock,
            department=new.department,
            person=new,
            actor=marketing_director,
            reason="再次",
        )
    clock.refresh_from_db()
    assert (clock.responsible_department, clock.responsible_staff) == (new.department, new)
    event = AuditEvent.objects.get(action="rules.clock.reassigned", object_id=str(clock.pk))
    assert event.payload["from"]["staff"] == old.name
    assert event.payload["to"]["staff"] == new.name
    assert event.payload["reason"] == "聯繫人變更"
    # The breach it comes to is against the new person.
    with time_machine.travel(at("2025-03-10 09:00"), tick=False):
        clock_stop(clock=clock, at=at("2025-03-10 09:00"))
    assert Breach.objects.get(clock=clock).staff == new


@pytest.mark.parametrize("story", ["stopped", "past_due"])
def test_a_stopped_or_overdue_clock_keeps_its_responsible_person(
    company, counter_clerk, csc_director, marketing_director, story
) -> None:
    clock = start(company, "application.plan_reply", "2025-03-03 10:00", voltage="low")
    old, new = counter_clerk.staff, csc_director.staff
    Clock.objects.filter(pk=clock.pk).update(
        responsible_department=old.department, responsible_staff=old
    )
    if story == "stopped":
        clock_stop(clock=clock, at=at("2025-03-04 10:00"))
    # Due 6 March: on the 7th it is past due and not yet stopped.
    assert clock.due == date(2025, 3, 6)
    with time_machine.travel(at("2025-03-07 09:00"), tick=False):
        clock_reassign(
            clock=clock,
            department=new.department,
            person=new,
            actor=marketing_director,
            reason="變更",
        )
    clock.refresh_from_db()
    assert clock.responsible_staff == old
    assert not AuditEvent.objects.filter(action="rules.clock.reassigned").exists()
