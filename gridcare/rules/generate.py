"""Synthetic clocks at scale for `manage.py generate --clocks N` (see gridcare.core.generate).

Each clock holds a subject to one of the deadline standards the company's profile has in
force on its start date, in a mix like a county company's year: mostly low-voltage and
residential applications, fewer 10 kV and high-voltage ones, complaints (R-2.10, R-2.11,
R-3.6.3, R-3.7.5). Both working-day and calendar-day limits are drawn, so recomputation
and compliance see both kinds.

A row is what the services would have stored (``services.clock_start`` / ``clock_stop`` /
the sweep), relative to ``--today``:

- ``due``, ``provisional``, ``remind_on`` come from ``deadlines.due_date`` /
  ``remind_date`` over the stored calendar, as ``clock_start`` computes them;
- a clock stopped on or before its due date is met, after it breached; a clock never
  stopped whose due date has passed was breached by the sweep; one not yet due is
  running; stops are always before today;
- ``period_date`` is the stop date, else the due date (the model's definition);
- about 1 % are exempted ("special circumstances", R-2.10), with an approved exemption
  requested and decided by two different people of the company (none when the company
  has nobody to request and approve);
- every breached clock has its breach record, against the responsible department and
  person, citing the clause, as ``_breach_open`` writes it;
- a reminder already sent (``reminded_at``) where the sweep would have sent it, so that
  loading data never makes the sweep notify thousands of people.

Start dates fall on working days five times as often as on days off. ``--provisional``
(default 1 %) is the share of clocks started in the last weeks of the known calendar
whose working-day deadline reaches past it into a year whose arrangement is not known
(R-CAL-3): their start dates may be after today (running). Subjects are
``applications.application`` once that module exists, else ``org.department``, with ids
from a sequence above every id in use, one subject per clock. No pauses are generated
(``paused_days`` is 0). No audit rows (see gridcare.core.generate).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Model, Q
from django.utils import timezone

from gridcare.core import generate as registry
from gridcare.core.calendar import CalendarSnapshot
from gridcare.core.generate import GenerateContext, Generated
from gridcare.org.models import Department, Staff
from gridcare.rules import catalogue, deadlines
from gridcare.rules.models import (
    Breach,
    Clock,
    ClockExemption,
    ProfileAssignment,
    RuleProfile,
    ServiceStandard,
)
from gridcare.rules.selectors import profile_in_force, standards_in_force
from gridcare.workdays.selectors import calendar_snapshot

#: Relative frequency of each seeded deadline (code, variant); others (an administrator's
#: own standards) weigh 1.
MIX: dict[tuple[str, str], float] = {
    ("application.plan_reply", "low"): 30,
    ("application.plan_reply", "10kv"): 6,
    ("application.plan_reply", "high-1"): 2,
    ("application.plan_reply", "high-2"): 0.5,
    ("application.residential_energize", ""): 25,
    ("application.energize", "low"): 15,
    ("application.energize", "10kv"): 4,
    ("application.energize", "high"): 1.5,
    ("keyaccount.energize", ""): 1,
    ("complaint.contact", ""): 8,
    ("complaint.reply", ""): 7,
}
#: Which departments answer for a module's clocks (the first kind found is used).
RESPONSIBLE: dict[str, tuple[str, ...]] = {
    "applications": (Department.Kind.MARKETING, Department.Kind.SERVICE_HALL),
    "frontoffice": (Department.Kind.CSC,),
    "keyaccounts": (Department.Kind.MARKETING,),
    "field": (Department.Kind.LINE, Department.Kind.OPERATIONS),
    "supervision": (Department.Kind.SUPERVISION,),
}
EXEMPTED_SHARE = 0.01
MET_SHARE = 0.92  # stopped on time; then LATE_SHARE stopped late, the rest never stopped
LATE_SHARE = 0.06
OFF_DAY_WEIGHT = 0.2
WORKING_HOURS = (8 * 3600 + 1800, 17 * 3600 + 1800)  # 08:30–17:30, local time
SWEEP_SECONDS = 300  # the sweep's first run after midnight, 00:05 local time
EXEMPTION_REASON = "特殊情況（合成資料）"
COLUMNS = (
    "company_id",
    "standard_id",
    "subject_type_id",
    "subject_id",
    "amount",
    "unit",
    "started_at",
    "start_date",
    "paused_days",
    "due",
    "remind_on",
    "provisional",
    "calendar_version",
    "stopped_at",
    "state",
    "period_date",
    "responsible_department_id",
    "responsible_staff_id",
    "is_key_account",
    "reminded_at",
)


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--provisional",
        type=_share,
        default=0.01,
        help="Share of clocks whose working-day deadline reaches past the known calendar "
        "(0..1, default 0.01).",
    )


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a share from 0 to 1")
    return share


@dataclass(frozen=True)
class _Standard:
    id: int
    code: str
    variant: str
    clause_id: int
    amount: int
    unit: str
    share: float
    department_id: int | None
    staff_id: int | None
    key_account: bool


@dataclass(frozen=True)
class _Choice:
    """Standards to draw from on one day, with cumulative weights for bisect."""

    standards: list[_Standard]
    cumulative: list[float]

    def draw(self, u: float) -> _Standard:
        index = bisect.bisect_right(self.cumulative, u * self.cumulative[-1])
        return self.standards[min(index, len(self.standards) - 1)]


class _Plan:
    """What the generator draws from: standards by day, days by weight, the calendar."""

    def __init__(
        self, context: GenerateContext, snapshot: CalendarSnapshot, codes: Collection[str] | None
    ) -> None:
        self.context = context
        self.snapshot = snapshot
        self.codes = codes
        self._choices: dict[tuple[int, ...], _Choice] = {}
        self._by_day: dict[tuple[date, tuple[str, ...]], _Choice | None] = {}
        self._standards: dict[int, _Standard] = {}
        self._responsible = self._responsible_by_module()
        self._due: dict[tuple[date, int], tuple[date, bool, date]] = {}

    def _responsible_by_module(self) -> dict[str, tuple[int | None, int | None]]:
        company = self.context.company
        departments = {
            kind: pk
            for pk, kind in Department.objects.filter(company=company, is_active=True)
            .order_by("-pk")
            .values_list("pk", "kind")
        }
        staff = {
            department: pk
            for pk, department in Staff.objects.filter(company=company, user__is_active=True)
            .order_by("-employee_number")
            .values_list("pk", "department_id")
        }
        result: dict[str, tuple[int | None, int | None]] = {}
        for module, kinds in RESPONSIBLE.items():
            department = next((departments[k] for k in kinds if k in departments), None)
            result[module] = (department, staff.get(department) if department else None)
        return result

    def _standard(self, standard: ServiceStandard) -> _Standard:
        if standard.pk not in self._standards:
            department, staff = self._responsible.get(standard.module, (None, None))
            self._standards[standard.pk] = _Standard(
                id=standard.pk,
                code=standard.code,
                variant=standard.variant,
                clause_id=standard.clause_id,
                amount=standard.amount,
                unit=standard.unit,
                share=float(catalogue.parameter(standard, "remind_share")),
                department_id=department,
                staff_id=staff,
                key_account=bool(standard.applies_to.get("is_key_account"))
                or standard.code.startswith("keyaccount."),
            )
        return self._standards[standard.pk]

    def choice(self, day: date, units: tuple[str, ...]) -> _Choice | None:
        """The deadline standards in force for the company on `day`, weighted by MIX."""
        key = (day, units)
        if key not in self._by_day:
            profile = profile_in_force(company=self.context.company, on=day)
            found: list[_Standard] = []
            if profile is not None:
                standards = standards_in_force(profile=profile, on=day).filter(
                    measure=ServiceStandard.Measure.DEADLINE, unit__in=units
                )
                if self.codes is not None:
                    standards = standards.filter(code__in=self.codes)
                found = [self._standard(s) for s in standards.order_by("pk")]
            choice = None
            if found:
                ids = tuple(s.id for s in found)
                if ids not in self._choices:
                    weights = [MIX.get((s.code, s.variant), 1.0) for s in found]
                    self._choices[ids] = _Choice(found, list(itertools.accumulate(weights)))
                choice = self._choices[ids]
            self._by_day[key] = choice
        return self._by_day[key]

    def choices(self, days: list[date], units: tuple[str, ...]) -> dict[date, _Choice | None]:
        """`choice` for each of `days` (ascending), asking the selectors only on the days
        the answer can change: when an assignment, profile or standard version starts or
        ends."""
        changes = {
            *ProfileAssignment.objects.filter(company=self.context.company).values_list(
                "effective_from", flat=True
            ),
            *RuleProfile.objects.values_list("effective_from", flat=True),
            *ServiceStandard.objects.values_list("effective_from", flat=True),
            *ServiceStandard.objects.filter(effective_to__isnull=False).values_list(
                "effective_to", flat=True
            ),
        }
        result: dict[date, _Choice | None] = {}
        current: _Choice | None = None
        for index, day in enumerate(days):
            if index == 0 or day in changes or days[index - 1] != day - timedelta(days=1):
                current = self.choice(day, units)
            result[day] = current
        return result

    def due(self, start: date, standard: _Standard) -> tuple[date, bool, date]:
        """(due, provisional, remind_on) as clock_start computes them."""
        key = (start, standard.id)
        if key not in self._due:
            due = deadlines.due_date(
                unit=standard.unit,
                amount=standard.amount,
                start=start,
                paused=0,
                snapshot=self.snapshot,
            )
            remind = deadlines.remind_date(
                unit=standard.unit,
                amount=standard.amount,
                start=start,
                paused=0,
                share=standard.share,
                snapshot=self.snapshot,
            )
            self._due[key] = (due.date, due.provisional, remind)
        return self._due[key]

    def provisional_windows(self) -> list[tuple[_Choice, list[date]]]:
        """For each working-day standard in force at the calendar's end, the start dates
        whose deadline reaches past the last known day."""
        last = self.snapshot.last_known
        if last is None:
            return []
        choice = self.choice(last, (deadlines.WORKING_DAYS,))
        if choice is None:
            return []
        windows = []
        for standard in choice.standards:
            first = last
            while (
                self.snapshot.working_days_between(first - timedelta(days=1), last).working_days
                < standard.amount
            ):
                first -= timedelta(days=1)
            days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
            windows.append((_Choice([standard], [1.0]), days))
        return windows


def _subject_type() -> ContentType:
    model: type[Model]
    try:
        model = apps.get_model("applications", "Application")
    except LookupError:
        model = Department
    return ContentType.objects.get_for_model(model)


def _first_subject_id(subject_type: ContentType) -> int:
    """Above every id of the subject's table and of clocks on it: no clash with real rows."""
    model = subject_type.model_class()
    in_use = [
        Clock.objects.filter(subject_type=subject_type).aggregate(m=Max("subject_id"))["m"],
        model._default_manager.aggregate(m=Max("pk"))["m"] if model is not None else None,
    ]
    return max((value or 0 for value in in_use), default=0) + 1


