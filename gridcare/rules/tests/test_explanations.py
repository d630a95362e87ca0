"""Every limit says where it comes from and what it means (R-DEF): a clause of its profile,
a product default, or another document, with its interpretation in zh-Hant, zh-Hans and
English, kept by a new version and shown, in the page's language, on the standards page,
the clock panel, the compliance matrix and the public page."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gridcare.applications.services import application_receive
from gridcare.customers.models import Customer
from gridcare.frontoffice.models import BusinessProcedure
from gridcare.org.models import Company
from gridcare.rules.models import RuleProfile, ServiceStandard
from gridcare.rules.services import standard_revise

pytestmark = pytest.mark.django_db

Source = ServiceStandard.Source


def test_every_seeded_standard_has_its_source_and_interpretation_in_three_languages() -> None:
    for standard in ServiceStandard.objects.all():
        assert standard.source_reference, standard.code
        assert standard.interpretation and standard.interpretation_zh_hans, standard.code
        assert standard.interpretation_en, standard.code
    kinds = dict(ServiceStandard.objects.values_list("code", "source_kind"))
    for code in ("hall.wait_minutes", "referral.answer", "keyaccount.need"):
        assert kinds[code] == Source.PRODUCT_DEFAULT
    assert kinds["keyaccount.other_service"] == Source.PRODUCT_DEFAULT
    for code in ("complaint.contact", "complaint.reply", "fault.arrival_urban"):
        assert kinds[code] == Source.OTHER_DOCUMENT
    assert "2011" in ServiceStandard.objects.filter(code="complaint.reply").first().source_reference  # type: ignore[union-attr]
    assert kinds["call.answer_rings"] == kinds["application.plan_reply"] == Source.CLAUSE


def test_a_new_version_keeps_the_source_and_interpretation(
    own_measures: RuleProfile, marketing_director: Any
) -> None:
    wait = own_measures.standards.get(code="hall.wait_minutes")
    revised = standard_revise(
        standard=wait,
        amount=15,
        effective_from=timezone.localdate(),
        reason="busier halls",
        actor=marketing_director,
    )
    assert revised.source_kind == Source.PRODUCT_DEFAULT
    assert (revised.interpretation, revised.interpretation_en) == (
        wait.interpretation,
        wait.interpretation_en,
    )


@pytest.fixture
def application(company: Company, counter_clerk: Any) -> Any:
    customer = Customer.objects.create(
        company=company,
        account_number="0100000001",
        name="龍水鎮五金廠",
        category="non_residential",
        voltage="10kv",
        supply_sources=1,
        town="龍水鎮",
        address="五金街1號",
        phone="13800000001",
    )
    return application_receive(
        company=company,
        customer=customer,
        received_at=datetime(2025, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        actor=counter_clerk,
        department=counter_clerk.staff.department,
        staff=counter_clerk.staff,
        kind="new_connection",
    )


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans", "en"])
def test_the_interpretation_shows_where_the_limit_is_in_the_pages_language(
    client: Client,
    company: Company,
    own_measures: RuleProfile,
    marketing_director: Any,
    counter_clerk: Any,
    application: Any,
    language: str,
) -> None:
    field = {"zh-hant": "interpretation", "zh-hans": "interpretation_zh_hans"}.get(
        language, "interpretation_en"
    )
    reply = own_measures.standards.get(code="application.plan_reply", variant="10kv")
    rings = own_measures.standards.get(code="call.answer_rings")
    other = "interpretation_en" if language != "en" else "interpretation"
    BusinessProcedure.objects.create(
        company=company,
        title="高壓新裝",
        steps="提出申請",
        time_limits=[{"code": "application.plan_reply", "attrs": {"voltage": "10kv"}}],
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(marketing_director)
    pages = {
        reverse("rules:standard_list"): [reply, rings],
        reverse("rules:compliance_matrix"): [reply, rings],
    }
    client_pages = {
        reverse("applications:application_detail", args=[application.pk]): [reply],
        "/service/dazu/": [reply, rings],
    }
    for url, standards in pages.items():
        page = client.get(url).content.decode()
        for standard in standards:
            assert getattr(standard, field) in page, (url, standard.code)
            assert getattr(standard, other) not in page, (url, standard.code)
    client.force_login(counter_clerk)
    for url, standards in client_pages.items():
        page = client.get(url).content.decode()
        for standard in standards:
            assert getattr(standard, field) in page, (url, standard.code)
            assert standard.source_reference in page
