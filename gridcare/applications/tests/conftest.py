"""Fixtures of the application tests: customers of each kind, an API client per persona."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from gridcare.applications.services import application_receive
from gridcare.customers.models import Customer
from gridcare.integrations.services import api_token_issue

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    """A local (Asia/Shanghai) time."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def make_customer(company: Any) -> Callable[..., Customer]:
    counter = {"n": 0}

    def make(**fields: Any) -> Customer:
        counter["n"] += 1
        values = {
            "company": company,
            "account_number": f"01{counter['n']:08d}",
            "name": f"客戶{counter['n']}",
            "category": "non_residential",
            "voltage": "low",
            "supply_sources": 1,
            "town": "龍崗街道",
            "address": "五星大道1號",
            "phone": f"1380000{counter['n']:04d}",
        }
        values.update(fields)
        return Customer.objects.create(**values)

    return make


@pytest.fixture
def receive(counter_clerk: Any, company: Any) -> Callable[..., Any]:
    """receive(customer, "2025-09-30 10:00", residential_lighting=...) as the clerk."""

    def do(customer: Customer, when: str, **kwargs: Any) -> Any:
        kwargs.setdefault("kind", "new_connection")
        return application_receive(
            company=company,
            customer=customer,
            received_at=local(when),
            actor=counter_clerk,
            department=counter_clerk.staff.department,
            staff=counter_clerk.staff,
            **kwargs,
        )

    return do


def api_for(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)}")
    return client


@pytest.fixture
def clerk_api(counter_clerk: Any) -> APIClient:
    return api_for(counter_clerk)
