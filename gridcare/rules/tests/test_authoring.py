"""Adding a clause or a standard is an audited action on a page for the level that owns
the profile (R-1.3, R-4.3): the company's marketing department for its own profile, a
deployment administrator for a shared one; another county's profile is not found. A new
standard takes its unit and module from the catalogue and its parameters are checked
against the catalogue's schema (R-DEF: its source and interpretation are required)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gridcare.core.models import AuditEvent
from gridcare.org.models import Company
from gridcare.rules.models import Clause, RuleProfile, ServiceStandard
from gridcare.rules.selectors import standard_in_force

pytestmark = pytest.mark.django_db


def standard_data(clause: Clause, **extra: Any) -> dict[str, Any]:
    return {
        "clause": clause.pk,
        "code": "complaint.reply",
        "variant": "12345",
        "title": "12345熱線工單辦結",
        "measure": "deadline",
        "amount": "7",
        "applies_to": '{"channel": "12345"}',
        "parameters": '{"remind_share": 0.5}',
        "effective_from": "2030-01-01",
        "source_kind": "other_document",
        "source_reference": "政府熱線工單時限",
        "interpretation": "自受理次日起算。",
        **extra,
    }


def test_marketing_adds_a_clause_and_a_standard_to_its_own_profile(
    client: Client, own_measures: RuleProfile, marketing_director: Any, company: Company
) -> None:
    client.force_login(marketing_director)
    assert client.get(reverse("rules:standard_list")).context["may_revise"]
    url = reverse("rules:clause_new", args=[own_measures.pk])
    response = client.post(
        url, {"number": "3.6.9", "title": "熱線工單", "text": "熱線工單依時辦結。"}
    )
    assert response.status_code == 302
    clause = own_measures.clauses.get(number="3.6.9")
    url = reverse("rules:standard_new", args=[own_measures.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, standard_data(clause))
    assert response.status_code == 302, response.context["form"].errors
    standard = own_measures.standards.get(code="complaint.reply", variant="12345")
    assert (standard.unit, standard.module, standard.version) == ("working_days", "frontoffice", 1)
    assert standard.parameters == {"remind_share": 0.5}
    assert standard.source_kind == ServiceStandard.Source.OTHER_DOCUMENT
    from datetime import date

    found = standard_in_force(
        company=company, code="complaint.reply", on=date(2030, 1, 2), attrs={"channel": "12345"}
    )
    assert found == standard
    actions = set(AuditEvent.objects.filter(company=company).values_list("action", flat=True))
    assert {"rules.clause.added", "rules.standard.added"} <= actions


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"parameters": '{"remind_share": "soon"}'}, "parameters"),
        ({"parameters": '{"recipient": "csc"}'}, "parameters"),
        ({"code": "complaint.whistle"}, "code"),
        ({"variant": ""}, "variant"),
        ({"interpretation": ""}, "interpretation"),
    ],
)
def test_a_bad_standard_is_a_field_error_and_nothing_is_saved(
    client: Client, own_measures: RuleProfile, marketing_director: Any, extra: dict, field: str
) -> None:
    client.force_login(marketing_director)
    clause = own_measures.clauses.get(number="3.6.3")
    before = ServiceStandard.objects.count()
    url = reverse("rules:standard_new", args=[own_measures.pk])
    response = client.post(url, standard_data(clause, **extra))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors or (field == "parameters" and "__all__" in errors), errors
    assert ServiceStandard.objects.count() == before


def test_a_duplicate_clause_number_is_refused(
    client: Client, own_measures: RuleProfile, marketing_director: Any
) -> None:
    client.force_login(marketing_director)
    url = reverse("rules:clause_new", args=[own_measures.pk])
    response = client.post(url, {"number": "2.8", "title": "x", "text": "x"})
    assert "number" in response.context["form"].errors
    assert own_measures.clauses.filter(number="2.8").count() == 1


def test_only_the_owning_level_may_add(
    client: Client,
    own_measures: RuleProfile,
    marketing_director: Any,
    counter_clerk: Any,
    make_staff: Any,
    other_company: Company,
    superuser: Any,
) -> None:
    shared = RuleProfile.objects.get(is_default=True)
    ours = [
        reverse("rules:clause_new", args=[own_measures.pk]),
        reverse("rules:standard_new", args=[own_measures.pk]),
    ]
    client.force_login(counter_clerk)
    assert [client.get(url).status_code for url in ours] == [403, 403]
    client.force_login(make_staff("marketing_director", company=other_company))
    assert [client.get(url).status_code for url in ours] == [404, 404]
    client.force_login(marketing_director)
    shared_url = reverse("rules:clause_new", args=[shared.pk])
    assert client.get(shared_url).status_code == 403
    posted = client.post(shared_url, {"number": "9.9", "title": "x", "text": "x"})
    assert posted.status_code == 403 and not shared.clauses.filter(number="9.9").exists()
    client.force_login(superuser)
    added = client.post(shared_url, {"number": "9.9", "title": "附則", "text": "附則。"})
    assert added.status_code == 302 and shared.clauses.filter(number="9.9").exists()
    event = AuditEvent.objects.get(action="rules.clause.added")
    assert event.company_id is None
