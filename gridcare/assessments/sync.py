"""Running the registered item sources over a range (see registry.py)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gridcare.assessments.registry import sources
from gridcare.org.models import Company


def ledger_sync(*, company: Company, date_from: date, date_to: date) -> dict[str, int]:
    """Run every source for one company; each source is its own transaction(s), so one
    failing source leaves the others' work in place. Returns changes per source."""
    return {source.name: source.sync(company, date_from, date_to) for source in sources()}


def ledger_sync_all(*, today: date | None = None) -> dict[str, dict[str, int]]:
    """Every company, from the start of last year (a calendar correction can withdraw
    breaches that old) to today."""
    today = today or timezone.localdate()
    date_from = date(today.year - 1, 1, 1)
    return {
        company.code: ledger_sync(company=company, date_from=date_from, date_to=today)
        for company in Company.objects.order_by("pk")
    }
