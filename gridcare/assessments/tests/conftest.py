"""Shared helpers of the ledger's tests: breaches made by the real measures engine, and
items recorded directly against throw-away evidence records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import assessment_item_record
from gridcare.org.models import Company, Department
from gridcare.rules.models import Clause, Clock
from gridcare.rules.services import clock_start, clock_stop

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def department(company: Company, code: str, kind: str = "csc") -> Department:
    dept, _ = Department.objects.get_or_create(
        company=company, code=code, defaults={"name": code, "kind": kind}
    )
    return dept


@pytest.fixture
def csc(company: Company) -> Department:
    """The customer service center (the department of the csc_director persona)."""
    return department(company, "csc")


@pytest.fixture
def late_clock(company: Company) -> Callable[..., Clock]:
    """A plan-reply clock (R-2.10, low voltage: 3 working days) received on `received`
    and answered on `stopped`: late answers breach it."""
    serial = count(1)

    def make(
        *,
        department: Department,
        received: str = "2026-03-02 10:00",
        stopped: str | None = "2026-03-10 10:00",
    ) -> Clock:
        subject = Group.objects.create(name=f"subject-{next(serial)}")
        clock = clock_start(
            subject=subject,
            code="application.plan_reply",
            company=company,
            started_at=at(received),
            attrs={"voltage": "low"},
            department=department,
        )
        assert clock is not None
        if stopped:
            clock = clock_stop(clock=clock, at=at(stopped))
        return clock

    return make


@pytest.fixture
def record_item(company: Company) -> Callable[..., AssessmentItem]:
    """An item of any kind against a throw-away evidence record."""
    serial = count(1)
    clause = Clause.objects.filter(number="2.10").first()

    def record(
        *,
        department: Department | None,
        kind: str = Kind.BREACH,
        occurred_on: date = date(2026, 3, 5),
        description: str = "late",
        for_company: Company | None = None,
    ) -> AssessmentItem:
        evidence = Group.objects.create(name=f"evidence-{next(serial)}")
        return assessment_item_record(
            company=for_company or company,
            kind=kind,
            clause=clause,
            department=department,
            staff=None,
            evidence_object=evidence,
            description=description,
            occurred_on=occurred_on,
            actor=None,
        )

    return record


def points(value: str) -> Decimal:
    return Decimal(value)


def fields(item: AssessmentItem) -> dict[str, Any]:
    item.refresh_from_db()
    return {"status": item.status, "points": item.points}
