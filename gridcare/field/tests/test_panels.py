"""Home panels of field work (ROLES.md): each role's work due first, in a fixed number of
queries whatever the number of rows (DESIGN.md 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gridcare.field import panels
from gridcare.field.models import Delivery
from gridcare.field.services import (
    fault_arrive,
    fault_dispatch,
    fault_report_create,
    inspection_plan_half_year,
    outage_coordinate,
    outage_file,
    patrol_request_create,
    special_patrol_request,
)

pytestmark = pytest.mark.django_db


def _queries(panel, user) -> tuple[int, dict]:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as ctx:
        context = panel(request)
    return len(ctx), context


def _home_codes(client, user) -> list[str]:
    client.force_login(user)
    return [p["code"] for p in client.get(reverse("home")).context["panels"]]


def _patrol(customer, unit, days):
    return special_patrol_request(
        customer=customer,
        requested_by="聯絡人",
        unit=unit,
        scheduled_for=timezone.localdate() + timedelta(days=days),
        actor=None,
    )


def _fault(company, crew, key_customer=None, minutes_ago=10):
    report = fault_report_create(
        company=company,
        source="call",
        area="urban",
        address="龍崗街道1號",
        description="停電",
        customer=key_customer,
        reported_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return fault_dispatch(report=report, crew=crew, at=timezone.now(), actor=None)


def test_field_unit_sees_its_units_patrols_this_week_and_faults_not_reached(
    client, company, field_unit, dispatcher, make_customer, departments
):
    line, other = departments["line"], departments["repair_test"]
    soon = _patrol(make_customer(key=True), line, 2)
    _patrol(make_customer(key=True), line, 20)  # beyond the week
    _patrol(make_customer(key=True), other, 1)  # another unit's
    late = _fault(company, line, minutes_ago=60)
    key = _fault(company, line, key_customer=make_customer(key=True))
    reached = _fault(company, line)
    fault_arrive(report=reached, at=timezone.now(), actor=None)
    _fault(company, other)
    queries, context = _queries(panels.unit_work, field_unit)
    assert context["inspections"] == [soon]
    assert context["faults"] == [key, late]  # key accounts first, then the nearest limit
    for n in range(4):
        _patrol(make_customer(key=True), line, n)
        _fault(company, line)
    assert _queries(panels.unit_work, field_unit)[0] == queries
    assert "field_unit_work" in _home_codes(client, field_unit)
    assert "field_unit_work" not in _home_codes(client, dispatcher)


def test_dispatch_sees_key_accounts_to_agree_and_notices_that_failed(
    client, company, dispatcher, field_unit, make_customer, make_feeder
):
    start = timezone.now() + timedelta(days=10)

    def plan(n):
        feeder = make_feeder(f"F{n}", [make_customer(key=True), make_customer()])
        return outage_file(
            company=company,
            kind="planned",
            title=f"檢修{n}",
            feeders=[feeder],
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n + 4),
        )

    open_plan, agreed = plan(1), plan(2)
    outage_coordinate(
        affected=agreed.affected.get(is_key_account=True),
        window_starts_at=None,
        window_ends_at=None,
        agreed_starts_at=agreed.starts_at,
        agreed_ends_at=agreed.ends_at,
        agreed_with="王經理",
        actor=None,
    )
    Delivery.objects.filter(notice__outage=agreed, customer__isnull=False).update(
        status=Delivery.Status.FAILED
    )
    queries, context = _queries(panels.dispatch_work, dispatcher)
    assert context["to_agree"] == [open_plan]
    assert context["to_agree"][0].to_agree == 1
    assert context["failed"] == [agreed]  # pending ones are still on their way
    for n in range(3, 7):
        plan(n)
    assert _queries(panels.dispatch_work, dispatcher)[0] == queries
    assert "field_dispatch" in _home_codes(client, dispatcher)
    assert "field_dispatch" not in _home_codes(client, field_unit)


def test_production_technology_sees_unplanned_overdue_and_requests(
    client, company, prodtech, field_unit, make_customer, departments
):
    today = timezone.localdate()
    unplanned = make_customer(key=True, name="甲廠")
    planned = make_customer(key=True, name="乙廠")
    make_customer(key=False)  # not a key account: no half-yearly inspection
    inspection_plan_half_year(
        customer=planned, half=today, unit=departments["line"], scheduled_for=today, actor=None
    )
    overdue = _patrol(make_customer(key=True, name="丙廠"), departments["line"], -1)
    request = patrol_request_create(
        customer=planned,
        channel="portal",
        requested_by="李電工",
        what="配電室巡視",
        wanted_from=today + timedelta(days=1),
        wanted_to=today + timedelta(days=5),
        actor=None,
    )
    queries, context = _queries(panels.prodtech_work, prodtech)
    assert unplanned in context["unplanned"] and planned not in context["unplanned"]
    assert context["unplanned_count"] == 2  # 甲廠 and 丙廠 (a patrol is not the half's plan)
    assert (context["overdue"], context["overdue_count"]) == ([overdue], 1)
    assert (context["requests"], context["requests_count"]) == ([request], 1)
    for n in range(4):
        _patrol(make_customer(key=True), departments["line"], -2 - n)
    assert _queries(panels.prodtech_work, prodtech)[0] == queries
    assert "field_prodtech" in _home_codes(client, prodtech)
    assert "field_prodtech" not in _home_codes(client, field_unit)
