"""History panels and the audit search read as sentences with staff names (R-1.4): no
dotted action code, no `key: value` dump, no dict text, after real service calls."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gridcare.applications.services import application_receive, application_record_event
from gridcare.core.audit_actions import is_registered
from gridcare.core.models import AuditEvent
from gridcare.customers.services import customer_create, customer_update
from gridcare.frontoffice.services.matters import matter_open, matter_owner_change, matter_refer
from gridcare.org.models import Staff

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")
KEY_VALUE = re.compile(r"\b[a-z]+_[a-z_]+\s*:\s")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(at("2025-03-05 16:00"), tick=False):
        yield


def _named(user: Any, name: str) -> Any:
    Staff.objects.filter(user=user).update(name=name)
    return user


def page_text(html: str) -> str:
    main = html.split("<main", 1)[-1]
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text))


def assert_readable(text: str) -> None:
    assert not DOTTED.findall(text)
    assert not KEY_VALUE.findall(text)
    assert "{'" not in text and "['" not in text
    assert "True" not in text and "False" not in text


@pytest.fixture
def customer(company: Any, counter_clerk: Any) -> Any:
    made = customer_create(
        company=company,
        account_number="0100000001",
        actor=counter_clerk,
        name="龍崗五金廠",
        category="non_residential",
        voltage="low",
        supply_sources=1,
        town="龍崗街道",
        address="五星大道1號",
        phone="13800000001",
    )
    return customer_update(customer=made, actor=counter_clerk, voltage="10kv", name="龍崗五金")


def test_the_history_of_an_application_reads_as_sentences_with_staff_names(
    client: Any, company: Any, counter_clerk: Any, customer: Any
) -> None:
    _named(counter_clerk, "林小梅")
    application = application_receive(
        company=company,
        customer=customer,
        kind="new_connection",
        received_at=at("2025-03-03 10:00"),
        actor=counter_clerk,
        residential_lighting=False,
        department=counter_clerk.staff.department,
        staff=counter_clerk.staff,
    )
    application_record_event(
        application=application,
        event="plan_replied",
        at=at("2025-03-04 10:00"),
        actor=counter_clerk,
    )
    client.force_login(counter_clerk)
    text = page_text(
        client.get(reverse("applications:application_detail", args=[application.pk])).text
    )
    assert_readable(text)
    assert "林小梅" in text
    assert "答覆供電方案" in text or "供電方案" in text
    assert "新裝" in text  # the kind by its label


def test_the_history_of_a_customer_names_the_changed_fields(
    client: Any, counter_clerk: Any, customer: Any
) -> None:
    _named(counter_clerk, "林小梅")
    client.force_login(counter_clerk)
    text = page_text(client.get(reverse("customers:customer_detail", args=[customer.pk])).text)
    assert_readable(text)
    assert "林小梅" in text
    assert "龍崗五金廠 → 龍崗五金" in text


def test_the_history_of_a_matter_reads_as_sentences(
    client: Any, company: Any, csc_agent: Any, make_staff: Any, counter_clerk: Any
) -> None:
    _named(csc_agent, "陳建國")
    matter = matter_open(
        company=company,
        kind="complaint",
        category="outage",
        channel="phone",
        subject="電壓偏低",
        description="晚間燈光昏暗",
        customer_name="王先生",
        customer_phone="13800138000",
        received_at=at("2025-03-03 10:00"),
        actor=csc_agent,
    )
    matter_refer(
        matter=matter,
        department=counter_clerk.staff.department,
        contact_person="值班員",
        request="請核實電壓",
        due=at("2025-03-05 10:00").date(),
        at=at("2025-03-03 10:30"),
        actor=csc_agent,
    )
    other = make_staff("csc_agent", company=company)
    matter_owner_change(matter=matter, owner=other.staff, reason="輪班", actor=csc_agent)
    client.force_login(other)
    text = page_text(client.get(reverse("frontoffice:matter_detail", args=[matter.pk])).text)
    assert_readable(text)
    assert "陳建國" in text
    assert "2025-03-05" in text


def test_the_audit_search_reads_as_sentences_and_refuses_others(
    client: Any,
    company: Any,
    other_company: Any,
    counter_clerk: Any,
    administrator: Any,
    customer: Any,
    make_staff: Any,
) -> None:
    _named(counter_clerk, "林小梅")
    theirs = make_staff("counter_clerk", company=other_company)
    customer_create(
        company=other_company, account_number="0200000009", actor=theirs, name="外公司客戶",
        category="non_residential", voltage="low", supply_sources=1, town="鎮", address="路",
        phone="13900000009",
    )  # fmt: skip
    client.force_login(administrator)
    response = client.get(reverse("core:audit_search"))
    text = page_text(response.text)
    assert_readable(text)
    assert "林小梅" in text
    assert "外公司客戶" not in text
    # The list names staff members, and a staff member's name finds their events.
    found = client.get(reverse("core:audit_search"), {"actor": "林小梅"}).context["page"].items
    assert found and {e.actor_id for e in found} == {counter_clerk.pk}
    client.force_login(counter_clerk)
    assert client.get(reverse("core:audit_search")).status_code == 403


def test_every_event_the_services_wrote_is_registered(
    company: Any, counter_clerk: Any, customer: Any
) -> None:
    application_receive(
        company=company,
        customer=customer,
        kind="capacity_increase",
        received_at=at("2025-03-03 10:00"),
        actor=counter_clerk,
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert "applications.application.received" in actions
    assert {a for a in actions if not is_registered(a)} == set()


def test_an_unregistered_action_reads_as_a_generic_sentence() -> None:
    from gridcare.core.audit_actions import describe

    sentence, changes = describe("nobody.thing.happened", {"some_key": True, "at": "2025-03-03"})
    assert not DOTTED.findall(sentence)
    assert ("Some key", "Yes") in changes or ("Some key", "是") in changes
