"""The to-do card, the first card of every home (R-3.7.3): each persona finds there what it
must do next, named by its record, key accounts first and then the nearest due date, only
of its own company, with links it may open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from gridcare.core.todo import Entry, todo_for
from gridcare.org.models import Company, Department

pytestmark = pytest.mark.django_db

# The calendar of the test database is known up to 2026-12-31: a day inside the warning
# period keeps the administrators' entry due.
TODAY = "2026-12-01 09:00 +0800"


@pytest.fixture(autouse=True)
def _frozen_day() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def _dept(company: Company, kind: str) -> Department:
    department, _ = Department.objects.get_or_create(
        company=company, code=kind, defaults={"name": kind, "kind": kind}
    )
    return department


def _customer(company: Company, name: str, *, key: bool = False, **extra: Any) -> Any:
    from gridcare.customers.models import Customer

    count = Customer.objects.count() + 1
    return Customer.objects.create(
        company=company,
        account_number=f"07{count:08d}",
        name=name,
        category="non_residential",
        voltage="10kv",
        supply_sources=1,
        town="龍崗街道",
        address="五星大道1號",
        phone=f"1380000{count:04d}",
        is_key_account=key,
        **extra,
    )


def _key_account(company: Company, name: str, contact: Any, leader: Any) -> Any:
    from gridcare.keyaccounts.services.designation import keyaccount_list_adjust

    account = _customer(company, name, is_government_body=True)
    keyaccount_list_adjust(
        customer=account, add=True, reason="測試", actor=leader, contact=contact.staff
    )
    account.refresh_from_db()
    return account


# Each maker gives a user of a persona a record that needs them, in the user's company,
# and returns the text that names it on the card.


def _application(user: Any, name: str, *, key: bool = False) -> str:
    from gridcare.applications.services import application_receive

    company = user.staff.company
    application = application_receive(
        company=company,
        customer=_customer(company, name, key=key),
        received_at=timezone.now() - timedelta(days=1),
        actor=user,
        department=user.staff.department,
        staff=user.staff,
        kind="new_connection",
    )
    return f"{application.number} {name}"


def _callback(user: Any, name: str) -> str:
    from gridcare.frontoffice.services.calls import call_record_manual

    number = "1390000" + str(abs(hash(name)) % 10000).zfill(4)
    call_record_manual(
        company=user.staff.company,
        caller=number,
        started_at=timezone.now() - timedelta(hours=1),
        answered=False,
        ring_seconds=30,
        agent=None,
        actor=user,
    )
    return number


def _referral(user: Any, name: str) -> str:
    from gridcare.frontoffice.services.matters import matter_open, matter_refer

    company = user.staff.company
    clerk = _clerk(company)
    matter = matter_open(
        company=company,
        kind="consultation",
        channel="counter",
        subject="線路諮詢",
        description="客戶詢問線路",
        customer_name=name,
        customer_phone="13900001111",
        actor=clerk,
    )
    matter_refer(
        matter=matter,
        department=user.staff.department,
        contact_person="李工",
        request="請核實線路情況",
        due=timezone.localdate() + timedelta(days=5),
        actor=clerk,
    )
    return f"{matter.reference} {name}"


def _clerk(company: Company) -> Any:
    from gridcare.core.tests.access_samples import make_user
    from gridcare.org.models import Staff

    found = Staff.objects.filter(company=company, user__groups__name="counter_clerk").first()
    if found is not None:
        return found.user
    return make_user("counter_clerk", company, f"clerk-{company.code}")


def _leader(company: Company) -> Any:
    from gridcare.core.tests.access_samples import make_user
    from gridcare.org.models import Staff

    found = Staff.objects.filter(company=company, user__groups__name="leadership").first()
    return found.user if found else make_user("leader", company, f"leader-{company.code}")


def _service_item(user: Any, name: str) -> str:
    from gridcare.keyaccounts.services.items import service_item_create

    company = user.staff.company
    account = _key_account(company, name, user, _leader(company))
    service_item_create(
        customer=account,
        kind="need",
        title="增容需求",
        department=_dept(company, "marketing"),
        due=timezone.localdate() + timedelta(days=10),
        actor=user,
    )
    return name


def _assessment_item(user: Any, name: str) -> str:
    from gridcare.assessments.services import assessment_item_record
    from gridcare.rules.models import Clause

    assessment_item_record(
        company=user.staff.company,
        kind="breach",
        clause=Clause.objects.filter(number="2.10").first(),
        department=_dept(user.staff.company, "csc"),
        staff=None,
        evidence_object=Group.objects.create(name=f"evidence-{name}"),
        description=name,
        occurred_on=date(2026, 11, 2),
        actor=None,
    )
    return name


def _patrol_request(user: Any, name: str) -> str:
    from gridcare.field.services.patrols import patrol_request_create

    company = user.staff.company
    leader = _leader(company)
    account = _key_account(company, name, leader, leader)
    patrol_request_create(
        customer=account,
        channel="portal",
        requested_by="廠長",
        what="變壓器巡視",
        wanted_from=timezone.localdate() + timedelta(days=3),
        wanted_to=timezone.localdate() + timedelta(days=10),
        actor=None,
    )
    return name


def _fault(user: Any, name: str, *, dispatch: bool, key: bool = False, minutes_ago: int = 0) -> str:
    from gridcare.field.services.faults import fault_dispatch, fault_report_create

    company = user.staff.company
    fault = fault_report_create(
        company=company,
        source="call",
        area="urban",
        address="龍崗街道1號",
        description="停電",
        customer=_customer(company, name, key=key),
        reported_at=timezone.now() - timedelta(minutes=minutes_ago),
        actor=None,
    )
    if dispatch:
        fault_dispatch(report=fault, crew=user.staff.department, at=timezone.now(), actor=None)
    return f"{fault.number} {name}"


def _followup_call(user: Any, name: str) -> str:
    from gridcare.followups.models import FollowupCall
    from gridcare.followups.services import followup_settings_update, followups_queue
    from gridcare.frontoffice.models import Matter

    company = user.staff.company
    clerk = _clerk(company).staff
    closed_at = timezone.now() - timedelta(days=1)
    followup_settings_update(company=company, actor=user, sample_percent=100)
    Matter.objects.create(
        company=company,
        kind=Matter.Kind.CONSULTATION,
        channel=Matter.Channel.COUNTER,
        received_at=closed_at - timedelta(hours=3),
        received_by=clerk,
        owner=clerk,
        customer_name=name,
        customer_phone="13900002222",
        subject="電費諮詢",
        description="…",
        status=Matter.Status.CLOSED,
        closed_at=closed_at,
    )
    followups_queue(company=company)
    call = FollowupCall.objects.get(company=company, customer_name=name)
    return str(call)


def _calendar(user: Any, name: str) -> str:
    # The calendar is shared: what is owed is next year's entry.
    return "2027"


MAKERS: dict[str, Callable[[Any, str], str]] = {
    "counter_clerk": _application,
    "csc_agent": _callback,
    "csc_director": _referral,
    "marketing_director": _assessment_item,
    "leader": _service_item,
    "prodtech": _patrol_request,
    "field_unit": lambda user, name: _fault(user, name, dispatch=True),
    "dispatcher": lambda user, name: _fault(user, name, dispatch=False),
    "supervision_officer": _followup_call,
    "administrator": _calendar,
}


def _card(client: Any, user: Any) -> list[Entry]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    (panel,) = [p for p in response.context["panels"] if p["code"] == "work_due"]
    return panel["entries"]


def _order(entries: list[Entry]) -> list[tuple[bool, bool, Any]]:
    return [(not e.overdue, not e.is_key_account, e.due_at) for e in entries]


@pytest.mark.parametrize("persona", sorted(MAKERS))
def test_each_persona_finds_its_work_on_the_card(
    persona: str, request: pytest.FixtureRequest, client, make_staff, other_company
) -> None:
    """R-3.7.3: the record that needs the persona is on its card, the card is in order
    (key accounts first, then the nearest due), a second company's record is not, and
    every link opens for the persona."""
    user = request.getfixturevalue(persona)
    foreign = make_staff(persona, company=other_company)
    mine = MAKERS[persona](user, "本公司客戶")
    theirs = MAKERS[persona](foreign, "外公司客戶")

    entries = _card(client, user)
    records = [e.record for e in entries]
    assert any(mine in r for r in records), records
    if theirs != mine:
        assert not any(theirs in r for r in records), records
        assert any(theirs in e.record for e in todo_for(foreign)["entries"])
    dated = [key for key in _order(entries) if key[2] is not None]
    assert dated == sorted(dated)
    for entry in entries:
        assert client.get(entry.url).status_code == 200, entry


def test_late_work_first_then_key_accounts_then_the_nearest_due(client, field_unit) -> None:
    """R-3.7.3: a key account's fault comes before others not yet late, whatever their
    due time; a fault already late comes before all."""
    later = _fault(field_unit, "晚報客戶", dispatch=True)
    # Reported earlier, so due sooner.
    plain = _fault(field_unit, "一般客戶", dispatch=True, minutes_ago=30)
    key = _fault(field_unit, "大客戶", dispatch=True, key=True)
    late = _fault(field_unit, "超時客戶", dispatch=True, minutes_ago=24 * 60)
    entries = _card(client, field_unit)
    assert [e.record for e in entries] == [late, key, plain, later]
    assert [e.overdue for e in entries] == [True, False, False, False]


def test_the_card_lists_ten_and_counts_the_rest_in_bounded_queries(
    client, counter_clerk, django_assert_max_num_queries
) -> None:
    """Twelve applications: ten listed, "2 more"; the queries do not grow with the rows."""
    for n in range(12):
        _application(counter_clerk, f"客戶{n:02d}", key=n == 11)
    with django_assert_max_num_queries(12):
        todo = todo_for(counter_clerk)
    assert len(todo["entries"]) == 10
    assert todo["more"] == 2
    assert todo["entries"][0].record.endswith("客戶11")
    client.force_login(counter_clerk)
    page = client.get(reverse("home")).content.decode()
    assert "客戶11" in page


def test_nothing_due_says_so(client, csc_agent) -> None:
    assert _card(client, csc_agent) == []
