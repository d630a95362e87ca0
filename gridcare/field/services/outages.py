"""Outage plans and their notices (R-3.7.2).

Filing a plan finds the customers of its feeders (key accounts flagged), generates the
notice to the department (marketing for a planned outage, the CSC for a temporary one)
and one to the customers, and, when the outage affects a key account, holds the department
notice to its lead time (the clause is about key accounts; other outages show their lead
time without assessing it).

The lead time is a clock of standard `outage.planned_notice` (7 days) or
`outage.temporary_notice` (1 day): the notice must reach the department N × 24 hours before
the outage starts, measured between instants. rules.services.clock_start counts the lead
time back from the outage's start (`before=`), with the calendar version like every clock:
the clock starts on the day the plan is filed, or on its due date when the plan is filed
after it; the department notice, delivered in-app when the plan is filed, stops it through
rules.services.clock_stop, which marks a late one breached and opens its breach for the
assessment ledger. Breaches therefore reach the compliance matrix through the clocks.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log, notify
from gridcare.customers.models import Customer
from gridcare.field.channels import ChannelError, adapter_for
from gridcare.field.models import (
    AffectedCustomer,
    Delivery,
    Feeder,
    FeederCustomer,
    OutageNotice,
    OutagePlan,
)
from gridcare.field.services.common import Actor, aware, check_transition, next_number
from gridcare.org.models import Company, Department, Staff
from gridcare.rules import catalogue
from gridcare.rules.selectors import standard_in_force
from gridcare.rules.services import clock_start, clock_stop

NOTICE_CODE = {
    OutagePlan.Kind.PLANNED: "outage.planned_notice",
    OutagePlan.Kind.TEMPORARY: "outage.temporary_notice",
}


def _affected_customers(feeders: list[Feeder]) -> list[Customer]:
    ids = FeederCustomer.objects.filter(feeder__in=feeders).values("customer_id")
    return list(Customer.objects.filter(pk__in=ids).order_by("-is_key_account", "pk"))


def _window(plan: OutagePlan) -> str:
    start = timezone.localtime(plan.starts_at)
    end = timezone.localtime(plan.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def _customer_text(plan: OutagePlan, feeders: list[Feeder]) -> str:
    return _(
        "Power supply notice: %(kind)s outage %(window)s on %(feeders)s (%(town)s) for "
        "%(work)s. We apologise for the inconvenience."
    ) % {
        "kind": plan.get_kind_display(),
        "window": _window(plan),
        "feeders": "、".join(f.name for f in feeders),
        "town": plan.town or "—",
        "work": plan.title,
    }


def _department_text(plan: OutagePlan, affected: list[Customer]) -> str:
    keys = [c for c in affected if c.is_key_account]
    lines = [
        _("%(number)s: %(kind)s outage %(window)s, %(work)s.")
        % {
            "number": plan.number,
            "kind": plan.get_kind_display(),
            "window": _window(plan),
            "work": plan.title,
        },
        _("Customers affected: %(n)d, of which key accounts: %(k)d.")
        % {"n": len(affected), "k": len(keys)},
    ]
    lines += [f"★ {c.account_number} {c.name}" for c in keys]
    return "\n".join(lines)


def _department_for(company: Company, kind: str) -> Department | None:
    return (
        Department.objects.filter(company=company, kind=kind, is_active=True).order_by("pk").first()
    )


@transaction.atomic
def outage_file(
    *,
    company: Company,
    kind: str,
    title: str,
    feeders: list[Feeder],
    starts_at: datetime,
    ends_at: datetime,
    filed_at: datetime | None = None,
    reason: str = "",
    town: str = "",
    actor: Actor = None,
) -> OutagePlan:
    """File an outage plan (R-3.7.2): affected customers from the feeders, the notices,
    and the lead-time clock of the department notice, stopped by its in-app delivery."""
    if kind not in OutagePlan.Kind.values:
        raise DomainError(_("Choose planned or temporary."), field="kind")
    if not title.strip():
        raise DomainError(_("Say what work the outage is for."), field="title")
    if not feeders:
        raise DomainError(_("Choose at least one feeder."), field="feeders")
    if any(f.company_id != company.pk for f in feeders):
        raise DomainError(_("A feeder belongs to another company."), field="feeders")
    aware(starts_at, "starts_at")
    if aware(ends_at, "ends_at") <= starts_at:
        raise DomainError(_("The outage must end after it starts."), field="ends_at")
    filed_at = aware(filed_at or timezone.now(), "filed_at")
    if filed_at >= starts_at:
        raise DomainError(_("An outage plan is filed before the outage."), field="starts_at")
    plan = OutagePlan.objects.create(
        company=company,
        number=next_number(OutagePlan, company.pk, "TD"),
        kind=kind,
        title=title.strip(),
        reason=reason.strip(),
        town=town.strip() or feeders[0].town,
        starts_at=starts_at,
        ends_at=ends_at,
        filed_at=filed_at,
        filed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    plan.feeders.set(feeders)
    affected = _affected_customers(feeders)
    AffectedCustomer.objects.bulk_create(
        AffectedCustomer(outage=plan, customer=c, is_key_account=c.is_key_account) for c in affected
    )
    code = NOTICE_CODE[OutagePlan.Kind(kind)]
    attrs = {"outage_type": kind}
    filer = getattr(actor, "staff", None) if actor is not None else None
    # is about key accounts: only an outage that affects one is held to the lead
    # time; the others are notified all the same, their lead time shown, not assessed.
    clock = None
    if any(c.is_key_account for c in affected):
        clock = clock_start(
            subject=plan,
            code=code,
            company=company,
            started_at=filed_at,
            before=starts_at,
            attrs=attrs,
            department=filer.department if filer else _department_for(company, "dispatch"),
            staff=filer,
            is_key_account=True,
            actor=actor,
        )
    standard = standard_in_force(
        company=company, code=code, on=timezone.localdate(filed_at), attrs=attrs
    )
    recipient_kind = (
        catalogue.parameter(standard, "recipient")
        if standard
        else catalogue.entry(code).parameter("recipient").default
    )
    _department_notice(plan, affected, _department_for(company, recipient_kind), filed_at)
    if clock is not None:
        clock = clock_stop(clock=clock, at=filed_at, actor=actor)
    _customer_notice(plan, feeders, affected, filed_at)
    audit_log(
        action="field.outage.filed",
        actor=actor,
        obj=plan,
        company=company,
        payload={
            "kind": kind,
            "starts_at": starts_at.isoformat(),
            "affected": len(affected),
            "key_accounts": sum(c.is_key_account for c in affected),
            "notice_state": clock.state if clock else None,
        },
    )
    return plan


def _department_notice(
    plan: OutagePlan, affected: list[Customer], department: Department | None, at: datetime
) -> None:
    notice = OutageNotice.objects.create(
        outage=plan,
        audience=OutageNotice.Audience.DEPARTMENT,
        department=department,
        subject=_("Outage notice %(number)s") % {"number": plan.number},
        body=_department_text(plan, affected),
        created_at=at,
    )
    if department is None:
        return
    # In-app to everyone in the department; recorded as one delivery to the department.
    for staff in Staff.objects.filter(department=department, user__is_active=True).select_related(
        "user"
    ):
        notify(
            recipient=staff.user,
            key=f"field-outage:{plan.pk}",
            title=notice.subject,
            body=notice.body,
            url=f"/field/outages/{plan.pk}/",
        )
    Delivery.objects.create(
        notice=notice,
        recipient=f"department:{department.code}",
        channel=Delivery.Channel.INTERNAL,
        status=Delivery.Status.SENT,
        attempts=1,
        sent_at=at,
    )


def _customer_notice(
    plan: OutagePlan, feeders: list[Feeder], affected: list[Customer], at: datetime
) -> None:
    from gridcare.field.tasks import send_delivery

    notice = OutageNotice.objects.create(
        outage=plan,
        audience=OutageNotice.Audience.CUSTOMERS,
        subject=_("Outage notice %(number)s") % {"number": plan.number},
        body=_customer_text(plan, feeders),
        created_at=at,
    )
    rows = []
    for customer in affected:
        phone = customer.contact_phone if customer.is_key_account else ""
        phone = phone or customer.phone or customer.contact_phone
        if phone:
            rows.append(
                Delivery(
                    notice=notice, recipient=phone, channel=Delivery.Channel.SMS, customer=customer
                )
            )
    # One message per number: two customers sharing a phone get it once.
    Delivery.objects.bulk_create(list({row.recipient: row for row in rows}.values()))
    ids = list(Delivery.objects.filter(notice=notice).values_list("pk", flat=True))
    transaction.on_commit(lambda: [send_delivery(pk) for pk in ids])


def delivery_send(*, delivery_id: int) -> Delivery:
    """Send one delivery through its channel's adapter, at most once: a delivery already
    sent is skipped; a failure is recorded (attempts, error) and raised for a retry."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("notice").get(pk=delivery_id)
        if delivery.status == Delivery.Status.SENT:
            return delivery
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    try:
        adapter_for(delivery.channel).send(
            recipient=delivery.recipient,
            subject=delivery.notice.subject,
            body=delivery.notice.body,
        )
    except ChannelError as exc:
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, last_error=str(exc)[:300]
            )
            audit_log(
                action="field.delivery.failed",
                actor=None,
                obj=delivery,
                company=delivery.notice.outage.company,
                payload={"attempt": delivery.attempts, "error": str(exc)[:300]},
            )
        raise
    with transaction.atomic():
        delivery.status, delivery.sent_at, delivery.last_error = (
            Delivery.Status.SENT,
            timezone.now(),
            "",
        )
        delivery.save(update_fields=["status", "sent_at", "last_error"])
        audit_log(
            action="field.delivery.sent",
            actor=None,
            obj=delivery,
            company=delivery.notice.outage.company,
            payload={"channel": delivery.channel, "attempt": delivery.attempts},
        )
    return delivery


