"""Sections registered by other modules (surveys, follow-up calls) are stored and shown
like the report's own: figures with their change, tables, charts and attention lines; the
report works without them (gridcare.reports.sections)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.utils.translation import gettext_lazy

from gridcare.reports import sections
from gridcare.reports.export import write_pdf
from gridcare.reports.services import report_generate
from gridcare.reports.tests.conftest import H1, HOSTILE

pytestmark = pytest.mark.django_db


def survey_section(
    company: Any, period: sections.Period, previous: sections.Period
) -> sections.SectionResult:
    assert (period.start.isoformat(), previous.start.isoformat()) == ("2026-01-01", "2025-07-01")
    return sections.SectionResult(
        figures=[sections.Figure("回覆率", 82.5, 75.0, "%"), sections.Figure("平均分", 4.2)],
        tables=[sections.Table("各題得分", ["題目", "得分"], [[HOSTILE, 4.5]])],
        charts=[sections.Chart("滿意度", "bar", ["一月", "二月"], [("本半年", [4.1, None])])],
        attention=[f"{HOSTILE} 回覆率偏低"],
    )


@pytest.fixture
def with_surveys(monkeypatch: pytest.MonkeyPatch) -> None:
    registered = dict(sections._SECTIONS)
    registered["surveys"] = sections.Section(
        "surveys", gettext_lazy("Surveys"), survey_section, order=20
    )
    monkeypatch.setattr(sections, "_SECTIONS", registered)


@pytest.fixture
def only_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = {"compliance", "complaints", "breaches", "attention"}
    monkeypatch.setattr(
        sections, "_SECTIONS", {k: v for k, v in sections._SECTIONS.items() if k in ours}
    )


def test_a_registered_section_is_stored_and_rendered_generically(
    with_surveys: None, client: Any, company: Any, supervision_officer: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    stored = next(s for s in report.content["sections"] if s["code"] == "surveys")
    assert stored["figures"][0] == {"label": "回覆率", "value": 82.5, "previous": 75.0, "unit": "%"}
    assert stored["charts"][0]["series"] == [["本半年", [4.1, None]]]
    attention = next(s for s in report.content["sections"] if s["code"] == "attention")
    assert any(line.endswith(f"{HOSTILE} 回覆率偏低") for line in attention["attention"])

    client.force_login(supervision_officer)
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'id="section-surveys"' in html
    assert "82.5%" in html and "▲" in html and "+7.5" in html
    island = re.search(
        r'<script id="gc-report-surveys-1" type="application/json">(.*?)</script>', html
    )
    assert island is not None
    assert json.loads(island.group(1))["categories"] == ["一月", "二月"]
    assert 'data-report-chart="gc-report-surveys-1"' in html
    assert HOSTILE not in html
    assert write_pdf(report).startswith(b"%PDF")


def test_the_report_works_without_the_other_modules(
    only_ours: None, client: Any, company: Any, supervision_officer: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    assert [s["code"] for s in report.content["sections"]] == [
        "compliance",
        "complaints",
        "breaches",
        "attention",
    ]
    client.force_login(supervision_officer)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert b"section-surveys" not in response.content
