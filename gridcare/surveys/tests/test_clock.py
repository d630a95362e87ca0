"""The clock of standard supervision.survey (clause 3.8.2): every key account owes one
survey response per half year; a round or the daily task opens it, the first response of
the half year stops it."""

from __future__ import annotations

from datetime import date

import time_machine

from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import Clock
from gridcare.surveys.models import SurveyObligation
from gridcare.surveys.services import (
    SURVEY,
    survey_clock,
    survey_obligations_open,
    survey_response_record,
    survey_response_submit,
)
from gridcare.surveys.tests.conftest import good_answers, local


def survey_clocks() -> list[Clock]:
    return list(Clock.objects.filter(standard__code=SURVEY).order_by("id"))


def test_opening_a_round_starts_each_accounts_clock_and_a_response_stops_it(
    company, questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    clocks = survey_clocks()
    assert len(clocks) == 3
    for clock in clocks:
        assert clock.state == Clock.State.RUNNING
        assert clock.start_date == date(2026, 1, 1)
        assert clock.due == date(2026, 6, 30)
        assert clock.is_key_account
        assert clock.responsible_department == supervision_officer.staff.department
        assert clock.standard.clause.number == "3.8.2"
    first = opened.round.invitations.get(customer=keyaccounts[0])
    with time_machine.travel(local("2026-03-09 11:00"), tick=False):
        survey_response_submit(token=opened.tokens[first.pk], answers=good_answers(questionnaire))
    obligation = SurveyObligation.objects.get(customer=keyaccounts[0])
    assert obligation.responded_at == local("2026-03-09 11:00")
    clock = survey_clock(obligation)
    assert clock.state == Clock.State.MET
    assert clock.stopped_at == local("2026-03-09 11:00")
    # The compliance matrix counts it under 3.8.2 (one met, two still running).
    counts = next(
        row.counts
        for row in compliance_by_standard(
            company=company,
            date_from=date(2026, 1, 1),
            date_to=date(2026, 6, 30),
            today=date(2026, 3, 10),
        )
        if row.code == SURVEY
    )
    assert (counts.met, counts.running, counts.breached) == (1, 2, 0)
    # After the half year, the accounts that never answered are breaches.
    counts = next(
        row.counts
        for row in compliance_by_standard(
            company=company,
            date_from=date(2026, 1, 1),
            date_to=date(2026, 6, 30),
            today=date(2026, 7, 2),
        )
        if row.code == SURVEY
    )
    assert (counts.met, counts.breached) == (1, 2)


def test_a_later_staff_response_of_the_same_half_does_not_restart_anything(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire)
    invitation = opened.round.invitations.get(customer=keyaccounts[1])
    with time_machine.travel(local("2026-04-01 10:00"), tick=False):
        survey_response_record(
            invitation=invitation,
            answers=good_answers(questionnaire),
            channel="phone",
            received_at=local("2026-03-20 10:00"),
            actor=supervision_officer,
        )
    clock = survey_clock(SurveyObligation.objects.get(customer=keyaccounts[1]))
    assert clock.stopped_at == local("2026-03-20 10:00")
    assert clock.state == Clock.State.MET


def test_the_daily_task_opens_every_key_accounts_clock_once(
    company, make_keyaccount, supervision_officer
) -> None:
    early = make_keyaccount(company, since=date(2025, 1, 10))
    designated = make_keyaccount(company, since=date(2026, 8, 15))
    late = make_keyaccount(company, since=date(2026, 11, 2))  # after the 1 October cut-off
    with time_machine.travel(local("2026-11-20 00:30"), tick=False):
        assert survey_obligations_open() == 3
        assert survey_obligations_open() == 0
    by_customer = {o.customer_id: o for o in SurveyObligation.objects.all()}
    assert survey_clock(by_customer[early.pk]).start_date == date(2026, 7, 1)
    assert survey_clock(by_customer[designated.pk]).start_date == date(2026, 8, 15)
    assert survey_clock(by_customer[designated.pk]).due == date(2026, 12, 31)
    assert not by_customer[late.pk].owes_response
    assert survey_clock(by_customer[late.pk]) is None
    assert len(survey_clocks()) == 2


def test_a_round_reuses_the_obligation_the_daily_task_opened(
    company, questionnaire, keyaccounts, open_round
) -> None:
    with time_machine.travel(local("2026-01-01 00:30"), tick=False):
        survey_obligations_open()
    open_round(questionnaire, when="2026-03-02 10:00")
    assert SurveyObligation.objects.count() == 3
    assert len(survey_clocks()) == 3
