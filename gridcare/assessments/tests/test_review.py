"""R-4.2: the marketing department confirms, reduces with a reason or rejects with a
reason; the department concerned appeals once with a reason; marketing decides; every
step is audited, and two reviewers deciding at once cannot both win."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import (
    Decision,
    assessment_appeal_decide,
    assessment_item_appeal,
    assessment_item_review,
)
from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent

from .conftest import fields

pytestmark = pytest.mark.django_db

Status = AssessmentItem.Status


@pytest.mark.parametrize(
    ("decision", "points", "reason", "status", "result"),
    [
        (Decision.CONFIRM, None, "", Status.CONFIRMED, Decimal(2)),
        (Decision.REDUCE, Decimal("0.5"), "首次發生", Status.REDUCED, Decimal("0.5")),
        (Decision.REJECT, None, "客戶原因", Status.REJECTED, Decimal(0)),
    ],
)
def test_marketing_reviews_an_item(
    csc, record_item, marketing_director, decision, points, reason, status, result
) -> None:
    item = record_item(department=csc)
    assessment_item_review(
        item=item, decision=decision, points=points, reason=reason, actor=marketing_director
    )
    item.refresh_from_db()
    assert (item.status, item.points, item.points_proposed) == (status, result, Decimal(2))
    assert item.reviewed_by == marketing_director
    event = AuditEvent.objects.get(action=f"assessments.item.{status}")
    assert event.actor == marketing_director and Decimal(event.payload["points"]) == result


@pytest.mark.parametrize(
    ("decision", "points", "reason", "field"),
    [
        (Decision.REDUCE, Decimal(1), "", "reason"),
        (Decision.REJECT, None, "  ", "reason"),
        (Decision.REDUCE, Decimal(2), "no less", "points"),
        (Decision.REDUCE, None, "no points", "points"),
        ("approve", None, "", "decision"),
    ],
)
def test_a_bad_review_is_refused_and_changes_nothing(
    csc, record_item, marketing_director, decision, points, reason, field
) -> None:
    item = record_item(department=csc)
    with pytest.raises(DomainError) as error:
        assessment_item_review(
            item=item, decision=decision, points=points, reason=reason, actor=marketing_director
        )
    assert error.value.field == field
    assert fields(item) == {"status": Status.PENDING, "points": Decimal(2)}


def test_an_item_is_reviewed_once(csc, record_item, marketing_director) -> None:
    item = record_item(department=csc)
    assessment_item_review(item=item, decision=Decision.CONFIRM, actor=marketing_director)
    with pytest.raises(TransitionError):
        assessment_item_review(
            item=item, decision=Decision.REJECT, reason="changed mind", actor=marketing_director
        )
    assert fields(item)["status"] == Status.CONFIRMED


def test_a_proposal_is_scored_as_reviewed(csc, record_item, marketing_director) -> None:
    """A contact's proposal has no fixed points (R-3.5): the review gives them."""
    item = record_item(department=csc, kind=Kind.PROPOSAL)
    assert item.points is None
    with pytest.raises(DomainError) as error:
        assessment_item_review(item=item, decision=Decision.CONFIRM, actor=marketing_director)
    assert error.value.field == "points"
    assessment_item_review(
        item=item, decision=Decision.CONFIRM, points=Decimal(3), actor=marketing_director
    )
    assert fields(item) == {"status": Status.CONFIRMED, "points": Decimal(3)}


@pytest.fixture
def confirmed(csc, record_item, marketing_director) -> AssessmentItem:
    item = record_item(department=csc)
    return assessment_item_review(item=item, decision=Decision.CONFIRM, actor=marketing_director)


def test_the_department_head_appeals_once(confirmed, csc_director, marketing_director) -> None:
    assessment_item_appeal(item=confirmed, reason="客戶資料不全", actor=csc_director)
    assert fields(confirmed)["status"] == Status.APPEALED
    assessment_appeal_decide(
        item=confirmed, decision=Decision.CONFIRM, reason="證據充分", actor=marketing_director
    )
    assert fields(confirmed) == {"status": Status.CONFIRMED, "points": Decimal(2)}
    with pytest.raises(TransitionError):
        assessment_item_appeal(item=confirmed, reason="again", actor=csc_director)
    confirmed.refresh_from_db()
    assert confirmed.appeal_reason == "客戶資料不全" and confirmed.status == Status.CONFIRMED


