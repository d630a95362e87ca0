"""Synthetic connection applications at scale for `manage.py generate --applications N`
(see gridcare.core.generate), with their steps and clocks (R-2.10, R-2.11, R-3.7.3).

Applications are received on working days five times as often as on days off, at office
hours, over ``--from`` … ``--to``; ids and numbers follow the order of receipt, as the
counter numbers them (``YK2026-000123``, continuing each year's counter). Each draws a
customer of the company (generate ``--customers`` first) and copies what the limits read
from it at receipt: voltage, supply sources, town, key account. New connections outnumber
capacity increases four to one; a residential new connection is residential lighting.

Each moves along the main path as far as ``--today`` allows (plan reply within about two
weeks, the customer's works one to four months, energization within ten days of the
acceptance, closing a few days later); about 3 % are withdrawn and 2 % rejected on the
way. Every step reached is an ApplicationStep recorded by the responsible marketing staff.

Clocks: one per application through ``gridcare.rules.generate.write_clocks`` on the
application deadline standards (``write_clocks`` holds one clock per subject and draws its
start date itself, so a clock's dates are not the application's own: the compliance
figures get a realistic mix and volume, not a per-application history). The applications'
summary of their clocks (``next_due``, ``remind_from``, ``has_breach``) is then set from
those clocks as ``services.application_refresh_clocks`` would. No audit rows (synthetic).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from gridcare.applications.models import NO_DUE, Application, ApplicationCounter, ApplicationStep
from gridcare.core import generate as registry
from gridcare.core.generate import GenerateContext, Generated
from gridcare.customers.models import Category, Customer, Voltage
from gridcare.org.models import Department, Staff
from gridcare.rules.generate import write_clocks
from gridcare.rules.models import Clock
from gridcare.workdays.selectors import calendar_snapshot

Status = Application.Status

#: The deadline standards an application's clocks are held to (services.STEP_CLOCKS).
CLOCK_CODES = frozenset(
    {
        "application.plan_reply",
        "application.residential_energize",
        "application.energize",
        "keyaccount.energize",
    }
)
CAPACITY_INCREASE_SHARE = 0.2
WITHDRAWN_SHARE = 0.03
REJECTED_SHARE = 0.02
OFF_DAY_WEIGHT = 0.2
OFFICE_HOURS = (8 * 3600 + 1800, 17 * 3600 + 1800)
#: Days from one step to the next on the main path (low, high).
STAGE_DAYS: dict[str, tuple[int, int]] = {
    Status.PLAN_REPLIED: (1, 15),
    Status.ACCEPTANCE_PASSED: (10, 120),
    Status.ENERGIZED: (1, 10),
    Status.CLOSED: (1, 5),
}
#: kVA applied for, by voltage (low, high).
CAPACITY: dict[str, tuple[int, int]] = {
    Voltage.LOW: (4, 160),
    Voltage.KV10: (200, 4000),
    Voltage.HIGH: (5000, 40000),
}
COLUMNS = (
    "id",
    "company_id",
    "number",
    "customer_id",
    "kind",
    "residential_lighting",
    "status",
    "received_at",
    "requested_capacity_kva",
    "note",
    "voltage",
    "supply_sources",
    "town",
    "is_key_account",
    "responsible_department_id",
    "responsible_staff_id",
    "next_due",
    "remind_from",
    "has_breach",
)
STEP_COLUMNS = ("application_id", "step", "at", "recorded_by_id", "recorded_at", "note")


@dataclass(frozen=True)
class _Plan:
    id: int
    number: str
    customer: tuple[int, str, str, int, str, bool]  # id, category, voltage, sources, town, key
    kind: str
    capacity: int
    steps: list[tuple[str, datetime]]
    staff: tuple[int | None, int | None]  # staff id, user id


class _Draw:
    """What every application draws from, read before the COPY starts."""

    def __init__(self, context: GenerateContext, size: int) -> None:
        self.context = context
        self.customers = list(
            Customer.objects.filter(company=context.company)
            .order_by("pk")
            .values_list("pk", "category", "voltage", "supply_sources", "town", "is_key_account")
        )
        if not self.customers:
            raise CommandError(
                "Applications need customers of the company: generate them in the same run "
                "(--customers N) or load the demo first."
            )
        self.department = (
            Department.objects.filter(
                company=context.company, kind=Department.Kind.MARKETING, is_active=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        staff: list[tuple[int | None, int | None]] = []
        if self.department is not None:
            staff = list(
                Staff.objects.filter(company=context.company, department_id=self.department)
                .order_by("employee_number")
                .values_list("pk", "user_id")
            )
        # Without marketing staff nobody in particular answers (and records the steps).
        self.staff = staff or [(None, None)]
        self.first_id = (Application.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.counters = dict(
            ApplicationCounter.objects.filter(company=context.company).values_list("year", "last")
        )
        snapshot = calendar_snapshot()
        days = [
            context.date_from + timedelta(days=n)
            for n in range((context.date_to - context.date_from).days + 1)
        ]
        weights = list(
            itertools.accumulate(
                1.0 if snapshot.is_working_day(d) else OFF_DAY_WEIGHT for d in days
            )
        )
        rng = context.random("applications/days")
        # Ids and numbers follow the order of receipt: draw every moment (as seconds from
        # the first day's midnight, compact), then sort.
        low, high = OFFICE_HOURS
        self.moments = sorted(
            bisect.bisect_left(weights, rng.random() * weights[-1]) * 86_400
            + rng.randrange(low, high)
            for _ in range(size)
        )
        self.first_day = context.date_from
        self.tz = timezone.get_current_timezone()

    def local(self, day: date, seconds: int) -> datetime:
        return datetime(
            day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60,
            tzinfo=self.tz,
        )  # fmt: skip

    def plans(self) -> Iterator[_Plan]:
        """The applications, the same each time for the same seed (replayed per table)."""
        rng = self.context.random("applications")
        counters = dict(self.counters)
        # A later step happens only before `--today` (the states are as of that day).
        cutoff = self.local(self.context.today, 0)
        for offset, moment in enumerate(self.moments):
            day = self.first_day + timedelta(days=moment // 86_400)
            customer = self.customers[rng.randrange(len(self.customers))]
            voltage = customer[2]
            kind = (
                Application.Kind.CAPACITY_INCREASE
                if rng.random() < CAPACITY_INCREASE_SHARE
                else Application.Kind.NEW_CONNECTION
            )
            low, high = CAPACITY.get(voltage, CAPACITY[Voltage.LOW])
            counters[day.year] = counters.get(day.year, 0) + 1
            at = self.local(day, moment % 86_400)
            steps: list[tuple[str, datetime]] = [(Status.RECEIVED, at)]
            ending = rng.random()
            end_after = rng.randrange(1, 4)  # the step after which it is withdrawn/rejected
            for status, (first, last) in STAGE_DAYS.items():
                if ending < WITHDRAWN_SHARE + REJECTED_SHARE and len(steps) == end_after:
                    status = Status.WITHDRAWN if ending < WITHDRAWN_SHARE else Status.REJECTED
                    if status == Status.REJECTED and steps[-1][0] == Status.ACCEPTANCE_PASSED:
                        status = Status.WITHDRAWN  # no rejection after the acceptance
                at = at + timedelta(days=rng.randint(first, last), minutes=rng.randrange(-60, 60))
                if at >= cutoff:
                    break
                steps.append((status, at))
                if status in (Status.WITHDRAWN, Status.REJECTED):
                    break
            yield _Plan(
                id=self.first_id + offset,
                number=f"YK{day.year}-{counters[day.year]:06d}",
                customer=customer,
                kind=kind,
                capacity=rng.randint(low, high),
                steps=steps,
                staff=self.staff[rng.randrange(len(self.staff))],
            )

    def applications(self, tally: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        company = self.context.company.pk
        for plan in self.plans():
            pk, category, voltage, sources, town, key = plan.customer
            status = plan.steps[-1][0]
            tally[status] += 1
            tally["key accounts"] += key
            yield (
                plan.id,
                company,
                plan.number,
                pk,
                plan.kind,
                plan.kind == Application.Kind.NEW_CONNECTION and category == Category.RESIDENTIAL,
                status,
                plan.steps[0][1],
                plan.capacity,
                "",
                voltage,
                sources,
                town,
                key,
                self.department,
                plan.staff[0],
                NO_DUE,
                NO_DUE,
                False,
            )

    def steps(self) -> Iterator[tuple[Any, ...]]:
        for plan in self.plans():
            user = plan.staff[1]
            for status, at in plan.steps:
                yield (plan.id, status, at, user, at + timedelta(minutes=5), "")


def _reset_sequences() -> None:
    """Ids were given explicitly: move PostgreSQL's sequence past them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Application]):
            cursor.execute(sql)


