"""Department scorecards (R-3.9.1): sums per department and period equal counts made
here from the same data; the Excel export neutralises formulas; the pages answer only
their readers, with a bounded number of queries."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.periods import HALF, MONTH, QUARTER, Period, parse_period, period_of
from gridcare.assessments.selectors import item_list, scorecard
from gridcare.assessments.services import (
    Decision,
    assessment_item_appeal,
    assessment_item_review,
    assessment_item_withdraw,
)

from .conftest import department

pytestmark = pytest.mark.django_db

Status = AssessmentItem.Status


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "code"),
    [
        (MONTH, date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        (QUARTER, date(2026, 5, 31), date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        (HALF, date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31), "2026-H2"),
    ],
)
def test_periods(kind, day, start, end, code) -> None:
    period = period_of(kind, day)
    assert (period.start, period.end, period.code) == (start, end, code)
    assert parse_period(code, default_kind=MONTH, today=day) == period
    assert period.next().previous() == period


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "x-H1", "1999-H1", "2026-H3"])
def test_a_bad_period_falls_back_to_the_current_one(text) -> None:
    assert parse_period(text, default_kind=QUARTER, today=date(2026, 8, 3)) == Period(
        QUARTER, date(2026, 7, 1)
    )


@pytest.fixture
def ledger(company, other_company, record_item, marketing_director, csc_director):
    """A seeded random ledger over three departments (and one item of another company),
    with the expected figures counted here, item by item, as it is built."""
    rng = random.Random(8)
    departments = [department(company, code) for code in ("csc", "hall", "line")]
    expected: dict[tuple[Period, int], dict[str, Decimal | int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for _ in range(60):
        dept = rng.choice(departments)
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 240))
        item = record_item(department=dept, occurred_on=day)
        action = rng.choice(["pending", "confirm", "reduce", "reject", "withdraw", "appeal"])
        points = Decimal(2)
        if action in ("confirm", "appeal"):
            assessment_item_review(item=item, decision=Decision.CONFIRM, actor=marketing_director)
        elif action == "reduce":
            points = Decimal(rng.choice(["0.5", "1", "1.5"]))
            assessment_item_review(
                item=item,
                decision=Decision.REDUCE,
                points=points,
                reason="r",
                actor=marketing_director,
            )
        elif action == "reject":
            assessment_item_review(
                item=item, decision=Decision.REJECT, reason="r", actor=marketing_director
            )
        elif action == "withdraw":
            assessment_item_withdraw(
                kind=item.kind, evidence_object=item.evidence, reason="gone", actor=None
            )
        if action == "appeal" and dept.code == "csc":
            assessment_item_appeal(item=item, reason="a", actor=csc_director)
        elif action == "appeal":
            action = "confirm"
        for kind in (MONTH, QUARTER, HALF):
            row = expected[(period_of(kind, day), dept.pk)]
            if action != "withdraw":
                row["items"] += 1
            if action in ("confirm", "reduce"):
                row["points"] += points
            if action in ("pending", "appeal"):
                row["open"] += points
            row[action] += 1
    record_item(department=department(other_company, "csc"), for_company=other_company)
    return expected


def test_scorecard_sums_equal_the_counts_made_item_by_item(ledger, marketing_director) -> None:
    items = item_list(user=marketing_director)
    for (period, dept_id), want in ledger.items():
        rows = scorecard(items=items, date_from=period.start, date_to=period.end)
        row = next(r for r in rows if r.department_id == dept_id)
        assert row.items == want["items"], period
        assert row.points == want.get("points", 0), period
        assert row.points_pending == want.get("open", 0), period
        assert (row.pending, row.appealed, row.rejected, row.withdrawn) == (
            want["pending"],
            want["appeal"],
            want["reject"],
            want["withdraw"],
        )
        assert (row.confirmed, row.reduced) == (want["confirm"], want["reduce"])


def test_the_scorecard_of_a_company_leaves_out_the_others(ledger, marketing_director) -> None:
    rows = scorecard(
        items=item_list(user=marketing_director),
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
    )
    assert sum(r.items for r in rows) + sum(r.withdrawn for r in rows) == 60


def test_the_excel_export_neutralises_formulas(
    client, company, record_item, leader, marketing_director
) -> None:
    dept = department(company, "=HYPERLINK(1)")
    record_item(department=dept, description="+cmd|' /C calc'!A0", occurred_on=date(2026, 3, 5))
    record_item(department=dept, description="@SUM(A1)", occurred_on=date(2026, 3, 6))
    client.force_login(leader)
    response = client.get(reverse("assessments:scorecard_export"), {"period": "2026-H1"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    score, items = workbook.worksheets
    cells = [c.value for row in score.iter_rows() for c in row] + [
        c.value for row in items.iter_rows() for c in row
    ]
    texts = [v for v in cells if isinstance(v, str)]
    assert "'=HYPERLINK(1)" in texts
    assert "'+cmd|' /C calc'!A0" in texts and "'@SUM(A1)" in texts
    assert not any(v.startswith(("=", "+", "@", "-")) for v in texts)
    assert next(score.iter_rows(min_row=3, values_only=True))[1] == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 200),
        ("supervision_officer", 200),
        ("marketing_director", 200),
        ("csc_director", 403),
    ],
)
def test_the_scorecards_page_is_for_readers(client, request, persona, status, ledger) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("assessments:scorecards"), {"period": "2026-Q1"})
    assert response.status_code == status
    if status == 200:
        assert response.context["period"].code == "2026-Q1"
        assert len(response.context["rows"]) == 3


def test_the_scorecards_page_costs_a_bounded_number_of_queries(
    client, leader, ledger, django_assert_max_num_queries
) -> None:
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        client.get(reverse("assessments:scorecards"), {"kind": "half"})
