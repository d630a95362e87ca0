"""No number of the measures is written in a page, a help text or a PDF (R-DEF): each page
that states a limit reads it from the standard in force for the company today. Every
seeded standard is revised through the service, and each page and the reply sheet that
state it then show the new limit and never the old one."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from gridcare.applications.services import application_receive
from gridcare.customers.models import Customer
from gridcare.frontoffice.models import BusinessProcedure
from gridcare.org.models import Company
from gridcare.rules.limits import amount_text
from gridcare.rules.models import RuleProfile, ServiceStandard
from gridcare.rules.selectors import standards_in_force
from gridcare.rules.services import standard_revise

pytestmark = pytest.mark.django_db

#: The reply sheet writes units as the clauses do ("3個工作日", "5天").
PDF_UNIT = {"working_days": "個工作日", "days": "天"}


def pdf_text(content: bytes) -> str:
    """The text a reportlab PDF draws with its CID font (two bytes a character, UCS-2),
    read from its compressed content streams without an external tool."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:  # reportlab writes pages ASCII85-encoded, then deflated
            data = zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
        except (ValueError, zlib.error):
            continue  # not a page (fonts and images are not text)
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data, re.S):
            raw = re.sub(
                rb"\\([0-7]{1,3}|.)",
                lambda m: (
                    bytes([int(m.group(1), 8)])
                    if m.group(1)[:1].isdigit()
                    else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1))
                ),
                literal,
            )
            text.append(raw.decode("utf-16-be", errors="replace"))
    return "".join(text)


def clauses_of(sheet: str) -> str:
    """The sheet's clause text; its table of clocks keeps each clock's own version."""
    return sheet[sheet.index("第2.10條") :]


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def stated(text: str, phrase: str) -> bool:
    """`phrase` ("5 聲") appears as a whole amount: not inside "15 聲"."""
    return re.search(rf"(?<!\d){re.escape(phrase)}", text) is not None


TEN_KV = [{"code": "application.plan_reply", "attrs": {"voltage": "10kv"}}]


