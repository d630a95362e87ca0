"""The half-year report's words match its figures: the previous period's column is named
"previous period" (上期, not 上半年度, which reads as "the first half year" inside an H1
report), and the count of standards below target is the count of those listed."""

from __future__ import annotations

from typing import Any

import pytest

from gridcare.reports.services import report_generate
from gridcare.reports.tests.conftest import H1, Data, section

pytestmark = pytest.mark.django_db


def test_the_count_of_standards_below_target_is_the_count_listed(
    data: Data, company: Any, supervision_officer: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    compliance = section(report, "compliance")
    count = compliance["figures"][2]["value"]
    listed = compliance["tables"][1]["rows"]
    assert count == len(listed) > 0
    assert "2.10" in {row[0] for row in listed}
    assert listed == section(report, "attention")["tables"][0]["rows"]


@pytest.mark.parametrize(
    ("language", "column"),
    [("zh-hant", "上期（%）"), ("zh-hans", "上期（%）"), ("en", "Previous period (%)")],
)
def test_the_previous_periods_column_is_named_previous_period(
    data: Data,
    company: Any,
    supervision_officer: Any,
    settings: Any,
    language: str,
    column: str,
) -> None:
    settings.LANGUAGE_CODE = language
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    columns = section(report, "compliance")["tables"][0]["columns"]
    assert columns[6] == column
    assert not any("上半年" in str(c) for c in columns)
