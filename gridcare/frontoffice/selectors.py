"""Reads of the front office. Every list starts from one scoping selector per model, which
decides which rows the user may see (DESIGN.md 2, 9): the rows of the companies the user
may see (org.selectors.company_ids_visible)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from gridcare.frontoffice.models import (
    AgentExtension,
    AssessmentProposal,
    BusinessProcedure,
    CallImport,
    CallRecord,
    Charge,
    ConductCode,
    Counter,
    FeeItem,
    HallInspection,
    Matter,
    PublicNotice,
    Referral,
    ServiceHall,
    Tariff,
    Ticket,
)
from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible, staff_of
from gridcare.rules.models import ServiceStandard
from gridcare.rules.selectors import standard_in_force

M = TypeVar("M", bound=Model)


def scoped(qs: QuerySet[M], user: Any, field: str = "company_id") -> QuerySet[M]:
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(**{f"{field}__in": visible})


# Calls


def call_list(*, user: Any) -> QuerySet[CallRecord]:
    return scoped(CallRecord.objects.select_related("agent"), user)


def agent_extension_list(*, user: Any) -> QuerySet[AgentExtension]:
    return scoped(AgentExtension.objects.select_related("staff__department"), user).order_by(
        "extension"
    )


def call_import_list(*, user: Any) -> QuerySet[CallImport]:
    return scoped(CallImport.objects.select_related("uploaded_by"), user)


def callbacks_waiting(*, user: Any, since: date) -> QuerySet[CallRecord]:
    """Unanswered calls since `since` (abandoned past the ring limit too) whose caller has
    not been reached yet."""
    return call_list(user=user).filter(
        call_date__gte=since,
        outcome__in=[CallRecord.Outcome.UNANSWERED, CallRecord.Outcome.BREACHED],
        answered_at__isnull=True,
        called_back_at__isnull=True,
    )


@dataclass
class RateRow:
    label: str
    met: int
    breached: int
    unanswered: int
    agent_id: int | None = None

    @property
    def answered(self) -> int:
        return self.met + self.breached

    @property
    def rate(self) -> float | None:
        """Answered within the ring limit ÷ answered and measured (R-2.8)."""
        return round(self.met / self.answered, 4) if self.answered else None


RATE_COUNTS = {
    "met": Count("pk", filter=Q(outcome=CallRecord.Outcome.MET)),
    "breached": Count("pk", filter=Q(outcome=CallRecord.Outcome.BREACHED)),
    "unanswered": Count("pk", filter=Q(outcome=CallRecord.Outcome.UNANSWERED)),
}


def ring_rates(
    *, company_ids: list[int], date_from: date, date_to: date, by: str, agent_id: int | None = None
) -> list[RateRow]:
    """The share answered within the ring limit per day, week, month or agent: one
    aggregate over the (company, date) index range."""
    qs = CallRecord.objects.filter(
        company_id__in=company_ids, call_date__gte=date_from, call_date__lte=date_to
    )
    if agent_id is not None:
        qs = qs.filter(agent_id=agent_id)
    rows: list[Any]
    if by == "agent":
        rows = list(
            qs.values("agent_id", "agent__name", "agent_extension")
            .annotate(**RATE_COUNTS)
            .order_by("agent__name", "agent_extension")
        )
        return [
            RateRow(
                r["agent__name"] or r["agent_extension"] or "—",
                r["met"],
                r["breached"],
                r["unanswered"],
                r["agent_id"],
            )
            for r in rows
        ]
    period = {"week": TruncWeek("call_date"), "month": TruncMonth("call_date")}.get(by)
    if period is None:
        rows = list(qs.values("call_date").annotate(**RATE_COUNTS).order_by("call_date"))
        return [
            RateRow(r["call_date"].isoformat(), r["met"], r["breached"], r["unanswered"])
            for r in rows
        ]
    rows = list(
        qs.annotate(period=period).values("period").annotate(**RATE_COUNTS).order_by("period")
    )
    fmt = "%Y-%m" if by == "month" else "%Y-%m-%d"
    return [
        RateRow(_day(r["period"]).strftime(fmt), r["met"], r["breached"], r["unanswered"])
        for r in rows
    ]


def _day(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def rate_total(rows: list[RateRow]) -> RateRow:
    return RateRow(
        "",
        sum(r.met for r in rows),
        sum(r.breached for r in rows),
        sum(r.unanswered for r in rows),
    )


# Halls


def hall_list(*, user: Any) -> QuerySet[ServiceHall]:
    return scoped(ServiceHall.objects.select_related("department"), user)


def counters_of(hall: ServiceHall) -> list[Counter]:
    return list(hall.counters.filter(is_active=True).order_by("number"))


def ticket_list(*, user: Any) -> QuerySet[Ticket]:
    return scoped(Ticket.objects.select_related("hall", "counter", "clerk"), user)


@dataclass
class QueueState:
    waiting: dict[str, int]
    serving: list[Ticket]
    recent: list[Ticket]


def queue_state(hall: ServiceHall, day: date | None = None) -> QueueState:
    """What the hall display and the counters show: how many wait per kind, who is at
    which counter, the last tickets called."""
    day = day or timezone.localdate()
    today = Ticket.objects.filter(hall=hall, service_date=day)
    waiting = dict(
        today.filter(status=Ticket.Status.WAITING)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    serving = list(
        today.filter(status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING])
        .select_related("counter")
        .order_by("counter__number")
    )
    recent = list(
        today.filter(called_at__isnull=False).select_related("counter").order_by("-called_at")[:6]
    )
    return QueueState(waiting=waiting, serving=serving, recent=recent)


@dataclass
class HallDay:
    done: int
    wait_breached: int
    handling_breached: int
    avg_wait: float | None
    avg_handling: float | None


def hall_day(*, user: Any, day: date, clerk_id: int | None = None) -> HallDay:
    qs = ticket_list(user=user).filter(service_date=day)
    if clerk_id is not None:
        qs = qs.filter(clerk_id=clerk_id)
    row = qs.aggregate(
        done=Count("pk", filter=Q(status=Ticket.Status.DONE)),
        wait_breached=Count("pk", filter=Q(wait_outcome=Ticket.Outcome.BREACHED)),
        handling_breached=Count("pk", filter=Q(handling_outcome=Ticket.Outcome.BREACHED)),
        wait=Sum("wait_seconds"),
        waits=Count("wait_seconds"),
        handling=Sum("handling_seconds"),
        handlings=Count("handling_seconds"),
    )
    return HallDay(
        done=row["done"],
        wait_breached=row["wait_breached"],
        handling_breached=row["handling_breached"],
        avg_wait=round(row["wait"] / row["waits"] / 60, 1) if row["waits"] else None,
        avg_handling=round(row["handling"] / row["handlings"] / 60, 1)
        if row["handlings"]
        else None,
    )


def inspection_list(*, user: Any) -> QuerySet[HallInspection]:
    return scoped(HallInspection.objects.select_related("hall", "inspector"), user)


def assessment_list(*, user: Any) -> QuerySet[AssessmentProposal]:
    return scoped(
        AssessmentProposal.objects.select_related("department", "staff", "proposed_by"), user
    )


# Matters


def matter_list(*, user: Any) -> QuerySet[Matter]:
    return scoped(Matter.objects.select_related("owner", "received_by", "complaint"), user)


def referral_list(*, user: Any) -> QuerySet[Referral]:
    return scoped(
        Referral.objects.select_related("matter", "department", "referred_by", "answered_by"),
        user,
        "matter__company_id",
    )


def referrals_for_my_department(*, user: Any) -> QuerySet[Referral]:
    """Referrals waiting for an answer from the user's department (R-2.7)."""
    staff = staff_of(user)
    if staff is None:
        return Referral.objects.none()
    return referral_list(user=user).filter(
        department_id=staff.department_id, answered_at__isnull=True
    )


