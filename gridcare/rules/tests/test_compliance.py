"""Compliance (API.md "Compliance", R-1.1): figures per standard and the matrix of every
clause, with drill-down to the clocks behind each number."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from gridcare.org.models import Department
from gridcare.rules import compliance
from gridcare.rules.models import Clause, ServiceStandard
from gridcare.rules.services import (
    clock_exemption_decide,
    clock_exemption_request,
    clock_start,
    clock_stop,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def clocks(company, counter_clerk, csc_director):
    """March 2025, low voltage plan replies (3 working days): two met, one breached (stopped
    late), one exempted, one still running (due in April), one overdue without a stop."""
    # Any saved model can carry a clock; departments stand in for applications here.
    departments = iter(
        Department.objects.create(company=company, code=f"d{n}", name="d", kind="other")
        for n in range(10)
    )

    def plan(received: str):
        return clock_start(
            subject=next(departments),
            code="application.plan_reply",
            company=company,
            started_at=at(received),
            attrs={"voltage": "low"},
        )

    clock_stop(clock=plan("2025-03-03 09:00"), at=at("2025-03-04 09:00"))
    clock_stop(clock=plan("2025-03-10 09:00"), at=at("2025-03-13 17:00"))
    clock_stop(clock=plan("2025-03-10 09:00"), at=at("2025-03-17 09:00"))
    exempt = plan("2025-03-17 09:00")
    request = clock_exemption_request(clock=exempt, reason="特殊情況", actor=counter_clerk)
    clock_exemption_decide(exemption=request, approve=True, note="", actor=csc_director)
    plan("2025-03-27 09:00")  # due 2025-04-01: outside March, counted in April
    plan("2025-03-20 09:00")  # due 2025-03-25, never stopped: breached by now


def test_the_api_counts_clocks_by_their_stop_or_due_date(clocks, counter_clerk) -> None:
    api = APIClient()
    api.force_authenticate(counter_clerk)
    with time_machine.travel(at("2025-03-31 12:00"), tick=False):
        body = api.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    assert body["from"] == "2025-03-01" and body["to"] == "2025-03-31"
    rows = {row["code"]: row for row in body["standards"]}
    plan = rows["application.plan_reply"]
    assert plan == {
        "code": "application.plan_reply",
        "clause": "2.10",
        "title": plan["title"],
        "total": 5,
        "met": 2,
        "breached": 2,
        "exempted": 1,
        "running": 0,
        "rate": 0.5,
    }
    april = api.get("/api/v1/compliance/", {"from": "2025-04-01", "to": "2025-04-30"}).json()
    assert {r["code"]: r for r in april["standards"]}["application.plan_reply"]["total"] == 1


def test_every_standard_in_force_appears_with_zeros(counter_clerk) -> None:
    api = APIClient()
    api.force_authenticate(counter_clerk)
    body = api.get("/api/v1/compliance/", {"from": "2025-01-01", "to": "2025-06-30"}).json()
    codes = {row["code"] for row in body["standards"]}
    assert codes == set(ServiceStandard.objects.values_list("code", flat=True))
    assert {"call.answer_rings", "hall.business_minutes", "hall.payment_minutes"} <= codes
    empty = next(r for r in body["standards"] if r["code"] == "call.answer_rings")
    assert empty["total"] == 0 and empty["rate"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2025-03-31"}, "from"),
        ({"from": "2025-03-01"}, "to"),
        ({"from": "2025-02-30", "to": "2025-03-31"}, "from"),
        ({"from": "yesterday", "to": "2025-03-31"}, "from"),
        ({"from": "2025-03-31", "to": "2025-03-01"}, "to"),
        ({"from": "2025-03-01", "to": "2025-03-31", "company": "nowhere"}, "company"),
    ],
)
def test_bad_compliance_queries_answer_400_naming_the_field(counter_clerk, query, field) -> None:
    api = APIClient()
    api.force_authenticate(counter_clerk)
    response = api.get("/api/v1/compliance/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_compliance_needs_credentials() -> None:
    response = APIClient().get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"})
    assert response.status_code == 401


def test_another_company_is_refused(counter_clerk, other_company) -> None:
    api = APIClient()
    api.force_authenticate(counter_clerk)
    query = {"from": "2025-03-01", "to": "2025-03-31", "company": other_company.code}
    assert api.get("/api/v1/compliance/", query).status_code == 400


def test_the_matrix_shows_every_clause_with_its_figures(
    client, clocks, counter_clerk, django_assert_max_num_queries
) -> None:
    client.force_login(counter_clerk)
    # The page's own queries, then at most two per source of figures (clocks: the counts
    # and the codes of the standards found; other modules register their own sources),
    # and one per activity registered for a clause without a standard (one ContentType
    # look-up besides, cached afterwards).
    activities = sum(len(a) for a in compliance._ACTIVITIES.values())
    budget = 14 + 2 * len(compliance._SOURCES) + activities
    with (
        time_machine.travel(at("2025-03-31 12:00"), tick=False),
        django_assert_max_num_queries(budget),
    ):
        response = client.get(
            reverse("rules:compliance_matrix"),
            {"date_from": "2025-03-01", "date_to": "2025-03-31"},
        )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.clause.number for r in rows] == list(
        Clause.objects.order_by("sort_key").values_list("number", flat=True)
    )
    assert len(rows) == 50  # every numbered clause of the source text
    by_number = {r.clause.number: r for r in rows}
    assert by_number["2.10"].counts.breached == 2
    assert not by_number["4.3"].measurable and by_number["4.3"].clause.localised_support
    page = response.content.decode()
    assert "?code=application.plan_reply&amp;state=breached&amp;date_from=2025-03-01" in page


def test_the_drill_down_lists_the_clocks_behind_a_figure(client, clocks, counter_clerk) -> None:
    client.force_login(counter_clerk)
    with time_machine.travel(at("2025-03-31 12:00"), tick=False):
        response = client.get(
            reverse("rules:clock_list"),
            {
                "code": "application.plan_reply",
                "state": "breached",
                "date_from": "2025-03-01",
                "date_to": "2025-03-31",
            },
        )
    assert response.status_code == 200
    assert len(response.context["page"].items) == 2


def test_another_companys_clocks_are_not_listed(client, clocks, make_staff, other_company) -> None:
    stranger = make_staff("counter_clerk", company=other_company)
    client.force_login(stranger)
    response = client.get(reverse("rules:clock_list"))
    assert response.context["page"].items == []


def test_standards_page_is_for_marketing_and_revision_refused_to_a_clerk(
    client, counter_clerk, marketing_director, own_measures
) -> None:
    standard = ServiceStandard.objects.get(
        profile=own_measures, code="application.plan_reply", variant="low"
    )
    client.force_login(counter_clerk)
    assert client.get(reverse("rules:standard_list")).status_code == 403
    assert client.post(reverse("rules:standard_revise", args=[standard.pk])).status_code == 403
    client.force_login(marketing_director)
    assert client.get(reverse("rules:standard_list")).status_code == 200
    bad = client.post(
        reverse("rules:standard_revise", args=[standard.pk]),
        {"amount": "2", "effective_from": "2003-01-01", "reason": "提速"},
    )
    assert bad.status_code == 200 and "effective_from" in bad.context["form"].errors
    good = client.post(
        reverse("rules:standard_revise", args=[standard.pk]),
        {"amount": "2", "effective_from": "2030-01-01", "reason": "提速"},
    )
    assert good.status_code == 302
    assert (
        ServiceStandard.objects.get(
            profile=own_measures, code="application.plan_reply", variant="low", version=2
        ).amount
        == 2
    )