@pytest.mark.parametrize("persona", ["csc_agent", "prodtech", "leader", "marketing_director"])
def test_only_a_head_of_the_department_concerned_appeals(
    request, confirmed, make_staff, company, persona
) -> None:
    """A CSC agent is of the department but not its head; the production technology
    director heads another department; leadership and marketing read and review."""
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError) as error:
        assessment_item_appeal(item=confirmed, reason="not ours", actor=user)
    assert error.value.field == "reason"
    assert fields(confirmed)["status"] == Status.CONFIRMED


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED])
def test_only_a_decided_item_with_points_can_be_appealed(
    csc, record_item, marketing_director, csc_director, status
) -> None:
    item = record_item(department=csc)
    if status == Status.REJECTED:
        assessment_item_review(
            item=item, decision=Decision.REJECT, reason="no fault", actor=marketing_director
        )
    with pytest.raises(TransitionError):
        assessment_item_appeal(item=item, reason="why", actor=csc_director)
    assert fields(item)["status"] == status


def test_an_appeal_needs_a_reason(confirmed, csc_director) -> None:
    with pytest.raises(DomainError) as error:
        assessment_item_appeal(item=confirmed, reason=" ", actor=csc_director)
    assert error.value.field == "reason"


@pytest.mark.parametrize(
    ("decision", "points", "status", "result"),
    [
        (Decision.CONFIRM, None, Status.CONFIRMED, Decimal(2)),
        (Decision.REDUCE, Decimal(1), Status.REDUCED, Decimal(1)),
        (Decision.REJECT, None, Status.REJECTED, Decimal(0)),
    ],
)
def test_marketing_decides_the_appeal(
    confirmed, csc_director, marketing_director, decision, points, status, result
) -> None:
    assessment_item_appeal(item=confirmed, reason="客戶原因", actor=csc_director)
    with pytest.raises(DomainError):
        assessment_appeal_decide(
            item=confirmed, decision=decision, points=points, reason="", actor=marketing_director
        )
    assessment_appeal_decide(
        item=confirmed, decision=decision, points=points, reason="覆核", actor=marketing_director
    )
    assert fields(confirmed) == {"status": status, "points": result}
    actions = list(
        AuditEvent.objects.filter(object_id=str(confirmed.pk), action__startswith="assessments.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "assessments.item.recorded",
        "assessments.item.confirmed",
        "assessments.item.appealed",
        "assessments.item.appeal_decided",
    ]


def test_an_appeal_upheld_for_a_reduced_item_keeps_it_reduced(
    csc, record_item, marketing_director, csc_director
) -> None:
    item = record_item(department=csc)
    assessment_item_review(
        item=item,
        decision=Decision.REDUCE,
        points=Decimal(1),
        reason="half",
        actor=marketing_director,
    )
    assessment_item_appeal(item=item, reason="none at all", actor=csc_director)
    assessment_appeal_decide(
        item=item, decision=Decision.CONFIRM, reason="stands", actor=marketing_director
    )
    assert fields(item) == {"status": Status.REDUCED, "points": Decimal(1)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_confirming_at_once_one_wins(
    csc, record_item, marketing_director, make_staff, company
) -> None:
    """The row lock queues the second reviewer, who then finds the item decided."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    other = make_staff("marketing_director", company=company)
    item = record_item(department=csc)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(user, decision, reason):
        try:
            barrier.wait()
            assessment_item_review(item=item, decision=decision, reason=reason, actor=user)
            outcomes.append("won")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=review, args=(marketing_director, Decision.CONFIRM, "")),
        threading.Thread(target=review, args=(other, Decision.REJECT, "no fault")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "won"]
    assert (
        AuditEvent.objects.filter(
            action__in=["assessments.item.confirmed", "assessments.item.rejected"]
        ).count()
        == 1
    )
