"""Key-account service in the compliance matrix (R-3.1 … R-3.7, API.md "Compliance").

Measured: needs and power problems (R-3.6.2, standard `keyaccount.need`) and other
services (R-3.7.6, `keyaccount.other_service`) are items with a responsible department
and a due date. An item is met when completed on or before its due date, breached when
completed late or still open past it, running while open and not yet due; cancelled items
are not counted. It counts in the period holding its `period_date` (its completion date,
else its due date), the rule of the clocks, so one aggregate over the index
keyaccounts_item_period answers a period.

Clause activities: for the clauses no standard measures, a few live counts of what was
done under them in the period, one aggregate query each (registered in apps.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gridcare.core.selectors import days_range
from gridcare.keyaccounts.models import (
    AssessmentProposal,
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    Interaction,
    RoundEntry,
    ServiceItem,
    ServiceItemNote,
)
from gridcare.keyaccounts.services.contacts import ELIGIBLE_POSITIONS
from gridcare.rules.compliance import Counts, Figure
from gridcare.rules.models import Breach

#: The standard measuring each kind of item, and back.
STANDARD_OF_KIND: dict[str, str] = {str(kind): code for kind, code in ServiceItem.STANDARDS.items()}
KIND_OF_STANDARD = {code: kind for kind, code in STANDARD_OF_KIND.items()}

_OPEN = list(ServiceItem.OPEN_STATUSES)
_DONE = ServiceItem.Status.DONE


def outcome_q(outcome: str, today: date) -> Q:
    """An item's outcome as a condition on the columns of the period index. An open item
    counts on its due date (its period_date), so `period_date < today` is "overdue"."""
    done_on_time = Q(status=_DONE, period_date__lte=F("due"))
    overdue = Q(status__in=_OPEN, period_date__lt=today)
    if outcome == "met":
        return done_on_time
    if outcome == "breached":
        return Q(status=_DONE, period_date__gt=F("due")) | overdue
    if outcome == "running":
        return Q(status__in=_OPEN, period_date__gte=today)
    return Q(status__in=[*_OPEN, _DONE])


def item_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    """Compliance source of R-3.6.2 and R-3.7.6 (see the module docstring)."""
    rows = (
        ServiceItem.objects.filter(
            company_id__in=company_ids,
            period_date__gte=date_from,
            period_date__lte=date_to,
            kind__in=list(STANDARD_OF_KIND),
        )
        .values("kind")
        .annotate(
            met=Count("pk", filter=outcome_q("met", today)),
            breached=Count("pk", filter=outcome_q("breached", today)),
            running=Count("pk", filter=outcome_q("running", today)),
        )
        .order_by()
    )
    return {
        STANDARD_OF_KIND[row["kind"]]: Counts(
            met=row["met"], breached=row["breached"], running=row["running"]
        )
        for row in rows
    }


def items_url(date_from: date, date_to: date, **params: str) -> str:
    """The service-item list over the items counting in the period."""
    query = {"list": "all", "date_from": str(date_from), "date_to": str(date_to), **params}
    return f"{reverse('keyaccounts:item_list')}?{urlencode(query)}"


def item_drilldown(code: str, state: str, date_from: date, date_to: date) -> str:
    """The items behind a figure of 3.6.2 / 3.7.6; items are never exempted, so that
    figure (always 0) links nowhere."""
    if state == "exempted":
        return ""
    params = {"kind": KIND_OF_STANDARD[code]}
    if state:
        params["outcome"] = state
    return items_url(date_from, date_to, **params)


def _listed_on(day: date) -> Q:
    """Designations in force on `day`."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def _contact_on(day: date, prefix: str = "") -> Q:
    """Contact assignments in force at the end of `day`."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Q(**{f"{prefix}valid_from__lt": end}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": end})
    )


def _eligible(prefix: str) -> Q:
    """R-3.4.1's positions (services.contacts.ELIGIBLE_POSITIONS) as a condition."""
    condition = Q(pk__in=[])
    for department_kind, position_kind in ELIGIBLE_POSITIONS:
        clause = Q(**{f"{prefix}position__kind": position_kind})
        if department_kind is not None:
            clause &= Q(**{f"{prefix}department__kind": department_kind})
        condition |= clause
    return condition


def _accounts_url() -> str:
    return reverse("keyaccounts:account_list")


