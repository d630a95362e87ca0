"""Demo surveys (R-3.8.2): a questionnaire built by the supervision department, last half
year's round (closed, most key accounts answered, some never did: their clocks are
breaches) and this half year's round (open, answers still coming in), so that the
compliance matrix shows clause 3.8.2 with real figures.

Everything goes through the services, in time order; deterministic (a fixed seed, dates
relative to today) and idempotent: a company with a survey round is left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Company
from gridcare.rules.deadlines import add_months
from gridcare.surveys.models import Question, Questionnaire, SurveyInvitation, SurveyRound
from gridcare.surveys.selectors import keyaccounts_on
from gridcare.surveys.services import (
    question_add,
    questionnaire_create,
    survey_obligations_open,
    survey_response_record,
    survey_response_submit,
    survey_round_close,
    survey_round_open,
)

SUPERVISION_LOGIN = "supervision"
QUESTIONS: list[tuple[str, str, list[str]]] = [
    ("scale", "您對供電可靠性的總體滿意程度", []),
    ("scale", "大客戶聯繫人的服務態度與響應速度", []),
    ("scale", "業擴報裝及增容辦理的效率", []),
    ("scale", "停電資訊通知的及時性", []),
    ("single", "過去半年您是否遇到過計畫外停電？", ["沒有", "1–2 次", "3 次以上"]),
    ("multiple", "您最希望我們改進哪些方面？", ["停電通知", "故障搶修", "電費服務", "節能諮詢"]),
    ("text", "其他意見或建議", []),
]
#: Score tendencies per scale question (one weaker point, to show in the report).
SCORE_WEIGHTS = {
    0: [1, 2, 6, 18, 22],
    1: [0, 1, 4, 15, 25],
    2: [1, 3, 8, 14, 10],
    3: [3, 8, 12, 10, 4],
}
ANSWERED_LAST_HALF = 0.9
ANSWERED_SO_FAR = 0.7


class _Loader:
    def __init__(self, company: Company, officer: Any) -> None:
        self.company = company
        self.officer = officer
        self.rng = random.Random(f"surveys-{company.code}")  # noqa: S311 - reproducible demo
        self.now = timezone.now()
        self.today = timezone.localdate()

    def at(self, day: date, hour: int = 10) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))))
        return min(moment, self.now - timedelta(minutes=5))

    def questionnaire(self) -> Questionnaire:
        questionnaire = questionnaire_create(
            company=self.company,
            title="大客戶供電服務滿意度問卷",
            introduction="尊敬的客戶：為持續提升供電服務品質，請撥冗填寫本問卷，約需 3 分鐘。",
            actor=self.officer,
        )
        for kind, text, options in QUESTIONS:
            question_add(
                questionnaire=questionnaire,
                kind=kind,
                text=text,
                required=kind != "text",
                options=options,
                actor=self.officer,
            )
        return questionnaire

    def answers(self, questions: list[Question], better: bool) -> dict[int, Any]:
        answers: dict[int, Any] = {}
        scale_index = 0
        for q in questions:
            if q.kind == Question.Kind.SCALE:
                weights = list(SCORE_WEIGHTS[scale_index % len(SCORE_WEIGHTS)])
                if better:  # this half year a little better than the last
                    weights[4] += 4
                answers[q.pk] = self.rng.choices(range(1, 6), weights=weights)[0]
                scale_index += 1
            elif q.kind == Question.Kind.SINGLE:
                answers[q.pk] = self.rng.choices(q.options, weights=[6, 3, 1])[0]
            elif q.kind == Question.Kind.MULTIPLE:
                answers[q.pk] = self.rng.sample(q.options, self.rng.randint(1, 2))
            elif self.rng.random() < 0.3:
                answers[q.pk] = self.rng.choice(
                    ["希望停電通知能提前更多天。", "聯繫人服務很好。", "搶修到達很快，謝謝。"]
                )
        return answers

    def run_round(
        self, questionnaire: Questionnaire, opened: datetime, share: float, until: date
    ) -> tuple[SurveyRound, int]:
        result = survey_round_open(
            company=self.company, questionnaire=questionnaire, actor=self.officer, at=opened
        )
        questions = list(questionnaire.questions.order_by("position", "id"))
        better = half_start(opened.date()) == half_start(self.today)
        answered = 0
        invitations = SurveyInvitation.objects.filter(pk__in=list(result.tokens)).order_by("pk")
        for invitation in invitations:
            if self.rng.random() > share:
                continue
            last = min(until, timezone.localdate(invitation.expires_at) - timedelta(days=1))
            span = max(0, (last - opened.date()).days)
            received = self.at(
                opened.date() + timedelta(days=self.rng.randint(1, max(1, span))),
                self.rng.randint(9, 17),
            )
            received = max(received, opened + timedelta(minutes=5))
            if received >= self.now:
                continue
            answers = self.answers(questions, better)
            if self.rng.random() < 0.6:
                survey_response_submit(
                    token=result.tokens[invitation.pk], answers=answers, at=received
                )
            else:
                survey_response_record(
                    invitation=invitation,
                    answers=answers,
                    channel=self.rng.choice(["paper", "phone"]),
                    received_at=received,
                    respondent=self.rng.choice(["辦公室主任", "電氣負責人", "總經理助理"]),
                    actor=self.officer,
                )
            answered += 1
        return result.round, answered

    def run(self) -> str:
        current = half_start(self.today)
        previous = add_months(current, -6)
        lines = []
        opened_previous = self.at(previous + timedelta(days=14))
        questionnaire = None
        if keyaccounts_on(self.company.pk, opened_previous.date()).exists():
            questionnaire = self.questionnaire()
            round, answered = self.run_round(
                questionnaire, opened_previous, ANSWERED_LAST_HALF, current - timedelta(days=1)
            )
            survey_round_close(round=round, actor=self.officer)
            lines.append(f"{round.half_label}: {answered}/{round.invitations.count()}")
        opened_current = self.at(max(current + timedelta(days=3), self.today - timedelta(days=20)))
        if (
            opened_current < self.now
            and keyaccounts_on(self.company.pk, opened_current.date()).exists()
        ):
            questionnaire = questionnaire or self.questionnaire()
            round, answered = self.run_round(
                questionnaire, opened_current, ANSWERED_SO_FAR, self.today
            )
            lines.append(f"{round.half_label}: {answered}/{round.invitations.count()}")
        survey_obligations_open(today=self.today)
        return "survey rounds " + ", ".join(lines) if lines else "no key accounts to survey"


@transaction.atomic
def load_demo(company: Company) -> str:
    if SurveyRound.objects.filter(company=company).exists():
        return "already present"
    officer = get_user_model().objects.filter(username=SUPERVISION_LOGIN).first()
    if officer is None:
        return "skipped: the demo supervision officer is missing"
    with translation.override(settings.LANGUAGE_CODE):
        return _Loader(company, officer).run()