def _save_counters(context: GenerateContext, draw: _Draw, tally: dict[int, int]) -> None:
    """Each year's counter continues after the numbers given."""
    for year, added in tally.items():
        counter, _created = ApplicationCounter.objects.get_or_create(
            company=context.company, year=year
        )
        counter.last = draw.counters.get(year, 0) + added
        counter.save(update_fields=["last"])


def _refresh_summaries(subject_type: ContentType, ids: range) -> int:
    """next_due / remind_from / has_breach from the clocks (application_refresh_clocks), for
    the applications whose clocks run or breached (the others keep NO_DUE and no breach)."""
    clocks = Clock.objects.filter(subject_type=subject_type, subject_id=OuterRef("pk"))
    running = clocks.filter(state=Clock.State.RUNNING, stopped_at__isnull=True).order_by()
    return (
        Application.objects.filter(pk__gte=ids.start, pk__lt=ids.stop)
        .filter(
            pk__in=Clock.objects.filter(
                subject_type=subject_type,
                subject_id__gte=ids.start,
                subject_id__lt=ids.stop,
                state__in=[Clock.State.RUNNING, Clock.State.BREACHED],
            ).values("subject_id")
        )
        .update(
            next_due=Coalesce(
                Subquery(running.values("subject_id").annotate(m=Min("due")).values("m")),
                Value(NO_DUE),
            ),
            remind_from=Coalesce(
                Subquery(running.values("subject_id").annotate(m=Min("remind_on")).values("m")),
                Value(NO_DUE),
            ),
            has_breach=Exists(clocks.filter(state=Clock.State.BREACHED)),
        )
    )


