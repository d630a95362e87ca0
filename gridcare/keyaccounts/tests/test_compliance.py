"""R-3.6.2 and R-3.7.6 measured in the compliance matrix: needs and other services are met
when completed by their due date, breached when completed late or open past it, running
while open and not yet due; each counts in the period of its completion (else due) date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from gridcare.keyaccounts.compliance import item_counts
from gridcare.keyaccounts.forms import ServiceItemForm
from gridcare.keyaccounts.models import ServiceItem
from gridcare.keyaccounts.services.items import service_item_create, service_item_progress
from gridcare.keyaccounts.tests.conftest import local
from gridcare.org.models import Department
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import ServiceStandard

pytestmark = pytest.mark.django_db

NEED, OTHER = "keyaccount.need", "keyaccount.other_service"


@pytest.fixture
def account(government, csc_director, approve_list):
    approve_list([government], contact=csc_director, when="2025-01-10 10:00")
    return government


@pytest.fixture
def department(company):
    return Department.objects.create(
        company=company, code="prodtech", name="生技部", kind="production_technology"
    )


@pytest.fixture
def items(account, department, csc_director):
    """Raised on 1 March 2025, each with its story; keyed by what it should count as."""

    def item(kind: str, due: date, title: str) -> ServiceItem:
        with time_machine.travel(local("2025-03-01 09:00"), tick=False):
            return service_item_create(
                customer=account,
                kind=kind,
                title=title,
                department=department,
                due=due,
                actor=csc_director,
            )

    def progress(obj: ServiceItem, when: str, status: str) -> None:
        with time_machine.travel(local(when), tick=False):
            service_item_progress(item=obj, note="處理", status=status, actor=csc_director)

    made = {
        "met_on_due_day": item("need", date(2025, 3, 10), "準時"),
        "late": item("need", date(2025, 3, 10), "逾期辦結"),
        "overdue_open": item("need", date(2025, 3, 12), "逾期未辦"),
        "running": item("need", date(2025, 3, 31), "辦理中"),
        "cancelled": item("need", date(2025, 3, 15), "取消"),
        "next_month": item("need", date(2025, 4, 20), "四月到期"),
        "other_met": item("other", date(2025, 3, 20), "其他服務"),
    }
    # Done late in the evening of the due day: still on time (the local date counts).
    progress(made["met_on_due_day"], "2025-03-10 23:30", ServiceItem.Status.DONE)
    progress(made["late"], "2025-03-11 08:00", ServiceItem.Status.DONE)
    progress(made["running"], "2025-03-05 10:00", ServiceItem.Status.IN_PROGRESS)
    progress(made["cancelled"], "2025-03-05 10:00", ServiceItem.Status.CANCELLED)
    progress(made["other_met"], "2025-03-18 10:00", ServiceItem.Status.DONE)
    # Due in April but completed in March: it counts in March.
    progress(made["next_month"], "2025-03-28 10:00", ServiceItem.Status.DONE)
    return made


def _counts(company, today: str = "2025-03-20"):
    rows = compliance_by_standard(
        company=company,
        date_from=date(2025, 3, 1),
        date_to=date(2025, 3, 31),
        today=date.fromisoformat(today),
    )
    return {row.code: row for row in rows}


def test_both_clauses_have_a_seeded_standard() -> None:
    standards = ServiceStandard.objects.filter(code__in=[NEED, OTHER]).select_related("clause")
    assert {s.code: s.clause.number for s in standards} == {NEED: "3.6.2", OTHER: "3.7.6"}
    assert {s.module for s in standards} == {"keyaccounts"}


def test_needs_count_met_breached_and_running_by_their_due_date(company, items) -> None:
    rows = _counts(company)
    need = rows[NEED].counts
    # met: on the due day, and the April item done in March; breached: done late, and
    # open past its due date (12 March < 20 March); running: due 31 March; cancelled: none.
    assert (need.met, need.breached, need.exempted, need.running) == (2, 2, 0, 1)
    assert rows[NEED].measured and rows[NEED].counts.rate == 0.5
    other = rows[OTHER].counts
    assert (other.met, other.breached, other.running) == (1, 0, 0)


def test_an_open_item_turns_breached_the_day_after_it_is_due(company, items) -> None:
    assert _counts(company, today="2025-03-31")[NEED].counts.running == 1
    need = _counts(company, today="2025-04-01")[NEED].counts
    assert (need.breached, need.running) == (3, 0)


def test_an_item_counts_in_the_period_of_its_completion_or_due_date(company, items) -> None:
    rows = compliance_by_standard(
        company=company, date_from=date(2025, 4, 1), date_to=date(2025, 4, 30)
    )
    assert next(r for r in rows if r.code == NEED).counts.total == 0


def test_a_reopened_item_counts_on_its_due_date_again(company, items, csc_director) -> None:
    item = items["next_month"]
    with time_machine.travel(local("2025-03-29 10:00"), tick=False):
        service_item_progress(
            item=item, note="問題復現", status=ServiceItem.Status.IN_PROGRESS, actor=csc_director
        )
    item.refresh_from_db()
    assert item.period_date == date(2025, 4, 20)
    assert _counts(company)[NEED].counts.met == 1


def test_the_source_is_one_aggregate_query(company, items, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        result = item_counts([company.pk], date(2025, 3, 1), date(2025, 3, 31), date(2025, 3, 20))
    assert set(result) == {NEED, OTHER}


def test_the_matrix_figures_open_the_items_behind_them(
    client, company, items, marketing_director
) -> None:
    client.force_login(marketing_director)
    with time_machine.travel(local("2025-03-20 12:00"), tick=False):
        page = client.get(
            reverse("rules:compliance_matrix"), {"date_from": "2025-03-01", "date_to": "2025-03-31"}
        )
        row = next(s for r in page.context["rows"] for s in r.standards if s.code == NEED)
        assert row.links["breached"].startswith(reverse("keyaccounts:item_list"))
        assert row.links["breached"].replace("&", "&amp;") in page.content.decode()
        listed = client.get(row.links["breached"])
    assert {i.title for i in listed.context["page"].items} == {"逾期辦結", "逾期未辦"}
    assert row.links["exempted"] == ""


def test_the_compliance_api_lists_the_new_codes_in_its_usual_shape(
    company, items, marketing_director
) -> None:
    api = APIClient()
    api.force_authenticate(marketing_director)
    with time_machine.travel(local("2025-03-20 12:00"), tick=False):
        body = api.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    need = next(s for s in body["standards"] if s["code"] == NEED)
    assert need == {
        "code": NEED,
        "clause": "3.6.2",
        "title": need["title"],
        "total": 5,
        "met": 2,
        "breached": 2,
        "exempted": 0,
        "running": 1,
        "rate": 0.5,
    }


@pytest.mark.parametrize(
    ("kind", "amount", "due"),
    [
        ("need", 14, date(2025, 3, 15)),
        ("need", 7, date(2025, 3, 8)),
        ("other", 30, date(2025, 3, 31)),
        # No standard times business on the customer's behalf: the default 14 days.
        ("business", 30, date(2025, 3, 15)),
    ],
)
def test_the_item_form_proposes_the_due_date_of_its_standard(company, kind, amount, due) -> None:
    ServiceStandard.objects.filter(code__in=[NEED, OTHER]).update(amount=amount)
    with time_machine.travel(local("2025-03-01 10:00"), tick=False):
        form = ServiceItemForm(company=company, initial={"kind": kind})
    assert form.initial["due"] == due
