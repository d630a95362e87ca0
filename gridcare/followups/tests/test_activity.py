"""R-3.8.1 in the compliance matrix: the follow-up calls that reached the customer in the
period and those that found the customer dissatisfied, checked against the calls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from gridcare.followups.activity import calls_made
from gridcare.followups.models import FollowupCall
from gridcare.followups.services import (
    NO_ANSWER,
    followup_call_record,
    followup_settings_update,
    followups_queue,
)
from gridcare.followups.tests.conftest import at
from gridcare.rules.compliance import clause_figures

pytestmark = pytest.mark.django_db


def test_calls_reached_and_dissatisfied_in_the_period(
    company, supervision_officer, closed_matter
) -> None:
    followup_settings_update(
        company=company, actor=supervision_officer, sample_percent=100, max_attempts=3
    )
    with time_machine.travel(at("2026-02-28 10:00"), tick=False):
        matters = [closed_matter(closed_at=at("2026-02-27 10:00")) for _ in range(4)]
        followups_queue(company=company)
    calls = [FollowupCall.objects.get(matter=m) for m in matters]
    followup_call_record(
        call=calls[0], outcome="satisfied", actor=supervision_officer, at=at("2026-03-02 10:00")
    )
    followup_call_record(
        call=calls[1],
        outcome="dissatisfied",
        comment="沒解決",
        actor=supervision_officer,
        at=at("2026-03-03 10:00"),
    )
    # Not reached: an attempt, no call made to the customer.
    followup_call_record(
        call=calls[2], outcome=NO_ANSWER, actor=supervision_officer, at=at("2026-03-03 11:00")
    )
    # Reached in April: outside March.
    followup_call_record(
        call=calls[3], outcome="satisfied", actor=supervision_officer, at=at("2026-04-01 09:00")
    )
    in_march = [
        c
        for c in FollowupCall.objects.all()
        if c.called_at and timezone.localdate(c.called_at).month == 3
    ]
    figures = calls_made([company.pk], date(2026, 3, 1), date(2026, 3, 31))
    reached = len(in_march)
    dissatisfied = sum(c.result == "dissatisfied" for c in in_march)
    assert (reached, dissatisfied) == (2, 1)
    assert [(f.value, f.total) for f in figures] == [(reached, None), (dissatisfied, reached)]
    # The clause's row in the matrix carries them.
    labels = {
        str(f.label)
        for f in clause_figures(
            "3.8.1",
            company_ids=[company.pk],
            date_from=date(2026, 3, 1),
            date_to=date(2026, 3, 1) + timedelta(days=30),
        )
    }
    assert {str(f.label) for f in figures} <= labels
