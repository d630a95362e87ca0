"""A standard's title names what is measured; its limit is shown from data beside it, so
no title states a figure that a revision would leave behind (R-4.1, R-DEF)."""

from __future__ import annotations

import re

import pytest

from gridcare.rules.models import ServiceStandard

pytestmark = pytest.mark.django_db


def test_no_seeded_title_states_a_figure_other_than_the_voltage_class() -> None:
    stating = [
        (s.code, text)
        for s in ServiceStandard.objects.all()
        for text in (s.title, s.title_en)
        if re.search(r"\d", re.sub(r"10\s?kV", "", text, flags=re.I))
    ]
    assert stating == []
