"""Writes of the measures engine: clocks (start, stop, pause, exempt), breaches, reminders,
standard revisions and profile assignments. Each call is one transaction and audits what
it changed (DESIGN.md conventions 1 and 3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log, notify
from gridcare.org.models import Company, Department, Staff
from gridcare.org.selectors import may_change_rules
from gridcare.rules import catalogue, deadlines
from gridcare.rules.models import (
    Breach,
    Clock,
    ClockExemption,
    ClockPause,
    ProfileAssignment,
    RuleProfile,
    ServiceStandard,
)
from gridcare.rules.selectors import standard_in_force, standards_in_force
from gridcare.rules.signals import breaches_opened
from gridcare.workdays.selectors import calendar_snapshot

Actor = User | AnonymousUser | None

CHANGE_STANDARD = "rules.change_servicestandard"
#: Where a limit comes from and what it means (R-DEF): a new version keeps them.
EXPLANATION_FIELDS = (
    "source_kind",
    "source_reference",
    "interpretation",
    "interpretation_zh_hans",
    "interpretation_en",
)


def _local(at: datetime) -> date:
    if timezone.is_naive(at):
        raise DomainError(_("A time must carry its time zone."), field="at")
    return timezone.localdate(at)


def _lock(clock: Clock) -> Clock:
    """Re-read the clock under a row lock: two clerks recording at once queue here."""
    return Clock.objects.select_for_update().select_related("standard__clause").get(pk=clock.pk)


def _remind_share(standard: ServiceStandard) -> float:
    return float(catalogue.parameter(standard, "remind_share"))


def _schedule(clock: Clock, standard: ServiceStandard) -> None:
    """(Re)compute due, reminder day and provisional flag from the clock's own fields."""
    snapshot = calendar_snapshot()
    past_days_off = bool(catalogue.parameter(standard, "past_days_off"))
    due = deadlines.due_date(
        unit=clock.unit,
        amount=clock.amount,
        start=clock.start_date,
        paused=clock.paused_days,
        snapshot=snapshot,
        past_days_off=past_days_off,
    )
    clock.due, clock.provisional, clock.calendar_version = (
        due.date,
        due.provisional,
        snapshot.version,
    )
    clock.remind_on = deadlines.remind_date(
        unit=clock.unit,
        amount=clock.amount,
        start=clock.start_date,
        paused=clock.paused_days,
        share=_remind_share(standard),
        snapshot=snapshot,
        past_days_off=past_days_off,
    )
    if clock.stopped_at is None:
        clock.period_date = clock.due


@transaction.atomic
def clock_start(
    *,
    subject: models.Model,
    code: str,
    company: Company,
    started_at: datetime,
    attrs: dict[str, Any] | None = None,
    department: Department | None = None,
    staff: Staff | None = None,
    is_key_account: bool = False,
    actor: Actor = None,
    before: datetime | None = None,
) -> Clock | None:
    """Start the clock of standard `code` for `subject`, with the version in force on the
    local date of `started_at` that applies to `attrs`. None when no standard applies (the
    company's profile has no such limit for this subject).

    A lead-time standard ("at least N days before", R-3.7.2) counts back from the event
    it announces, `before`, between instants: N days are N × 24 hours. The clock is due on
    the local date of that instant; a notice filed after the instant (at 23:00 for an
    outage at 08:00 the next day, 1 day ahead) is late even on that date, so its clock is
    due the day before it started."""
    start_date = _local(started_at)
    standard = standard_in_force(company=company, code=code, on=start_date, attrs=attrs)
    if standard is None:
        return None
    if standard.unit not in deadlines.DEADLINE_UNITS:
        raise DomainError(f"standard {code} is not a deadline", field="code")
    lead_time = standard.measure == ServiceStandard.Measure.LEAD_TIME
    if lead_time != (before is not None):
        raise DomainError(
            f"standard {code}: a lead time needs `before`, a deadline not", field="code"
        )
    clock = Clock(
        company=company,
        standard=standard,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        amount=standard.amount,
        unit=standard.unit,
        started_at=started_at,
        start_date=start_date,
        responsible_department=department,
        responsible_staff=staff,
        is_key_account=is_key_account,
    )
    if before is None:
        _schedule(clock, standard)
    else:
        due_at = before - timedelta(days=standard.amount)
        due = _local(due_at)
        if started_at > due_at:
            due = min(due, start_date - timedelta(days=1))
        _schedule_lead_time(clock, due)
    clock.save()
    payload = {"standard": code, "due": clock.due.isoformat(), "provisional": clock.provisional}
    audit_log(
        action="rules.clock.started",
        actor=actor,
        obj=clock,
        company=company,
        payload={**payload, "lead_time": True} if before else payload,
    )
    return clock


