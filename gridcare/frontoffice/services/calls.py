"""Calls entered by hand and call-backs (R-2.8)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.instants import recorded_time
from gridcare.core.services import audit_log
from gridcare.frontoffice.cdr import outcome_of
from gridcare.frontoffice.models import CallBack, CallRecord
from gridcare.frontoffice.services.cdr_import import ring_measure
from gridcare.frontoffice.services.common import aware, staff_required
from gridcare.org.models import Company, Staff


@transaction.atomic
def call_record_manual(
    *,
    company: Company,
    caller: str,
    started_at: datetime,
    answered: bool,
    ring_seconds: float | None,
    agent: Staff | None,
    talk_seconds: int = 0,
    actor: Any,
) -> CallRecord:
    """A call the phone system did not record (R-2.8 "or manual entry"), measured by the
    same rule as an imported one."""
    staff_required(actor)
    started_at = aware(started_at, field="started_at")
    recorded_time(started_at, company=company, field="started_at")
    if (answered and ring_seconds is None) or (ring_seconds is not None and ring_seconds < 0):
        raise DomainError(_("Give how long the phone rang."), field="ring_seconds")
    # An unanswered call with a ring time was abandoned while ringing.
    ring_ms = None if ring_seconds is None else round(ring_seconds * 1000)
    if talk_seconds < 0:
        raise DomainError(_("The talk time cannot be negative."), field="talk_seconds")
    if agent is not None and agent.company_id != company.pk:
        raise DomainError(_("This agent works for another company."), field="agent")
    call_date = timezone.localdate(started_at)
    measure = ring_measure(company=company, on=call_date) if ring_ms is not None else None
    rings, outcome = outcome_of(ring_ms, measure, answered)
    answered_at = (
        started_at + timedelta(milliseconds=ring_ms) if answered and ring_ms is not None else None
    )
    call = CallRecord.objects.create(
        company=company,
        call_date=call_date,
        key=uuid.uuid4(),
        entered_by=actor,
        caller=caller.strip()[:80],
        agent=agent,
        started_at=started_at,
        answered_at=answered_at,
        duration=(ring_ms or 0) // 1000 + talk_seconds,
        billsec=talk_seconds if answered else 0,
        disposition=CallRecord.Disposition.ANSWERED
        if answered
        else CallRecord.Disposition.NO_ANSWER,
        ring_ms=ring_ms,
        rings=rings,
        outcome=outcome,
        standard_id=measure.standard_id if measure and rings is not None else None,
    )
    audit_log(
        action="frontoffice.call.entered",
        actor=actor,
        obj=call,
        company=company,
        payload={"caller": call.caller, "rings": rings, "outcome": outcome},
    )
    return call


@transaction.atomic
def call_back_record(
    *, call: CallRecord, reached: bool, note: str = "", at: datetime | None = None, actor: Any
) -> CallBack:
    """A call back of an unanswered caller; once the caller is reached the call leaves the
    list of calls waiting for a call back."""
    staff = staff_required(actor)
    at = aware(at)
    call = CallRecord.objects.select_for_update().get(pk=call.pk)
    if call.answered_at is not None:
        raise DomainError(_("Only an unanswered call is called back."), field="call")
    if call.called_back_at is not None:
        raise DomainError(_("This caller was already called back."), field="call")
    if at < call.started_at:
        raise DomainError(_("A call back cannot come before the call."), field="at")
    callback = CallBack.objects.create(
        call=call, at=at, by=staff, reached=reached, note=note.strip()
    )
    if reached:
        call.called_back_at = at
        call.save(update_fields=["called_back_at"])
    audit_log(
        action="frontoffice.call.called_back",
        actor=actor,
        obj=call,
        company=call.company,
        payload={"reached": reached, "note": callback.note},
    )
    return callback