def prohibitions_in_force(on: date | None = None) -> ConductCode | None:
    return conduct_code_in_force(ConductCode.Kind.PROHIBITIONS, on)


def conduct_code_in_force(kind: str, on: date | None = None) -> ConductCode | None:
    day = on or timezone.localdate()
    return (
        ConductCode.objects.filter(kind=kind, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .prefetch_related("items")
        .order_by("-version")
        .first()
    )


# Fees


def fee_item_list(*, user: Any) -> QuerySet[FeeItem]:
    return scoped(FeeItem.objects.all(), user)


def fee_items_in_force(*, user: Any, on: date) -> QuerySet[FeeItem]:
    return (
        fee_item_list(user=user)
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("code")
    )


def charge_list(*, user: Any) -> QuerySet[Charge]:
    return scoped(Charge.objects.select_related("fee_item", "recorded_by"), user)


def charges_by_item(*, user: Any, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """The report of charges by catalogue item over a period (R-2.1)."""
    rows: list[Any] = list(
        charge_list(user=user)
        .filter(charged_on__gte=date_from, charged_on__lte=date_to)
        .values(
            "fee_item_id",
            "fee_item__code",
            "fee_item__name",
            "fee_item__authority_number",
            "fee_item__amount_fen",
        )
        .annotate(count=Count("pk"), quantity=Sum("quantity"), amount=Sum("amount_fen"))
        .order_by("fee_item__code", "fee_item_id")
    )
    return rows


# Public information


def public_company(code: str | None) -> Company | None:
    """The company a public page speaks for: the one named, else the only one."""
    if code:
        return Company.objects.filter(code=code).first()
    companies = list(Company.objects.filter(level=Company.Level.COUNTY)[:2])
    return companies[0] if len(companies) == 1 else None


@dataclass
class TimeLimit:
    label: str
    amount: int
    unit: str
    clause: str
    #: The standard itself, whose source and interpretation the page shows (R-DEF).
    standard: ServiceStandard | None = None


def procedure_limits(procedure: BusinessProcedure, on: date) -> list[TimeLimit]:
    """A procedure's time limits as the measures engine holds them today, so the public
    page and the clocks always agree."""
    limits = []
    for entry in procedure.time_limits:
        standard = standard_in_force(
            company=procedure.company_id,
            code=entry.get("code", ""),
            on=on,
            attrs=entry.get("attrs"),
        )
        if standard is not None:
            limits.append(
                TimeLimit(
                    label=entry.get("label") or standard.localised_title,
                    amount=standard.amount,
                    unit=standard.get_unit_display(),
                    clause=standard.clause.number,
                    standard=standard,
                )
            )
    return limits


def public_information(company: Company) -> dict[str, Any]:
    today = timezone.localdate()
    procedures = list(BusinessProcedure.objects.filter(company=company, is_published=True))
    return {
        "company": company,
        "halls": list(ServiceHall.objects.filter(company=company, is_public=True).order_by("name")),
        "tariffs": list(
            Tariff.objects.filter(company=company, effective_from__lte=today).order_by("order")
        ),
        "notices": list(PublicNotice.objects.filter(company=company, is_published=True)),
        "procedures": [(p, procedure_limits(p, today)) for p in procedures],
        "commitments": conduct_code_in_force(ConductCode.Kind.COMMITMENTS, today),
    }