@pytest.fixture
def application(company: Company, counter_clerk: Any) -> Any:
    customer = Customer.objects.create(
        company=company,
        account_number="0100000001",
        name="龍水鎮五金廠",
        category="non_residential",
        voltage="10kv",
        supply_sources=1,
        town="龍水鎮",
        address="五金街1號",
        phone="13800000001",
    )
    BusinessProcedure.objects.create(
        company=company, title="高壓新裝、增容", steps="提出申請", time_limits=TEN_KV
    )
    return application_receive(
        company=company,
        customer=customer,
        received_at=datetime(2025, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        actor=counter_clerk,
        department=counter_clerk.staff.department,
        staff=counter_clerk.staff,
        kind="new_connection",
    )


def revise_all(profile: RuleProfile, actor: Any) -> list[tuple[ServiceStandard, ServiceStandard]]:
    """Every standard in force gets a new version from today, ten times its limit plus one
    (never a number the page shows for another reason)."""
    today = timezone.localdate()
    pairs = []
    for standard in standards_in_force(profile=profile, on=today):
        revised = standard_revise(
            standard=standard,
            amount=standard.amount * 10 + 1,
            effective_from=today,
            reason="the county's new measures",
            actor=actor,
        )
        pairs.append((standard, revised))
    return pairs


def pages(application: Any) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(url, persona, [(code, attrs)]): every page that states limits, and which."""
    plan = "application.plan_reply"
    reply = [
        (plan, {"voltage": "low"}),
        (plan, {"voltage": "10kv"}),
        (plan, {"voltage": "high", "supply_sources": 1}),
        (plan, {"voltage": "high", "supply_sources": 2}),
        ("application.residential_energize", {"residential_lighting": True}),
    ]
    rings = [("call.answer_rings", {})]
    return [
        ("/service/dazu/", "", [*rings, (plan, {"voltage": "10kv"})]),
        (reverse("frontoffice:call_rates"), "csc_director", rings),
        (reverse("home"), "csc_director", rings),
        (reverse("applications:application_create"), "counter_clerk", reply),
        (
            reverse("field:outage_list"),
            "dispatcher",
            [
                ("outage.planned_notice", {"outage_type": "planned"}),
                ("outage.temporary_notice", {"outage_type": "temporary"}),
            ],
        ),
        (
            reverse("applications:reply_sheet_pdf", args=[application.pk]),
            "counter_clerk",
            [
                *reply,
                ("application.energize", {"voltage": "low"}),
                ("application.energize", {"voltage": "high"}),
            ],
        ),
    ]


def applicable(standards: list[ServiceStandard], code: str, attrs: dict) -> ServiceStandard:
    candidates = [s for s in standards if s.code == code and s.applies(attrs)]
    return max(candidates, key=lambda s: len(s.applies_to))


def test_every_revised_standard_is_stated_with_its_new_limit_and_never_the_old(
    client: Client,
    own_measures: RuleProfile,
    marketing_director: Any,
    make_staff: Any,
    company: Company,
    application: Any,
) -> None:
    users = {
        persona: make_staff(persona, company=company)
        for persona in ("csc_director", "counter_clerk", "dispatcher")
    }
    pairs = revise_all(own_measures, marketing_director)
    assert len(pairs) > 20
    old = [s for s, _new in pairs]
    new = [n for _old, n in pairs]
    for url, persona, codes in pages(application):
        client.logout()
        if persona:
            client.force_login(users[persona])
        response = client.get(url)
        assert response.status_code == 200, url
        is_pdf = response["Content-Type"] == "application/pdf"
        text = response.content.decode() if not is_pdf else clauses_of(pdf_text(body(response)))
        for code, attrs in codes:
            before, after = applicable(old, code, attrs), applicable(new, code, attrs)
            with translation.override("zh-hant"):
                if is_pdf:
                    was = f"{before.amount}{PDF_UNIT[before.unit]}"
                    now = f"{after.amount}{PDF_UNIT[after.unit]}"
                else:
                    was, now = amount_text(before), amount_text(after)
            assert stated(text, now), (url, code, now)
            assert not stated(text, was), (url, code, was)
    client.force_login(marketing_director)
    standards_page = client.get(reverse("rules:standard_list")).content.decode()
    for before, after in pairs:
        with translation.override("zh-hant"):
            assert stated(standards_page, amount_text(after)), after.code
            assert not stated(standards_page, amount_text(before)), before.code


def test_after_revising_the_10kv_reply_to_6_working_days_the_form_sheet_and_public_page_say_6(
    client: Client,
    own_measures: RuleProfile,
    marketing_director: Any,
    counter_clerk: Any,
    application: Any,
    other_company: Company,
    make_staff: Any,
) -> None:
    """As a new user would: marketing revises 2.10's 10 kV supply plan reply of its own
    measures to 6 working days from today; the application form, the reply sheet and the
    public page then say 6. A second company keeps its 7 on its own pages."""
    ten_kv = own_measures.standards.get(code="application.plan_reply", variant="10kv")
    standard_revise(
        standard=ten_kv,
        amount=6,
        effective_from=timezone.localdate(),
        reason="county decision",
        actor=marketing_director,
    )
    client.force_login(counter_clerk)
    form = client.get(reverse("applications:application_create")).content.decode()
    assert stated(form, "6 個工作日") and not stated(form, "7 個工作日")
    sheet_url = reverse("applications:reply_sheet_pdf", args=[application.pk])
    sheet = clauses_of(pdf_text(body(client.get(sheet_url))))
    assert "10KV客戶6個工作日" in sheet and "7個工作日" not in sheet
    client.logout()
    public = client.get("/service/dazu/").content.decode()
    assert stated(public, "6 個工作日") and not stated(public, "7 個工作日")
    BusinessProcedure.objects.create(
        company=other_company, title="高壓新裝", steps="提出申請", time_limits=TEN_KV
    )
    elsewhere = client.get(f"/service/{other_company.code}/").content.decode()
    assert stated(elsewhere, "7 個工作日") and not stated(elsewhere, "6 個工作日")
    client.force_login(make_staff("counter_clerk", company=other_company))
    their_form = client.get(reverse("applications:application_create")).content.decode()
    assert stated(their_form, "7 個工作日") and not stated(their_form, "6 個工作日")
