"""The leaders' dashboard (R-1.1, ROLES.md): for leadership, marketing and supervision;
its figures equal the records behind them; its chart reads a JSON data island (no inline
script); modules not installed or not publishing yet show an empty state."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gridcare.dashboard import registry, selectors
from gridcare.org.models import Department
from gridcare.rules import compliance
from gridcare.rules.services import clock_start, clock_stop

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 6, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def clocks(company):
    """Plan-reply clocks (3 working days, R-2.10) over the half year: two met and one
    breached in March, one breached in May, one at risk and one overdue now."""
    dept, _ = Department.objects.get_or_create(
        company=company, code="csc", defaults={"name": "客服中心", "kind": "csc"}
    )
    made = []

    def make(received: str, stopped: str | None) -> None:
        subject = Group.objects.create(name=f"s{len(made)}")
        clock = clock_start(
            subject=subject,
            code="application.plan_reply",
            company=company,
            started_at=datetime.fromisoformat(received).replace(tzinfo=SHANGHAI),
            attrs={"voltage": "low"},
            department=dept,
        )
        if stopped:
            clock = clock_stop(
                clock=clock, at=datetime.fromisoformat(stopped).replace(tzinfo=SHANGHAI)
            )
        made.append(clock)

    make("2026-03-02 10:00", "2026-03-03 10:00")
    make("2026-03-09 10:00", "2026-03-10 10:00")
    make("2026-03-16 10:00", "2026-03-25 10:00")
    make("2026-05-11 10:00", "2026-05-20 10:00")
    make("2026-06-05 10:00", None)  # due 06-10 (today): at risk
    make("2026-06-01 10:00", None)  # due 06-04: overdue
    return made


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 200),
        ("marketing_director", 200),
        ("supervision_officer", 200),
        ("csc_agent", 403),
        ("counter_clerk", 403),
    ],
)
def test_the_dashboard_is_for_leaders_marketing_and_supervision(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("dashboard:dashboard")).status_code == status


def test_the_figures_equal_the_records(client, leader, clocks):
    client.force_login(leader)
    context = client.get(reverse("dashboard:dashboard")).context
    alerts = context["alerts"]
    assert (alerts.at_risk, alerts.overdue, alerts.breaches) == (1, 1, 2)
    assert [c.pk for c in alerts.nearest] == [clocks[4].pk]
    trend = context["trend"]
    assert trend["months"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    series = next(s for s in trend["series"] if s["name"].startswith("2.10"))
    # March: 2 met of 3 decided; May: 0 of 1; June: the overdue clock counts as breached.
    assert series["data"] == [None, None, 66.7, None, 0.0, 0.0]
    plan_reply = next(r for r in context["compliance"] if r.code == "application.plan_reply")
    assert (plan_reply.counts.met, plan_reply.counts.breached) == (2, 3)


def test_the_chart_draws_only_the_standards_below_target_with_gaps_as_null(company, clocks):
    today = TODAY.date()
    summary = selectors.compliance_summary(company=company, today=today)
    trend = selectors.compliance_trend(company=company, today=today, summary=summary)
    (series,) = trend["series"]  # 2.10 at 40 % this half year; no other standard decided
    assert series["name"].startswith("2.10") and series["target"] == 95.0
    assert series["data"][:2] == [None, None] and trend["more"] == 0
    # At its target, a standard is not drawn.
    plan_reply = next(r for r in summary if r.code == "application.plan_reply")
    plan_reply.counts = compliance.Counts(met=19, breached=1)
    assert selectors.compliance_trend(company=company, today=today, summary=summary)["series"] == []


def test_the_at_risk_list_names_each_record(client, leader, clocks):
    client.force_login(leader)
    (clock,) = client.get(reverse("dashboard:dashboard")).context["alerts"].nearest
    assert clock.record.label.endswith(" s4")


def test_the_chart_reads_a_json_data_island_and_no_inline_script(client, leader, clocks):
    client.force_login(leader)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    island = re.search(r'<script id="gc-trend-data" type="application/json">(.*?)</script>', html)
    assert island and json.loads(island.group(1))["months"][-1] == "2026-06"
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert " style=" not in html and "onclick" not in html
    assert 'data-chart-source="gc-trend-data"' in html


def test_the_dashboard_costs_a_bounded_number_of_queries(
    client, leader, clocks, django_assert_max_num_queries
):
    """The half year and six months of trend (a compliance read each: three queries for
    the rules in force and one range query per registered source), the alerts and the
    scorecard: a constant whatever the volume of history, growing only with the number
    of sources, figures and reports the installed modules register (one query each)."""
    per_period = 3 + len(compliance._SOURCES)
    registered = len(registry._FIGURES) + len(registry._REPORTS)
    client.force_login(leader)
    with django_assert_max_num_queries(7 * per_period + 20 + registered):
        client.get(reverse("dashboard:dashboard"))


def test_key_account_coverage_shows_an_empty_state_without_the_module(monkeypatch, leader):
    monkeypatch.setattr(selectors.apps, "is_installed", lambda name: False)
    assert selectors.keyaccount_coverage(user=leader, today=date(2026, 6, 10)).installed is False


def test_complaints_and_the_report_wait_for_their_modules(client, leader, company, monkeypatch):
    monkeypatch.setattr(registry, "_FIGURES", {})
    monkeypatch.setattr(registry, "_REPORTS", [])
    client.force_login(leader)
    context = client.get(reverse("dashboard:dashboard")).context
    assert context["complaints"] == [] and context["report"] is None
    registry.register_figure(
        registry.Figure("complaints.received", "complaints", gettext_lazy("received"), lambda *a: 4)
    )
    registry.register_report(
        lambda c: {"title": "2026 上半年", "published_on": date(2026, 7, 5), "url": "/r/1/"}
    )
    context = client.get(reverse("dashboard:dashboard")).context
    assert [f.value for f in context["complaints"]] == [4]
    assert context["report"]["title"] == "2026 上半年"


@pytest.mark.parametrize(("persona", "shown"), [("leader", True), ("csc_agent", False)])
def test_the_home_page_shows_the_dashboard_panel_to_leaders(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    codes = {p["code"] for p in client.get("/").context["panels"]}
    assert ("dashboard_summary" in codes) is shown


def test_coverage_and_follow_up_figures_of_other_modules_are_shown(client, leader, monkeypatch):
    monkeypatch.setattr(registry, "_FIGURES", {})
    registry.register_figure(
        registry.Figure("surveys.surveyed", "coverage", gettext_lazy("surveyed"), lambda *a: 41)
    )
    registry.register_figure(
        registry.Figure("followups.rate", "followups", gettext_lazy("satisfied"), lambda *a: 93.5)
    )
    client.force_login(leader)
    response = client.get(reverse("dashboard:dashboard"))
    assert [f.value for f in response.context["coverage_figures"]] == [41]
    assert [f.value for f in response.context["followups"]] == [93.5]
    assert "93.5" in response.content.decode()
