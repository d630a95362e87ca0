"""Reads of the key-account module, each list starting from a scoping selector (DESIGN.md 2).

Row scope: marketing, leadership and supervision (permission
`keyaccounts.view_all_keyaccounts`) see every key account of their company; a contact sees
the accounts they serve now; everyone else sees none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gridcare.customers.models import Customer
from gridcare.customers.timeline import TimelineEntry
from gridcare.keyaccounts.halves import half_end, half_start
from gridcare.keyaccounts.models import (
    AssessmentProposal,
    CalendarFeed,
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    Interaction,
    KeyAccountHalfYear,
    ServiceItem,
)
from gridcare.keyaccounts.services.common import day_start
from gridcare.keyaccounts.services.feed import token_hash
from gridcare.org.models import Staff
from gridcare.org.selectors import company_ids_visible, staff_of
from gridcare.rules.deadlines import add_months

VIEW_ALL = "keyaccounts.view_all_keyaccounts"


def sees_all(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW_ALL))


def _company_scope(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def listed_ids() -> QuerySet[Designation, Any]:
    """Ids of the customers on the list in force, as a subquery. (A filter through the
    reverse relation with `valid_to__isnull=True` would also match customers never
    designated: the outer join gives them a NULL.)"""
    return Designation.objects.filter(valid_to__isnull=True).values("customer_id")


def served_ids(staff: Staff) -> QuerySet[ContactAssignment, Any]:
    """Ids of the accounts `staff` serves now, as a subquery."""
    return ContactAssignment.objects.filter(contact=staff, valid_to__isnull=True).values(
        "customer_id"
    )


def _own_accounts(user: Any) -> QuerySet[ContactAssignment]:
    staff = staff_of(user)
    if staff is None:
        return ContactAssignment.objects.none()
    return ContactAssignment.objects.filter(contact=staff, valid_to__isnull=True)


def keyaccount_list(*, user: Any) -> QuerySet[Customer]:
    """The key accounts in force the user may see."""
    qs = _company_scope(Customer.objects.filter(pk__in=listed_ids()), user)
    if sees_all(user):
        return qs
    return qs.filter(pk__in=_own_accounts(user).values("customer_id"))


def account_scope(*, user: Any) -> QuerySet[Customer]:
    """Customers whose key-account page the user may open: every customer ever designated
    (history included) for those who see all, a contact's current accounts otherwise."""
    if sees_all(user):
        return _company_scope(
            Customer.objects.filter(pk__in=Designation.objects.values("customer_id")), user
        )
    return keyaccount_list(user=user)


def list_on(*, user: Any, on: date) -> QuerySet[Designation]:
    """The list in force on a date, past or present (R-3.3.2)."""
    qs = _company_scope(
        Designation.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on
        ),
        user,
    ).select_related("customer", "round")
    if sees_all(user):
        return qs
    return qs.filter(customer_id__in=_own_accounts(user).values("customer_id"))


def contact_on(customer_ids: list[int], at: datetime) -> dict[int, Any]:
    """The contact of each account at a moment (for the list of a past date)."""
    rows = (
        ContactAssignment.objects.filter(customer_id__in=customer_ids, valid_from__lte=at)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .select_related("contact")
    )
    return {a.customer_id: a.contact for a in rows}


def half_state(row: KeyAccountHalfYear | None, today: date) -> str:
    """Where an account stands with its visit of a half year: `visited`, `owed` (not yet,
    still in time), `overdue`, `not_owed` (designated after the cut-off), `left` (left the
    list before being visited) or `none` (not a key account then)."""
    if row is None:
        return "none"
    if not row.owes_visit:
        return "visited" if row.visited_on else "not_owed"
    if row.visited_on is not None:
        return "visited"
    if row.left_on is not None:
        return "left"
    return "overdue" if today > half_end(row.half_start) else "owed"


