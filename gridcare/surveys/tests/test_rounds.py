"""A survey round from questionnaire to responses (R-3.8.2): one personal link per key
account that works once and expires; staff enter paper and phone answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from gridcare.core.errors import DomainError
from gridcare.core.models import AuditEvent
from gridcare.surveys.models import SurveyInvitation, SurveyResponse, SurveyRound
from gridcare.surveys.selectors import invitation_for_token, round_list
from gridcare.surveys.services import (
    survey_links_reissue,
    survey_response_record,
    survey_response_submit,
    survey_round_close,
    survey_round_open,
)
from gridcare.surveys.tests.conftest import good_answers, local


def test_round_from_template_to_responses(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00", link_days=30)
    round = opened.round
    assert round.half_start.isoformat() == "2026-01-01"
    invitations = {i.customer_id: i for i in round.invitations.all()}
    assert set(invitations) == {c.pk for c in keyaccounts}
    # Only hashes are stored: no secret is found in the table.
    stored = set(SurveyInvitation.objects.values_list("token_hash", flat=True))
    assert not stored & set(opened.tokens.values())
    first, second, third = (invitations[c.pk] for c in keyaccounts)

    with time_machine.travel(local("2026-03-05 09:00"), tick=False):
        response = survey_response_submit(
            token=opened.tokens[first.pk], answers=good_answers(questionnaire)
        )
        assert response.channel == SurveyResponse.Channel.PORTAL
        assert response.answers.count() == 5
        with pytest.raises(DomainError) as used:
            survey_response_submit(
                token=opened.tokens[first.pk], answers=good_answers(questionnaire)
            )
        assert used.value.code == "used"
        survey_response_record(
            invitation=third,
            answers=good_answers(questionnaire),
            channel="phone",
            received_at=local("2026-03-04 15:00"),
            respondent="電氣負責人",
            actor=supervision_officer,
        )
    # Link 2 is past its 30 days.
    with time_machine.travel(local("2026-04-02 10:01"), tick=False):
        with pytest.raises(DomainError) as expired:
            survey_response_submit(
                token=opened.tokens[second.pk], answers=good_answers(questionnaire)
            )
        assert expired.value.code == "expired"
        progress = round_list(user=supervision_officer).get(pk=round.pk)
    assert SurveyResponse.objects.filter(invitation=first).count() == 1
    assert not SurveyResponse.objects.filter(invitation=second).exists()
    assert (progress.invited, progress.responded, progress.expired) == (3, 2, 1)
    channels = sorted(SurveyResponse.objects.values_list("channel", flat=True))
    assert channels == ["phone", "portal"]
    assert AuditEvent.objects.filter(action="surveys.response.recorded").count() == 2


def test_staff_entry_closes_the_customers_link(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire)
    invitation = opened.round.invitations.get(customer=keyaccounts[0])
    with time_machine.travel(local("2026-03-03 10:00"), tick=False):
        survey_response_record(
            invitation=invitation,
            answers=good_answers(questionnaire),
            channel="paper",
            received_at=local("2026-03-03 09:00"),
            actor=supervision_officer,
        )
        with pytest.raises(DomainError) as used:
            survey_response_submit(
                token=opened.tokens[invitation.pk], answers=good_answers(questionnaire)
            )
    assert used.value.code == "used"
    assert SurveyResponse.objects.count() == 1


def test_a_reissued_link_replaces_the_old_one(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire)
    invitation = opened.round.invitations.get(customer=keyaccounts[0])
    old = opened.tokens[invitation.pk]
    with time_machine.travel(local("2026-05-01 10:00"), tick=False):
        new = survey_links_reissue(
            round=opened.round, invitation=invitation, actor=supervision_officer
        )[invitation.pk]
        assert invitation_for_token(old) is None
        with pytest.raises(DomainError) as unknown:
            survey_response_submit(token=old, answers=good_answers(questionnaire))
        assert unknown.value.code == "unknown"
        # The new link runs its own 30 days from today, after the old one expired.
        survey_response_submit(token=new, answers=good_answers(questionnaire))
    assert SurveyResponse.objects.get().invitation == invitation


def test_a_closed_round_refuses_its_links(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire)
    with time_machine.travel(local("2026-03-10 10:00"), tick=False):
        survey_round_close(round=opened.round, actor=supervision_officer)
        token = next(iter(opened.tokens.values()))
        with pytest.raises(DomainError) as closed:
            survey_response_submit(token=token, answers=good_answers(questionnaire))
        assert closed.value.code == "closed"
        with pytest.raises(DomainError):
            survey_round_close(round=opened.round, actor=supervision_officer)
    assert not SurveyResponse.objects.exists()


def test_one_round_per_half_year_and_only_key_accounts_of_the_company(
    questionnaire, keyaccounts, open_round, make_keyaccount, other_company, supervision_officer
) -> None:
    make_keyaccount(other_company)
    opened = open_round(questionnaire)
    assert opened.round.invitations.count() == 3
    with pytest.raises(DomainError):
        open_round(questionnaire, when="2026-05-02 10:00")
    assert SurveyRound.objects.count() == 1


def test_an_account_off_the_list_is_not_invited(
    company, questionnaire, make_keyaccount, open_round
) -> None:
    listed = make_keyaccount(company)
    later = make_keyaccount(company, since=local("2026-04-01 00:00").date())
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    assert list(opened.round.invitations.values_list("customer_id", flat=True)) == [listed.pk]
    assert later.pk not in opened.tokens


def test_a_round_needs_key_accounts_and_questions(
    company, supervision_officer, questionnaire
) -> None:
    with (
        time_machine.travel(local("2026-03-02 10:00"), tick=False),
        pytest.raises(DomainError) as nobody,
    ):
        survey_round_open(company=company, questionnaire=questionnaire, actor=supervision_officer)
    assert nobody.value.field == "questionnaire"
    assert not SurveyRound.objects.exists()
    assert questionnaire.used_at is None


def test_links_expire_after_the_rounds_days(questionnaire, keyaccounts, open_round) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00", link_days=7)
    invitation = opened.round.invitations.first()
    assert invitation.expires_at - local("2026-03-02 10:00") == timedelta(days=7)
