"""The demo: a year of front-office work, idempotent, with figures for 2.6 … 2.9."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gridcare.frontoffice.demo import load_demo
from gridcare.frontoffice.models import CallImport, CallRecord, Charge, Matter, Ticket
from gridcare.org.demo import load_demo_organisation
from gridcare.rules.compliance import compliance_by_standard

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_year_once_with_live_figures() -> None:
    company = load_demo_organisation().company
    assert "calls" in load_demo(company)
    counts = (
        CallRecord.objects.count(),
        Ticket.objects.count(),
        Matter.objects.count(),
        Charge.objects.count(),
    )
    assert all(counts)
    assert CallImport.objects.get().rejected == 3  # the sample of bad lines, listed
    assert load_demo(company) == "already present"
    assert (CallRecord.objects.count(), Ticket.objects.count()) == counts[:2]
    today = timezone.localdate()
    rows = {
        row.code: row.counts
        for row in compliance_by_standard(
            company=company, date_from=today - timedelta(days=365), date_to=today
        )
    }
    for code in (
        "call.answer_rings",
        "hall.business_minutes",
        "hall.payment_minutes",
        "hall.wait_minutes",
        "referral.answer",
    ):
        rate: Any = rows[code].rate
        assert rows[code].breached and 0.8 < rate < 1, code
