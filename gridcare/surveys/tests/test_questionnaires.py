"""Questionnaires: four kinds of question, their order, and versions once used
(R-3.8.2: the responses of a round keep the questions they answered)."""

from __future__ import annotations

import pytest
import time_machine

from gridcare.core.errors import DomainError
from gridcare.surveys.models import Question, Questionnaire, SurveyResponse
from gridcare.surveys.services import (
    answers_clean,
    question_add,
    question_delete,
    question_move,
    question_update,
    questionnaire_new_version,
    questionnaire_update,
    survey_response_submit,
)
from gridcare.surveys.tests.conftest import good_answers, local


def texts(q: Questionnaire) -> list[str]:
    return list(q.questions.order_by("position").values_list("text", flat=True))


def test_questions_are_reordered_and_renumbered(questionnaire, supervision_officer) -> None:
    last = questionnaire.questions.order_by("position").last()
    question_move(question=last, offset=-1, actor=supervision_officer)
    assert texts(questionnaire)[-2:] == ["其他意見", "希望改進"]
    first = questionnaire.questions.order_by("position").first()
    question_move(question=first, offset=-1, actor=supervision_officer)  # already first
    question_delete(question=first, actor=supervision_officer)
    positions = list(questionnaire.questions.values_list("position", flat=True))
    assert sorted(positions) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [
        ("single", ["只有一個"], "options"),
        ("multiple", ["", "  "], "options"),
        ("bogus", [], "kind"),
    ],
)
def test_a_bad_question_is_refused(
    questionnaire, supervision_officer, kind, options, field
) -> None:
    before = questionnaire.questions.count()
    with pytest.raises(DomainError) as error:
        question_add(
            questionnaire=questionnaire,
            kind=kind,
            text="問題",
            required=True,
            options=options,
            actor=supervision_officer,
        )
    assert error.value.field == field
    assert questionnaire.questions.count() == before


def test_options_are_cleaned_and_dropped_for_other_kinds(
    questionnaire, supervision_officer
) -> None:
    q = question_add(
        questionnaire=questionnaire,
        kind="single",
        text="選一個",
        required=True,
        options=[" 甲 ", "乙", "甲", ""],
        actor=supervision_officer,
    )
    assert q.options == ["甲", "乙"]
    q = question_update(
        question=q,
        kind="scale",
        text="打分",
        required=True,
        options=["甲"],
        actor=supervision_officer,
    )
    assert q.options == []


def test_a_used_version_is_read_only_and_editing_makes_a_new_version(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    opened = open_round(questionnaire)
    questionnaire.refresh_from_db()
    assert questionnaire.is_locked
    original = texts(questionnaire)
    scale = questionnaire.questions.get(text="供電可靠性")
    with pytest.raises(DomainError) as locked:
        question_update(
            question=scale,
            kind="scale",
            text="改了",
            required=True,
            options=[],
            actor=supervision_officer,
        )
    assert locked.value.code == "locked"
    with pytest.raises(DomainError):
        question_add(
            questionnaire=questionnaire,
            kind="text",
            text="新",
            required=False,
            options=[],
            actor=supervision_officer,
        )
    with pytest.raises(DomainError):
        questionnaire_update(
            questionnaire=questionnaire, title="新標題", introduction="", actor=supervision_officer
        )

    v2 = questionnaire_new_version(questionnaire=questionnaire, actor=supervision_officer)
    assert (v2.version, v2.previous, v2.is_locked) == (2, questionnaire, False)
    assert texts(v2) == original
    # Asking again gives the same draft, not a third version.
    assert questionnaire_new_version(questionnaire=questionnaire, actor=supervision_officer) == v2
    question_update(
        question=v2.questions.get(text="供電可靠性"),
        kind="scale",
        text="供電可靠性（含電壓質量）",
        required=True,
        options=[],
        actor=supervision_officer,
    )
    assert texts(questionnaire) == original
    assert opened.round.questionnaire == questionnaire
    # The used round still collects answers to its own questions.
    token = next(iter(opened.tokens.values()))
    with time_machine.travel(local("2026-03-03 10:00"), tick=False):
        response = survey_response_submit(token=token, answers=good_answers(questionnaire))
    assert {a.question.questionnaire_id for a in response.answers.all()} == {questionnaire.pk}


def test_only_the_latest_version_opens_a_round(
    questionnaire, keyaccounts, open_round, supervision_officer
) -> None:
    open_round(questionnaire, when="2025-09-01 10:00")
    questionnaire_new_version(questionnaire=questionnaire, actor=supervision_officer)
    with pytest.raises(DomainError):
        open_round(questionnaire, when="2026-03-02 10:00")


def _questions(q: Questionnaire) -> list[Question]:
    return list(q.questions.order_by("position"))


def _by_text(q: Questionnaire, text: str) -> int:
    return q.questions.get(text=text).pk


@pytest.mark.parametrize(
    ("change", "error_on"),
    [
        (lambda q, a: a.pop(_by_text(q, "供電可靠性")), "供電可靠性"),  # required, missing
        (lambda q, a: a.__setitem__(_by_text(q, "供電可靠性"), 0), "供電可靠性"),
        (lambda q, a: a.__setitem__(_by_text(q, "供電可靠性"), 6), "供電可靠性"),
        (lambda q, a: a.__setitem__(_by_text(q, "聯繫人服務"), "很好"), "聯繫人服務"),
        (lambda q, a: a.__setitem__(_by_text(q, "是否遇到停電"), "不知道"), "是否遇到停電"),
        (lambda q, a: a.__setitem__(_by_text(q, "是否遇到停電"), ["沒有", "有"]), "是否遇到停電"),
        (lambda q, a: a.__setitem__(_by_text(q, "希望改進"), ["通知", "通知"]), "希望改進"),
        (lambda q, a: a.__setitem__(_by_text(q, "希望改進"), ["其他"]), "希望改進"),
        (lambda q, a: a.__setitem__(_by_text(q, "是否遇到停電"), ""), "是否遇到停電"),
    ],
)
def test_invalid_answers_are_refused_naming_the_question(
    questionnaire, keyaccounts, open_round, change, error_on
) -> None:
    opened = open_round(questionnaire)
    answers = good_answers(questionnaire)
    change(questionnaire, answers)
    token = next(iter(opened.tokens.values()))
    with (
        time_machine.travel(local("2026-03-03 10:00"), tick=False),
        pytest.raises(DomainError) as error,
    ):
        survey_response_submit(token=token, answers=answers)
    assert error.value.field == f"q_{_by_text(questionnaire, error_on)}"
    assert not SurveyResponse.objects.exists()


def test_optional_questions_may_stay_blank_and_choices_keep_their_order(questionnaire) -> None:
    answers = good_answers(questionnaire)
    answers[_by_text(questionnaire, "其他意見")] = "  "
    answers[_by_text(questionnaire, "希望改進")] = ["電費", "通知"]
    clean = {a.question.text: a for a in answers_clean(_questions(questionnaire), answers)}
    assert "其他意見" not in clean
    assert clean["希望改進"].choices == ["通知", "電費"]
    assert clean["供電可靠性"].score == 4


def test_an_answer_to_another_questionnaires_question_is_refused(
    questionnaire, make_questionnaire, company
) -> None:
    other = make_questionnaire(company)
    answers = good_answers(questionnaire) | {other.questions.first().pk: 3}
    with pytest.raises(DomainError):
        answers_clean(_questions(questionnaire), answers)