def _exemption_people(context: GenerateContext) -> tuple[int, int] | None:
    """(requester, approver) user ids: two different staff who hold those permissions."""

    def holders(codename: str) -> list[int]:
        permission = Permission.objects.filter(
            content_type__app_label="rules", codename=codename
        ).first()
        if permission is None:
            return []
        return list(
            Staff.objects.filter(company=context.company, user__is_active=True)
            .filter(Q(user__groups__permissions=permission) | Q(user__user_permissions=permission))
            .order_by("employee_number")
            .values_list("user_id", flat=True)
            .distinct()
        )

    approvers = holders("decide_clockexemption")
    requesters = holders("request_exemption")
    for approver in approvers:
        for requester in requesters:
            if requester != approver:
                return requester, approver
    return None


@dataclass
class _Tally:
    breaches: dict[int, tuple[date, datetime, int, int | None, int | None]]
    exemptions: dict[int, datetime]
    states: dict[str, int]
    provisional: int = 0


def _stop_event(
    rng: random.Random, start: date, due: date, today: date, exempt_share: float
) -> tuple[date | None, bool]:
    """(the stop event's date, if it happened before today; whether exempted)."""
    if start >= today:
        return None, False
    u = rng.random()
    stop: date | None = None
    exempted = u < exempt_share
    if exempted:
        # Half of the exempted records have reached their stop event.
        latest = min(due + timedelta(days=5), today - timedelta(days=1))
        if rng.random() < 0.5:
            stop = start + timedelta(days=rng.randint(0, (latest - start).days))
    elif u < exempt_share + MET_SHARE:
        stop = start + timedelta(days=rng.randint(0, (due - start).days))
    elif u < exempt_share + MET_SHARE + LATE_SHARE:
        stop = due + timedelta(days=rng.randint(1, 10))
    if stop is not None and stop >= today:
        stop = None  # the stop event has not happened yet
    return stop, exempted


