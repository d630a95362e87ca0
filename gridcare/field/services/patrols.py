"""Special patrols a key account asks for (R-3.7.1, issue 7 item 4).

A request comes from the portal (the customer proves who they are with the account number
and a phone number on file; the portal checks that) or from the account's key-account
contact. It records what the customer wants patrolled and when. Production technology
schedules it (a unit and a date), which makes a special-patrol inspection done and
recorded like any other, or declines it with a reason. Every step is audited.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.customers.models import Customer
from gridcare.field.models import PatrolRequest
from gridcare.field.services.common import Actor, aware, check_transition, require_text
from gridcare.field.services.inspections import special_patrol_request
from gridcare.org.models import Department

#: How far ahead a customer may ask for a patrol: beyond it the plan is not yet known.
REQUEST_HORIZON_DAYS = 90


@transaction.atomic
def patrol_request_create(
    *,
    customer: Customer,
    channel: str,
    requested_by: str,
    what: str,
    wanted_from: date,
    wanted_to: date,
    phone: str = "",
    requested_at: datetime | None = None,
    actor: Actor,
) -> PatrolRequest:
    """Record a key account's request for a special patrol: what and when it wants."""
    if not customer.is_key_account:
        raise DomainError(_("Special patrols are for key accounts."), field="customer")
    if channel not in PatrolRequest.Channel.values:
        raise DomainError(_("Say where the request came from."), field="channel")
    requested_at = aware(requested_at or timezone.now(), "requested_at")
    today = timezone.localdate(requested_at)
    if wanted_from < today:
        raise DomainError(_("The patrol cannot be wanted in the past."), field="wanted_from")
    if wanted_to < wanted_from:
        raise DomainError(_("The last day must not come before the first."), field="wanted_to")
    if wanted_to > today + timedelta(days=REQUEST_HORIZON_DAYS):
        raise DomainError(
            _("Ask at most %(n)d days ahead.") % {"n": REQUEST_HORIZON_DAYS}, field="wanted_to"
        )
    request = PatrolRequest.objects.create(
        company_id=customer.company_id,
        customer=customer,
        channel=channel,
        requested_by=require_text(requested_by, "requested_by", _("Say who is asking.")),
        phone=phone.strip(),
        what=require_text(what, "what", _("Say what should be patrolled.")),
        wanted_from=wanted_from,
        wanted_to=wanted_to,
        requested_at=requested_at,
    )
    audit_log(
        action="field.patrol_request.created",
        actor=actor,
        obj=request,
        payload={
            "channel": channel,
            "customer": customer.account_number,
            "from": wanted_from.isoformat(),
            "to": wanted_to.isoformat(),
        },
    )
    return request


def _lock(request: PatrolRequest) -> PatrolRequest:
    return PatrolRequest.objects.select_for_update().select_related("customer").get(pk=request.pk)


@transaction.atomic
def patrol_request_schedule(
    *, request: PatrolRequest, unit: Department, scheduled_for: date, actor: Actor
) -> PatrolRequest:
    """Assign the unit and the date: the special patrol is then planned like an
    inspection (and recorded on the same phone form)."""
    request = _lock(request)
    check_transition(request, PatrolRequest.Status.SCHEDULED, PatrolRequest.TRANSITIONS)
    if scheduled_for < timezone.localdate():
        raise DomainError(_("Schedule it for today or later."), field="scheduled_for")
    channel = request.get_channel_display()
    request.inspection = special_patrol_request(
        customer=request.customer,
        requested_by=f"{request.requested_by} ({channel})",
        unit=unit,
        scheduled_for=scheduled_for,
        actor=actor,
    )
    request.status, request.decided_at = PatrolRequest.Status.SCHEDULED, timezone.now()
    request.save(update_fields=["inspection", "status", "decided_at"])
    audit_log(
        action="field.patrol_request.scheduled",
        actor=actor,
        obj=request,
        payload={
            "inspection": request.inspection.pk,
            "unit": unit.code,
            "on": scheduled_for.isoformat(),
            "within_wish": request.wanted_from <= scheduled_for <= request.wanted_to,
        },
    )
    return request


@transaction.atomic
def patrol_request_decline(*, request: PatrolRequest, reason: str, actor: Actor) -> PatrolRequest:
    """Decline a request (a duplicate, or a patrol already planned), saying why."""
    request = _lock(request)
    check_transition(request, PatrolRequest.Status.DECLINED, PatrolRequest.TRANSITIONS)
    request.decline_reason = require_text(reason, "reason", _("Say why it is declined."))[:300]
    request.status, request.decided_at = PatrolRequest.Status.DECLINED, timezone.now()
    request.save(update_fields=["decline_reason", "status", "decided_at"])
    audit_log(
        action="field.patrol_request.declined",
        actor=actor,
        obj=request,
        payload={"reason": request.decline_reason},
    )
    return request
