"""Writes of connection applications: receipt, steps, ending, and the clock summary.

Each step is an event that moves the status along TRANSITIONS and stops and starts the
clocks of the measures engine as EVENTS says (API.md "Standard codes an application
carries"). Every call is one transaction under a row lock on the application, so two
clerks recording the same step at once cannot both succeed (DESIGN.md conventions 1, 3, 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.applications.models import (
    NO_DUE,
    Application,
    ApplicationCounter,
    ApplicationStep,
    EnergizationCondition,
)
from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log
from gridcare.customers.models import Category, Customer
from gridcare.org.models import Company, Department, Staff
from gridcare.rules.models import Clock
from gridcare.rules.services import clock_end_with_subject, clock_start, clock_stop

Actor = User | AnonymousUser | None
Status = Application.Status


@dataclass(frozen=True)
class Event:
    """What recording a step does to the application and its clocks."""

    status: str
    stops: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    #: Started when the last of the energization conditions holds (R-2.11).
    starts_on_conditions: tuple[str, ...] = ()


#: Receipt starts the plan reply clock and, for residential lighting, its energization
#: clock (R-2.10). The events of the API (API.md) and the UI:
RECEIPT_STARTS = ("application.plan_reply", "application.residential_energize")
EVENTS: dict[str, Event] = {
    "plan_replied": Event(Status.PLAN_REPLIED, stops=("application.plan_reply",)),
    "acceptance_passed": Event(
        Status.ACCEPTANCE_PASSED,
        starts=("keyaccount.energize",),
        starts_on_conditions=("application.energize",),
    ),
    "energized": Event(
        Status.ENERGIZED,
        stops=(
            "application.energize",
            "keyaccount.energize",
            "application.residential_energize",
        ),
    ),
}
EVENT_FOR_STATUS = {event.status: code for code, event in EVENTS.items()}


def _next_number(company: Company, year: int) -> str:
    """YK2025-000123: the next number of the company's year, under a row lock."""
    for _attempt in range(3):
        counter = (
            ApplicationCounter.objects.select_for_update()
            .filter(company=company, year=year)
            .first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    counter = ApplicationCounter.objects.create(company=company, year=year)
            except IntegrityError:
                # Another receipt created this year's counter at the same moment.
                continue
            counter = ApplicationCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"YK{year}-{counter.last:06d}"
    raise DomainError(_("Could not number the application; try again."))


def _start_clocks(
    application: Application, codes: tuple[str, ...], at: datetime, actor: Actor
) -> list[Clock]:
    started = []
    for code in codes:
        clock = clock_start(
            subject=application,
            code=code,
            company=application.company,
            started_at=at,
            attrs=application.clock_attrs(),
            department=application.responsible_department,
            staff=application.responsible_staff,
            is_key_account=application.is_key_account,
            actor=actor,
        )
        if clock is not None:
            started.append(clock)
    return started


def _clocks(application: Application) -> list[Clock]:
    return list(
        Clock.objects.filter(
            subject_type=ContentType.objects.get_for_model(Application),
            subject_id=application.pk,
        ).select_related("standard")
    )


def application_refresh_clocks(*, application_id: int) -> None:
    """Keep the application's summary of its clocks (next due date, reminder date, breach)
    in step with the clocks; called whenever one of its clocks is saved."""
    clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Application), subject_id=application_id
    )
    running = clocks.filter(state=Clock.State.RUNNING, stopped_at__isnull=True).aggregate(
        due=Min("due"), remind=Min("remind_on")
    )
    Application.objects.filter(pk=application_id).update(
        next_due=running["due"] or NO_DUE,
        remind_from=running["remind"] or NO_DUE,
        has_breach=clocks.filter(state=Clock.State.BREACHED).exists(),
    )