def _rows(
    context: GenerateContext,
    plan: _Plan,
    subject_type: int,
    subjects: range,
    exempt_share: float,
) -> tuple[Iterator[tuple[Any, ...]], _Tally]:
    rng = context.random("clocks")
    today = context.today
    tz = timezone.get_current_timezone()
    company = context.company.pk

    def local(day: date, seconds: int) -> datetime:
        """`seconds` after local midnight of `day`."""
        return datetime(
            day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60,
            tzinfo=tz,
        )  # fmt: skip

    share = context.options.get("provisional", 0.01)
    snapshot = plan.snapshot
    days = [
        context.date_from + timedelta(days=n)
        for n in range((context.date_to - context.date_from).days + 1)
    ]
    day_weights = list(
        itertools.accumulate(1.0 if snapshot.is_working_day(d) else OFF_DAY_WEIGHT for d in days)
    )
    windows = plan.provisional_windows() if share > 0 else []
    # Every query happens here, before the rows are streamed: during COPY the connection
    # cannot run another statement.
    units = (deadlines.WORKING_DAYS, deadlines.DAYS)
    choices = plan.choices(days, units)
    tally = _Tally({}, {}, {state: 0 for state in Clock.State.values})
    version = snapshot.version

    def generate() -> Iterator[tuple[Any, ...]]:
        for subject_id in subjects:
            if windows and rng.random() < share:
                choice, window = windows[rng.randrange(len(windows))]
                start = window[rng.randrange(len(window))]
            else:
                start = days[bisect.bisect_left(day_weights, rng.random() * day_weights[-1])]
                found = choices[start]
                if found is None:
                    continue
                choice = found
            standard = choice.draw(rng.random())
            due, provisional, remind_on = plan.due(start, standard)
            started_seconds = rng.randrange(*WORKING_HOURS)
            started_at = local(start, started_seconds)
            stop, exempted = _stop_event(rng, start, due, today, exempt_share)
            stopped_at = None
            if stop is not None:
                # Stopped after it started: at least ten minutes later on the same day.
                low = started_seconds + 600 if stop == start else WORKING_HOURS[0]
                stopped_at = local(stop, rng.randrange(low, max(WORKING_HOURS[1], low + 3600)))
            if exempted:
                state = Clock.State.EXEMPTED
                tally.exemptions[subject_id] = started_at
            elif stop is not None:
                state = Clock.State.MET if stop <= due else Clock.State.BREACHED
            else:
                state = Clock.State.BREACHED if due < today else Clock.State.RUNNING
            if state == Clock.State.BREACHED:
                # The sweep breaches just after midnight; a late stop breaches at once.
                recorded = stopped_at or local(due + timedelta(days=1), SWEEP_SECONDS)
                tally.breaches[subject_id] = (
                    due,
                    recorded,
                    standard.clause_id,
                    standard.department_id,
                    standard.staff_id,
                )
            reminded_at = None
            if (
                standard.staff_id is not None
                and not exempted
                and remind_on <= today
                and (stop is None or stop >= remind_on)
            ):
                reminded_at = local(remind_on, SWEEP_SECONDS)
            tally.states[state] += 1
            tally.provisional += provisional
            yield (
                company,
                standard.id,
                subject_type,
                subject_id,
                standard.amount,
                standard.unit,
                started_at,
                start,
                0,
                due,
                remind_on,
                provisional,
                version,
                stopped_at,
                state,
                stop or due,
                standard.department_id,
                standard.staff_id,
                standard.key_account or rng.random() < 0.03,
                reminded_at,
            )

    return generate(), tally


