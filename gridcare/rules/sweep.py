"""The clock sweep: breach every running clock past its due date with no stop event, and
remind the responsible person of every clock past its reminder day (R-3.9.1).

It never halts. Clocks are handled in batches, each in its own transaction; a batch that
raises is split in halves until the clock that fails is alone, and that clock is logged,
counted and listed for the administrators (SweepRun) while every other clock is handled.
Reminders are sent whatever the breach stage met. A run is idempotent: a second run at
the same time finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.services import audit_log_many, notify
from gridcare.rules.models import Clock, SweepRun
from gridcare.rules.services import breaches_open

logger = logging.getLogger(__name__)

#: Clocks per transaction: large enough that the queries of a batch are few per clock,
#: small enough that a failing clock makes few others be handled again (the halves).
BATCH = 100
#: Sweep runs are kept this long (one every five minutes).
KEEP_RUNS = timedelta(days=14)


@dataclass
class SweepFailure:
    clock: int
    company: int | None
    stage: str
    error: str

    def as_json(self) -> dict[str, object]:
        return {
            "clock": self.clock,
            "company": self.company,
            "stage": self.stage,
            "error": self.error,
        }


@dataclass
class SweepResult:
    breached: int = 0
    reminded: int = 0
    failed: int = 0
    failures: list[SweepFailure] = field(default_factory=list)

    def fail(self, clock: int, stage: str, error: Exception) -> None:
        self.failed += 1
        if len(self.failures) < SweepRun.FAILURES_KEPT:
            company = Clock.objects.filter(pk=clock).values_list("company_id", flat=True).first()
            text = f"{error.__class__.__name__}: {error}"[: SweepRun.ERROR_LENGTH]
            self.failures.append(SweepFailure(clock, company, stage, text))


def _keyset(qs: QuerySet[Clock]) -> Iterator[list[int]]:
    """The ids of `qs` in batches, read afresh after each batch (the rows handled leave
    the query), so that no long-lived cursor spans the transactions."""
    after = 0
    while True:
        ids = list(qs.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        yield ids
        after = ids[-1]


def _each_alone(
    ids: Sequence[int], work: Callable[[Sequence[int]], int], stage: str, result: SweepResult
) -> int:
    """Run `work` on `ids` in one transaction; when it raises, on each half again, down to
    the single clock that fails, which is recorded. Returns how many clocks `work` did."""
    try:
        with transaction.atomic():
            return work(ids)
    except Exception as error:  # any failure of one clock must not stop the others
        if len(ids) == 1:
            logger.exception("clock sweep: clock %s failed at the %s stage", ids[0], stage)
            result.fail(ids[0], stage, error)
            return 0
        half = len(ids) // 2
        return _each_alone(ids[:half], work, stage, result) + _each_alone(
            ids[half:], work, stage, result
        )


def _overdue(today: date) -> QuerySet[Clock]:
    return Clock.objects.filter(state=Clock.State.RUNNING, due__lt=today, paused_since__isnull=True)


def _breach(ids: Sequence[int], today: date) -> int:
    """Breach the clocks of `ids` still overdue once locked (another sweep may have been
    first), with their breaches, items, audit events and notices."""
    clocks = list(
        _overdue(today)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .select_related("standard__clause", "responsible_staff__user")
    )
    if not clocks:
        return 0
    Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(state=Clock.State.BREACHED)
    for clock in clocks:
        clock.state = Clock.State.BREACHED
    breaches_open(clocks)
    audit_log_many(
        action="rules.clock.breached",
        actor=None,
        entries=[(c, c.company_id, {"due": c.due.isoformat()}) for c in clocks],
    )
    return len(clocks)


def _reminders_due(today: date) -> QuerySet[Clock]:
    return Clock.objects.filter(
        state=Clock.State.RUNNING,
        reminded_at__isnull=True,
        remind_on__lte=today,
        responsible_staff__isnull=False,
    )


def _remind(ids: Sequence[int], today: date, now: datetime) -> int:
    clocks = list(
        _reminders_due(today)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .select_related("standard__clause", "responsible_staff__user")
    )
    for clock in clocks:
        notify(
            recipient=clock.responsible_staff.user,  # type: ignore[union-attr]
            key=f"remind:{clock.pk}",
            title=_("Due %(due)s: %(clause)s %(title)s")
            % {
                "due": clock.due.isoformat(),
                "clause": clock.standard.clause.number,
                "title": clock.standard.localised_title,
            },
            kind="reminder",
            subject=(clock.subject_type_id, clock.subject_id),
            company_id=clock.company_id,
            bulk=True,
        )
    Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(reminded_at=now)
    return len(clocks)


def clock_sweep(*, now: datetime | None = None) -> SweepResult:
    """Breach the overdue clocks, then send the reminders that are due; record the run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult()
    for ids in _keyset(_overdue(today)):
        result.breached += _each_alone(ids, lambda batch: _breach(batch, today), "breach", result)
    for ids in _keyset(_reminders_due(today)):
        result.reminded += _each_alone(
            ids, lambda batch: _remind(batch, today, now), "reminder", result
        )
    SweepRun.objects.create(
        started_at=now,
        finished_at=timezone.now(),
        breached=result.breached,
        reminded=result.reminded,
        failed=result.failed,
        failures=[failure.as_json() for failure in result.failures],
    )
    SweepRun.objects.filter(started_at__lt=now - KEEP_RUNS).delete()
    return result
