"""Shared data of the report's tests: the half year reported is 2026's first (today is
2026-11-28), compared with 2025's second. Records are made by the real services (clocks,
breaches, matters); the tests count them again on their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group

from gridcare.frontoffice.models import Matter
from gridcare.frontoffice.services.matters import matter_open
from gridcare.org.models import Company, Department
from gridcare.reports.models import AnalysisReport
from gridcare.reports.services import report_generate, report_publish, report_review
from gridcare.rules.models import Clock
from gridcare.rules.services import clock_start, clock_stop

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=SHANGHAI)
H1 = date(2026, 1, 1)
HOSTILE = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Data:
    clocks: list[Clock] = field(default_factory=list)
    matters: list[Matter] = field(default_factory=list)


@pytest.fixture
def make_clock(company: Company) -> Callable[..., Clock]:
    """A plan-reply clock (R-2.10, low voltage: 3 working days), answered on `stopped`."""
    serial = count(1)

    def make(*, department: Department, received: str, stopped: str) -> Clock:
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
        return clock_stop(clock=clock, at=at(stopped))

    return make


@pytest.fixture
def data(
    company: Company,
    counter_clerk: Any,
    csc_agent: Any,
    make_clock: Callable[..., Clock],
) -> Data:
    """In 2026 H1: three plan replies on time and two late (the CSC one, the hall one),
    complaints of two categories from the hall and the CSC; in 2025 H2: one late reply
    and one complaint. The hall's name is hostile markup, the CSC's a spreadsheet formula."""
    hall = counter_clerk.staff.department
    csc = csc_agent.staff.department
    Department.objects.filter(pk=hall.pk).update(name=HOSTILE)
    Department.objects.filter(pk=csc.pk).update(name=FORMULA)
    result = Data()
    for received, stopped, dept in [
        ("2026-02-02 10:00", "2026-02-03 10:00", csc),
        ("2026-03-02 10:00", "2026-03-03 10:00", csc),
        ("2026-04-06 10:00", "2026-04-07 10:00", hall),
        ("2026-03-16 10:00", "2026-03-30 10:00", csc),  # late
        ("2026-05-11 10:00", "2026-05-25 10:00", hall),  # late
        ("2025-09-01 10:00", "2025-09-15 10:00", csc),  # late, previous half
        ("2025-10-08 10:00", "2025-10-09 10:00", csc),
    ]:
        result.clocks.append(make_clock(department=dept, received=received, stopped=stopped))
    for actor, received, category in [
        (counter_clerk, "2026-01-20 09:00", "service"),
        (counter_clerk, "2026-03-20 09:00", "service"),
        (csc_agent, "2026-04-20 09:00", "outage"),
        (csc_agent, "2026-06-30 23:30", "business"),  # last evening of the half
        (csc_agent, "2025-11-20 09:00", "service"),  # previous half
        (csc_agent, "2026-07-01 00:10", "service"),  # next half: not counted
    ]:
        result.matters.append(
            matter_open(
                company=company,
                kind=Matter.Kind.COMPLAINT,
                channel=Matter.Channel.PHONE,
                subject="投訴",
                description="客戶投訴",
                customer_name="客戶",
                received_at=at(received),
                category=category,
                actor=actor,
            )
        )
    return result


@pytest.fixture
def published(data: Data, company: Company, supervision_officer: Any) -> AnalysisReport:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    report = report_review(
        report=report,
        comment="總體平穩",
        section_comments={"complaints": "服務類投訴偏多"},
        actor=supervision_officer,
    )
    return report_publish(report=report, actor=supervision_officer)


def section(report: AnalysisReport, code: str) -> dict[str, Any]:
    return next(s for s in report.content["sections"] if s["code"] == code)


def table(report: AnalysisReport, code: str, n: int) -> dict[str, Any]:
    return section(report, code)["tables"][n]
