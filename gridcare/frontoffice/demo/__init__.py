"""Demo data of the front office: a year, up to today, of calls, hall tickets, hall
inspections, matters with referrals, complaints and charges, with realistic shares of late
answers and long transactions (so that the compliance matrix shows 2.1 … 2.9 with
figures). Deterministic (fixed seeds) and idempotent: a company that already has service
halls is left as it is.
"""

from __future__ import annotations

from django.db import transaction

from gridcare.frontoffice.demo import calls, halls, matters, reference
from gridcare.frontoffice.models import ServiceHall
from gridcare.org.models import Company


def load_demo(company: Company) -> str:
    if ServiceHall.objects.filter(company=company).exists():
        return "already present"
    with transaction.atomic():
        hall_list = reference.load_reference(company)
    call_count = calls.load_calls(company)
    ticket_count, inspection_count = halls.load_halls(company, hall_list)
    matter_count, complaint_count, charge_count = matters.load_matters(company)
    return (
        f"{len(hall_list)} halls, {call_count} calls, {ticket_count} tickets, "
        f"{inspection_count} inspections, {matter_count} matters ({complaint_count} "
        f"complaints), {charge_count} charges"
    )
