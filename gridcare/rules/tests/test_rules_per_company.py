"""Rules that only their own company changes (R-1.3): a county's marketing department
revises its own company's standards and points; shared rules change only at the level
above (the city company, or a deployment administrator); each change is audited with
its company. Tried with a second company's staff and ids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gridcare.assessments.models import PointRule
from gridcare.assessments.services import point_rule_revise, rule_in_force
from gridcare.core.models import AuditEvent
from gridcare.org.models import Company
from gridcare.rules.models import RuleProfile, ServiceStandard
from gridcare.rules.selectors import standard_in_force
from gridcare.rules.services import standard_revise

pytestmark = pytest.mark.django_db

ON = date(2030, 1, 1)


def rings(company: Company, on: date = ON) -> int:
    standard = standard_in_force(company=company, code="call.answer_rings", on=on)
    assert standard is not None
    return standard.amount


def own_rings(profile: RuleProfile) -> ServiceStandard:
    return ServiceStandard.objects.get(profile=profile, code="call.answer_rings")


@pytest.fixture
def foreign_marketing(make_staff: Any, other_company: Company) -> Any:
    return make_staff("marketing_director", company=other_company)


def test_another_companys_marketing_cannot_revise_our_standards(
    client: Client, own_measures: RuleProfile, foreign_marketing: Any, other_company: Company
) -> None:
    standard = own_rings(own_measures)
    url = reverse("rules:standard_revise", args=[standard.pk])
    client.force_login(foreign_marketing)
    assert client.get(url).status_code == 403
    posted = client.post(url, {"amount": "99", "effective_from": "2030-01-01", "reason": "x"})
    assert posted.status_code == 403
    with pytest.raises(PermissionDenied):
        standard_revise(
            standard=standard, amount=99, effective_from=ON, reason="x", actor=foreign_marketing
        )
    assert ServiceStandard.objects.filter(code="call.answer_rings", amount=99).count() == 0
    assert rings(own_measures.company) == 5 and rings(other_company) == 5


def test_a_shared_profile_is_changed_at_the_level_above_only(
    client: Client, company: Company, marketing_director: Any, superuser: Any
) -> None:
    """The company follows the shared default: its marketing is refused on the page and
    in the service, and is offered to take the rules as its own instead."""
    shared = RuleProfile.objects.get(is_default=True)
    standard = own_rings(shared)
    client.force_login(marketing_director)
    page = client.get(reverse("rules:standard_list")).content.decode()
    assert reverse("rules:standard_revise", args=[standard.pk]) not in page
    assert reverse("rules:profile_adopt", args=[shared.pk]) in page
    assert client.get(reverse("rules:standard_revise", args=[standard.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        standard_revise(
            standard=standard, amount=9, effective_from=ON, reason="x", actor=marketing_director
        )
    revised = standard_revise(
        standard=standard, amount=6, effective_from=ON, reason="全市調整", actor=superuser
    )
    event = AuditEvent.objects.get(action="rules.standard.revised")
    assert event.payload["profile"] == shared.code and event.actor == superuser
    assert revised.amount == 6 and rings(company) == 6


def test_a_company_takes_the_shared_rules_as_its_own_and_changes_only_its_own(
    client: Client, company: Company, other_company: Company, marketing_director: Any
) -> None:
    shared = RuleProfile.objects.get(is_default=True)
    client.force_login(marketing_director)
    response = client.post(
        reverse("rules:profile_adopt", args=[shared.pk]), {"effective_from": "2029-01-01"}
    )
    assert response.status_code == 302
    own = RuleProfile.objects.get(company=company)
    assert own.clauses.count() == shared.clauses.count()
    assert AuditEvent.objects.get(action="rules.profile.adopted").company == company
    client.post(
        reverse("rules:standard_revise", args=[own_rings(own).pk]),
        {"amount": "4", "effective_from": "2030-01-01", "reason": "四聲內接聽"},
    )
    assert rings(company) == 4 and rings(company, date(2029, 6, 1)) == 5
    assert rings(other_company) == 5  # the other county still follows the shared rules
    event = AuditEvent.objects.get(action="rules.standard.revised")
    assert event.company == company
    # Taken once: a second adoption is refused with a reason, nothing created.
    again = client.post(
        reverse("rules:profile_adopt", args=[shared.pk]),
        {"effective_from": "2029-06-01"},
        follow=True,
    )
    assert RuleProfile.objects.filter(company=company).count() == 1
    assert list(again.context["messages"])


def test_another_countys_own_profile_cannot_be_adopted(
    client: Client, own_measures: RuleProfile, foreign_marketing: Any
) -> None:
    client.force_login(foreign_marketing)
    url = reverse("rules:profile_adopt", args=[own_measures.pk])
    assert client.post(url, {"effective_from": "2029-01-01"}).status_code == 404
    assert not RuleProfile.objects.filter(company=foreign_marketing.staff.company).exists()


def test_points_per_company_inherit_the_shared_default_until_set(
    client: Client, company: Company, other_company: Company, foreign_marketing: Any
) -> None:
    """The other county's marketing revises 'its' breach points: its own version is made;
    ours, and the shared default, are untouched."""
    client.force_login(foreign_marketing)
    response = client.post(
        reverse("assessments:rule_revise", args=["breach"]),
        {"points": "9", "effective_from": "2030-01-01", "reason": "本公司細則"},
    )
    assert response.status_code == 302
    assert rule_in_force(company=other_company, kind="breach", on=ON).points == Decimal(9)
    assert rule_in_force(company=company, kind="breach", on=ON).points == Decimal(2)
    assert PointRule.objects.get(kind="breach", company__isnull=True).effective_to is None
    event = AuditEvent.objects.get(action="assessments.rule.revised")
    assert event.company == other_company


def test_shared_points_change_only_by_a_deployment_administrator(
    company: Company, marketing_director: Any, superuser: Any
) -> None:
    with pytest.raises(PermissionDenied):
        point_rule_revise(
            company=None,
            kind="breach",
            points=Decimal(7),
            effective_from=ON,
            reason="x",
            actor=marketing_director,
        )
    with pytest.raises(PermissionDenied):
        point_rule_revise(
            company=Company.objects.create(code="third", name="第三"),
            kind="breach",
            points=Decimal(7),
            effective_from=ON,
            reason="x",
            actor=marketing_director,
        )
    point_rule_revise(
        company=None,
        kind="breach",
        points=Decimal(7),
        effective_from=ON,
        reason="全市",
        actor=superuser,
    )
    assert rule_in_force(company=company, kind="breach", on=ON).points == Decimal(7)


def test_a_county_follows_its_city_companys_points_before_the_shared_ones(
    company: Company, superuser: Any
) -> None:
    city = Company.objects.create(code="cq", name="重慶市電力公司", level=Company.Level.CITY)
    Company.objects.filter(pk=company.pk).update(parent=city)
    company.refresh_from_db()
    point_rule_revise(
        company=city,
        kind="complaint",
        points=Decimal(4),
        effective_from=ON,
        reason="市公司細則",
        actor=superuser,
    )
    assert rule_in_force(company=company, kind="complaint", on=ON).company == city
    assert rule_in_force(company=company, kind="complaint", on=date(2029, 1, 1)).company is None