@transaction.atomic
def outage_coordinate(
    *,
    affected: AffectedCustomer,
    window_starts_at: datetime | None,
    window_ends_at: datetime | None,
    agreed_starts_at: datetime,
    agreed_ends_at: datetime,
    agreed_with: str,
    actor: Actor,
) -> AffectedCustomer:
    """Record a key account's own maintenance window and the time agreed with it."""
    affected = AffectedCustomer.objects.select_for_update().get(pk=affected.pk)
    if not affected.is_key_account:
        raise DomainError(_("Coordination is recorded for key accounts."), field="customer")
    if agreed_ends_at <= agreed_starts_at:
        raise DomainError(_("The agreed time must end after it starts."), field="agreed_ends_at")
    if window_starts_at and window_ends_at and window_ends_at <= window_starts_at:
        raise DomainError(_("The window must end after it starts."), field="window_ends_at")
    if not agreed_with.strip():
        raise DomainError(_("Say who agreed for the customer."), field="agreed_with")
    affected.window_starts_at, affected.window_ends_at = window_starts_at, window_ends_at
    affected.agreed_starts_at, affected.agreed_ends_at = agreed_starts_at, agreed_ends_at
    affected.agreed_with = agreed_with.strip()
    affected.save()
    audit_log(
        action="field.outage.coordinated",
        actor=actor,
        obj=affected.outage,
        payload={
            "customer": affected.customer_id,
            "agreed_starts_at": agreed_starts_at.isoformat(),
            "agreed_ends_at": agreed_ends_at.isoformat(),
            "agreed_with": affected.agreed_with,
        },
    )
    return affected


@transaction.atomic
def outage_transition(*, plan: OutagePlan, to: str, actor: Actor) -> OutagePlan:
    plan = OutagePlan.objects.select_for_update().get(pk=plan.pk)
    check_transition(plan, to, OutagePlan.TRANSITIONS)
    old, plan.status = plan.status, to
    plan.save(update_fields=["status"])
    audit_log(action=f"field.outage.{to}", actor=actor, obj=plan, payload={"from": old, "to": to})
    return plan
