"""R-3.8.3: the follow-up section of the half-year report and the dashboard figure equal
counts made independently from the same data."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gridcare.followups.figures import report_section, satisfaction_rate
from gridcare.followups.models import FollowupCall
from gridcare.followups.services import (
    NO_ANSWER,
    followup_call_record,
    followup_settings_update,
    followups_queue,
)
from gridcare.reports.sections import Period

from .conftest import at

H1 = Period(date(2026, 1, 1), date(2026, 6, 30))
H2 = Period(date(2026, 7, 1), date(2026, 12, 31))
H0 = Period(date(2025, 7, 1), date(2025, 12, 31))


@pytest.mark.django_db
def test_the_report_section_counts_what_was_recorded(
    company, supervision_officer, counter_clerk, csc_agent, closed_matter, closed_application
):
    followup_settings_update(company=company, actor=supervision_officer, sample_percent=100)
    with time_machine.travel(at("2025-12-20 10:00"), tick=False):
        old = closed_matter(closed_at=at("2025-12-18 10:00"))
        followups_queue(company=company)
        followup_call_record(
            call=FollowupCall.objects.get(matter=old),
            outcome="satisfied",
            actor=supervision_officer,
        )
    with time_machine.travel(at("2026-03-10 10:00"), tick=False):
        hall = [
            closed_matter(owner=counter_clerk, closed_at=at("2026-03-05 10:00")) for _ in range(4)
        ]
        apps = [
            closed_application(responsible=csc_agent, closed_at=at("2026-03-06 10:00"))
            for _ in range(2)
        ]
        followups_queue(company=company)
        answers = {
            hall[0]: "satisfied",
            hall[1]: "dissatisfied",
            hall[2]: NO_ANSWER,
            apps[0]: "satisfied",
            apps[1]: "satisfied",
        }
        for record, outcome in answers.items():
            field = "matter" if hall.count(record) else "application"
            followup_call_record(
                call=FollowupCall.objects.get(**{field: record}),
                outcome=outcome,
                comment="意見",
                actor=supervision_officer,
            )
    result = report_section(company, H1, H0)
    figures = {f.label: (f.value, f.previous) for f in result.figures}
    values = list(figures.values())
    # Independent counts: 6 queued (1 before), 5 answered minus 1 no answer = 4 reached
    # (1 before), 3 satisfied of 4, 1 returned to its owner.
    assert values == [(6, 1), (4, 1), (75.0, 100.0), (1, 0)]
    by_kind = {row[0]: row[1:] for row in result.tables[0].rows}
    assert list(by_kind.values()) == [[2, 1, 50.0], [2, 2, 100.0], [0, 0, None]]
    by_department = {row[0]: row[1:] for row in result.tables[1].rows}
    assert by_department == {"service_hall": [2, 1, 50.0], "csc": [2, 2, 100.0]}
    assert len(result.attention) == 1 and "service_hall" in result.attention[0]
    assert result.charts[0].categories == ["csc", "service_hall"]
    assert satisfaction_rate(company, H1.start, H1.end) == 75.0
    assert satisfaction_rate(company, H2.start, H2.end) is None


@pytest.mark.django_db
def test_the_dashboard_figure_is_one_query(company, django_assert_num_queries):
    with django_assert_num_queries(1):
        satisfaction_rate(company, H1.start, H1.end)


def test_the_section_and_the_figure_are_registered():
    from gridcare.dashboard import registry
    from gridcare.reports import sections

    section = next(s for s in sections.sections() if s.code == "followups")
    assert (section.order, section.compute) == (30, report_section)
    figure = next(f for f in registry.figures("followups") if f.code == "followups.satisfaction")
    assert figure.value is satisfaction_rate
