"""Live figures of the front-office clauses no standard measures (R-2.1 … R-2.5), shown in
their rows of the compliance matrix (rules.compliance.register_activity): what was done
under each clause in the period, one aggregate query per figure group.

Clauses 2.6 … 2.9 are measured against their standards by the sources in
frontoffice/compliance.py and need no figures here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gridcare.core.selectors import days_range
from gridcare.frontoffice.models import (
    Charge,
    ChecklistItem,
    Complaint,
    InspectionResult,
    Matter,
    OwnerChange,
)
from gridcare.rules.compliance import Figure, register_activity


def _received_in(field: str, date_from: date, date_to: date) -> Q:
    """Times from the start of `date_from` up to the end of `date_to` (local days)."""
    start, end = days_range(date_from, date_to)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def charges(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-2.1: every charge of the period was made against an item of the fee catalogue
    (the database refuses any other); how many, and how many items they used."""
    row = Charge.objects.filter(
        company_id__in=company_ids, charged_on__gte=date_from, charged_on__lte=date_to
    ).aggregate(charges=Count("pk"), items=Count("fee_item_id", distinct=True))
    url = reverse("frontoffice:charge_list")
    query = urlencode({"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    return [
        Figure(_("Charges against the fee catalogue"), row["charges"], f"{url}?{query}"),
        Figure(_("Catalogue items charged"), row["items"], reverse("frontoffice:fee_catalogue")),
    ]


def conduct_complaints(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-2.2: complaints about staff conduct received in the period, how many name the
    prohibition concerned, and how many were found substantiated."""
    row = Complaint.objects.filter(
        _received_in("matter__received_at", date_from, date_to),
        matter__company_id__in=company_ids,
        about_conduct=True,
    ).aggregate(
        received=Count("pk"),
        named=Count("pk", filter=Q(prohibition__isnull=False)),
        substantiated=Count("pk", filter=Q(finding=Complaint.Finding.SUBSTANTIATED)),
    )
    url = f"{reverse('frontoffice:matter_list')}?{urlencode({'kind': Matter.Kind.COMPLAINT})}"
    return [
        Figure(_("Complaints about staff conduct"), row["received"], url),
        Figure(
            _("Recorded against the prohibition concerned"),
            row["named"],
            url,
            total=row["received"],
        ),
        Figure(_("Found substantiated"), row["substantiated"], url),
    ]


def _checklist_results(
    target: str, company_ids: list[int], date_from: date, date_to: date
) -> dict[str, int]:
    return InspectionResult.objects.filter(
        _received_in("inspection__inspected_at", date_from, date_to),
        inspection__company_id__in=company_ids,
        item__target=target,
    ).aggregate(
        inspections=Count("inspection_id", distinct=True),
        checked=Count("pk"),
        passed=Count("pk", filter=Q(passed=True)),
    )


def hall_checklist(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-2.3: service halls inspected against the checklist in the period, and the hall
    items that passed out of those checked."""
    row = _checklist_results(ChecklistItem.Target.HALL, company_ids, date_from, date_to)
    url = reverse("frontoffice:inspection_list")
    return [
        Figure(_("Hall inspections"), row["inspections"], url),
        Figure(_("Hall items passed"), row["passed"], url, total=row["checked"]),
    ]


def staff_checklist(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-2.4: the staff items of the same checklist (uniform, badge, Mandarin, manners)."""
    row = _checklist_results(ChecklistItem.Target.STAFF, company_ids, date_from, date_to)
    url = reverse("frontoffice:inspection_list")
    return [Figure(_("Staff items passed"), row["passed"], url, total=row["checked"])]


def first_contact(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-2.5: matters received in the period, each owned by the person first reached, how
    many are closed, and the changes of owner (each with its recorded reason)."""
    row = Matter.objects.filter(
        _received_in("received_at", date_from, date_to), company_id__in=company_ids
    ).aggregate(received=Count("pk"), closed=Count("pk", filter=Q(status=Matter.Status.CLOSED)))
    changes = OwnerChange.objects.filter(
        _received_in("changed_at", date_from, date_to), matter__company_id__in=company_ids
    ).count()
    url = reverse("frontoffice:matter_list")
    return [
        Figure(_("Matters received, each with its first-contact owner"), row["received"], url),
        Figure(_("Closed by their owner"), row["closed"], url, total=row["received"]),
        Figure(_("Changes of owner, each with a reason"), changes, url),
    ]


def register_all() -> None:
    for number, activity in (
        ("2.1", charges),
        ("2.2", conduct_complaints),
        ("2.3", hall_checklist),
        ("2.4", staff_checklist),
        ("2.5", first_contact),
    ):
        register_activity(number, activity)


# --- the leaders' dashboard (issue 8 item 7: complaints this half year) -------------------


def _complaint_matters(company_id: int, date_from: date, date_to: date) -> Any:
    return Matter.objects.filter(
        _received_in("received_at", date_from, date_to),
        company_id=company_id,
        kind=Matter.Kind.COMPLAINT,
    )


def complaints_received(company: Any, date_from: date, date_to: date) -> int:
    """Complaints received in the period (one count over frontoffice_matter_kind)."""
    return _complaint_matters(company.pk, date_from, date_to).count()


def register_dashboard() -> None:
    from gridcare.dashboard import registry

    def complaint_list(date_from: date, date_to: date) -> str:
        return f"{reverse('frontoffice:matter_list')}?{urlencode({'kind': Matter.Kind.COMPLAINT})}"

    # Only what one index answers: how many were substantiated needs the complaints
    # themselves, which the half-year report counts (its complaints section).
    registry.register_figure(
        registry.Figure(
            "frontoffice.complaints",
            "complaints",
            _("Complaints received"),
            complaints_received,
            url=complaint_list,
            order=10,
        )
    )
