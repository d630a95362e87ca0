"""The ledger's pages (R-4.2): who sees which items, the review and appeal forms, bad
input answered with the field and nothing changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gridcare.assessments.models import AssessmentItem, PointRule
from gridcare.assessments.services import Decision, assessment_item_review
from gridcare.core.models import AuditEvent

from .conftest import department, fields

pytestmark = pytest.mark.django_db

Status = AssessmentItem.Status


@pytest.fixture
def items(company, csc, record_item):
    """Two CSC items and one of the line unit."""
    return [
        record_item(department=csc, occurred_on=date(2026, 3, 5)),
        record_item(department=csc, occurred_on=date(2026, 3, 6)),
        record_item(department=department(company, "line", "line"), occurred_on=date(2026, 3, 7)),
    ]


@pytest.mark.parametrize(
    ("persona", "status", "seen"),
    [
        ("marketing_director", 200, 3),
        ("leader", 200, 3),
        ("supervision_officer", 200, 3),
        ("csc_director", 200, 2),  # the department's own items
        ("csc_agent", 403, 0),
    ],
)
def test_the_ledger_shows_each_role_its_rows(client, request, items, persona, status, seen):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("assessments:ledger"))
    assert response.status_code == status
    if status == 200:
        assert len(response.context["page"].items) == seen


def test_the_ledger_costs_a_bounded_number_of_queries(
    client, marketing_director, csc, record_item, django_assert_max_num_queries
):
    for n in range(25):
        record_item(department=csc, occurred_on=date(2026, 3, 1 + n))
    client.force_login(marketing_director)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:ledger"), {"status": "pending"})
    assert len(response.context["page"].items) == 25


def test_a_department_cannot_open_another_departments_item(client, csc_director, items):
    client.force_login(csc_director)
    assert client.get(reverse("assessments:item_detail", args=[items[2].pk])).status_code == 404
    assert client.get(reverse("assessments:item_detail", args=[items[0].pk])).status_code == 200


def test_marketing_reviews_from_the_item_page(client, marketing_director, items):
    item = items[0]
    client.force_login(marketing_director)
    page = client.get(reverse("assessments:item_detail", args=[item.pk]))
    assert page.context["can_review"] and not page.context["can_appeal"]
    response = client.post(
        reverse("assessments:item_review", args=[item.pk]),
        {"decision": "reduce", "points": "1", "reason": "首次"},
    )
    assert response.status_code == 302
    assert fields(item) == {"status": Status.REDUCED, "points": Decimal(1)}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "reduce", "points": "1", "reason": ""}, "reason"),
        ({"decision": "reduce", "points": "5", "reason": "x"}, "points"),
        ({"decision": "confirm", "points": "-1"}, "points"),
        ({"decision": "nonsense"}, "decision"),
    ],
)
def test_a_bad_review_names_the_field_and_changes_nothing(
    client, marketing_director, items, data, field
):
    item = items[0]
    client.force_login(marketing_director)
    response = client.post(reverse("assessments:item_review", args=[item.pk]), data)
    assert response.status_code == 400
    assert field in response.context["review_form"].errors
    assert fields(item) == {"status": Status.PENDING, "points": Decimal(2)}


@pytest.mark.parametrize("persona", ["leader", "csc_director"])
def test_only_marketing_reviews(client, request, items, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("assessments:item_review", args=[items[0].pk]), {"decision": "confirm"}
    )
    assert response.status_code == 403
    assert fields(items[0])["status"] == Status.PENDING


def test_the_department_head_appeals_from_the_item_page(
    client, csc_director, marketing_director, items
):
    item = assessment_item_review(
        item=items[0], decision=Decision.CONFIRM, actor=marketing_director
    )
    client.force_login(csc_director)
    assert client.get(reverse("assessments:item_detail", args=[item.pk])).context["can_appeal"]
    url = reverse("assessments:item_appeal", args=[item.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "客戶原因"}).status_code == 302
    assert fields(item)["status"] == Status.APPEALED
    second = client.post(url, {"reason": "again"})
    assert second.status_code == 400 and "reason" in second.context["appeal_form"].errors
    client.force_login(marketing_director)
    response = client.post(
        reverse("assessments:item_appeal_decide", args=[item.pk]),
        {"decision": "reject", "reason": "接受申訴"},
    )
    assert response.status_code == 302
    assert fields(item) == {"status": Status.REJECTED, "points": Decimal(0)}


def test_leadership_cannot_appeal(client, leader, marketing_director, items):
    item = assessment_item_review(
        item=items[0], decision=Decision.CONFIRM, actor=marketing_director
    )
    client.force_login(leader)
    response = client.post(reverse("assessments:item_appeal", args=[item.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert fields(item)["status"] == Status.CONFIRMED


def test_the_item_page_shows_the_breach_evidence(client, marketing_director, csc, late_clock):
    clock = late_clock(department=csc)
    item = AssessmentItem.objects.get()
    client.force_login(marketing_director)
    response = client.get(reverse("assessments:item_detail", args=[item.pk]))
    evidence = response.context["evidence"]
    assert evidence.clock == clock
    assert response.context["events"][0].action == "assessments.item.recorded"


def test_marketing_home_shows_the_items_to_review(client, marketing_director, items):
    client.force_login(marketing_director)
    panels = {p["code"]: p for p in client.get("/").context["panels"]}
    assert panels["assessments_review"]["pending"] == 3


def test_marketing_changes_the_points_of_a_kind_from_a_date(client, marketing_director) -> None:
    """R-4.1, R-4.2: a new version from a date; the one in force ends that day."""
    client.force_login(marketing_director)
    page = client.get(reverse("assessments:scorecards"))
    assert reverse("assessments:rule_revise", args=["breach"]) in page.content.decode()
    response = client.post(
        reverse("assessments:rule_revise", args=["breach"]),
        {"points": "3", "effective_from": "2027-01-01", "reason": "2027年考核細則"},
    )
    assert response.status_code == 302
    own = PointRule.objects.get(kind="breach", company=marketing_director.staff.company)
    assert (own.points, own.effective_from.isoformat(), own.effective_to) == (3, "2027-01-01", None)
    # The shared default is not the company's to change: it goes on unchanged.
    assert PointRule.objects.get(kind="breach", company__isnull=True).effective_to is None
    event = AuditEvent.objects.get(action="assessments.rule.revised")
    assert event.company == marketing_director.staff.company
    # A second revision ends the company's own version on the day the next one starts.
    client.post(
        reverse("assessments:rule_revise", args=["breach"]),
        {"points": "4", "effective_from": "2027-07-01", "reason": "2027年下半年"},
    )
    own.refresh_from_db()
    assert own.effective_to.isoformat() == "2027-07-01"


@pytest.mark.parametrize(
    "data",
    [
        {"points": "3", "effective_from": "2027-01-01", "reason": ""},
        {"points": "-1", "effective_from": "2027-01-01", "reason": "調整"},
        {"points": "3", "effective_from": "not a date", "reason": "調整"},
        {"points": "3", "effective_from": "2000-01-01", "reason": "調整"},
    ],
)
def test_a_bad_revision_says_why_and_changes_nothing(client, marketing_director, data) -> None:
    before = list(PointRule.objects.values_list("pk", "effective_to"))
    client.force_login(marketing_director)
    response = client.post(reverse("assessments:rule_revise", args=["breach"]), data, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(PointRule.objects.values_list("pk", "effective_to")) == before
    assert not AuditEvent.objects.filter(action="assessments.rule.revised").exists()


@pytest.mark.parametrize("persona", ["leader", "supervision_officer", "counter_clerk"])
def test_only_marketing_changes_the_points(client, request, persona) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("assessments:rule_revise", args=["breach"]),
        {"points": "3", "effective_from": "2027-01-01", "reason": "調整"},
    )
    assert response.status_code == 403
