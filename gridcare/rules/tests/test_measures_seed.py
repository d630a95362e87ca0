"""R-4.1: the measures carry the date they take effect; their Simplified clause titles."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from gridcare.rules.models import Clause, RuleProfile, ServiceStandard

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "gridcare.rules.migrations.0005_measures_effective_date_and_titles"
)


def test_the_measures_take_effect_with_the_2005_text_they_cite():
    profile = RuleProfile.objects.get(code="dazu-measures")
    assert profile.effective_from == date(2005, 4, 9)
    dates = set(profile.standards.filter(version=1).values_list("effective_from", flat=True))
    assert dates == {date(2005, 4, 9)}


def test_simplified_titles_read_zhixing_not_yunxing():
    titles = dict(
        Clause.objects.filter(
            profile__code="dazu-measures", number__in=["3.9.1", "4.1"]
        ).values_list("number", "title_zh_hans")
    )
    assert titles == {"3.9.1": "未执行者予以考核", "4.1": "自下发之日起执行"}


def test_the_correction_moves_an_adopted_copy_and_leaves_later_versions_alone():
    shared = RuleProfile.objects.get(code="dazu-measures")
    copy = RuleProfile.objects.create(
        code="dazu-measures-x", name=shared.name, effective_from=date(2004, 1, 1)
    )
    clause = Clause.objects.create(
        profile=copy,
        number="4.1",
        sort_key="004.001",
        title="自下發之日起執行",
        title_zh_hans="自下发之日起运行",
    )
    first = ServiceStandard.objects.create(
        profile=copy,
        clause=clause,
        code="c",
        title="t",
        measure="deadline",
        amount=1,
        unit="days",
        effective_from=date(2004, 1, 1),
        effective_to=date(2026, 1, 1),
    )
    later = ServiceStandard.objects.create(
        profile=copy,
        clause=clause,
        code="c",
        title="t",
        measure="deadline",
        amount=2,
        unit="days",
        version=2,
        effective_from=date(2026, 1, 1),
    )
    migration.forwards(apps, None)
    (
        copy.refresh_from_db(),
        first.refresh_from_db(),
        later.refresh_from_db(),
        clause.refresh_from_db(),
    )
    assert copy.effective_from == first.effective_from == date(2005, 4, 9)
    assert later.effective_from == date(2026, 1, 1)
    assert clause.title_zh_hans == "自下发之日起执行"