@transaction.atomic
def application_receive(
    *,
    company: Company,
    customer: Customer,
    kind: str,
    received_at: datetime,
    actor: Actor,
    residential_lighting: bool = False,
    requested_capacity_kva: int | None = None,
    note: str = "",
    department: Department | None = None,
    staff: Staff | None = None,
) -> Application:
    """Receive a new connection or capacity increase: number it, record the receipt and
    start its clocks (R-2.10)."""
    recorded_time(received_at, company=company, field="received_at")
    if customer.company_id != company.pk:
        raise DomainError(_("This customer belongs to another company."), field="customer")
    if kind not in Application.Kind.values:
        raise DomainError(_("Unknown kind of application."), field="kind")
    if residential_lighting and customer.category != Category.RESIDENTIAL:
        raise DomainError(
            _("Residential lighting applies to residential customers only."),
            field="residential_lighting",
        )
    year = timezone.localdate(received_at).year
    application = Application.objects.create(
        company=company,
        number=_next_number(company, year),
        customer=customer,
        kind=kind,
        residential_lighting=residential_lighting,
        received_at=received_at,
        requested_capacity_kva=requested_capacity_kva,
        note=note.strip(),
        voltage=customer.voltage,
        supply_sources=customer.supply_sources,
        town=customer.town,
        is_key_account=customer.is_key_account,
        responsible_department=department,
        responsible_staff=staff,
    )
    user = actor if isinstance(actor, User) else None
    ApplicationStep.objects.create(
        application=application,
        step=Status.RECEIVED,
        at=received_at,
        recorded_by=user,
        recorded_at=timezone.now(),
        note=note.strip(),
    )
    audit_log(
        action="applications.application.received",
        actor=actor,
        obj=application,
        payload={
            "customer": customer.account_number,
            "kind": kind,
            "residential_lighting": residential_lighting,
            "received_at": received_at.isoformat(),
        },
    )
    _start_clocks(application, RECEIPT_STARTS, received_at, actor)
    application.refresh_from_db()
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("company").get(pk=application.pk)


def _last_step(application: Application) -> ApplicationStep:
    return application.steps.order_by("-at", "-id").select_related("recorded_by")[0]


def _refuse(application: Application, target: str) -> TransitionError:
    """The clear message for a step that cannot be recorded now."""
    done = application.steps.filter(step=target).select_related("recorded_by").first()
    if done is not None:
        who = done.recorded_by.get_username() if done.recorded_by else _("the system")
        return TransitionError(
            _("“%(step)s” was already recorded by %(who)s for %(at)s.")
            % {
                "step": Status(target).label,
                "who": who,
                "at": date_format(timezone.localtime(done.at), "Y-m-d H:i"),
            },
            field="type",
            code="already_recorded",
        )
    return TransitionError(
        _("“%(step)s” cannot be recorded while the application is at “%(status)s”.")
        % {"step": Status(target).label, "status": Status(application.status).label},
        field="type",
        code="out_of_order",
    )


def _conditions(
    application: Application,
    spec: Event,
    at: datetime,
    conditions_met_at: datetime | None,
    procedures_completed_at: datetime | None,
) -> dict[str, datetime]:
    """The time each energization condition holds (R-2.11), each defaulting to the
    acceptance's; given with another event they are refused."""
    given = {
        EnergizationCondition.Condition.CONDITIONS_MET: conditions_met_at,
        EnergizationCondition.Condition.PROCEDURES_COMPLETED: procedures_completed_at,
    }
    if not spec.starts_on_conditions:
        for condition, when in given.items():
            if when is not None:
                raise DomainError(
                    _("Only the completion acceptance carries the energization conditions."),
                    field=f"{condition}_at",
                )
        return {}
    times = {EnergizationCondition.Condition.ACCEPTANCE_PASSED.value: at}
    for condition, when in given.items():
        if when is not None:
            recorded_time(when, company=application.company, field=f"{condition}_at")
            if when < application.received_at:
                raise DomainError(
                    _("A condition cannot hold before the application was received."),
                    field=f"{condition}_at",
                )
        times[condition.value] = at if when is None else when
    return times