def _dependents(
    context: GenerateContext,
    tally: _Tally,
    subject_type: int,
    subjects: range,
    people: tuple[int, int] | None,
) -> tuple[int, int]:
    """Breach and exemption rows for the clocks just written (ids looked up by subject)."""
    ids = dict(
        Clock.objects.filter(
            subject_type_id=subject_type,
            subject_id__gte=subjects.start,
            subject_id__lt=subjects.stop,
            state__in=[Clock.State.BREACHED, Clock.State.EXEMPTED],
        ).values_list("subject_id", "id")
    )
    breaches = context.copy(
        Breach._meta.db_table,
        (
            "clock_id",
            "company_id",
            "clause_id",
            "department_id",
            "staff_id",
            "occurred_on",
            "recorded_at",
            "status",
            "withdrawn_reason",
        ),
        (
            (ids[subject], context.company.pk, clause, department, staff, due, at, "active", "")
            for subject, (due, at, clause, department, staff) in tally.breaches.items()
        ),
    )
    exemptions = 0
    if people is not None and tally.exemptions:
        requester, approver = people
        exemptions = context.copy(
            ClockExemption._meta.db_table,
            (
                "clock_id",
                "reason",
                "requested_by_id",
                "requested_at",
                "status",
                "decided_by_id",
                "decided_at",
                "decision_note",
            ),
            (
                (
                    ids[subject],
                    EXEMPTION_REASON,
                    requester,
                    started + timedelta(hours=1),
                    ClockExemption.Status.APPROVED,
                    approver,
                    started + timedelta(hours=2),
                    "",
                )
                for subject, started in tally.exemptions.items()
            ),
        )
    return breaches, exemptions


