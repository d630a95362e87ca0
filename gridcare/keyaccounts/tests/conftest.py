"""Fixtures of the key-account tests: customers that meet each criterion, a marketing
officer who drafts (and may not be a contact), and a helper that runs a round to approval."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gridcare.customers.models import Customer
from gridcare.keyaccounts.models import DesignationRound, RoundEntry
from gridcare.keyaccounts.services.rounds import (
    designation_entry_add,
    designation_entry_update,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
)
from gridcare.org.models import Department, Position, Staff

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
            "company": fields.pop("company", company),
            "account_number": f"05{counter['n']:08d}",
            "name": f"大客戶{counter['n']}",
            "category": "non_residential",
            "voltage": "10kv",
            "supply_sources": 1,
            "town": "龍崗街道",
        }
        values.update(fields)
        return Customer.objects.create(**values)

    return make


@pytest.fixture
def government(make_customer: Callable[..., Customer]) -> Customer:
    return make_customer(name="中共大足縣委", is_government_body=True)


@pytest.fixture
def marketing_officer(make_staff: Callable[..., Any], company: Any) -> Any:
    """A marketing department officer: drafts the list (role marketing) but holds no
    position R-3.4.1 allows as a contact."""
    user = make_staff("marketing_director", company=company, username="marketing_officer")
    officer, _ = Position.objects.get_or_create(
        code="officer", defaults={"name": "專責", "kind": Position.Kind.STAFF}
    )
    Staff.objects.filter(user=user).update(position=officer)
    user.refresh_from_db()
    return user


@pytest.fixture
def csc_deputy(make_staff: Callable[..., Any], company: Any) -> Any:
    user = make_staff("csc_director", company=company, username="csc_deputy")
    deputy, _ = Position.objects.get_or_create(
        code="deputy_director", defaults={"name": "副主任", "kind": Position.Kind.DEPUTY_DIRECTOR}
    )
    Staff.objects.filter(user=user).update(position=deputy)
    user.refresh_from_db()
    return user


@pytest.fixture
def make_user(db: None, company: Any) -> Callable[..., Any]:
    """make_user(department kind, position kind, roles=...) for eligibility tables."""
    counter = {"n": 0}

    def make(department_kind: str, position_kind: str, roles: Iterable[str] = ()) -> Any:
        counter["n"] += 1
        department, _ = Department.objects.get_or_create(
            company=company,
            code=f"d-{department_kind}",
            defaults={"name": department_kind, "kind": department_kind},
        )
        position, _ = Position.objects.get_or_create(
            code=f"p-{position_kind}", defaults={"name": position_kind, "kind": position_kind}
        )
        user = get_user_model().objects.create_user(username=f"u{counter['n']}")
        user.groups.set(Group.objects.filter(name__in=list(roles)))
        Staff.objects.create(
            user=user,
            company=company,
            department=department,
            position=position,
            employee_number=f"K{counter['n']:04d}",
            name=f"員工{counter['n']}",
        )
        return user

    return make


@pytest.fixture
def approve_list(
    company: Any, marketing_director: Any, leader: Any
) -> Callable[..., DesignationRound]:
    """approve_list([customers], contact=user, when="2025-01-10 10:00"): marketing opens a
    regular round, keeps exactly these customers with `contact`, submits; leadership
    approves at `when` (time frozen there)."""

    def run(customers: list[Customer], *, contact: Any, when: str = "2025-01-10 10:00") -> Any:
        with time_machine.travel(local(when), tick=False):
            round = designation_round_open(company=company, actor=marketing_director)
            wanted = {c.pk for c in customers}
            for entry in RoundEntry.objects.filter(round=round).select_related("customer"):
                keep = entry.customer_id in wanted
                designation_entry_update(
                    entry=entry,
                    included=keep,
                    reason="" if keep == entry.is_candidate else "測試",
                    contact=contact.staff if keep else None,
                    actor=marketing_director,
                )
            for customer in customers:
                if not RoundEntry.objects.filter(round=round, customer=customer).exists():
                    designation_entry_add(
                        round=round,
                        customer=customer,
                        reason="測試：特殊客戶",
                        contact=contact.staff,
                        actor=marketing_director,
                    )
            designation_round_submit(round=round, actor=marketing_director)
            return designation_round_approve(round=round, actor=leader)

    return run
