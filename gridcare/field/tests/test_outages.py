"""R-3.7.2: outage plans, the customers they affect, and the lead time of their notices:
planned-outage information reaches marketing at least 7 days ahead, temporary-outage
information the CSC at least 1 day ahead; a plan filed later is a breach."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

import pytest
import time_machine
from django.urls import reverse

from gridcare.core.errors import DomainError
from gridcare.field.channels import ChannelError
from gridcare.field.models import Delivery, OutageNotice, OutagePlan
from gridcare.field.services import outage_coordinate, outage_file
from gridcare.field.tasks import send_delivery
from gridcare.field.tests.conftest import at
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.models import Breach, Clock
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db


class RecordingAdapter:
    sent: ClassVar[list[str]] = []
    fail_first: ClassVar[set[str]] = set()

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        if recipient in self.fail_first:
            self.fail_first.discard(recipient)
            raise ChannelError("gateway busy")
        self.sent.append(recipient)


@pytest.fixture
def adapter(settings):
    RecordingAdapter.sent = []
    RecordingAdapter.fail_first = set()
    path = f"{__name__}.RecordingAdapter"
    settings.FIELD_CHANNEL_ADAPTERS = {"sms": path, "email": path}
    return RecordingAdapter


def _file(company, feeders, *, kind="planned", filed, starts, actor=None):
    return outage_file(
        company=company,
        kind=kind,
        title="10kV線路檢修",
        feeders=feeders,
        starts_at=at(starts),
        ends_at=at(starts).replace(hour=18),
        filed_at=at(filed),
        actor=actor,
    )


@pytest.mark.parametrize(
    ("kind", "filed", "starts", "state"),
    [
        # Across the month end: the outage starts on 3 December. Lead times are measured
        # between instants: 7 days are 168 hours.
        ("planned", "2026-11-26 07:00", "2026-12-03 08:00", "met"),  # 7 days 1 hour ahead
        ("planned", "2026-11-26 08:00", "2026-12-03 08:00", "met"),  # exactly 7 days
        ("planned", "2026-11-26 17:00", "2026-12-03 08:00", "breached"),  # 6 days 15 hours
        ("planned", "2026-12-02 08:00", "2026-12-03 08:00", "breached"),  # after the due day
        ("temporary", "2026-11-30 07:00", "2026-12-01 08:00", "met"),  # 25 hours ahead
        # Filed at 23:00 for 08:00 the next day: 9 hours, not one day.
        ("temporary", "2026-11-30 23:00", "2026-12-01 08:00", "breached"),
        ("temporary", "2026-12-01 06:00", "2026-12-01 08:00", "breached"),  # same day
    ],
)
def test_notice_lead_time_is_met_or_breached(
    company, make_customer, make_feeder, departments, kind, filed, starts, state
):
    feeder = make_feeder("F1", [make_customer(key=True)])
    with time_machine.travel(at(filed), tick=False):
        plan = _file(company, [feeder], kind=kind, filed=filed, starts=starts)
    (clock,) = clocks_of(plan)
    assert clock.standard.code == f"outage.{kind}_notice"
    assert clock.state == state
    due_day = (at(starts) - timedelta(days=clock.amount)).date()
    assert clock.due == (
        due_day if state == "met" else min(due_day, at(filed).date() - timedelta(1))
    )
    assert Breach.objects.filter(clock=clock, status="active").exists() == (state == "breached")


def test_an_outage_without_key_accounts_is_notified_but_not_assessed(
    company, make_customer, make_feeder, departments, client, dispatcher
):
    """R-3.7.2: the lead-time clocks run for outages that affect a key account only."""
    feeder = make_feeder("F1", [make_customer()])
    with time_machine.travel(at("2026-12-02 09:00"), tick=False):
        plan = _file(company, [feeder], filed="2026-12-02 09:00", starts="2026-12-03 08:00")
    assert list(clocks_of(plan)) == [] and not Breach.objects.exists()
    assert plan.notices.filter(audience="department").exists()
    client.force_login(dispatcher)
    page = client.get(reverse("field:outage_detail", args=[plan.pk])).content.decode()
    assert "23" in page  # the lead time is shown: 23 hours


def test_late_plan_reaches_the_compliance_matrix(company, make_customer, make_feeder, departments):
    feeder = make_feeder("F1", [make_customer(key=True)])
    _file(company, [feeder], filed="2026-11-26 08:00", starts="2026-12-03 08:00")  # 168 hours
    _file(company, [feeder], filed="2026-11-27 09:00", starts="2026-12-03 09:00")
    rows = {
        r.code: r
        for r in compliance_by_standard(
            company=company, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)
        )
    }
    counts = rows["outage.planned_notice"].counts
    assert (counts.met, counts.breached) == (1, 1)
    assert rows["outage.planned_notice"].clause.number == "3.7.2"


def test_affected_customers_are_found_by_feeder_and_key_accounts_flagged(
    company, make_customer, make_feeder, departments
):
    key, plain, elsewhere, both = (
        make_customer(key=True),
        make_customer(),
        make_customer(),
        make_customer(),
    )
    f1 = make_feeder("F1", [key, plain, both])
    f2 = make_feeder("F2", [both])
    make_feeder("F3", [elsewhere])
    plan = _file(company, [f1, f2], filed="2026-11-20 09:00", starts="2026-12-03 08:00")
    affected = {a.customer_id: a.is_key_account for a in plan.affected.all()}
    assert affected == {key.pk: True, plain.pk: False, both.pk: False}
    notice = plan.notices.get(audience=OutageNotice.Audience.DEPARTMENT)
    assert notice.department == departments["marketing"]
    assert key.name in notice.body


def test_temporary_notice_goes_to_the_csc(company, make_customer, make_feeder, departments):
    feeder = make_feeder("F1", [make_customer()])
    plan = _file(
        company, [feeder], kind="temporary", filed="2026-11-20 09:00", starts="2026-11-23 08:00"
    )
    delivery = Delivery.objects.get(notice__outage=plan, channel="internal")
    assert delivery.recipient == "department:csc"
    assert delivery.status == "sent"


def test_adapter_is_called_once_per_customer(
    company, make_customer, make_feeder, departments, adapter, django_capture_on_commit_callbacks
):
    customers = [make_customer(key=i == 0) for i in range(3)]
    shared = make_customer(phone=customers[1].phone)  # one phone, one message
    feeder = make_feeder("F1", [*customers, shared])
    with django_capture_on_commit_callbacks(execute=True):
        plan = _file(company, [feeder], filed="2026-11-20 09:00", starts="2026-12-03 08:00")
    assert sorted(adapter.sent) == sorted(c.phone for c in customers)
    deliveries = Delivery.objects.filter(notice__outage=plan, channel="sms")
    assert {d.status for d in deliveries} == {"sent"}
    # A second run of every task (a consumer restarted, a duplicate enqueue) sends nothing.
    for delivery in deliveries:
        send_delivery.call_local(delivery.pk)
    assert len(adapter.sent) == 3


def test_failed_sending_is_recorded_and_retried(
    company, make_customer, make_feeder, departments, adapter
):
    customer = make_customer()
    feeder = make_feeder("F1", [customer])
    plan = _file(company, [feeder], filed="2026-11-20 09:00", starts="2026-12-03 08:00")
    delivery = Delivery.objects.get(notice__outage=plan, channel="sms")
    adapter.fail_first = {customer.phone}
    assert send_delivery.retries == 3
    with pytest.raises(ChannelError):
        send_delivery.call_local(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        1,
        "gateway busy",
    )
    send_delivery.call_local(delivery.pk)  # the retry
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert adapter.sent == [customer.phone]


def test_one_delivery_per_notice_and_recipient(company, make_customer, make_feeder, departments):
    from django.db import IntegrityError, transaction

    feeder = make_feeder("F1", [make_customer()])
    plan = _file(company, [feeder], filed="2026-11-20 09:00", starts="2026-12-03 08:00")
    delivery = Delivery.objects.get(notice__outage=plan, channel="sms")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(notice=delivery.notice, recipient=delivery.recipient, channel="sms")


def test_bad_plan_is_refused_and_changes_nothing(company, make_customer, make_feeder, departments):
    feeder = make_feeder("F1", [make_customer()])
    with pytest.raises(DomainError) as err:
        outage_file(
            company=company,
            kind="planned",
            title="檢修",
            feeders=[feeder],
            starts_at=at("2026-12-03 08:00"),
            ends_at=at("2026-12-03 07:00"),
            filed_at=at("2026-11-20 09:00"),
        )
    assert err.value.field == "ends_at"
    assert not OutagePlan.objects.exists()
    assert not Clock.objects.exists()


def test_coordination_with_a_key_account(
    company, make_customer, make_feeder, departments, dispatcher
):
    key = make_customer(key=True)
    feeder = make_feeder("F1", [key, make_customer()])
    plan = _file(company, [feeder], filed="2026-11-20 09:00", starts="2026-12-03 08:00")
    row = plan.affected.get(customer=key)
    outage_coordinate(
        affected=row,
        window_starts_at=at("2026-12-03 06:00"),
        window_ends_at=at("2026-12-03 20:00"),
        agreed_starts_at=at("2026-12-03 08:00"),
        agreed_ends_at=at("2026-12-03 16:00"),
        agreed_with="王經理",
        actor=dispatcher,
    )
    row.refresh_from_db()
    assert row.agreed_with == "王經理"
    plain = plan.affected.get(is_key_account=False)
    with pytest.raises(DomainError):
        outage_coordinate(
            affected=plain,
            window_starts_at=None,
            window_ends_at=None,
            agreed_starts_at=at("2026-12-03 08:00"),
            agreed_ends_at=at("2026-12-03 16:00"),
            agreed_with="x",
            actor=dispatcher,
        )