def write_clocks(
    context: GenerateContext,
    *,
    subject_type: ContentType,
    subjects: range,
    codes: Collection[str] | None = None,
) -> Generated:
    """One clock for each of `subjects` (ids of `subject_type` that have no clocks yet), on
    the deadline standards with `codes` (all deadlines when None), with their breach and
    exemption records. For a module's own generator, after it made the subjects."""
    snapshot = calendar_snapshot()
    plan = _Plan(context, snapshot, codes)
    people = _exemption_people(context)
    share = EXEMPTED_SHARE if people is not None else 0.0
    rows, tally = _rows(context, plan, subject_type.pk, subjects, share)
    written = context.copy(Clock._meta.db_table, COLUMNS, rows)
    breaches, exemptions = _dependents(context, tally, subject_type.pk, subjects, people)
    states = ", ".join(f"{state} {count:,}" for state, count in tally.states.items())
    return Generated(
        rows=written,
        details=[
            f"subjects {subject_type.app_label}.{subject_type.model} "
            f"#{subjects.start:,}–#{subjects.stop - 1:,}; {states}; "
            f"provisional {tally.provisional:,}",
            f"breaches {breaches:,}, exemptions {exemptions:,} (no audit rows: synthetic data)",
        ],
    )


def generate(context: GenerateContext, size: int) -> Generated:
    """`size` clocks for `context.company` on subjects numbered above every id in use."""
    subject_type = _subject_type()
    first = _first_subject_id(subject_type)
    return write_clocks(context, subject_type=subject_type, subjects=range(first, first + size))


registry.register(
    registry.Generator(
        "clocks",
        generate,
        help="Clocks on the deadline standards (R-2.10, R-2.11, R-3.6.3, R-3.7.5), with "
        "their breaches and exemptions.",
        order=50,
        tables=(Clock._meta.db_table, Breach._meta.db_table, ClockExemption._meta.db_table),
        add_arguments=add_arguments,
    )
)