def _schedule_lead_time(clock: Clock, due: date) -> None:
    """Due, reminder and period on the last day the notice may be given. Filed after that
    day, the clock starts on it (the database keeps due >= start) and its stop is late.
    Calendar days need no holiday arrangement: never provisional (R-CAL-2)."""
    clock.start_date = min(clock.start_date, due)
    clock.due = clock.remind_on = clock.period_date = due
    clock.provisional, clock.calendar_version = False, calendar_snapshot().version


def breaches_open(clocks: Sequence[Clock]) -> list[Breach]:
    """Open the breach of each clock on its due date, or open its withdrawn breach again
    (R-3.9.1), in a few queries for the whole list; clocks whose breach is already open
    are left as they are. The responsible person is told; receivers of
    `breaches_opened` (the assessment ledger) act in the same transaction. The clocks
    come with their standard's clause and responsible person read."""
    if not clocks:
        return []
    now = timezone.now()
    existing = {b.clock_id: b for b in Breach.objects.filter(clock__in=[c.pk for c in clocks])}
    opened, reopened = [], []
    for clock in clocks:
        breach = existing.get(clock.pk)
        if breach is None:
            opened.append(
                Breach(
                    clock=clock,
                    company_id=clock.company_id,
                    clause_id=clock.standard.clause_id,
                    department_id=clock.responsible_department_id,
                    staff_id=clock.responsible_staff_id,
                    occurred_on=clock.due,
                    recorded_at=now,
                )
            )
        elif breach.status == Breach.Status.WITHDRAWN:
            breach.clock = clock
            breach.status, breach.withdrawn_reason = Breach.Status.ACTIVE, ""
            breach.occurred_on = clock.due
            reopened.append(breach)
    Breach.objects.bulk_create(opened, batch_size=1000)
    Breach.objects.bulk_update(reopened, ["status", "withdrawn_reason", "occurred_on"])
    for clock in clocks:
        if clock.responsible_staff_id:
            notify(
                recipient=clock.responsible_staff.user,  # type: ignore[union-attr]
                key=f"breach:{clock.pk}",
                title=_("Breached: %(clause)s %(title)s")
                % {"clause": clock.standard.clause.number, "title": clock.standard.localised_title},
                body=_("The limit was due on %(due)s.") % {"due": clock.due.isoformat()},
                kind="breach",
                subject=(clock.subject_type_id, clock.subject_id),
                company_id=clock.company_id,
                bulk=True,
            )
    breaches = opened + reopened
    if breaches:
        breaches_opened.send(sender=Breach, breaches=breaches)
    return breaches


def _breach_withdraw(clock: Clock, reason: str) -> None:
    Breach.objects.filter(clock=clock, status=Breach.Status.ACTIVE).update(
        status=Breach.Status.WITHDRAWN, withdrawn_reason=reason
    )


@transaction.atomic
def clock_stop(*, clock: Clock, at: datetime, actor: Actor = None) -> Clock:
    """Stop the clock by the event that ends it: met when its local date is on or before
    `due`, breached when after. A paused clock resumes at `at` first. An exempted clock
    stays exempted (never shown as met, R-2.10)."""
    clock = _lock(clock)
    if clock.stopped_at is not None:
        raise DomainError(_("This clock has already stopped."), field="at")
    stop_date = _local(at)
    if stop_date < clock.start_date:
        raise DomainError(_("The event cannot come before the clock started."), field="at")
    if clock.paused_since is not None:
        _resume(clock, at)
    clock.stopped_at = at
    clock.period_date = stop_date
    if clock.state != Clock.State.EXEMPTED:
        late = stop_date > clock.due
        clock.state = Clock.State.BREACHED if late else Clock.State.MET
        if late:
            breaches_open([clock])
        else:
            _breach_withdraw(clock, _("stopped in time"))
    clock.save()
    audit_log(
        action="rules.clock.stopped",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"at": at.isoformat(), "state": clock.state, "due": clock.due.isoformat()},
    )
    return clock


