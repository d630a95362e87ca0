"""Assessment proposals reach the assessment ledger (R-3.9.1) through the assessments
module's service: at once, and idempotently by the ledger's periodic sync."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.apps import apps

from gridcare.frontoffice.ledger import sync_proposals
from gridcare.frontoffice.models import ConductItem, ServiceHall
from gridcare.frontoffice.services.inspections import (
    assessment_propose_from_complaint,
    assessment_propose_from_result,
    inspection_record,
)
from gridcare.frontoffice.services.matters import complaint_decide, matter_open
from gridcare.frontoffice.tests.conftest import at
from gridcare.frontoffice.tests.test_inspections import scores
from gridcare.org.selectors import staff_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not apps.is_installed("gridcare.assessments"), reason="no assessment ledger"
    ),
]


def ledger_items() -> list[Any]:
    from gridcare.assessments.models import AssessmentItem

    return list(AssessmentItem.objects.select_related("clause", "department", "staff"))


def test_a_failed_hall_item_becomes_a_ledger_item(
    hall: ServiceHall,
    marketing_director: Any,
    counter_clerk: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clerk = staff_of(counter_clerk)
    with time_machine.travel(at("2025-06-02 10:00"), tick=False):
        inspection = inspection_record(
            hall=hall, scores=scores({"badge": 5}, staff=clerk), actor=marketing_director
        )
        with django_capture_on_commit_callbacks(execute=True):
            assessment_propose_from_result(
                result=inspection.results.get(passed=False),
                reason="未佩證上崗",
                staff=clerk,
                actor=marketing_director,
            )
    (item,) = ledger_items()
    assert (item.kind, item.clause.number, item.staff, item.department) == (
        "hall_inspection",
        "2.4",
        clerk,
        clerk.department,
    )
    assert (
        sync_proposals(clerk.company, at("2025-06-01 00:00").date(), at("2025-06-30 00:00").date())
        == 0
    )
    assert len(ledger_items()) == 1


def test_the_sync_records_what_was_not_recorded_at_once(
    csc_agent: Any, csc_director: Any, counter_clerk: Any
) -> None:
    with time_machine.travel(at("2025-06-02 10:00"), tick=False):
        matter = matter_open(
            company=staff_of(csc_agent).company,
            kind="complaint",
            channel="phone",
            subject="投訴門市人員態度差",
            description="推諉",
            customer_name="王先生",
            category="service",
            about_conduct=True,
            prohibition=ConductItem.objects.get(code__kind="prohibitions", number=4),
            staff_concerned=staff_of(counter_clerk),
            actor=csc_agent,
        )
        complaint = complaint_decide(
            complaint=matter.complaint, finding="substantiated", note="屬實", actor=csc_director
        )
        assessment_propose_from_complaint(
            complaint=complaint,
            reason="推諉客戶",
            staff=complaint.staff_concerned,
            actor=csc_director,
        )  # the test's transaction never commits: nothing recorded at once
        assert ledger_items() == []
        company = staff_of(csc_agent).company
        assert (
            sync_proposals(company, at("2025-06-01 00:00").date(), at("2025-06-30 00:00").date())
            == 1
        )
    (item,) = ledger_items()
    assert (item.kind, item.clause.number, item.staff.user) == ("conduct", "2.2", counter_clerk)
