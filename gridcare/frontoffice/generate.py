"""Synthetic front-office records at scale (see gridcare.core.generate):
``--calls N`` service-phone calls (R-2.8) and ``--matters N`` first-contact matters with
their complaints, relays and complaint clocks (R-2.2, R-2.5, R-2.7, R-3.6.3).

Both are written day by day in time order, as the phone system's imports and the counters
record them (so a date range reads neighbouring rows), working days weighing more than
days off.

Calls: about 8 % are not answered (no answer, busy, failed); an answered call rings a few
seconds, 7 % beyond the fifth ring. Ring count, outcome and standard are computed with the
``call.answer_rings`` standard in force on the call's date, as the import computes them
(``cdr.outcome_of`` over ``cdr_import.Measures``). Agents are the customer service
centre's staff on their extensions (the AgentExtension table, else ``80nn`` per agent).
The idempotency key is random (no CDR line to digest), drawn from a stream salted with the
calls already stored so that a second run adds calls. No call-backs are generated.

Matters: consultations, business requests, fault reports, opinions and about 12 %
complaints, by phone and web (owned by the customer service centre) or at the counter
and visits (owned by a service hall's staff); the owner is the first contact (R-2.5). Most
are relayed to the customer and closed within days (one Relay each, R-2.7); recent ones
are still open. A complaint has its category, for one about staff conduct the
prohibition and the staff member (R-2.2), the customer contacted, and a finding once
closed. Complaints take the first block of ids (in time order), the other matters the
next one, so that their clocks are written through ``rules.generate.write_clocks`` on that
range: one clock per complaint on ``complaint.contact`` or ``complaint.reply`` (that
helper holds one clock per subject and draws its dates itself). No referrals, no audit
rows (synthetic).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from gridcare.core import generate as registry
from gridcare.core.generate import GenerateContext, Generated
from gridcare.customers.models import Customer
from gridcare.frontoffice.cdr import outcome_of
from gridcare.frontoffice.demo.matters import CATEGORY_OF, SUBJECTS, SURNAMES
from gridcare.frontoffice.models import AgentExtension, CallRecord, Complaint, Matter, Relay
from gridcare.frontoffice.selectors import prohibitions_in_force
from gridcare.frontoffice.services.cdr_import import CALL_COLUMNS as IMPORT_COLUMNS
from gridcare.frontoffice.services.cdr_import import Measures
from gridcare.org.models import Department, Staff
from gridcare.rules.generate import write_clocks
from gridcare.rules.models import Breach, Clock, ClockExemption
from gridcare.workdays.selectors import calendar_snapshot

SERVICE_NUMBER = "95598"
#: Cumulative shares of the calls not answered, by disposition.
UNANSWERED = (
    (0.06, CallRecord.Disposition.NO_ANSWER),
    (0.075, CallRecord.Disposition.BUSY),
    (0.08, CallRecord.Disposition.FAILED),
)
CALL_OFF_DAY_WEIGHT = 0.35
MATTER_OFF_DAY_WEIGHT = 0.3
#: The call table's columns as the import stages them (one definition: cdr_import), with
#: the company in place of the import's line number.
CALL_COLUMNS = ("company_id", *IMPORT_COLUMNS[1:])
KINDS = (
    (Matter.Kind.CONSULTATION, 0.35),
    (Matter.Kind.BUSINESS, 0.25),
    (Matter.Kind.FAULT, 0.18),
    (Matter.Kind.OPINION, 0.10),
    (Matter.Kind.COMPLAINT, 0.12),
)
CHANNELS = (
    (Matter.Channel.PHONE, 0.60),
    (Matter.Channel.COUNTER, 0.30),
    (Matter.Channel.WEB, 0.07),
    (Matter.Channel.VISIT, 0.03),
)
#: Matters older than this are closed, but for a few still relayed or open.
SETTLED_DAYS = 15
SUBSTANTIATED_SHARE = 0.35
CONDUCT_SUBJECT = "投訴門市人員態度差"
COMPLAINT_CLOCKS = frozenset({"complaint.contact", "complaint.reply"})
MATTER_COLUMNS = (
    "id",
    "company_id",
    "kind",
    "channel",
    "received_at",
    "received_by_id",
    "owner_id",
    "customer_id",
    "customer_account",
    "customer_name",
    "customer_phone",
    "subject",
    "description",
    "status",
    "closed_at",
    "reopened",
)
COMPLAINT_COLUMNS = (
    "matter_id",
    "category",
    "about_conduct",
    "prohibition_id",
    "staff_concerned_id",
    "contacted_at",
    "finding",
    "finding_note",
    "decided_by_id",
    "decided_at",
)
RELAY_COLUMNS = ("matter_id", "relayed_at", "relayed_by_id", "method", "note")


def _days(context: GenerateContext, off_day_weight: float) -> list[tuple[date, float]]:
    snapshot = calendar_snapshot()
    span = (context.date_to - context.date_from).days + 1
    days = [context.date_from + timedelta(days=n) for n in range(span)]
    return [(d, 1.0 if snapshot.is_working_day(d) else off_day_weight) for d in days]


def spread(size: int, days: list[tuple[date, float]]) -> Iterator[tuple[date, int]]:
    """`size` records over `days` in proportion to their weights, exactly `size` in all."""
    total = sum(weight for _day, weight in days)
    given = 0
    for cumulative, (day, _weight) in zip(
        itertools.accumulate(weight for _day, weight in days), days, strict=True
    ):
        upto = round(size * cumulative / total)
        yield day, upto - given
        given = upto


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


# Calls ------------------------------------------------------------------------------------


def _agents(context: GenerateContext) -> list[tuple[str, int]]:
    """(extension, staff id) of the customer service centre's agents."""
    extensions = list(
        AgentExtension.objects.filter(company=context.company)
        .order_by("extension")
        .values_list("extension", "staff_id")
    )
    if extensions:
        return extensions
    staff = Staff.objects.filter(
        company=context.company, department__kind=Department.Kind.CSC
    ).order_by("employee_number")
    return [(f"80{n:02d}", pk) for n, pk in enumerate(staff.values_list("pk", flat=True), 1)]


