"""The demo (issue 7, "Demo"): inspections with several findings and notices, patrol
requests from the portal and a contact, faults on their way, one of them overdue."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from gridcare.field.demo import load_demo
from gridcare.field.models import FaultReport, Finding, Inspection, PatrolRequest
from gridcare.org.demo import load_demo_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_field_work_alive() -> None:
    company = load_demo_organisation().company
    load_demo(company)
    done = Inspection.objects.filter(company=company, status="done")
    per_inspection = done.annotate(n=Count("findings")).values_list("n", flat=True)
    assert done.exists() and min(per_inspection) >= 1 and max(per_inspection) >= 2
    assert Finding.objects.filter(needs_customer_action=True).exists()
    requests = PatrolRequest.objects.filter(company=company)
    assert set(requests.values_list("channel", "status")) == {
        ("portal", "requested"),
        ("contact", "scheduled"),
    }
    waiting = FaultReport.objects.filter(company=company, status="dispatched")
    assert waiting.filter(arrival_due_at__lt=timezone.now()).count() == 1
    assert load_demo(company) == "already loaded"
