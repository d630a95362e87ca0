"""Writes of follow-up calls (R-3.8.2): the settings, the daily queueing of a sample of
closed records, and the result of each call. A dissatisfied answer goes back to the
record's owner (see `gridcare.followups.reopen`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.services import audit_log
from gridcare.followups.models import FollowupCall, FollowupScan, FollowupSettings
from gridcare.followups.sampling import in_sample
from gridcare.followups.selectors import closed_records, settings_for
from gridcare.org.models import Company
from gridcare.org.selectors import staff_of
from gridcare.workdays.selectors import calendar_snapshot

#: A scan looks this far back before its last mark: a record closed with an earlier time
#: than when it was entered is still found (the unique constraints make the overlap safe).
LOOKBACK = timedelta(days=7)
#: The first scan of a company looks back this far.
FIRST_SCAN = timedelta(days=30)

#: What the caller can record: the two answers, or an attempt that reached nobody.
NO_ANSWER = "no_answer"
OUTCOMES = (FollowupCall.Result.SATISFIED, FollowupCall.Result.DISSATISFIED, NO_ANSWER)

ACTION = {
    FollowupCall.State.QUEUED: "attempted",
    FollowupCall.State.DONE: "reached",
    FollowupCall.State.UNREACHABLE: "unreachable",
}

SETTINGS_FIELDS = (
    "sample_percent",
    "every_complaint",
    "sample_matters",
    "sample_applications",
    "sample_faults",
    "seed",
    "due_working_days",
    "max_attempts",
)


@transaction.atomic
def followup_settings_update(*, company: Company, actor: Any, **values: Any) -> FollowupSettings:
    """Change how calls are sampled (the supervision department). Audited with the old and
    new value of each field changed; calls already queued stay as they are."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(_("Unknown setting: %(name)s.") % {"name": ", ".join(sorted(unknown))})
    limits = {"sample_percent": (0, 100), "due_working_days": (1, 30), "max_attempts": (1, 10)}
    for name, (low, high) in limits.items():
        if name in values and not low <= int(values[name]) <= high:
            raise DomainError(
                _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high},
                field=name,
            )
    current = FollowupSettings.objects.select_for_update().filter(company=company).first()
    current = current or FollowupSettings(company=company)
    changes = {
        name: [getattr(current, name), value]
        for name, value in values.items()
        if getattr(current, name) != value
    }
    if current.pk and not changes:
        return current
    for name, value in values.items():
        setattr(current, name, value)
    current.updated_at, current.updated_by = timezone.now(), actor
    current.save()
    audit_log(
        action="followups.settings.changed",
        actor=actor,
        obj=current,
        company=company,
        payload={"changes": changes},
    )
    return current


def _kinds(settings: FollowupSettings) -> set[str]:
    kind = FollowupCall.Kind
    wanted: dict[str, bool] = {
        kind.MATTER: settings.sample_matters,
        kind.APPLICATION: settings.sample_applications,
        kind.FAULT: settings.sample_faults,
    }
    kinds = {k for k, on in wanted.items() if on}
    if settings.every_complaint:
        kinds.add(kind.MATTER)
    return kinds


def _reason(settings: FollowupSettings, kind: str, record_id: int, is_complaint: bool) -> str:
    """Why the record is called back, or "" when it is not."""
    if is_complaint and settings.every_complaint:
        return FollowupCall.Reason.COMPLAINT
    sampled: dict[str, bool] = {
        FollowupCall.Kind.MATTER: settings.sample_matters,
        FollowupCall.Kind.APPLICATION: settings.sample_applications,
        FollowupCall.Kind.FAULT: settings.sample_faults,
    }
    if sampled[kind] and in_sample(
        seed=settings.seed, kind=kind, record_id=record_id, percent=settings.sample_percent
    ):
        return FollowupCall.Reason.SAMPLE
    return ""


