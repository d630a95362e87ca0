"""R-3.8.1 and R-3.8.3 in the compliance matrix: the surveys the key accounts answered and
the analysis reports published in the period, checked against the records themselves."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from gridcare.reports.models import AnalysisReport
from gridcare.reports.services import report_generate, report_publish, report_review
from gridcare.rules.compliance import clause_figures
from gridcare.surveys.activity import reports_published, surveys_answered
from gridcare.surveys.models import SurveyResponse
from gridcare.surveys.services import survey_response_record, survey_response_submit
from gridcare.surveys.tests.conftest import good_answers, local

pytestmark = pytest.mark.django_db


def _figures(company, activity, date_from: date, date_to: date) -> list[tuple]:
    """(value, total) of each figure of the activity, in order."""
    return [(f.value, f.total) for f in activity([company.pk], date_from, date_to)]


def test_the_supervision_clauses_show_these_figures(company) -> None:
    figures = {
        number: [
            str(f.label)
            for f in clause_figures(
                number,
                company_ids=[company.pk],
                date_from=date(2026, 1, 1),
                date_to=date(2026, 6, 30),
            )
        ]
        for number in ("3.8.1", "3.8.3")
    }
    ours = {
        "3.8.1": surveys_answered([company.pk], date(2026, 1, 1), date(2026, 6, 30)),
        "3.8.3": reports_published([company.pk], date(2026, 1, 1), date(2026, 6, 30)),
    }
    for number, mine in ours.items():
        assert {str(f.label) for f in mine} <= set(figures[number]), number


def test_surveys_answered_in_the_period(
    company, questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00", link_days=60)
    first, second, third = (opened.round.invitations.get(customer=c) for c in keyaccounts)
    with time_machine.travel(local("2026-03-31 22:00"), tick=False):
        survey_response_submit(token=opened.tokens[first.pk], answers=good_answers(questionnaire))
        survey_response_record(
            invitation=second,
            answers=good_answers(questionnaire),
            channel="phone",
            received_at=local("2026-03-04 15:00"),
            actor=supervision_officer,
        )
    with time_machine.travel(local("2026-04-01 09:00"), tick=False):
        survey_response_submit(token=opened.tokens[third.pk], answers=good_answers(questionnaire))
    # Answered in March (local dates): the link at 22:00 on the 31st and the phone call.
    in_march = [
        r for r in SurveyResponse.objects.all() if timezone.localdate(r.received_at).month == 3
    ]
    assert len(in_march) == 2
    surveys = _figures(company, surveys_answered, date(2026, 3, 1), date(2026, 3, 31))
    assert surveys == [(2, None), (len({r.customer_id for r in in_march}), None)]
    half = _figures(company, surveys_answered, date(2026, 1, 1), date(2026, 6, 30))
    assert half[0] == (SurveyResponse.objects.count(), None) == (3, None)


def test_reports_published_in_the_period(company, supervision_officer) -> None:
    with time_machine.travel(local("2026-07-03 10:00"), tick=False):
        report = report_generate(
            company=company, half_start=date(2026, 1, 1), actor=supervision_officer
        )
        report = report_review(
            report=report, comment="平穩", section_comments={}, actor=supervision_officer
        )
        # Reviewed is not published.
        assert _figures(company, reports_published, date(2026, 7, 1), date(2026, 7, 31)) == [
            (0, None)
        ]
        report_publish(report=report, actor=supervision_officer)
    published = AnalysisReport.objects.filter(state="published").count()
    assert published == 1
    assert _figures(company, reports_published, date(2026, 7, 1), date(2026, 7, 31)) == [
        (published, None)
    ]
    assert _figures(company, reports_published, date(2026, 8, 1), date(2026, 8, 31)) == [(0, None)]
