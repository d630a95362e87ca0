"""The survey section of the half-year report and the dashboard's coverage figure: their
figures equal counts made here from the same data (issue 8, R-3.8.3)."""

from __future__ import annotations

from datetime import date
from statistics import mean

import time_machine

from gridcare.dashboard.registry import figures
from gridcare.reports.sections import Period, sections
from gridcare.surveys.report import compute_section
from gridcare.surveys.services import survey_response_submit
from gridcare.surveys.tests.conftest import good_answers, local

H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
H1_2026 = Period(date(2026, 1, 1), date(2026, 6, 30))


def test_the_report_section_matches_independent_counts(
    company, make_questionnaire, make_keyaccount, open_round, other_company
) -> None:
    accounts = [make_keyaccount(company) for _ in range(5)]
    make_keyaccount(other_company)
    # Last half year: 4 of 5 answer; this half year: 2 of 5, one of them with low scores.
    plan = {
        "2025-09-02 10:00": [(4, 5), (5, 5), (3, 4), (4, 4)],
        "2026-03-02 10:00": [(2, 1), (4, 3)],
    }
    given: dict[str, list[tuple[int, int]]] = {}
    for when, scores in plan.items():
        questionnaire = make_questionnaire(company)
        opened = open_round(questionnaire, when=when)
        invitations = list(opened.round.invitations.order_by("customer_id"))
        with time_machine.travel(local(when.replace("02 10", "05 10")), tick=False):
            for invitation, pair in zip(invitations, scores, strict=False):
                survey_response_submit(
                    token=opened.tokens[invitation.pk],
                    answers=good_answers(questionnaire, scores=pair),
                )
        given[when[:4]] = scores
    assert len(accounts) == 5

    result = compute_section(company, H1_2026, H2_2025)
    figures_by_label = {f.label: f for f in result.figures}
    values = [(f.value, f.previous) for f in result.figures]
    now, before = given["2026"], given["2025"]
    assert values[0] == (5, 5)  # invited
    assert values[1] == (len(now), len(before))  # responses
    assert values[2] == (round(len(now) * 100 / 5, 1), round(len(before) * 100 / 5, 1))
    all_now = [s for pair in now for s in pair]
    all_before = [s for pair in before for s in pair]
    assert values[3] == (round(mean(all_now), 2), round(mean(all_before), 2))
    assert len(figures_by_label) == 4
    table = {row[0]: row[1:] for row in result.tables[0].rows}
    assert table["供電可靠性"] == [
        2,
        round(mean(p[0] for p in now), 2),
        round(mean(p[0] for p in before), 2),
    ]
    assert table["聯繫人服務"] == [
        2,
        round(mean(p[1] for p in now), 2),
        round(mean(p[1] for p in before), 2),
    ]
    chart = result.charts[0]
    assert chart.kind == "bar" and len(chart.series) == 2
    # 40% answered and "聯繫人服務" averages 2.0: both need attention; "供電可靠性" (3.0) not.
    assert len(result.attention) == 2
    assert any("聯繫人服務" in line for line in result.attention)
    assert not any("供電可靠性" in line for line in result.attention)
    assert result.as_json()["figures"][0]["value"] == 5


def test_an_empty_half_year_says_so(company) -> None:
    result = compute_section(company, H1_2026, H2_2025)
    # A previous half with no survey round has no figures ("—"), not zeros: a change
    # from 0 would read as "+N" in the report.
    assert [(f.value, f.previous) for f in result.figures] == [
        (0, None),
        (0, None),
        (None, None),
        (None, None),
    ]
    assert result.tables == [] and result.charts == []
    assert len(result.attention) == 1


def test_the_section_and_the_dashboard_figure_are_registered(
    company, questionnaire, keyaccounts, open_round
) -> None:
    assert "surveys" in [s.code for s in sections()]
    figure = next(f for f in figures("coverage") if f.code == "surveys.surveyed")
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    token = next(iter(opened.tokens.values()))
    with time_machine.travel(local("2026-03-05 10:00"), tick=False):
        survey_response_submit(token=token, answers=good_answers(questionnaire))
    assert figure.value(company, date(2026, 1, 1), date(2026, 3, 5)) == 1
    assert figure.value(company, date(2026, 7, 1), date(2026, 9, 5)) == 0