@transaction.atomic
def application_record_event(
    *,
    application: Application,
    event: str,
    at: datetime,
    actor: Actor,
    note: str = "",
    conditions_met_at: datetime | None = None,
    procedures_completed_at: datetime | None = None,
) -> Application:
    """Record a step (plan_replied, acceptance_passed, energized) at time `at`.

    The completion acceptance also records when the power-on conditions held and the
    procedures were complete (each defaulting to `at`) and who confirmed them; 2.11's
    clock starts at the latest of the three (R-2.11).

    Out of order or already recorded: a TransitionError and nothing changes. Recording
    exactly the same step with the same time again is harmless (nothing changes), so a
    system that resends an event does no damage.
    """
    spec = EVENTS.get(event)
    if spec is None:
        raise DomainError(_("Unknown event."), field="type")
    recorded_time(at, company=application.company, field="at")
    conditions = _conditions(application, spec, at, conditions_met_at, procedures_completed_at)
    application = _locked(application)
    recorded = application.steps.filter(step=spec.status).first()
    if recorded is not None and recorded.at == at:
        return application
    if spec.status not in Application.TRANSITIONS[application.status]:
        raise _refuse(application, spec.status)
    last = _last_step(application)
    if at < last.at:
        raise DomainError(
            _("This step cannot come before the previous one (%(at)s).")
            % {"at": date_format(timezone.localtime(last.at), "Y-m-d H:i")},
            field="at",
        )
    held = application.conditions.aggregate(latest=Max("at"))["latest"]
    if spec.status == Status.ENERGIZED and held is not None and at < held:
        raise DomainError(
            _("Energization cannot come before the power-on conditions held (%(at)s).")
            % {"at": date_format(timezone.localtime(held), "Y-m-d H:i")},
            field="at",
        )
    user = actor if isinstance(actor, User) else None
    ApplicationStep.objects.create(
        application=application,
        step=spec.status,
        at=at,
        recorded_by=user,
        recorded_at=timezone.now(),
        note=note.strip(),
    )
    previous = application.status
    application.status = spec.status
    application.save(update_fields=["status"])
    EnergizationCondition.objects.bulk_create(
        EnergizationCondition(
            application=application,
            condition=condition,
            at=when,
            confirmed_by=user,
            recorded_at=timezone.now(),
        )
        for condition, when in conditions.items()
    )
    payload: dict[str, Any] = {"at": at.isoformat(), "from": previous, "note": note.strip()}
    if conditions:
        payload["conditions"] = {name: when.isoformat() for name, when in conditions.items()}
    audit_log(
        action=f"applications.application.{event}", actor=actor, obj=application, payload=payload
    )
    for clock in _clocks(application):
        if clock.standard.code in spec.stops and clock.stopped_at is None:
            clock_stop(clock=clock, at=at, actor=actor)
    _start_clocks(application, spec.starts, at, actor)
    if conditions:
        _start_clocks(application, spec.starts_on_conditions, max(conditions.values()), actor)
    application.refresh_from_db()
    return application


@transaction.atomic
def application_close(*, application: Application, at: datetime, actor: Actor) -> Application:
    """Close an energized application (the file is complete)."""
    recorded_time(at, company=application.company, field="at")
    application = _locked(application)
    if Status.CLOSED not in Application.TRANSITIONS[application.status]:
        raise _refuse(application, Status.CLOSED)
    at = max(at, _last_step(application).at)
    ApplicationStep.objects.create(
        application=application,
        step=Status.CLOSED,
        at=at,
        recorded_by=actor if isinstance(actor, User) else None,
        recorded_at=timezone.now(),
    )
    application.status = Status.CLOSED
    application.save(update_fields=["status"])
    audit_log(
        action="applications.application.closed",
        actor=actor,
        obj=application,
        payload={"at": at.isoformat()},
    )
    return application


@transaction.atomic
def application_end(
    *, application: Application, outcome: str, at: datetime, reason: str, actor: User
) -> Application:
    """Withdrawn by the customer or rejected by the company, with the reason. Clocks still in
    time lapse (shown exempted with the reason); clocks already late stay breaches."""
    if outcome not in (Status.WITHDRAWN, Status.REJECTED):
        raise DomainError(_("Unknown outcome."), field="outcome")
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    recorded_time(at, company=application.company, field="at")
    application = _locked(application)
    if outcome not in Application.TRANSITIONS[application.status]:
        raise _refuse(application, outcome)
    at = max(at, _last_step(application).at)
    ApplicationStep.objects.create(
        application=application,
        step=outcome,
        at=at,
        recorded_by=actor,
        recorded_at=timezone.now(),
        note=reason.strip(),
    )
    application.status = outcome
    application.save(update_fields=["status"])
    audit_log(
        action=f"applications.application.{outcome}",
        actor=actor,
        obj=application,
        payload={"at": at.isoformat(), "reason": reason.strip()},
    )
    label = Status(outcome).label
    for clock in _clocks(application):
        if clock.stopped_at is None:
            clock_end_with_subject(
                clock=clock, at=at, reason=f"{label}: {reason.strip()}", actor=actor
            )
    application.refresh_from_db()
    return application


def applications_follow_key_account(*, customer: Any, value: bool) -> int:
    """A customer became (or stopped being) a key account: its open applications re-sort
    (R-3.7.3). Clocks already started keep the standards they were started with."""
    return Application.objects.filter(customer=customer, status__in=Application.OPEN).update(
        is_key_account=value
    )