def _ring_seconds(u: float, v: float) -> float:
    """70 % within 14 s, 23 % up to 25 s, 7 % later (beyond the 5th ring, R-2.8)."""
    if u < 0.70:
        return 1 + 13 * v
    if u < 0.93:
        return 14 + 10.9 * v
    return 25 + 23 * v


def generate_calls(context: GenerateContext, size: int) -> Generated:
    """`size` calls of `context.company` over the period, in time order."""
    company = context.company.pk
    days = _days(context, CALL_OFF_DAY_WEIGHT)
    measures = Measures(company)
    agents = _agents(context)
    stored = CallRecord.objects.filter(company=context.company).aggregate(m=Max("pk"))["m"]
    rng = context.random(f"calls/{stored or 0}")
    tally = {outcome: 0 for outcome in CallRecord.Outcome.values}
    no_agent = ("", None)

    def rows() -> Iterator[tuple[Any, ...]]:
        for day, count in spread(size, days):
            if not count:
                continue
            midnight = _midnight(day)
            measure = measures[day.isoformat()]
            seconds = sorted(
                min(max(rng.gauss(13.5 * 3600, 3.2 * 3600), 7.5 * 3600), 21 * 3600)
                for _ in range(count)
            )
            for second in seconds:
                started = midnight + timedelta(seconds=int(second))
                caller = f"13{rng.randrange(10)}{rng.randrange(10_000_000, 100_000_000)}"
                draw = rng.random()
                disposition = CallRecord.Disposition.ANSWERED
                for limit, name in UNANSWERED:
                    if draw < limit:
                        disposition = name
                        break
                if disposition == CallRecord.Disposition.ANSWERED:
                    ring_ms = int(_ring_seconds(rng.random(), rng.random()) * 1000)
                    talk = int(rng.lognormvariate(4.8, 0.6))
                    extension, agent = agents[rng.randrange(len(agents))] if agents else no_agent
                    answered: datetime | None = started + timedelta(milliseconds=ring_ms)
                    ring_s = ring_ms // 1000
                    rings, outcome = outcome_of(ring_ms, measure)
                    standard = measure.standard_id if rings is not None and measure else None
                    duration = ring_s + talk
                else:
                    talk, answered, standard = 0, None, None
                    extension, agent = no_agent
                    # An abandoned call is measured by its ring time; busy and
                    # failed ones are not. Most callers give up within a few rings.
                    abandoned = disposition == CallRecord.Disposition.NO_ANSWER
                    duration = (
                        max(2, int(rng.lognormvariate(2.5, 0.5)))
                        if abandoned
                        else rng.randint(20, 60)
                    )
                    ring_ms = duration * 1000 if abandoned else None  # type: ignore[assignment]
                    rings, outcome = outcome_of(ring_ms, measure, answered=False)
                    if rings is not None and measure:
                        standard = measure.standard_id
                tally[outcome] += 1
                yield (
                    company,
                    day,
                    f"{rng.getrandbits(128):032x}",  # a UUID as the import writes it
                    caller,
                    SERVICE_NUMBER,
                    extension,
                    agent,
                    started,
                    answered,
                    duration,
                    talk,
                    disposition,
                    ring_ms,
                    rings,
                    outcome,
                    standard,
                )

    written = context.copy(CallRecord._meta.db_table, CALL_COLUMNS, rows())
    outcomes = ", ".join(f"{name} {n:,}" for name, n in tally.items() if n)
    return Generated(rows=written, details=[f"{outcomes}; {len(agents)} agents"])