def accounts_with_contact(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.1: key accounts on the list at the period's end that have a contact."""
    has_contact = ContactAssignment.objects.filter(customer_id=OuterRef("customer_id")).filter(
        _contact_on(date_to)
    )
    row = (
        Designation.objects.filter(company_id__in=company_ids)
        .filter(_listed_on(date_to))
        .aggregate(
            total=Count("pk"),
            served=Count("pk", filter=Q(Exists(has_contact))),
        )
    )
    return [Figure(_("Key accounts with a contact"), row["served"], _accounts_url(), row["total"])]


def contact_channels(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.2: the contacts' channel to their accounts: visits and phone contacts logged,
    and how many accounts they reached, in the period."""
    start, end = days_range(date_from, date_to)
    row = Interaction.objects.filter(
        company_id__in=company_ids, at__gte=start, at__lt=end
    ).aggregate(
        phone=Count("pk", filter=Q(kind=Interaction.Kind.PHONE)),
        visits=Count("pk", filter=Q(kind=Interaction.Kind.VISIT)),
        reached=Count("customer_id", distinct=True),
    )
    overview = reverse("keyaccounts:half_year_overview")
    return [
        Figure(_("Phone contacts logged"), row["phone"]),
        Figure(_("Visits logged"), row["visits"], overview),
        Figure(_("Key accounts reached"), row["reached"], overview),
    ]


def _entries(company_ids: list[int], date_from: date, date_to: date) -> dict[str, int]:
    """Entries of the rounds opened in the period (regular and interim, not cancelled)."""
    start, end = days_range(date_from, date_to)
    return (
        RoundEntry.objects.filter(
            round__company_id__in=company_ids,
            round__opened_at__gte=start,
            round__opened_at__lt=end,
        )
        .exclude(round__status=DesignationRound.Status.CANCELLED)
        .aggregate(
            evaluated=Count("pk"),
            candidates=Count("pk", filter=Q(is_candidate=True)),
            added=Count("pk", filter=Q(included=True, is_candidate=False)),
            removed=Count("pk", filter=Q(included=False, is_candidate=True)),
        )
    )


def candidates_evaluated(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.3.1: customers evaluated in the rounds opened in the period, and how many met
    a criterion."""
    row = _entries(company_ids, date_from, date_to)
    rounds = reverse("keyaccounts:round_list")
    return [
        Figure(_("Customers evaluated"), row["evaluated"], rounds),
        Figure(_("Meeting the criteria"), row["candidates"], rounds, row["evaluated"]),
    ]


def draft_departures(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.3.3: in the lists marketing drafted in the period, customers added or removed
    against the criteria (each with its reason)."""
    row = _entries(company_ids, date_from, date_to)
    rounds = reverse("keyaccounts:round_list")
    return [
        Figure(_("Added with a reason"), row["added"], rounds),
        Figure(_("Removed with a reason"), row["removed"], rounds),
    ]


def approvals_and_adjustments(
    company_ids: list[int], date_from: date, date_to: date
) -> list[Figure]:
    """R-3.3.4: lists the company approved in the period, and its adjustments of the list
    (an account added or removed outside a round, with a reason)."""
    start, end = days_range(date_from, date_to)
    started = Q(started_at__gte=start, started_at__lt=end)
    ended = Q(ended_at__gte=start, ended_at__lt=end)
    row = (
        Designation.objects.filter(company_id__in=company_ids)
        .filter(started | ended)
        .aggregate(
            rounds=Count(
                "round_id",
                distinct=True,
                filter=started
                & Q(round__status=DesignationRound.Status.APPROVED)
                & Q(round__decided_at__gte=start, round__decided_at__lt=end),
            ),
            added=Count("pk", filter=started & Q(round__isnull=True)),
            removed=Count("pk", filter=ended & Q(ended_round__isnull=True)),
        )
    )
    history = reverse("keyaccounts:list_history")
    return [
        Figure(_("Lists approved"), row["rounds"], reverse("keyaccounts:round_list")),
        Figure(_("Accounts added by adjustment"), row["added"], history),
        Figure(_("Accounts removed by adjustment"), row["removed"], history),
    ]


def eligible_contacts_share(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.4.1: accounts whose contact at the period's end holds an eligible position."""
    listed = Designation.objects.filter(company_id__in=company_ids).filter(_listed_on(date_to))
    row = (
        ContactAssignment.objects.filter(company_id__in=company_ids)
        .filter(_contact_on(date_to))
        .filter(customer_id__in=listed.values("customer_id"))
        .aggregate(
            total=Count("pk"),
            eligible=Count("pk", filter=_eligible("contact__")),
        )
    )
    return [
        Figure(
            _("Accounts whose contact holds an eligible position"),
            row["eligible"],
            _accounts_url(),
            row["total"],
        )
    ]


def contact_changes(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.4.2: contact changes the company approved in the period."""
    start, end = days_range(date_from, date_to)
    row = ContactChange.objects.filter(
        company_id__in=company_ids,
        status=ContactChange.Status.APPROVED,
        decided_at__gte=start,
        decided_at__lt=end,
    ).aggregate(approved=Count("pk"))
    return [
        Figure(
            _("Contact changes approved"), row["approved"], reverse("keyaccounts:contact_changes")
        )
    ]


def contact_stability(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.4.2: of the accounts on the list at the period's end, those whose contact did
    not change during the period (no assignment replacing another began in it)."""
    start, end = days_range(date_from, date_to)
    changed = ContactAssignment.objects.filter(
        customer_id=OuterRef("customer_id"),
        replaces__isnull=False,
        valid_from__gte=start,
        valid_from__lt=end,
    )
    row = (
        Designation.objects.filter(company_id__in=company_ids)
        .filter(_listed_on(date_to))
        .aggregate(total=Count("pk"), stable=Count("pk", filter=~Q(Exists(changed))))
    )
    return [
        Figure(
            _("Accounts whose contact did not change"),
            row["stable"],
            reverse("keyaccounts:stability"),
            row["total"],
        )
    ]


def _item_figures(
    company_ids: list[int], date_from: date, date_to: date, kind: str
) -> dict[str, int]:
    """Items of one kind counting in the period (done, and of those linked to a record)."""
    return ServiceItem.objects.filter(
        company_id__in=company_ids,
        period_date__gte=date_from,
        period_date__lte=date_to,
        kind=kind,
    ).aggregate(
        total=Count("pk", filter=~Q(status=ServiceItem.Status.CANCELLED)),
        done=Count("pk", filter=Q(status=_DONE)),
        linked=Count("pk", filter=Q(status=_DONE, linked_id__isnull=False)),
    )


def items_supervised(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.5.1: tracked service items (needs, business, other services) counting in the
    period, and how many were completed."""
    row = ServiceItem.objects.filter(
        company_id__in=company_ids,
        period_date__gte=date_from,
        period_date__lte=date_to,
        kind__in=list(ServiceItem.TRACKED),
    ).aggregate(
        total=Count("pk", filter=~Q(status=ServiceItem.Status.CANCELLED)),
        done=Count("pk", filter=Q(status=_DONE)),
    )
    return [
        Figure(
            _("Tracked items completed"),
            row["done"],
            items_url(date_from, date_to, list="done"),
            row["total"],
        )
    ]


def proposals_made(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.5.2: assessment proposals the contacts made in the period."""
    start, end = days_range(date_from, date_to)
    row = AssessmentProposal.objects.filter(
        company_id__in=company_ids, proposed_at__gte=start, proposed_at__lt=end
    ).aggregate(
        made=Count("pk"),
        withdrawn=Count("pk", filter=Q(status=AssessmentProposal.Status.WITHDRAWN)),
    )
    url = reverse("keyaccounts:proposal_list")
    return [
        Figure(_("Assessment proposals made"), row["made"], url),
        Figure(_("Withdrawn"), row["withdrawn"], url),
    ]


def progress_recorded(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.5.3: progress notes recorded on service items in the period, and on how many
    items."""
    start, end = days_range(date_from, date_to)
    row = ServiceItemNote.objects.filter(
        item__company_id__in=company_ids, at__gte=start, at__lt=end
    ).aggregate(notes=Count("pk"), items=Count("item_id", distinct=True))
    url = reverse("keyaccounts:item_list")
    return [
        Figure(_("Progress notes recorded"), row["notes"], url),
        Figure(_("Items followed"), row["items"], url),
    ]


def items_assigned(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.5.4: tracked items raised in the period and assigned to a department; those
    overdue at the period's end are what the contact urges."""
    start, end = days_range(date_from, date_to)
    row = ServiceItem.objects.filter(
        company_id__in=company_ids,
        raised_at__gte=start,
        raised_at__lt=end,
        kind__in=list(ServiceItem.TRACKED),
    ).aggregate(
        assigned=Count("pk"),
        departments=Count("department_id", distinct=True),
        overdue=Count("pk", filter=Q(status__in=_OPEN, due__lt=date_to)),
    )
    return [
        Figure(_("Items assigned to departments"), row["assigned"], items_url(date_from, date_to)),
        Figure(_("Departments involved"), row["departments"]),
        Figure(
            _("Still open past their due date"),
            row["overdue"],
            f"{reverse('keyaccounts:item_list')}?list=overdue",
        ),
    ]


def business_handled(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.6.4: business handled on the customer's behalf counting in the period, completed,
    and completed with the application or matter it created linked."""
    row = _item_figures(company_ids, date_from, date_to, ServiceItem.Kind.BUSINESS)
    kind = ServiceItem.Kind.BUSINESS
    return [
        Figure(
            _("Business handled, completed"),
            row["done"],
            items_url(date_from, date_to, kind=kind, list="done"),
            row["total"],
        ),
        Figure(_("Linked to the record it created"), row["linked"], total=row["done"]),
    ]


def consultations(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.6.5: consultations recorded in the period."""
    row = _item_figures(company_ids, date_from, date_to, ServiceItem.Kind.CONSULTATION)
    url = items_url(date_from, date_to, kind=ServiceItem.Kind.CONSULTATION)
    return [Figure(_("Consultations recorded"), row["done"], url)]


def energy_advice(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.7.4: energy-efficiency advice given in the period."""
    row = _item_figures(company_ids, date_from, date_to, ServiceItem.Kind.ADVICE)
    url = items_url(date_from, date_to, kind=ServiceItem.Kind.ADVICE)
    return [Figure(_("Energy-efficiency advice recorded"), row["done"], url)]


def key_account_complaints(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.6.3: complaints received in the period from customers that were key accounts
    then, and how many have had their answer relayed to the customer. Read from the front
    office's matters (its complaint flow), never written here."""
    from gridcare.frontoffice.models import Matter

    start, end = days_range(date_from, date_to)
    listed = Designation.objects.filter(
        company_id__in=company_ids, valid_from__lte=date_to
    ).exclude(valid_to__lte=date_from)
    row = Matter.objects.filter(
        company_id__in=company_ids,
        kind=Matter.Kind.COMPLAINT,
        received_at__gte=start,
        received_at__lt=end,
        customer_id__in=listed.values("customer_id"),
    ).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(status__in=[Matter.Status.RELAYED, Matter.Status.CLOSED])),
    )
    url = f"{reverse('frontoffice:matter_list')}?kind={Matter.Kind.COMPLAINT}"
    return [
        Figure(_("Complaints from key accounts"), row["received"], url),
        Figure(_("Answered to the customer"), row["answered"], url, row["received"]),
    ]


def breaches_assessed(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.9.1: breaches of the key-account standards (clauses 3.x) that occurred in the
    period, and how many the assessment ledger holds as items."""
    from gridcare.assessments.models import AssessmentItem, Kind

    itemised = AssessmentItem.objects.filter(
        kind=Kind.BREACH,
        evidence_type=ContentType.objects.get_for_model(Breach),
        evidence_id=OuterRef("pk"),
    )
    row = Breach.objects.filter(
        company_id__in=company_ids,
        occurred_on__gte=date_from,
        occurred_on__lte=date_to,
        status=Breach.Status.ACTIVE,
        clause__number__startswith="3.",
    ).aggregate(
        breaches=Count("pk"),
        items=Count("pk", filter=Q(Exists(itemised))),
    )
    return [
        Figure(_("Breaches of key-account standards"), row["breaches"]),
        Figure(
            _("Turned into assessment items"),
            row["items"],
            reverse("assessments:ledger"),
            row["breaches"],
        ),
    ]


#: clause number → activity, registered by apps.py.
ACTIVITIES = (
    ("3.1", accounts_with_contact),
    ("3.2", contact_channels),
    ("3.3.1", candidates_evaluated),
    ("3.3.3", draft_departures),
    ("3.3.4", approvals_and_adjustments),
    ("3.4.1", eligible_contacts_share),
    ("3.4.2", contact_changes),
    ("3.4.2", contact_stability),
    ("3.5.1", items_supervised),
    ("3.5.2", proposals_made),
    ("3.5.3", progress_recorded),
    ("3.5.4", items_assigned),
    ("3.6.4", business_handled),
    ("3.6.5", consultations),
    ("3.7.4", energy_advice),
)
#: Activities reading another module's records, registered when that module is installed.
ACTIVITIES_OF_MODULE = (
    ("frontoffice", "3.6.3", key_account_complaints),
    ("assessments", "3.9.1", breaches_assessed),
)
