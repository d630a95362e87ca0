"""The application queue reads as words in the page's language: the step after receipt
is a step, not a time label; voltages are written 10kV; a yes/no filter's empty choice
means "all"; the filters beyond the first few wait behind "more filters"; each clock
badge says which limit it is."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from gridcare.applications.services import application_receive
from gridcare.applications.tests.conftest import local
from gridcare.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(company: Any, counter_clerk: Any) -> Any:
    customer = Customer.objects.create(
        company=company, account_number="0100000001", name="甲公司", category="non_residential",
        voltage="10kv", supply_sources=1, town="郵亭鎮", address="路8號", phone="13912345678",
    )  # fmt: skip
    return application_receive(
        company=company, customer=customer, kind="new_connection",
        received_at=local("2026-12-01 10:00"), actor=counter_clerk,
    )  # fmt: skip


def _page(client: Any, user: Any, **query: str) -> str:
    client.force_login(user)
    response = client.get(reverse("applications:application_list"), query)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel("2026-12-02 09:00 +0800", tick=False)
def test_the_queue_speaks_words_not_labels_of_other_things(
    client: Any, counter_clerk: Any, received: Any
) -> None:
    page = _page(client, counter_clerk)
    assert "已受理" in page and "受理時間</td>" not in page
    assert "10kV" in page and "10KV" not in page
    assert "---------" not in page
    key_account = re.search(r'<select name="key_account"[^>]*>(.*?)</select>', page, re.S)
    assert key_account is not None
    assert "全部" in key_account[1] and "未知" not in key_account[1]
    # The tabs choose the queue; the filter form only carries it.
    assert re.search(r'<input type="hidden" name="queue" value="open"', page)
    # Each clock badge names its clause.
    badges = re.search(r'<ul class="list-unstyled mb-0 gc-clock-badges">(.*?)</ul>', page, re.S)
    assert badges is not None and "2.10" in badges[1]


def test_the_filters_past_the_first_four_are_behind_more_and_open_when_used(
    client: Any, counter_clerk: Any, received: Any
) -> None:
    closed = _page(client, counter_clerk)
    assert '<details class="col-12 gc-filter-more">' in closed
    used = _page(client, counter_clerk, kind="new_connection")
    assert '<details class="col-12 gc-filter-more" open>' in used
    assert received.number in used


@time_machine.travel("2026-12-02 09:00 +0800", tick=False)
def test_a_date_of_another_year_carries_its_year() -> None:
    template = Template("{% load gridcare %}{{ a|day }} {{ b|day }}")
    text = template.render(Context({"a": date(2026, 2, 5), "b": date(2025, 2, 5)}))
    assert text == "02-05 2025-02-05"
