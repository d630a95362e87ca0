"""Factories of the follow-up tests: closed records of the three modules, made directly
(their own services are tested in their apps; here only their closed state matters)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gridcare.applications.models import Application, ApplicationStep
from gridcare.customers.models import Customer
from gridcare.field.models import FaultReport
from gridcare.frontoffice.models import Complaint, Matter
from gridcare.org.models import Company, Department
from gridcare.org.selectors import staff_of

TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local time: at("2026-03-02 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def closed_matter(counter_clerk: Any, company: Company) -> Callable[..., Matter]:
    counter = {"n": 0}

    def make(
        *, closed_at: datetime | None = None, complaint: bool = False, owner: Any = None
    ) -> Matter:
        counter["n"] += 1
        closed_at = closed_at or timezone.now() - timedelta(days=1)
        staff = staff_of(owner or counter_clerk)
        matter = Matter.objects.create(
            company=staff.company,
            kind=Matter.Kind.COMPLAINT if complaint else Matter.Kind.CONSULTATION,
            channel=Matter.Channel.COUNTER,
            received_at=closed_at - timedelta(hours=3),
            received_by=staff,
            owner=staff,
            customer_name=f"客戶{counter['n']}",
            customer_phone=f"1390000{counter['n']:04d}",
            subject="電費諮詢",
            description="…",
            status=Matter.Status.CLOSED,
            closed_at=closed_at,
        )
        if complaint:
            Complaint.objects.create(matter=matter, category=Complaint.Category.SERVICE)
        return matter

    return make


@pytest.fixture
def customer(company: Company) -> Customer:
    return Customer.objects.create(
        company=company,
        account_number="A00001",
        name="大足機械廠",
        category="non_residential",
        voltage="10kv",
        phone="13800001111",
    )


@pytest.fixture
def closed_application(company: Company, customer: Customer) -> Callable[..., Application]:
    counter = {"n": 0}

    def make(*, closed_at: datetime | None = None, responsible: Any = None) -> Application:
        counter["n"] += 1
        closed_at = closed_at or timezone.now() - timedelta(days=1)
        staff = staff_of(responsible) if responsible else None
        application = Application.objects.create(
            company=company,
            number=f"YK-{counter['n']:05d}",
            customer=customer,
            kind=Application.Kind.NEW_CONNECTION,
            status=Application.Status.CLOSED,
            received_at=closed_at - timedelta(days=20),
            voltage="10kv",
            responsible_staff=staff,
            responsible_department=staff.department if staff else None,
        )
        ApplicationStep.objects.create(
            application=application, step="closed", at=closed_at, recorded_at=closed_at
        )
        return application

    return make


@pytest.fixture
def closed_fault(company: Company, customer: Customer) -> Callable[..., FaultReport]:
    counter = {"n": 0}

    def make(*, restored_at: datetime | None = None, crew: Department | None = None) -> FaultReport:
        counter["n"] += 1
        restored_at = restored_at or timezone.now() - timedelta(days=1)
        return FaultReport.objects.create(
            company=company,
            number=f"GZ-{counter['n']:05d}",
            customer=customer,
            source=FaultReport.Source.CALL,
            area=FaultReport.Area.URBAN,
            address="龍崗街道1號",
            description="停電",
            reported_at=restored_at - timedelta(hours=2),
            arrival_code="fault.arrival_urban",
            arrival_limit_minutes=45,
            crew=crew,
            dispatched_at=restored_at - timedelta(hours=2),
            arrived_at=restored_at - timedelta(hours=1),
            restored_at=restored_at,
            arrival_met=True,
            status=FaultReport.Status.RESTORED,
        )

    return make
