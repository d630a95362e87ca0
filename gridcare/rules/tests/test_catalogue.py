"""The catalogue of standards (R-4.3, R-DEF): every seeded standard has an entry with its
unit and module; a revision is checked against the parameter schema (a wrong type or an
unknown key is a field error and nothing is saved); parameters are read with the
catalogue's defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gridcare.core.errors import DomainError
from gridcare.rules import catalogue
from gridcare.rules.models import RuleProfile, ServiceStandard
from gridcare.rules.services import standard_revise

pytestmark = pytest.mark.django_db

ON = date(2030, 1, 1)


def own(profile: RuleProfile, code: str) -> ServiceStandard:
    return ServiceStandard.objects.filter(profile=profile, code=code).first()  # type: ignore[return-value]


def test_every_seeded_standard_has_a_catalogue_entry_with_its_unit_and_module() -> None:
    standards = ServiceStandard.objects.all()
    assert standards.count() > 20
    for standard in standards:
        entry = catalogue.entry(standard.code)
        assert (entry.unit, entry.module) == (standard.unit, standard.module), standard.code
        catalogue.validate_parameters(standard.code, standard.parameters)


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"ring_period_seconds": "five"}, "param_ring_period_seconds"),
        ({"ring_period_seconds": 2.5}, "param_ring_period_seconds"),
        ({"ring_period_seconds": 0}, "param_ring_period_seconds"),
        ({"ring_period_seconds": True}, "param_ring_period_seconds"),
        ({"remind_share": 0.5}, "parameters"),
        ({"ring_seconds": 5}, "parameters"),
    ],
)
def test_a_revision_with_a_wrong_type_or_unknown_key_is_refused_and_nothing_saved(
    own_measures: RuleProfile, marketing_director: Any, parameters: dict, field: str
) -> None:
    standard = own(own_measures, "call.answer_rings")
    before = ServiceStandard.objects.count()
    with pytest.raises(DomainError) as refused:
        standard_revise(
            standard=standard,
            amount=6,
            effective_from=ON,
            reason="phone system",
            actor=marketing_director,
            parameters=parameters,
        )
    assert refused.value.field == field
    assert ServiceStandard.objects.count() == before
    standard.refresh_from_db()
    assert standard.effective_to is None


def test_the_revise_page_shows_typed_parameter_fields_and_their_errors(
    client: Client, own_measures: RuleProfile, marketing_director: Any, counter_clerk: Any
) -> None:
    standard = own(own_measures, "call.answer_rings")
    url = reverse("rules:standard_revise", args=[standard.pk])
    client.force_login(counter_clerk)
    assert client.get(url).status_code == 403
    client.force_login(marketing_director)
    page = client.get(url)
    assert "param_ring_period_seconds" in page.context["form"].fields
    data = {"amount": "6", "effective_from": "2030-01-01", "reason": "x"}
    bad = client.post(url, {**data, "param_ring_period_seconds": "five"})
    assert bad.status_code == 200 and "param_ring_period_seconds" in bad.context["form"].errors
    out_of_bounds = client.post(url, {**data, "param_ring_period_seconds": "99"})
    assert "param_ring_period_seconds" in out_of_bounds.context["form"].errors
    assert not ServiceStandard.objects.filter(code="call.answer_rings", amount=6).exists()
    good = client.post(url, {**data, "param_ring_period_seconds": "4"})
    assert good.status_code == 302
    revised = ServiceStandard.objects.get(code="call.answer_rings", amount=6)
    assert revised.parameters == {"ring_period_seconds": 4}


def test_parameters_are_read_with_the_catalogues_defaults(own_measures: RuleProfile) -> None:
    rings = own(own_measures, "call.answer_rings")
    assert catalogue.parameter(rings, "ring_period_seconds") == 5
    rings.parameters = {}
    assert catalogue.parameter(rings, "ring_period_seconds") == 5
    assert catalogue.parameter(rings, "target_rate") == 0.95
    temporary = own(own_measures, "outage.temporary_notice")
    temporary.parameters = {}
    assert catalogue.parameter(temporary, "recipient") == "csc"
    with pytest.raises(KeyError):
        catalogue.parameter(rings, "recipient")


def test_an_unknown_code_is_not_in_the_catalogue() -> None:
    with pytest.raises(DomainError):
        catalogue.entry("call.answer_whistles")
