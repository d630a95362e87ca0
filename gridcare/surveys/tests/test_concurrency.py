"""The same link submitted twice at the same moment, or by the customer and staff at
once, gives exactly one response (R-3.8.2): the row lock queues the second, which then
finds the survey answered."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gridcare.core.errors import DomainError
from gridcare.surveys.models import SurveyResponse
from gridcare.surveys.services import survey_response_record, survey_response_submit
from gridcare.surveys.tests.conftest import good_answers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_link_submitted_twice_at_once_gives_one_response(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    opened = open_round(questionnaire, when="2026-03-02 10:00", link_days=366)
    first = opened.round.invitations.get(customer=keyaccounts[0])
    second = opened.round.invitations.get(customer=keyaccounts[1])
    answers = good_answers(questionnaire)
    barrier = threading.Barrier(4)
    outcomes: dict[str, list[str]] = {"first": [], "second": []}

    def portal(invitation, key):
        try:
            barrier.wait()
            survey_response_submit(token=opened.tokens[invitation.pk], answers=answers)
            outcomes[key].append("won")
        except DomainError as error:
            outcomes[key].append(error.code)
        finally:
            connections.close_all()

    def staff(invitation, key):
        try:
            barrier.wait()
            survey_response_record(
                invitation=invitation,
                answers=answers,
                channel="phone",
                received_at=opened.round.opened_at,
                actor=supervision_officer,
            )
            outcomes[key].append("won")
        except DomainError as error:
            outcomes[key].append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=portal, args=(first, "first")),
        threading.Thread(target=portal, args=(first, "first")),
        threading.Thread(target=portal, args=(second, "second")),
        threading.Thread(target=staff, args=(second, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes["first"]) == ["used", "won"]
    assert sorted(outcomes["second"]) == ["used", "won"]
    assert SurveyResponse.objects.filter(invitation=first).count() == 1
    assert SurveyResponse.objects.filter(invitation=second).count() == 1
