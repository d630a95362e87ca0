"""Fixtures of the survey tests: key accounts (designations on the list), a questionnaire
of every kind of question, and a helper that opens a round at a frozen time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gridcare.customers.models import Customer
from gridcare.keyaccounts.models import Designation
from gridcare.org.models import Company
from gridcare.surveys.models import Questionnaire
from gridcare.surveys.services import (
    OpenedRound,
    question_add,
    questionnaire_create,
    survey_round_open,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    """A local (Asia/Shanghai) time."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def make_keyaccount() -> Callable[..., Customer]:
    """make_keyaccount(company, since=date(...)): a customer on the key-account list."""
    counter = {"n": 0}

    def make(company: Company, *, since: date = date(2025, 1, 10), **fields: Any) -> Customer:
        counter["n"] += 1
        customer = Customer.objects.create(
            company=company,
            account_number=fields.pop("account_number", f"07{company.pk:02d}{counter['n']:06d}"),
            name=fields.pop("name", f"大客戶{counter['n']}"),
            category="non_residential",
            voltage="10kv",
            supply_sources=1,
            town="龍崗街道",
            **fields,
        )
        Designation.objects.create(
            company=company,
            customer=customer,
            valid_from=since,
            started_at=timezone.make_aware(datetime.combine(since, datetime.min.time())),
        )
        return customer

    return make


@pytest.fixture
def keyaccounts(company: Company, make_keyaccount: Callable[..., Customer]) -> list[Customer]:
    return [make_keyaccount(company) for _ in range(3)]


@pytest.fixture
def make_questionnaire(supervision_officer: Any) -> Callable[..., Questionnaire]:
    def make(company: Company, *, actor: Any = None) -> Questionnaire:
        actor = actor or supervision_officer
        q = questionnaire_create(company=company, title="大客戶滿意度", actor=actor)
        question_add(
            questionnaire=q, kind="scale", text="供電可靠性", required=True, options=[], actor=actor
        )
        question_add(
            questionnaire=q, kind="scale", text="聯繫人服務", required=True, options=[], actor=actor
        )
        question_add(
            questionnaire=q,
            kind="single",
            text="是否遇到停電",
            required=True,
            options=["沒有", "有"],
            actor=actor,
        )
        question_add(
            questionnaire=q,
            kind="multiple",
            text="希望改進",
            required=False,
            options=["通知", "搶修", "電費"],
            actor=actor,
        )
        question_add(
            questionnaire=q, kind="text", text="其他意見", required=False, options=[], actor=actor
        )
        return q

    return make


@pytest.fixture
def questionnaire(company: Company, make_questionnaire: Callable[..., Questionnaire]) -> Any:
    return make_questionnaire(company)


@pytest.fixture
def open_round(supervision_officer: Any) -> Callable[..., OpenedRound]:
    """open_round(questionnaire, when="2026-03-02 10:00"): the round of that half year."""

    def run(questionnaire: Questionnaire, *, when: str = "2026-03-02 10:00", **kw: Any) -> Any:
        with time_machine.travel(local(when), tick=False):
            return survey_round_open(
                company=questionnaire.company,
                questionnaire=questionnaire,
                actor=kw.pop("actor", supervision_officer),
                **kw,
            )

    return run


def good_answers(questionnaire: Questionnaire, *, scores: tuple[int, int] = (4, 5)) -> dict:
    """Valid answers: the two scale questions get `scores`."""
    answers: dict[int, Any] = {}
    scale = iter(scores)
    for q in questionnaire.questions.order_by("position"):
        if q.kind == "scale":
            answers[q.pk] = next(scale)
        elif q.kind == "single":
            answers[q.pk] = q.options[0]
        elif q.kind == "multiple":
            answers[q.pk] = [q.options[1]]
        else:
            answers[q.pk] = "很好"
    return answers