def _resume(clock: Clock, at: datetime) -> int:
    pause = ClockPause.objects.select_for_update().get(clock=clock, resumed_at__isnull=True)
    days = deadlines.paused_units(
        unit=clock.unit,
        paused_on=_local(pause.paused_at),
        resumed_on=_local(at),
        snapshot=calendar_snapshot(),
    )
    pause.resumed_at, pause.days = at, days
    pause.save(update_fields=["resumed_at", "days"])
    clock.paused_days += days
    clock.paused_since = None
    _schedule(clock, clock.standard)
    return days


@transaction.atomic
def clock_pause(*, clock: Clock, at: datetime, reason: str, actor: Actor) -> Clock:
    """Stop the clock for a customer-caused delay (the due date moves on resume)."""
    clock = _lock(clock)
    if not reason.strip():
        raise DomainError(_("Give the reason for stopping the clock."), field="reason")
    if clock.state != Clock.State.RUNNING or clock.paused_since is not None:
        raise DomainError(_("Only a running clock can be paused."), field="clock")
    if _local(at) > clock.due:
        raise DomainError(_("The clock was already past its due date."), field="at")
    ClockPause.objects.create(clock=clock, paused_at=at, reason=reason.strip())
    clock.paused_since = at
    clock.save(update_fields=["paused_since"])
    audit_log(
        action="rules.clock.paused",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"at": at.isoformat(), "reason": reason.strip()},
    )
    return clock


@transaction.atomic
def clock_resume(*, clock: Clock, at: datetime, actor: Actor) -> Clock:
    clock = _lock(clock)
    if clock.paused_since is None:
        raise DomainError(_("This clock is not paused."), field="clock")
    if at < clock.paused_since:
        raise DomainError(_("A clock cannot resume before it was paused."), field="at")
    old_due = clock.due
    days = _resume(clock, at)
    clock.save()
    audit_log(
        action="rules.clock.resumed",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"at": at.isoformat(), "paused": days, "from": str(old_due), "to": str(clock.due)},
    )
    return clock


@transaction.atomic
def clock_exemption_request(*, clock: Clock, reason: str, actor: User) -> ClockExemption:
    """Ask for "special circumstances excepted" (R-2.10); an approver decides."""
    clock = _lock(clock)
    if not reason.strip():
        raise DomainError(_("Give the special circumstances."), field="reason")
    if clock.state == Clock.State.EXEMPTED:
        raise DomainError(_("This clock is already exempted."), field="clock")
    if clock.exemptions.filter(status=ClockExemption.Status.PENDING).exists():
        raise DomainError(_("An exemption is already waiting for a decision."), field="clock")
    exemption = ClockExemption.objects.create(
        clock=clock, reason=reason.strip(), requested_by=actor, requested_at=timezone.now()
    )
    audit_log(
        action="rules.exemption.requested",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"reason": exemption.reason},
    )
    return exemption


@transaction.atomic
def clock_exemption_decide(
    *, exemption: ClockExemption, approve: bool, note: str, actor: User
) -> ClockExemption:
    """Approve or reject a pending exemption. The requester cannot approve their own."""
    exemption = ClockExemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.status != ClockExemption.Status.PENDING:
        raise DomainError(_("This exemption was already decided."), field="exemption")
    if approve and exemption.requested_by_id == actor.pk:
        raise DomainError(_("Someone else must approve your own request."), field="exemption")
    if not approve and not note.strip():
        raise DomainError(_("Give the reason for rejecting."), field="note")
    clock = _lock(exemption.clock)
    exemption.status = ClockExemption.Status.APPROVED if approve else ClockExemption.Status.REJECTED
    exemption.decided_by, exemption.decided_at = actor, timezone.now()
    exemption.decision_note = note.strip()
    exemption.save()
    if approve:
        clock.state = Clock.State.EXEMPTED
        clock.save(update_fields=["state"])
        _breach_withdraw(clock, _("exempted: %(reason)s") % {"reason": exemption.reason})
    audit_log(
        action="rules.exemption.approved" if approve else "rules.exemption.rejected",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"reason": exemption.reason, "note": exemption.decision_note},
    )
    return exemption