def generate(context: GenerateContext, size: int) -> Generated:
    """`size` applications of `context.company`, their steps and their clocks."""
    draw = _Draw(context, size)
    tally: dict[str, int] = {status: 0 for status in Status.values} | {"key accounts": 0}
    written = context.copy(Application._meta.db_table, COLUMNS, draw.applications(tally))
    _reset_sequences()
    years: dict[int, int] = {}
    for moment in draw.moments:
        year = (draw.first_day + timedelta(days=moment // 86_400)).year
        years[year] = years.get(year, 0) + 1
    _save_counters(context, draw, years)
    steps = context.copy(ApplicationStep._meta.db_table, STEP_COLUMNS, draw.steps())
    subject_type = ContentType.objects.get_for_model(Application)
    ids = range(draw.first_id, draw.first_id + written)
    clocks = write_clocks(context, subject_type=subject_type, subjects=ids, codes=CLOCK_CODES)
    summaries = _refresh_summaries(subject_type, ids)
    states = ", ".join(f"{name} {n:,}" for name, n in tally.items() if n)
    return Generated(
        rows=written,
        details=[
            f"ids #{ids.start:,}–#{ids.stop - 1:,}; {states}",
            f"steps {steps:,}; clocks {clocks.rows:,}; summaries of {summaries:,} set "
            "from their clocks",
            *clocks.details,
        ],
    )


registry.register(
    registry.Generator(
        "applications",
        generate,
        help="Connection applications with their steps and clocks (R-2.10, R-2.11); needs "
        "customers (--customers).",
        order=20,
        tables=(
            Application._meta.db_table,
            ApplicationStep._meta.db_table,
            Clock._meta.db_table,
            "rules_breach",
            "rules_clockexemption",
        ),
    )
)
