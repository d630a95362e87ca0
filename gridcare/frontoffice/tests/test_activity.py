"""Live figures of the front-office clauses without a standard (R-2.1 … R-2.5) in the
compliance matrix: each counts what was done in the period, nothing outside it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gridcare.frontoffice.activity import (
    charges,
    conduct_complaints,
    first_contact,
    hall_checklist,
    staff_checklist,
)
from gridcare.frontoffice.models import ServiceHall
from gridcare.frontoffice.services.fees import charge_record
from gridcare.frontoffice.services.inspections import inspection_record
from gridcare.frontoffice.services.matters import matter_open, matter_owner_change
from gridcare.frontoffice.tests.conftest import at
from gridcare.frontoffice.tests.test_fees import fee_item
from gridcare.frontoffice.tests.test_inspections import scores
from gridcare.frontoffice.tests.test_matters import prohibition
from gridcare.org.selectors import staff_of
from gridcare.rules.compliance import activity_clauses
from gridcare.rules.models import Clause, ServiceStandard

pytestmark = pytest.mark.django_db

MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def open_matter(owner: Any, *, received_at: str, kind: str = "consultation", **extra: Any) -> Any:
    return matter_open(
        company=staff_of(owner).company,
        kind=kind,
        channel="phone",
        subject="電壓偏低",
        description="晚間燈光昏暗",
        customer_name="王先生",
        customer_phone="13800138000",
        received_at=at(received_at),
        actor=owner,
        **extra,
    )


def values(figures: list[Any]) -> list[tuple[int, int | None]]:
    return [(figure.value, figure.total) for figure in figures]


def test_every_clause_of_part_2_has_a_standard_or_figures() -> None:
    numbers = set(Clause.objects.filter(number__startswith="2.").values_list("number", flat=True))
    assert {"2.1", "2.5", "2.11"} <= numbers
    measured = set(
        ServiceStandard.objects.filter(clause__number__startswith="2.").values_list(
            "clause__number", flat=True
        )
    )
    assert sorted(numbers - measured - activity_clauses()) == []


@pytest.fixture
def march(company: Any, csc_agent: Any, counter_clerk: Any, marketing_director: Any,
          hall: ServiceHall) -> Any:  # fmt: skip
    """In March: two matters (one a conduct complaint naming a prohibition), one change of
    owner, one hall inspection failing a hall item and a staff item, two charges. In
    February: one matter, one inspection and one charge, which March must not count."""
    clerk = staff_of(counter_clerk)
    item = fee_item(company)
    with time_machine.travel(at("2025-04-02 16:00"), tick=False):
        open_matter(csc_agent, received_at="2025-02-27 09:00")
        moved = open_matter(csc_agent, received_at="2025-03-03 09:00")
        open_matter(
            csc_agent,
            kind="complaint",
            category="service",
            about_conduct=True,
            prohibition=prohibition(4),
            staff_concerned=clerk,
            received_at="2025-03-31 23:30",
        )
        with time_machine.travel(at("2025-03-05 10:00"), tick=False):
            matter_owner_change(
                matter=moved, owner=clerk, reason="客戶改到營業廳辦理", actor=csc_agent
            )
        inspection_record(
            hall=hall, scores=scores(), inspected_at=at("2025-02-10 10:00"),
            actor=marketing_director,
        )  # fmt: skip
        inspection_record(
            hall=hall,
            scores=scores({"clean": 2, "badge": 5}, staff=clerk),
            inspected_at=at("2025-03-10 10:00"),
            actor=marketing_director,
        )
        for day, receipt in ((date(2025, 2, 28), "R0"), (date(2025, 3, 1), "R1"),
                             (date(2025, 3, 31), "R2")):  # fmt: skip
            charge_record(
                company=company, fee_item=item, charged_on=day, quantity=1,
                customer_name="王先生", receipt_number=receipt, actor=counter_clerk,
            )  # fmt: skip


def test_each_figure_counts_the_period_only(company: Any, march: Any) -> None:
    ids = [company.pk]
    assert values(charges(ids, *MARCH)) == [(2, None), (1, None)]
    # The complaint received at 23:30 on the last day of March is March's.
    assert values(conduct_complaints(ids, *MARCH)) == [(1, None), (1, 1), (0, None)]
    assert values(hall_checklist(ids, *MARCH)) == [(1, None), (3, 4)]
    assert values(staff_checklist(ids, *MARCH)) == [(5, 6)]
    # Two matters received in March (the complaint too), none closed, one change of owner.
    assert values(first_contact(ids, *MARCH)) == [(2, None), (0, 2), (1, None)]
    assert values(first_contact(ids, date(2025, 2, 1), date(2025, 2, 28)))[0] == (1, None)


def test_another_companys_records_are_not_counted(other_company: Any, march: Any) -> None:
    ids = [other_company.pk]
    assert [figure.value for figure in charges(ids, *MARCH)] == [0, 0]
    assert [figure.value for figure in first_contact(ids, *MARCH)] == [0, 0, 0]


def test_the_matrix_shows_the_figures_in_the_clause_rows(client: Any, leader: Any,
                                                         march: Any) -> None:  # fmt: skip
    client.force_login(leader)
    response = client.get(
        reverse("rules:compliance_matrix"), {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("frontoffice:charge_list") + "?date_from=2025-03-01" in page
    assert reverse("frontoffice:inspection_list") in page


def test_the_dashboard_shows_the_complaints_of_the_half_year(
    client: Any, leader: Any, company: Any, csc_agent: Any, counter_clerk: Any
) -> None:
    """Issue 8 item 7: complaints received this half year (the substantiated ones are in
    the half-year report)."""
    from gridcare.frontoffice.services.matters import complaint_decide

    with time_machine.travel(at("2025-08-20 10:00"), tick=False):
        open_matter(csc_agent, kind="complaint", category="service", received_at="2025-06-30 23:00")
        for day in ("2025-07-01 08:00", "2025-08-19 09:00"):
            matter = open_matter(csc_agent, kind="complaint", category="service", received_at=day)
        complaint_decide(
            complaint=matter.complaint, finding="substantiated", note="屬實", actor=csc_agent
        )
        client.force_login(leader)
        response = client.get(reverse("dashboard:dashboard"))
    figures = {f.label: f.value for f in response.context["complaints"]}
    assert list(figures.values()) == [2]
    assert "matters/?kind=complaint" in response.content.decode()