@transaction.atomic
def standard_revise(
    *,
    standard: ServiceStandard,
    amount: int,
    effective_from: date,
    reason: str,
    actor: User,
    parameters: dict[str, Any] | None = None,
) -> ServiceStandard:
    """A new version of a standard from `effective_from` (R-4.1, R-4.3): the old version
    ends that day; clocks already started keep the version they were started with."""
    current = (
        ServiceStandard.objects.select_for_update().select_related("profile").get(pk=standard.pk)
    )
    if not may_change_rules(actor, current.profile.company_id, CHANGE_STANDARD):
        raise PermissionDenied(_("Only the company that owns these rules may change them."))
    if current.effective_to is not None:
        raise DomainError(_("Only the version in force can be revised."), field="standard")
    if effective_from <= current.effective_from:
        raise DomainError(
            _("The new version must take effect after %(date)s.")
            % {"date": current.effective_from.isoformat()},
            field="effective_from",
        )
    if amount < 1:
        raise DomainError(_("The limit must be at least 1."), field="amount")
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    parameters = catalogue.validate_parameters(
        current.code, current.parameters if parameters is None else parameters
    )
    current.effective_to = effective_from
    current.save(update_fields=["effective_to"])
    revised = ServiceStandard.objects.create(
        profile=current.profile,
        clause=current.clause,
        code=current.code,
        variant=current.variant,
        title=current.title,
        title_en=current.title_en,
        measure=current.measure,
        amount=amount,
        unit=current.unit,
        applies_to=current.applies_to,
        parameters=parameters,
        module=current.module,
        **{field: getattr(current, field) for field in EXPLANATION_FIELDS},
        version=current.version + 1,
        effective_from=effective_from,
        change_reason=reason.strip(),
    )
    audit_log(
        action="rules.standard.revised",
        actor=actor,
        obj=revised,
        company=current.profile.company,
        payload={
            "profile": current.profile.code,
            "code": revised.code,
            "variant": revised.variant,
            "from": f"{current.amount} {current.unit}",
            "to": f"{revised.amount} {revised.unit}",
            "effective_from": effective_from.isoformat(),
            "reason": revised.change_reason,
        },
    )
    return revised


@transaction.atomic
def profile_adopt(
    *, company: Company, profile: RuleProfile, effective_from: date, actor: Actor
) -> RuleProfile:
    """The company takes a shared profile as its own from `effective_from` (R-1.3): a copy
    of its clauses and of the standards in force that day, owned by the company, which
    follows it from then on. Its marketing department then revises its own limits;
    the shared profile goes on unchanged for the other companies, and clocks already
    started keep the versions they were started with."""
    if actor is not None and not may_change_rules(actor, company, CHANGE_STANDARD):
        raise PermissionDenied(_("Only the company's own staff may adopt rules for it."))
    if profile.company_id == company.pk:
        raise DomainError(_("These rules are already the company's own."), field="profile")
    if effective_from < profile.effective_from:
        raise DomainError(
            _("The profile takes effect on %(date)s; adopt it on that day or later.")
            % {"date": profile.effective_from.isoformat()},
            field="effective_from",
        )
    code = f"{profile.code}-{company.code}"[:60]
    if RuleProfile.objects.filter(code=code).exists():
        raise DomainError(_("The company has already adopted these rules."), field="profile")
    own = RuleProfile.objects.create(
        code=code,
        company=company,
        name=profile.name,
        name_en=profile.name_en,
        effective_from=effective_from,
        source=profile.source,
    )
    clauses = {}
    for clause in profile.clauses.all():
        old_pk = clause.pk
        clause.pk, clause.profile = None, own
        clause.save()
        clauses[old_pk] = clause
    copies = []
    for standard in standards_in_force(profile=profile, on=effective_from):
        standard.pk, standard.profile = None, own
        standard.clause = clauses[standard.clause_id]
        standard.version, standard.effective_from, standard.effective_to = 1, effective_from, None
        standard.change_reason = _("Adopted from %(profile)s") % {"profile": profile.code}
        copies.append(standard)
    ServiceStandard.objects.bulk_create(copies)
    audit_log(
        action="rules.profile.adopted",
        actor=actor,
        obj=own,
        company=company,
        payload={"from": profile.code, "effective_from": effective_from.isoformat()},
    )
    profile_assign(company=company, profile=own, effective_from=effective_from, actor=actor)
    return own


