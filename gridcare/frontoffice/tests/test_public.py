"""Public service information without login (R-2.8): the service phone, halls, tariffs,
the usage notice, and procedures whose time limits come live from the measures engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gridcare.frontoffice.models import BusinessProcedure, PublicNotice, ServiceHall, Tariff
from gridcare.org.models import Company
from gridcare.rules.models import ServiceStandard
from gridcare.rules.services import standard_revise

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(company: Company, hall: ServiceHall) -> Company:
    Company.objects.filter(pk=company.pk).update(service_phone="023-43722345")
    Tariff.objects.create(
        company=company,
        category="居民生活用電",
        voltage="不滿1千伏",
        price="0.5200",
        effective_from=date(2004, 1, 1),
    )
    PublicNotice.objects.create(
        company=company, kind="usage", title="用電須知", body="請按時繳納電費。"
    )
    BusinessProcedure.objects.create(
        company=company,
        title="居民生活用電新裝",
        steps="提出申請\n答覆供電方案",
        time_limits=[{"code": "application.plan_reply", "attrs": {"voltage": "low"}}],
    )
    company.refresh_from_db()
    return company


def test_the_service_page_needs_no_login(client: Any, published: Company) -> None:
    response = client.get(reverse("service:index"), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "023-43722345",
        "龍崗供電門市",
        "大足縣龍崗鎮棠香街123號",
        "0.5200",
        "請按時繳納電費",
        "居民生活用電新裝",
    ):
        assert text in page
    assert "十項承諾" in page


def test_time_limits_are_the_ones_the_clocks_use(
    client: Any, published: Company, marketing_director: Any, own_measures: Any
) -> None:
    url = reverse("service:company", args=[published.code])
    ((_procedure, limits),) = client.get(url).context["procedures"]
    assert [limit.amount for limit in limits] == [3]
    standard = ServiceStandard.objects.get(
        profile=own_measures, code="application.plan_reply", variant="low"
    )
    standard_revise(
        standard=standard,
        amount=2,
        effective_from=date(2020, 1, 1),
        reason="提速",
        actor=marketing_director,
    )
    ((_procedure, limits),) = client.get(url).context["procedures"]
    assert [limit.amount for limit in limits] == [2]


def test_an_unknown_company_is_not_found(client: Any, published: Company) -> None:
    assert client.get(reverse("service:company", args=["nowhere"])).status_code == 404
