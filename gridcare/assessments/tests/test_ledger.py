"""The assessment ledger's sources and points (R-3.9.1, R-4.1): every breach becomes an
item against the responsible department, a withdrawn breach withdraws it, and an item is
scored by the points rule in force on its date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group

from gridcare.assessments.breaches import sync_breaches
from gridcare.assessments.models import AssessmentItem, Kind, PointRule
from gridcare.assessments.services import point_rule_revise, rule_in_force
from gridcare.assessments.sync import ledger_sync
from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent
from gridcare.rules.models import Breach
from gridcare.rules.services import clock_exemption_decide, clock_exemption_request
from gridcare.rules.sweep import clock_sweep

from .conftest import at

pytestmark = pytest.mark.django_db

Status = AssessmentItem.Status
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_the_default_rules_give_the_points_of_the_marketing_assessment_rules(company) -> None:
    on = date(2026, 3, 1)
    expected = {
        Kind.BREACH: Decimal("2"),
        Kind.HALL_INSPECTION: Decimal("1"),
        Kind.COMPLAINT: Decimal("3"),
        Kind.CONDUCT: Decimal("5"),
        Kind.PROPOSAL: None,  # as reviewed
    }
    for kind, points in expected.items():
        rule = rule_in_force(company=company, kind=kind, on=on)
        assert rule is not None and rule.points == points, kind


def test_a_late_clock_becomes_an_item_against_the_responsible_department(
    company, csc, late_clock
) -> None:
    """R-3.9.1: the breach of 2.10 (due 03-05, answered 03-10) is assessed against the
    CSC, citing the clause, with the 2 points of a breached deadline."""
    clock = late_clock(department=csc)
    breach = Breach.objects.get(clock=clock)
    item = AssessmentItem.objects.get()
    assert item.kind == Kind.BREACH
    assert item.evidence == breach
    assert (item.department, item.clause.number, item.occurred_on) == (
        csc,
        "2.10",
        date(2026, 3, 5),
    )
    assert (item.status, item.points, item.rule.version) == (Status.PENDING, Decimal(2), 1)
    assert AuditEvent.objects.filter(action="assessments.item.recorded", object_id=str(item.pk))


def test_a_clock_answered_in_time_gives_no_item(csc, late_clock) -> None:
    late_clock(department=csc, stopped="2026-03-04 10:00")
    assert not AssessmentItem.objects.exists()


def test_a_clock_breached_by_the_sweep_is_recorded(company, csc, late_clock) -> None:
    late_clock(department=csc, stopped=None)
    with time_machine.travel(at("2026-03-09 08:00"), tick=False):
        clock_sweep()
    assert AssessmentItem.objects.get().occurred_on == date(2026, 3, 5)


def test_recording_and_syncing_again_changes_nothing(company, csc, late_clock) -> None:
    late_clock(department=csc)
    assert sync_breaches(company, *YEAR) == 0
    again = ledger_sync(company=company, date_from=YEAR[0], date_to=YEAR[1])
    assert again["breaches"] == 0 and set(again.values()) == {0}
    assert AssessmentItem.objects.count() == 1


def test_the_sync_records_a_breach_the_ledger_missed(company, csc, late_clock) -> None:
    late_clock(department=csc)
    AssessmentItem.objects.all().delete()
    assert sync_breaches(company, *YEAR) == 1
    assert AssessmentItem.objects.get().status == Status.PENDING


def test_an_exempted_breach_withdraws_its_item_which_is_kept(
    company, csc, late_clock, csc_director, marketing_director
) -> None:
    """The measures engine withdraws the breach with a set-based update (no signal): the
    periodic sync withdraws the item, which stays in the ledger scoring nothing."""
    clock = late_clock(department=csc)
    exemption = clock_exemption_request(clock=clock, reason="暴雨停工", actor=csc_director)
    clock_exemption_decide(exemption=exemption, approve=True, note="", actor=marketing_director)
    assert Breach.objects.get(clock=clock).status == Breach.Status.WITHDRAWN
    assert sync_breaches(company, *YEAR) == 1
    item = AssessmentItem.objects.get()
    assert item.status == Status.WITHDRAWN
    assert "暴雨停工" in item.withdrawn_reason
    assert sync_breaches(company, *YEAR) == 0


def test_a_breach_opened_again_reopens_its_withdrawn_item(company, csc, late_clock) -> None:
    clock = late_clock(department=csc)
    breach = Breach.objects.get(clock=clock)
    Breach.objects.filter(pk=breach.pk).update(status=Breach.Status.WITHDRAWN)
    sync_breaches(company, *YEAR)
    breach.refresh_from_db()
    breach.status = Breach.Status.ACTIVE
    breach.save()
    item = AssessmentItem.objects.get()
    assert item.status == Status.PENDING
    assert list(
        AuditEvent.objects.filter(object_id=str(item.pk), action__startswith="assessments.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["assessments.item.recorded", "assessments.item.withdrawn", "assessments.item.reopened"]


def test_an_item_takes_the_points_of_the_version_in_force_on_its_date(
    company, csc, record_item, marketing_director
) -> None:
    """R-4.1: from 04-01 a breach scores 4; the item of 03-31 keeps 2, before and after."""
    before = record_item(department=csc, occurred_on=date(2026, 3, 31))
    revision = point_rule_revise(
        company=company,
        kind=Kind.BREACH,
        points=Decimal(4),
        effective_from=date(2026, 4, 1),
        reason="2026 年修訂",
        actor=marketing_director,
    )
    after = record_item(department=csc, occurred_on=date(2026, 4, 1))
    late = record_item(department=csc, occurred_on=date(2026, 3, 31))
    before.refresh_from_db()
    assert (before.points, before.rule_id) == (Decimal(2), revision.old.pk)
    assert (late.points, late.rule_id) == (Decimal(2), revision.old.pk)
    assert (after.points, after.rule_id) == (Decimal(4), revision.new.pk)
    # The company's first points of its own: the shared default goes on for the others.
    assert revision.new.company == company and revision.old.company is None
    assert revision.old.effective_to is None


@pytest.mark.parametrize(
    ("effective_from", "reason", "field"),
    [(date(2023, 12, 31), "earlier", "effective_from"), (date(2026, 4, 1), " ", "reason")],
)
def test_a_revision_must_come_later_and_give_a_reason(
    company, marketing_director, effective_from, reason, field
) -> None:
    with pytest.raises(DomainError) as error:
        point_rule_revise(
            company=company,
            kind=Kind.BREACH,
            points=Decimal(4),
            effective_from=effective_from,
            reason=reason,
            actor=marketing_director,
        )
    assert error.value.field == field
    assert PointRule.objects.filter(kind=Kind.BREACH).count() == 1


def test_one_item_per_kind_and_evidence(company, csc, record_item) -> None:
    from gridcare.assessments.services import assessment_item_record

    evidence = Group.objects.create(name="complaint-1")
    first, again = (
        assessment_item_record(
            company=company,
            kind=Kind.COMPLAINT,
            clause=None,
            department=csc,
            staff=None,
            evidence_object=evidence,
            description="substantiated",
            occurred_on=date(2026, 5, 6),
            actor=None,
        )
        for _ in range(2)
    )
    assert first.pk == again.pk and first.points == Decimal(3)
    assert AssessmentItem.objects.count() == 1