@transaction.atomic
def profile_assign(
    *, company: Company, profile: RuleProfile, effective_from: date, actor: Actor
) -> ProfileAssignment:
    """From `effective_from` the company follows `profile`; earlier clocks keep theirs."""
    assignment, _created = ProfileAssignment.objects.update_or_create(
        company=company, effective_from=effective_from, defaults={"profile": profile}
    )
    audit_log(
        action="rules.profile.assigned",
        actor=actor,
        obj=assignment,
        company=company,
        payload={"profile": profile.code, "effective_from": effective_from.isoformat()},
    )
    return assignment


@transaction.atomic
def clock_end_with_subject(*, clock: Clock, at: datetime, reason: str, actor: User) -> Clock:
    """The record a clock belongs to ended without the event that stops it (an application
    withdrawn by the customer, or rejected): the obligation lapses. A clock already past its
    due date on that day stays a breach; one still in time is exempted with the reason and
    the actor as approver, so it shows as exempted, never as met (R-2.10)."""
    clock = _lock(clock)
    if clock.stopped_at is not None or clock.state == Clock.State.EXEMPTED:
        return clock
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    end_date = _local(at)
    if clock.paused_since is not None:
        _resume(clock, max(at, clock.paused_since))
    clock.stopped_at = max(at, clock.started_at)
    clock.period_date = max(end_date, clock.start_date)
    if clock.state == Clock.State.BREACHED or end_date > clock.due:
        clock.state = Clock.State.BREACHED
        breaches_open([clock])
    else:
        now = timezone.now()
        ClockExemption.objects.filter(clock=clock, status=ClockExemption.Status.PENDING).update(
            status=ClockExemption.Status.REVOKED, decided_by=actor, decided_at=now
        )
        ClockExemption.objects.create(
            clock=clock,
            reason=reason.strip(),
            requested_by=actor,
            requested_at=now,
            status=ClockExemption.Status.APPROVED,
            decided_by=actor,
            decided_at=now,
            decision_note=reason.strip(),
        )
        clock.state = Clock.State.EXEMPTED
    clock.save()
    audit_log(
        action="rules.clock.ended_with_subject",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={"at": at.isoformat(), "state": clock.state, "reason": reason.strip()},
    )
    return clock


@transaction.atomic
def clock_reassign(
    *,
    clock: Clock,
    department: Department | None,
    person: Staff | None,
    actor: Actor,
    reason: str,
) -> Clock:
    """Make another department and person responsible for a running clock, e.g. the visit
    clock of a key account whose contact changed (R-3.4.2, R-3.6.1): a breach of it is
    then theirs (R-3.9.1). A clock that has stopped, or is already past its due date,
    keeps the responsibility it was judged (or is being judged) under, unchanged."""
    clock = _lock(clock)
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    if (
        clock.stopped_at is not None
        or clock.state != Clock.State.RUNNING
        or clock.due < timezone.localdate()
    ):
        return clock
    before = (clock.responsible_department, clock.responsible_staff)
    if before == (department, person):
        return clock
    clock.responsible_department, clock.responsible_staff = department, person
    clock.save(update_fields=["responsible_department", "responsible_staff"])

    def names(dept: Department | None, staff: Staff | None) -> dict[str, str | None]:
        return {"department": dept.name if dept else None, "staff": staff.name if staff else None}

    audit_log(
        action="rules.clock.reassigned",
        actor=actor,
        obj=clock,
        company=clock.company,
        payload={
            "from": names(*before),
            "to": names(department, person),
            "reason": reason.strip(),
        },
    )
    return clock
