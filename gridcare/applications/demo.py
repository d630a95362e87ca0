"""Demo applications: a year of connection applications up to today, at every step, a
realistic share of them late or exempted (deterministic, idempotent).

Every application goes through the services, so its clocks come from the measures engine
exactly as in production (clock_start per application: about 700 applications load in
well under a minute on SQLite, so no bulk shortcut is needed).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gridcare.applications.models import Application
from gridcare.applications.services import (
    application_close,
    application_end,
    application_receive,
    application_record_event,
)
from gridcare.customers.demo import PREFIX
from gridcare.customers.models import Customer
from gridcare.org.models import Company, Staff
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of
from gridcare.rules.services import clock_exemption_decide, clock_exemption_request
from gridcare.workdays.selectors import calendar_snapshot

SEED = 20250402
COUNT = 700
LATE_SHARE = 0.12
EXEMPT_SHARE = 0.25  # of late clocks: special circumstances, approved by marketing


def _at(day: date, rng: random.Random, after: datetime | None = None) -> datetime:
    """A time during office hours on `day`, and at least an hour after `after`."""
    at = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))
    return max(at, after + timedelta(hours=1)) if after else at


def _limit(application: Application, code: str) -> Clock | None:
    return next((c for c in clocks_of(application) if c.standard.code == code), None)


class _Loader:
    def __init__(self, company: Company) -> None:
        self.company = company
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
        self.snapshot = calendar_snapshot()
        self.now = timezone.now()
        self.today = timezone.localdate()
        users = get_user_model().objects
        self.halls = list(
            Staff.objects.filter(company=company, department__kind="service_hall")
            .select_related("user", "department")
            .order_by("employee_number")
        )
        self.clerk = next((s for s in self.halls if s.user.username == "clerk"), None)
        self.approver = users.filter(username="marketing").first()
        customers = Customer.objects.filter(company=company, account_number__startswith=PREFIX)
        self.key = list(customers.filter(is_key_account=True).order_by("account_number"))
        self.others = list(customers.filter(is_key_account=False).order_by("account_number"))
        self.stats = {"late": 0, "exempted": 0}

    def _late(self) -> bool:
        return self.rng.random() < LATE_SHARE

    def _maybe_exempt(self, application: Application, staff: Staff) -> None:
        for clock in clocks_of(application):
            if clock.effective_state(self.today) != Clock.State.BREACHED:
                continue
            self.stats["late"] += 1
            if self.approver is None or self.rng.random() >= EXEMPT_SHARE:
                continue
            exemption = clock_exemption_request(
                clock=clock, reason="客戶資料不齊，經客戶同意延期", actor=staff.user
            )
            clock_exemption_decide(
                exemption=exemption, approve=True, note="同意，特殊情況除外", actor=self.approver
            )
            self.stats["exempted"] += 1

    def one(self, index: int) -> None:
        rng = self.rng
        received_day = self.today - timedelta(days=365 - (365 * index) // COUNT)
        received_at = _at(received_day, rng)
        if received_at > self.now:
            received_at = self.now - timedelta(hours=1)
        customer = rng.choice(self.key if self.key and rng.random() < 0.06 else self.others)
        residential = customer.category == "residential" and rng.random() < 0.85
        staff = self.clerk if self.clerk and rng.random() < 0.4 else rng.choice(self.halls)
        application = application_receive(
            company=self.company,
            customer=customer,
            kind="new_connection" if rng.random() < 0.75 else "capacity_increase",
            received_at=received_at,
            residential_lighting=residential,
            requested_capacity_kva=rng.choice([8, 16, 50, 100, 250, 400, 630, 1250]),
            actor=staff.user,
            department=staff.department,
            staff=staff,
        )
        if rng.random() < 0.015 and received_at + timedelta(days=2) < self.now:
            application_end(
                application=application, outcome="rejected", at=received_at + timedelta(days=2),
                reason="用電地址不在本公司供電範圍", actor=staff.user,
            )  # fmt: skip
            return
        plan = _limit(application, "application.plan_reply")
        days = (
            plan.amount + rng.randint(1, 4)
            if plan and self._late()
            else rng.randint(1, plan.amount if plan else 3)
        )
        step_at = _at(self.snapshot.add_working_days(received_day, days).date, rng, received_at)
        if not self._record(application, "plan_replied", step_at, staff):
            return
        if rng.random() < 0.05:
            end_at = step_at + timedelta(days=3)
            if end_at < self.now:
                application_end(
                    application=application, outcome="withdrawn", at=end_at,
                    reason="客戶項目暫緩", actor=staff.user,
                )  # fmt: skip
            return
        works = rng.randint(0, 1) if residential else rng.randint(10, 60)
        step_at = _at(step_at.date() + timedelta(days=works), rng, step_at)
        if not self._record(application, "acceptance_passed", step_at, staff):
            return
        energize = _limit(application, "application.energize")
        # Residential lighting is usually energized the day after acceptance (R-2.10's
        # 5 working days from the application are the tighter limit).
        allowed = 1 if residential else (energize.amount if energize else 3)
        days = allowed + rng.randint(1, 3) if self._late() else rng.randint(0, allowed)
        step_at = _at(step_at.date() + timedelta(days=days), rng, step_at)
        if not self._record(application, "energized", step_at, staff):
            return
        close_at = step_at + timedelta(days=rng.randint(1, 6))
        if close_at < self.now:
            application_close(application=application, at=close_at, actor=staff.user)

    def _record(self, application: Application, event: str, at: datetime, staff: Staff) -> bool:
        """Record the step if its time has come; a step still ahead leaves it open."""
        if at >= self.now:
            self._maybe_exempt(application, staff)
            return False
        application_record_event(application=application, event=event, at=at, actor=staff.user)
        if event == "energized":
            self._maybe_exempt(application, staff)
        return True


def load_demo(company: Company) -> str:
    if Application.objects.filter(company=company).exists():
        return "already present"
    loader = _Loader(company)
    if not loader.halls or not loader.others:
        return "skipped: no service hall staff or no demo customers"
    with transaction.atomic():
        for index in range(COUNT):
            loader.one(index)
    return (
        f"{COUNT} applications over the last year; {loader.stats['late']} late clocks, "
        f"{loader.stats['exempted']} exempted"
    )