@transaction.atomic
def followups_queue(
    *,
    company: Company,
    until: datetime | None = None,
    since: datetime | None = None,
    actor: Any = None,
) -> int:
    """Queue a follow-up call for the sampled records closed since the last scan (the daily
    task; R-3.8.2). Idempotent: a record is queued at most once (named unique constraints),
    and the company's scan row is locked, so two scans never race. Returns how many calls
    were queued."""
    now = until or timezone.now()
    scan, _created = FollowupScan.objects.select_for_update().get_or_create(
        company=company, defaults={"scanned_until": now - FIRST_SCAN}
    )
    start = since or min(scan.scanned_until - LOOKBACK, now)
    settings = settings_for(company)
    records = list(closed_records(company=company, since=start, until=now, kinds=_kinds(settings)))
    field_of: dict[str, str] = {
        FollowupCall.Kind.MATTER: "matter_id",
        FollowupCall.Kind.APPLICATION: "application_id",
        FollowupCall.Kind.FAULT: "fault_id",
    }
    queued_already: set[tuple[str, int]] = set()
    for kind, field in field_of.items():
        ids = [r.record_id for r in records if r.kind == kind]
        if ids:
            existing = FollowupCall.objects.filter(**{f"{field}__in": ids}).values_list(
                field, flat=True
            )
            queued_already.update((kind, pk) for pk in existing)
    due = calendar_snapshot().add_working_days(timezone.localdate(now), settings.due_working_days)
    count = 0
    for record in records:
        if (record.kind, record.record_id) in queued_already:
            continue
        reason = _reason(settings, record.kind, record.record_id, record.is_complaint)
        if not reason:
            continue
        call = FollowupCall.objects.create(
            company=company,
            kind=record.kind,
            reason=reason,
            department_id=record.department_id,
            customer_name=record.customer_name[:100],
            phone=record.phone,
            closed_at=record.closed_at,
            queued_at=now,
            due=due.date,
            **{field_of[record.kind]: record.record_id},
        )
        audit_log(
            action="followups.call.queued",
            actor=actor,
            obj=call,
            company=company,
            payload={"reason": reason, "due": call.due.isoformat(), "seed": settings.seed},
        )
        count += 1
    if now > scan.scanned_until:
        scan.scanned_until = now
        scan.save(update_fields=["scanned_until"])
    return count


def _check(call: FollowupCall, target: str) -> None:
    if target not in FollowupCall.TRANSITIONS[call.state]:
        if call.state == FollowupCall.State.DONE and call.called_by is not None:
            raise TransitionError(
                _("%(name)s already recorded this call at %(time)s.")
                % {
                    "name": call.called_by.name,
                    "time": date_format(
                        timezone.localtime(call.called_at), "SHORT_DATETIME_FORMAT"
                    ),
                },
                field="outcome",
            )
        raise TransitionError(
            _("This call is %(state)s already; nothing was changed.")
            % {"state": call.get_state_display()},
            field="outcome",
        )


@transaction.atomic
def followup_call_record(
    *,
    call: FollowupCall,
    outcome: str,
    comment: str = "",
    actor: Any,
    at: datetime | None = None,
    attempts_seen: int | None = None,
) -> FollowupCall:
    """Record one follow-up call (R-3.8.2): the customer answered satisfied or dissatisfied,
    or did not answer (counted; the last allowed attempt makes the call unreachable). The
    row is locked, so of two officers recording the same call one wins and the other is
    told who did; `attempts_seen` (what the officer's page showed) also catches an attempt
    recorded in between. A dissatisfied answer needs the customer's words and goes back to
    the owner of the record."""
    from gridcare.followups.reopen import return_to_owner

    staff = staff_of(actor)
    if staff is None:
        raise DomainError(_("Only a member of staff can do this."), field="actor")
    if outcome not in OUTCOMES:
        raise DomainError(_("Choose what the customer answered."), field="outcome")
    comment = comment.strip()
    if outcome == FollowupCall.Result.DISSATISFIED and not comment:
        raise DomainError(
            _("Write down why the customer is dissatisfied: the owner works from it."),
            field="comment",
        )
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise DomainError(_("A time must carry its time zone."), field="at")
    if at > timezone.now() + timedelta(minutes=5):
        raise DomainError(_("This time is in the future."), field="at")
    call = (
        # Not joined to who called: after waiting for the lock, PostgreSQL re-reads the
        # locked row but not the rows joined to it, so the winner would read as nobody.
        FollowupCall.objects.select_for_update().select_related("company").get(pk=call.pk)
    )
    settings = settings_for(call.company)
    if outcome == NO_ANSWER:
        target = (
            FollowupCall.State.UNREACHABLE
            if call.attempts + 1 >= settings.max_attempts
            else FollowupCall.State.QUEUED
        )
    else:
        target = FollowupCall.State.DONE
    _check(call, target)
    if attempts_seen is not None and attempts_seen != call.attempts:
        raise DomainError(
            _("Someone recorded an attempt on this call meanwhile; look again and retry."),
            field="outcome",
        )
    if at < call.closed_at:
        raise DomainError(_("The call cannot come before the record was closed."), field="at")
    previous = call.state
    call.attempts += 1
    call.last_attempt_at = at
    call.state = target
    if target == FollowupCall.State.DONE:
        call.result, call.comment = outcome, comment
        call.called_by, call.called_at = staff, at
    elif comment:
        call.comment = comment
    call.save()
    payload: dict[str, Any] = {"from": previous, "outcome": outcome, "attempt": call.attempts}
    if comment:
        payload["comment"] = comment
    if outcome == FollowupCall.Result.DISSATISFIED:
        matter = return_to_owner(call=call, actor=actor)
        call.followup_matter = matter
        call.save(update_fields=["followup_matter"])
        payload["matter"] = matter.reference
    audit_log(
        action=f"followups.call.{ACTION[target]}",
        actor=actor,
        obj=call,
        company=call.company,
        payload=payload,
    )
    return call
