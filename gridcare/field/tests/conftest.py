"""Factories of field-work tests: feeders with their customers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gridcare.customers.models import Customer
from gridcare.field.models import Feeder, FeederCustomer
from gridcare.org.models import Company, Department

TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local time: at("2026-11-26 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def make_customer(company: Company) -> Callable[..., Customer]:
    counter = {"n": 0}

    def make(*, key: bool = False, phone: str | None = None, **extra: Any) -> Customer:
        counter["n"] += 1
        n = counter["n"]
        fields: dict[str, Any] = {
            "company": company,
            "account_number": f"A{n:05d}",
            "name": f"客戶{n}",
            "category": "non_residential",
            "voltage": "10kv",
            "town": "龍崗街道",
            "phone": f"1380000{n:04d}" if phone is None else phone,
            "is_key_account": key,
        }
        fields.update(extra)
        return Customer.objects.create(**fields)

    return make


@pytest.fixture
def make_feeder(company: Company) -> Callable[..., Feeder]:
    def make(code: str, customers: list[Customer], town: str = "龍崗街道") -> Feeder:
        feeder = Feeder.objects.create(company=company, code=code, name=f"{code}線", town=town)
        FeederCustomer.objects.bulk_create(
            FeederCustomer(feeder=feeder, customer=c) for c in customers
        )
        return feeder

    return make


@pytest.fixture
def departments(company: Company) -> dict[str, Department]:
    return {
        kind: Department.objects.get_or_create(
            company=company, code=kind, defaults={"name": kind, "kind": kind}
        )[0]
        for kind in ("marketing", "csc", "dispatch", "line", "repair_test", "production_technology")
    }