# Matters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MatterPlan:
    id: int
    kind: str
    channel: str
    received_at: datetime
    owner: int
    customer: tuple[int, str, str, str] | None  # id, account, name, phone
    name: str
    phone: str
    subject: str
    description: str
    status: str
    relayed_at: datetime | None
    closed_at: datetime | None


class _Matters:
    """What the matters draw from, read before any COPY; `plans()` replays the same
    matters for each table written."""

    def __init__(self, context: GenerateContext, size: int) -> None:
        self.context = context
        self.size = size
        company = context.company
        staff = Staff.objects.filter(company=company).order_by("employee_number")
        csc = list(staff.filter(department__kind=Department.Kind.CSC).values_list("pk", flat=True))
        hall = list(
            staff.filter(department__kind=Department.Kind.SERVICE_HALL).values_list("pk", flat=True)
        )
        anyone = list(staff.values_list("pk", flat=True))
        if not anyone:
            from django.core.management.base import CommandError

            raise CommandError("Matters need staff of the company to own them: load the demo.")
        self.csc, self.hall = csc or anyone, hall or csc or anyone
        self.director = self.csc[0]
        self.customers = list(
            Customer.objects.filter(company=company)
            .order_by("pk")
            .values_list("pk", "account_number", "name", "phone")
        )
        code = prohibitions_in_force(context.date_to)
        self.prohibition = code.items.order_by("number")[3].pk if code else None
        self.first_id = (Matter.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.days = _days(context, MATTER_OFF_DAY_WEIGHT)
        self.complaints = sum(1 for kind in self._kinds() if kind == Matter.Kind.COMPLAINT)

    def _kinds(self) -> Iterator[str]:
        """The kind of each matter, from a stream of its own: counting the complaints (to
        give them the first block of ids) replays only this."""
        rng = self.context.random("matters/kinds")
        kinds = [k for k, _w in KINDS]
        weights = list(itertools.accumulate(w for _k, w in KINDS))
        for _n in range(self.size):
            yield rng.choices(kinds, cum_weights=weights)[0]

    def plans(self) -> Iterator[_MatterPlan]:
        rng = self.context.random("matters")
        today = self.context.today
        cutoff = _midnight(today)
        channels = [c for c, _w in CHANNELS]
        weights = list(itertools.accumulate(w for _c, w in CHANNELS))
        kinds = self._kinds()
        complaint_id = self.first_id
        other_id = self.first_id + self.complaints
        for day, count in spread(self.size, self.days):
            midnight = _midnight(day)
            for second in sorted(rng.randrange(8 * 3600, 18 * 3600) for _ in range(count)):
                kind = next(kinds)
                if kind == Matter.Kind.COMPLAINT:
                    pk, complaint_id = complaint_id, complaint_id + 1
                else:
                    pk, other_id = other_id, other_id + 1
                channel = rng.choices(channels, cum_weights=weights)[0]
                owners = (
                    self.csc if channel in (Matter.Channel.PHONE, Matter.Channel.WEB) else self.hall
                )
                received = midnight + timedelta(seconds=second)
                customer = (
                    self.customers[rng.randrange(len(self.customers))]
                    if self.customers and rng.random() < 0.6
                    else None
                )
                subject, description = SUBJECTS[kind][rng.randrange(len(SUBJECTS[kind]))]
                age = (today - day).days
                settle = rng.random()
                relayed_at = closed_at = None
                status = Matter.Status.OPEN
                if settle < min(age / SETTLED_DAYS, 1) * 0.97:
                    status = Matter.Status.CLOSED
                elif settle < min(age / SETTLED_DAYS, 1) * 0.99:
                    status = Matter.Status.RELAYED
                if status != Matter.Status.OPEN:
                    relayed_at = received + timedelta(minutes=rng.randint(10, 60 * 24 * 6))
                    closed_at = relayed_at + timedelta(minutes=rng.randint(5, 600))
                    if closed_at >= cutoff:
                        status, closed_at = Matter.Status.RELAYED, None
                    if relayed_at >= cutoff:
                        status, relayed_at = Matter.Status.OPEN, None
                if status != Matter.Status.CLOSED:
                    closed_at = None
                yield _MatterPlan(
                    id=pk,
                    kind=kind,
                    channel=channel,
                    received_at=received,
                    owner=owners[rng.randrange(len(owners))],
                    customer=customer,
                    name=customer[2]
                    if customer
                    else SURNAMES[rng.randrange(len(SURNAMES))] + rng.choice(("先生", "女士")),
                    phone=customer[3]
                    if customer
                    else f"13{rng.randrange(10)}{rng.randrange(10_000_000, 100_000_000)}",
                    subject=subject,
                    description=description,
                    status=status,
                    relayed_at=relayed_at,
                    closed_at=closed_at,
                )

    def matters(self, tally: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        company = self.context.company.pk
        for plan in self.plans():
            tally[plan.status] += 1
            yield (
                plan.id,
                company,
                plan.kind,
                plan.channel,
                plan.received_at,
                plan.owner,
                plan.owner,
                plan.customer[0] if plan.customer else None,
                plan.customer[1] if plan.customer else "",
                plan.name,
                plan.phone,
                plan.subject,
                plan.description,
                plan.status,
                plan.closed_at,
                0,
            )

    def complaint_rows(self, tally: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        rng = self.context.random("matters/complaints")
        cutoff = _midnight(self.context.today)
        for plan in self.plans():
            if plan.kind != Matter.Kind.COMPLAINT:
                continue
            conduct = plan.subject == CONDUCT_SUBJECT and self.prohibition is not None
            contacted = plan.received_at + timedelta(minutes=rng.randint(10, 60 * 20))
            finding = Complaint.Finding.PENDING
            if plan.closed_at is not None:
                finding = (
                    Complaint.Finding.SUBSTANTIATED
                    if rng.random() < SUBSTANTIATED_SHARE
                    else Complaint.Finding.UNSUBSTANTIATED
                )
            tally[finding] += 1
            decided = finding != Complaint.Finding.PENDING
            yield (
                plan.id,
                CATEGORY_OF[plan.subject],
                conduct,
                self.prohibition if conduct else None,
                self.hall[rng.randrange(len(self.hall))] if conduct else None,
                contacted if contacted < cutoff else None,
                finding,
                "核查屬實（合成資料）"
                if finding == Complaint.Finding.SUBSTANTIATED
                else "核查不屬實（合成資料）"
                if decided
                else "",
                self.director if decided else None,
                plan.closed_at if decided else None,
            )

    def relays(self) -> Iterator[tuple[Any, ...]]:
        methods = Relay.Method.values
        for plan in self.plans():
            if plan.relayed_at is not None:
                method = methods[plan.id % len(methods)]
                yield (plan.id, plan.relayed_at, plan.owner, method, "已將處理結果告知客戶。")


def generate_matters(context: GenerateContext, size: int) -> Generated:
    """`size` matters of `context.company` over the period, with complaints, relays and
    the complaints' clocks."""
    plan = _Matters(context, size)
    tally: dict[str, int] = {status: 0 for status in Matter.Status.values}
    written = context.copy(Matter._meta.db_table, MATTER_COLUMNS, plan.matters(tally))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Matter]):
            cursor.execute(sql)
    findings: dict[str, int] = {finding: 0 for finding in Complaint.Finding.values}
    complaints = context.copy(
        Complaint._meta.db_table, COMPLAINT_COLUMNS, plan.complaint_rows(findings)
    )
    relays = context.copy(Relay._meta.db_table, RELAY_COLUMNS, plan.relays())
    ids = range(plan.first_id, plan.first_id + complaints)
    clocks = write_clocks(
        context,
        subject_type=ContentType.objects.get_for_model(Matter),
        subjects=ids,
        codes=COMPLAINT_CLOCKS,
    )
    statuses = ", ".join(f"{name} {n:,}" for name, n in tally.items() if n)
    return Generated(
        rows=written,
        details=[
            f"ids #{plan.first_id:,}–#{plan.first_id + written - 1:,}; {statuses}",
            f"complaints {complaints:,} (ids #{ids.start:,}–#{ids.stop - 1:,}: "
            + ", ".join(f"{name} {n:,}" for name, n in findings.items())
            + f"); relays {relays:,}; complaint clocks {clocks.rows:,}",
            *clocks.details,
        ],
    )


registry.register(
    registry.Generator(
        "calls",
        generate_calls,
        help="Service-phone calls with their rings and outcome (R-2.8).",
        order=30,
        tables=(CallRecord._meta.db_table,),
    )
)
registry.register(
    registry.Generator(
        "matters",
        generate_matters,
        help="First-contact matters with complaints, relays and complaint clocks (R-2.5, R-3.6.3).",
        order=40,
        tables=(
            Matter._meta.db_table,
            Complaint._meta.db_table,
            Relay._meta.db_table,
            Clock._meta.db_table,
            Breach._meta.db_table,
            ClockExemption._meta.db_table,
        ),
    )
)
