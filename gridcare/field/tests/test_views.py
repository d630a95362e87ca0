"""Pages of field work: each with an allowed and a refused user, list query counts, the
public outage notices and the iCalendar feed (R-3.7.1, R-3.7.2, R-3.7.3)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from gridcare.customers.models import Customer
from gridcare.field.models import FaultReport, Finding, FindingPhoto, Inspection, OutagePlan
from gridcare.field.services import (
    fault_report_create,
    inspection_plan_half_year,
    outage_file,
)
from gridcare.field.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(company, make_customer, make_feeder, departments):
    feeder = make_feeder("F1", [make_customer(key=True), make_customer()])
    start = timezone.now() + timedelta(days=10)
    return outage_file(
        company=company,
        kind="planned",
        title="10kV線路檢修",
        feeders=[feeder],
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )


def test_outage_list_allowed_refused_and_bounded(
    client, dispatcher, counter_clerk, plan, django_assert_max_num_queries
):
    client.force_login(counter_clerk)
    assert client.get(reverse("field:outage_list")).status_code == 403
    client.force_login(dispatcher)
    # One more than the list itself: the lead times it states are read once (R-DEF).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("field:outage_list"))
    assert response.status_code == 200
    assert plan.number in response.content.decode()


def test_outage_is_filed_from_the_form(
    client, dispatcher, prodtech, company, make_customer, make_feeder, departments
):
    feeder = make_feeder("F9", [make_customer()])
    start = timezone.localtime() + timedelta(days=8)
    data = {
        "kind": "planned",
        "title": "開關更換",
        "feeders": [feeder.pk],
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
    }
    client.force_login(prodtech)
    assert client.post(reverse("field:outage_create"), data).status_code == 403
    client.force_login(dispatcher)
    bad = client.post(reverse("field:outage_create"), {**data, "ends_at": data["starts_at"]})
    assert bad.status_code == 200 and "ends_at" in bad.context["form"].errors
    assert not OutagePlan.objects.exists()
    response = client.post(reverse("field:outage_create"), data)
    plan = OutagePlan.objects.get()
    assert response.status_code == 302
    assert client.get(reverse("field:outage_detail", args=[plan.pk])).status_code == 200


def test_other_company_cannot_see_a_plan(client, make_staff, other_company, plan):
    client.force_login(make_staff("dispatcher", company=other_company))
    assert client.get(reverse("field:outage_detail", args=[plan.pk])).status_code == 404


def test_key_account_coordination_form(client, dispatcher, field_unit, plan):
    row = plan.affected.get(is_key_account=True)
    url = reverse("field:outage_coordinate", args=[plan.pk, row.pk])
    start = timezone.localtime(plan.starts_at)
    data = {
        "agreed_starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "agreed_ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "agreed_with": "王經理",
    }
    client.force_login(field_unit)
    assert client.post(url, data).status_code == 403
    client.force_login(dispatcher)
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.agreed_with == "王經理"


def test_fault_queue_page(
    client, field_unit, supervision_officer, counter_clerk, company, django_assert_max_num_queries
):
    for n in range(3):
        fault_report_create(
            company=company, source="call", area="urban", address=f"街{n}", description="停電"
        )
    client.force_login(counter_clerk)
    assert client.get(reverse("field:fault_list")).status_code == 403
    client.force_login(field_unit)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("field:fault_list"))
    assert len(response.context["rows"]) == 3


def test_fault_steps_from_a_phone(client, field_unit, supervision_officer, company, departments):
    report = fault_report_create(
        company=company, source="call", area="urban", address="街1", description="停電"
    )
    url = reverse("field:fault_step", args=[report.pk])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.force_login(supervision_officer)
    assert client.post(url, {"at": now, "crew": departments["line"].pk}).status_code == 403
    client.force_login(field_unit)
    client.post(url, {"at": now, "crew": departments["line"].pk})
    client.post(url, {"at": now})
    report.refresh_from_db()
    assert report.status == FaultReport.Status.ARRIVED and report.arrival_met


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(out, "PNG")
    return out.getvalue()


def _findings(*cards: dict[str, str]) -> dict[str, str]:
    """The POST data of the findings formset (prefix "findings")."""
    data = {"findings-TOTAL_FORMS": str(len(cards)), "findings-INITIAL_FORMS": "0"}
    for n, card in enumerate(cards):
        data.update({f"findings-{n}-{key}": value for key, value in card.items()})
    return data


def test_inspection_recorded_on_a_phone_with_a_photo_served_only_to_staff(
    client,
    field_unit,
    counter_clerk,
    prodtech,
    make_staff,
    other_company,
    make_customer,
    departments,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    inspection = inspection_plan_half_year(
        customer=make_customer(key=True),
        half=today,
        unit=departments["line"],
        scheduled_for=today,
        actor=None,
    )
    url = reverse("field:inspection_record", args=[inspection.pk])
    data = {
        "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "equipment": "變壓器",
        "condition": "fair",
        "advice": "雨季前清理電纜溝",
        **_findings(
            {"description": "油位偏低", "severity": "major", "needs_customer_action": "on"},
            {"description": "門鎖損壞", "severity": "minor"},
            {"description": "", "severity": ""},  # a card left blank is skipped
        ),
    }
    client.force_login(prodtech)
    assert client.post(url, data).status_code == 403
    client.force_login(field_unit)
    page = client.get(url)
    assert page.status_code == 200 and 'data-formset-add="findings"' in page.content.decode()
    bad = client.post(
        url,
        {
            **data,
            "findings-0-photos": [
                SimpleUploadedFile("ok.png", _png()),
                SimpleUploadedFile("x.png", b"not an image"),
            ],
        },
    )
    assert bad.status_code == 200
    (refusal,) = bad.context["form"].non_field_errors()
    assert "x.png" in refusal  # the message names the file refused
    assert Inspection.objects.get().status == "planned"
    assert not Finding.objects.exists() and not list(tmp_path.rglob("*.*"))
    missing = client.post(url, {**data, "findings-1-severity": ""})
    assert list(missing.context["formset"].errors[1]) == ["severity"]
    response = client.post(
        url,
        {
            **data,
            "findings-0-photos": [SimpleUploadedFile("a.png", _png())],
            "findings-1-photos": [SimpleUploadedFile("b.png", _png())],
        },
    )
    assert response.status_code == 302
    assert list(Finding.objects.values_list("description", "photos__content_type")) == [
        ("油位偏低", "image/png"),
        ("門鎖損壞", "image/png"),
    ]
    photo = FindingPhoto.objects.filter(finding__description="油位偏低").get()
    photo_url = reverse("field:photo", args=[photo.pk])
    assert client.get(photo_url)["Content-Type"] == "image/png"
    client.force_login(counter_clerk)
    assert client.get(photo_url).status_code == 403
    client.force_login(make_staff("field_unit", company=other_company))
    assert client.get(photo_url).status_code == 404
    client.force_login(prodtech)
    response = client.post(
        reverse("field:notice_issue", args=[inspection.pk]),
        {"rectify_by": (today + timedelta(days=30)).isoformat()},
    )
    notice = inspection.written_notices.get()
    pdf = client.get(reverse("field:notice_pdf", args=[notice.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_inspection_list_bounded(
    client, prodtech, counter_clerk, make_customer, departments, django_assert_max_num_queries
):
    for _n in range(3):
        inspection_plan_half_year(
            customer=make_customer(key=True),
            half=date(2026, 7, 1),
            unit=departments["line"],
            scheduled_for=date(2026, 8, 1),
            actor=None,
        )
    client.force_login(counter_clerk)
    assert client.get(reverse("field:inspection_list")).status_code == 403
    client.force_login(prodtech)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("field:inspection_list"))
    assert len(response.context["page"].items) == 3


def test_public_notices_and_ical_feed_need_no_login(client, plan):
    response = client.get(reverse("field:public_outages"), {"town": plan.town})
    assert response.status_code == 200
    assert plan.title in response.content.decode()
    page = response.content.decode()
    # No customer data on a public page: none of the customers' names or account numbers.
    for name, number in Customer.objects.values_list("name", "account_number"):
        assert name not in page and number not in page
    feed = client.get(reverse("field:public_outage_ical", args=[plan.town]))
    assert feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"計畫停電：{plan.title}"]
    assert events[0].decoded("dtstart") == plan.starts_at.replace(microsecond=0)


def test_ical_feed_holds_only_the_towns_planned_outages(
    client, company, make_customer, make_feeder, departments
):
    elsewhere = make_feeder("F2", [make_customer()], town="龍水鎮")
    here = make_feeder("F3", [make_customer()], town="寶頂鎮")
    with time_machine.travel(at("2026-11-20 09:00"), tick=False):
        for feeder, kind in ((elsewhere, "planned"), (here, "temporary"), (here, "planned")):
            outage_file(
                company=company,
                kind=kind,
                title=f"{feeder.town}{kind}",
                feeders=[feeder],
                starts_at=at("2026-12-01 08:00"),
                ends_at=at("2026-12-01 12:00"),
            )
        feed = client.get(reverse("field:public_outage_ical", args=["寶頂鎮"]))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["計畫停電：寶頂鎮planned"]