def attach_service_state(customers: list[Customer], today: date) -> list[Customer]:
    """For a page of accounts: the contact, the designation, this half year's visit and the
    open service items, in four queries whatever the page size."""
    ids = [c.pk for c in customers]
    contacts = {
        a.customer_id: a.contact
        for a in ContactAssignment.objects.filter(
            customer_id__in=ids, valid_to__isnull=True
        ).select_related("contact__department")
    }
    halves = {
        h.customer_id: h
        for h in KeyAccountHalfYear.objects.filter(
            customer_id__in=ids, half_start=half_start(today)
        )
    }
    designations = {
        d.customer_id: d
        for d in Designation.objects.filter(customer_id__in=ids, valid_to__isnull=True)
    }
    items: dict[int, Any] = {
        row["customer_id"]: row
        for row in ServiceItem.objects.filter(
            customer_id__in=ids, status__in=ServiceItem.OPEN_STATUSES
        )
        .values("customer_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due__lt=today)))
        .order_by()
    }
    for customer in customers:
        row = halves.get(customer.pk)
        customer.ka_contact = contacts.get(customer.pk)  # type: ignore[attr-defined]
        customer.ka_designation = designations.get(customer.pk)  # type: ignore[attr-defined]
        customer.ka_half = row  # type: ignore[attr-defined]
        customer.ka_half_state = half_state(row, today)  # type: ignore[attr-defined]
        counts = items.get(customer.pk, {})
        customer.ka_open_items = counts.get("open", 0)  # type: ignore[attr-defined]
        customer.ka_overdue_items = counts.get("overdue", 0)  # type: ignore[attr-defined]
    return customers


def round_list(*, user: Any) -> QuerySet[DesignationRound]:
    """Rounds, for those who draft or approve them (R-3.3.3, R-3.3.4); nobody else."""
    if not (user.has_perm("keyaccounts.draft_round") or user.has_perm("keyaccounts.approve_round")):
        return DesignationRound.objects.none()
    return _company_scope(DesignationRound.objects.all(), user).select_related(
        "opened_by__staff", "submitted_by__staff", "decided_by__staff"
    )


def open_round(company_id: int) -> DesignationRound | None:
    return DesignationRound.objects.filter(
        company_id=company_id,
        kind=DesignationRound.Kind.REGULAR,
        status__in=DesignationRound.OPEN,
    ).first()


def round_in_force(company_id: int) -> DesignationRound | None:
    return (
        DesignationRound.objects.filter(
            company_id=company_id,
            kind=DesignationRound.Kind.REGULAR,
            status=DesignationRound.Status.APPROVED,
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def contact_change_list(*, user: Any) -> QuerySet[ContactChange]:
    """Contact changes, for those who propose or approve them (R-3.4.2)."""
    if not (
        user.has_perm("keyaccounts.propose_contact_change")
        or user.has_perm("keyaccounts.approve_contact_change")
    ):
        return ContactChange.objects.none()
    return _company_scope(ContactChange.objects.all(), user).select_related(
        "customer", "current_contact", "new_contact", "proposed_by__staff", "decided_by__staff"
    )


def interaction_list(*, user: Any) -> QuerySet[Interaction]:
    qs = _company_scope(Interaction.objects.all(), user).select_related("customer", "contact")
    if sees_all(user):
        return qs
    return qs.filter(customer_id__in=_own_accounts(user).values("customer_id"))


def item_list(*, user: Any) -> QuerySet[ServiceItem]:
    qs = _company_scope(ServiceItem.objects.all(), user).select_related(
        "customer", "department", "raised_by__staff"
    )
    if sees_all(user):
        return qs
    return qs.filter(customer_id__in=_own_accounts(user).values("customer_id"))


def proposal_list(*, user: Any) -> QuerySet[AssessmentProposal]:
    """Every proposal of the company for those who see all accounts, else one's own."""
    qs = _company_scope(AssessmentProposal.objects.all(), user).select_related(
        "department", "customer", "clause", "proposed_by__staff", "item"
    )
    if sees_all(user):
        return qs
    return qs.filter(proposed_by=user) if user.is_authenticated else qs.none()


def half_year_list(*, user: Any, half: date) -> QuerySet[KeyAccountHalfYear]:
    """The accounts of one half year with their visit (the half-year overview)."""
    qs = _company_scope(
        KeyAccountHalfYear.objects.filter(half_start=half_start(half)), user
    ).select_related("customer", "contact", "first_visit")
    if sees_all(user):
        return qs
    staff = staff_of(user)
    return qs.filter(contact=staff) if staff else qs.none()


@dataclass
class ContactSummary:
    contact_id: int | None
    name: str
    owed: int
    visited: int
    overdue: int
    not_owed: int

    @property
    def rate(self) -> float | None:
        return round(self.visited / self.owed, 4) if self.owed else None


def half_year_summary(qs: QuerySet[KeyAccountHalfYear], today: date) -> list[ContactSummary]:
    """Visited / owed / overdue per contact for the half-year overview, in one query."""
    rows = (
        qs.values("contact_id", "contact__name", "half_start")
        .annotate(
            owed=Count(
                "id",
                filter=Q(owes_visit=True) & (Q(left_on__isnull=True) | Q(visited_on__isnull=False)),
            ),
            visited=Count("id", filter=Q(owes_visit=True, visited_on__isnull=False)),
            pending=Count(
                "id", filter=Q(owes_visit=True, visited_on__isnull=True, left_on__isnull=True)
            ),
            not_owed=Count("id", filter=Q(owes_visit=False)),
        )
        .order_by("contact__name")
    )
    summaries = []
    for row in rows:
        late = today > half_end(row["half_start"])
        summaries.append(
            ContactSummary(
                contact_id=row["contact_id"],
                name=row["contact__name"] or "",
                owed=row["owed"],
                visited=row["visited"],
                overdue=row["pending"] if late else 0,
                not_owed=row["not_owed"],
            )
        )
    return summaries


@dataclass
class StabilityRow:
    contact_id: int
    name: str
    department: str
    accounts: int
    gained: int
    lost: int
    mean_tenure_days: int


@dataclass
class Stability:
    date_from: date
    date_to: date
    accounts: int
    changed_accounts: int
    changes: int
    rows: list[StabilityRow] = field(default_factory=list)

    @property
    def stable_share(self) -> float | None:
        """Share of today's key accounts whose contact did not change in the period."""
        if not self.accounts:
            return None
        return round(1 - min(self.changed_accounts, self.accounts) / self.accounts, 4)


def contact_stability(*, company_id: int, date_from: date, date_to: date) -> Stability:
    """How stable the contact assignments are (R-3.4.2): changes in a period (an assignment
    that replaced another), per contact what they gained and lost, and how long they have
    served their current accounts."""
    start, end = day_start(date_from), day_start(date_to + timedelta(days=1))
    changes = ContactAssignment.objects.filter(
        company_id=company_id, replaces__isnull=False, valid_from__gte=start, valid_from__lt=end
    )
    gained = dict(
        changes.values("contact_id").annotate(n=Count("id")).values_list("contact_id", "n")
    )
    lost = dict(
        changes.values("replaces__contact_id")
        .annotate(n=Count("id"))
        .values_list("replaces__contact_id", "n")
    )
    now = timezone.now()
    current = list(
        ContactAssignment.objects.filter(
            company_id=company_id, valid_to__isnull=True
        ).select_related("contact__department")
    )
    by_contact: dict[int, list[ContactAssignment]] = {}
    for assignment in current:
        by_contact.setdefault(assignment.contact_id, []).append(assignment)
    contacts = {a.contact_id: a.contact for a in current}
    for contact_id in set(gained) | set(lost):
        if contact_id not in contacts:
            contacts[contact_id] = Staff.objects.select_related("department").get(pk=contact_id)
    rows = []
    for contact_id, contact in contacts.items():
        serving = by_contact.get(contact_id, [])
        tenure = [(now - a.valid_from).days for a in serving]
        rows.append(
            StabilityRow(
                contact_id=contact_id,
                name=contact.name,
                department=contact.department.name,
                accounts=len(serving),
                gained=gained.get(contact_id, 0),
                lost=lost.get(contact_id, 0),
                mean_tenure_days=round(sum(tenure) / len(tenure)) if tenure else 0,
            )
        )
    rows.sort(key=lambda r: (-r.accounts, r.name))
    return Stability(
        date_from=date_from,
        date_to=date_to,
        accounts=len(current),
        changed_accounts=changes.values("customer_id").distinct().count(),
        changes=changes.count(),
        rows=rows,
    )


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a secret address points to, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )


def live_feed(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class DueEntry:
    """Something a contact must do by a date: a visit owed or a service item."""

    uid: str
    due: date
    title: str
    detail: str
    url: str
    overdue: bool
    #: The key account's name, for lists that show the action apart (the to-do card).
    customer: str = ""
    is_visit: bool = False


def due_for_contact(*, user: Any, today: date | None = None) -> list[DueEntry]:
    """A contact's due visits (this half year and overdue ones of the last) and open
    service items of their accounts, nearest first: the desk and the calendar feed."""
    today = today or timezone.localdate()
    accounts = _own_accounts(user).values("customer_id")
    previous_half = add_months(half_start(today), -6)
    entries = []
    visits = KeyAccountHalfYear.objects.filter(
        customer_id__in=accounts,
        owes_visit=True,
        visited_on__isnull=True,
        left_on__isnull=True,
        half_start__gte=previous_half,
    ).select_related("customer")
    for row in visits:
        due = half_end(row.half_start)
        entries.append(
            DueEntry(
                uid=f"keyaccount-visit-{row.pk}",
                due=due,
                title=f"走訪 {row.customer.name}",
                detail=f"3.6.1 {row.half_label} {row.customer.account_number}",
                url=reverse("keyaccounts:account_detail", args=[row.customer_id]),
                overdue=due < today,
                customer=row.customer.name,
                is_visit=True,
            )
        )
    items = ServiceItem.objects.filter(
        customer_id__in=accounts, status__in=ServiceItem.OPEN_STATUSES, due__isnull=False
    ).select_related("customer", "department")
    for item in items:
        entries.append(
            DueEntry(
                uid=f"keyaccount-item-{item.pk}",
                due=item.due,  # type: ignore[arg-type]
                title=f"{item.title}（{item.customer.name}）",
                detail=f"{item.clause} {item.get_kind_display()} · {item.department}",
                url=reverse("keyaccounts:item_detail", args=[item.pk]),
                overdue=item.due < today,  # type: ignore[operator]
                customer=item.customer.name,
            )
        )
    entries.sort(key=lambda e: (e.due, e.uid))
    return entries


def customer_timeline(customer: Any, limit: int) -> list[TimelineEntry]:
    """Timeline source: visits, phone contacts and service items of a key account."""
    url = reverse("keyaccounts:account_detail", args=[customer.pk])
    entries = [
        TimelineEntry(
            at=i.at,
            kind=f"keyaccount_{i.kind}",
            title=i.get_kind_display(),
            url=url,
            icon="person-walking" if i.kind == Interaction.Kind.VISIT else "telephone",
            detail=f"{i.contact.name}: {i.summary[:80]}",
        )
        for i in Interaction.objects.filter(customer=customer).select_related("contact")[:limit]
    ]
    entries += [
        TimelineEntry(
            at=item.raised_at,
            kind=f"keyaccount_{item.kind}",
            title=f"{item.get_kind_display()}: {item.title}",
            url=reverse("keyaccounts:item_detail", args=[item.pk]),
            icon="list-check",
            detail=item.get_status_display(),
        )
        for item in ServiceItem.objects.filter(customer=customer)[:limit]
    ]
    return entries
