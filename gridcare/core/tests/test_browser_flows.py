"""The main flows in a real browser (issue 9 item 11): a customer follows an application on
the portal, a clerk records an application to energization, leadership approves the
designation round marketing drafted (ROLES.md: the company approves), a key-account contact
records a visit, the CSC director imports calls (the role that holds the import
permission). Each drives the real pages as a user would and checks both the page and the
database.
Screenshots of a failed flow land in test-artifacts/ (the `page` fixture)."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from gridcare.applications.models import Application
from gridcare.applications.services import application_receive
from gridcare.conftest import PASSWORD
from gridcare.core.tests.test_browser import BROWSER_TEST, page  # noqa: F401  (the fixture)
from gridcare.customers.models import Customer
from gridcare.frontoffice.models import CallImport, CallRecord
from gridcare.frontoffice.tests.conftest import cdr
from gridcare.keyaccounts.models import DesignationRound, Interaction, RoundEntry
from gridcare.keyaccounts.services.rounds import (
    designation_entry_update,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
)
from gridcare.rules.selectors import clocks_of

pytestmark = BROWSER_TEST


def sign_in(page: Any, username: str) -> None:  # noqa: F811
    page.set_default_timeout(10_000)
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(page.base_url + "/")


def a_customer(company: Any, **fields: Any) -> Customer:
    values = {
        "company": company,
        "account_number": "0100000001",
        "name": "甲公司",
        "category": "non_residential",
        "voltage": "low",
        "supply_sources": 1,
        "town": "龍崗街道",
        "address": "五星大道1號",
        "phone": "13912345678",
    }
    values.update(fields)
    return Customer.objects.create(**values)


def clock_states(application: Application) -> dict[str, str]:
    return {c.standard.code: c.state for c in clocks_of(application)}


def test_a_customer_follows_an_application_on_the_portal(
    page: Any,  # noqa: F811
    company: Any,
    counter_clerk: Any,
) -> None:
    """R-2.10: number + phone on file show the step and the running plan reply clock."""
    application = application_receive(
        company=company,
        customer=a_customer(company),
        kind="new_connection",
        received_at=timezone.now(),
        actor=counter_clerk,
    )
    page.goto(page.base_url + "/portal/applications/")
    page.get_by_label("申請編號").fill(application.number.lower())
    page.get_by_label("登記的電話號碼").fill("139-1234-5678")
    page.get_by_role("button", name="查詢").click()
    header = page.locator(".card-header", has_text=application.number)
    header.wait_for()
    assert "受理" in header.inner_text()
    clocks = page.locator("section.card", has_text="時限")
    # The limit by its title, not by the measures' internal clause number.
    assert "供電方案答覆" in clocks.inner_text() and "2.10" not in clocks.inner_text()
    # Low voltage: 3 working days to reply; the days used depend on today's calendar.
    assert clocks.get_by_text(re.compile(r"已用 [0-3] / 共 3 個工作日")).is_visible()
    # Nothing about the customer beyond the application.
    assert "甲公司" not in page.content() and "13912345678" not in page.content()
    assert clock_states(application) == {"application.plan_reply": "running"}


def test_a_clerk_records_an_application_through_to_energization(
    page: Any,  # noqa: F811
    company: Any,
    counter_clerk: Any,
) -> None:
    """R-2.10, R-3.7: receipt from the list, then each step on the detail page."""
    a_customer(company)
    sign_in(page, "counter_clerk")
    page.goto(page.base_url + "/applications/")
    page.get_by_role("link", name="受理申請").click()
    page.fill("#id_customer", "0100000001")
    page.select_option("#id_kind", "new_connection")
    page.locator("form:has(#id_customer)").get_by_role("button", name="受理").click()
    page.wait_for_url("**/applications/*/")
    application = Application.objects.get()
    assert page.get_by_role("heading", name=application.number).is_visible()
    assert clock_states(application) == {"application.plan_reply": "running"}

    for event in ("plan_replied", "acceptance_passed", "energized"):
        page.locator("#gc-event-type").select_option(event)
        with page.expect_navigation():
            page.locator("form:has(#gc-event-type) button[type=submit]").click()
        assert page.locator(".alert-success").is_visible(), event
        application.refresh_from_db()
        assert application.status == event

    assert page.locator(".badge.text-bg-primary").inner_text() == "已送電"
    states = clock_states(application)
    assert states["application.plan_reply"] == "met"
    assert states["application.energize"] == "met"
    assert application.steps.count() == 4


def submitted_round(company: Any, marketing: Any, contact: Any) -> DesignationRound:
    """Marketing drafts a regular round keeping every candidate with `contact`, and submits."""
    round = designation_round_open(company=company, actor=marketing)
    for entry in RoundEntry.objects.filter(round=round):
        designation_entry_update(
            entry=entry, included=True, reason="", contact=contact.staff, actor=marketing
        )
    return designation_round_submit(round=round, actor=marketing)


def test_leadership_approves_a_designation_round_drafted_by_marketing(
    page: Any,  # noqa: F811
    company: Any,
    marketing_director: Any,
    leader: Any,
    csc_director: Any,
) -> None:
    """R-3.3.3 marketing drafts and submits; R-3.3.4 the company approves on the page."""
    government = a_customer(company, name="中共大足縣委", is_government_body=True)
    round = submitted_round(company, marketing_director, csc_director)
    sign_in(page, "leader")
    page.goto(page.base_url + "/keyaccounts/rounds/")
    page.locator("#gc-list").get_by_role("link", name=round.title).click()
    page.wait_for_url(f"**/keyaccounts/rounds/{round.pk}/")
    assert page.get_by_text("中共大足縣委").first.is_visible()
    approve = page.locator(f"form[action$='/rounds/{round.pk}/approve/']")
    approve.get_by_placeholder("意見").fill("同意")
    # The approval asks for confirmation first (data-confirm).
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        approve.get_by_role("button").click()
    assert page.locator(".alert-success").is_visible()
    round.refresh_from_db()
    assert round.status == DesignationRound.Status.APPROVED
    assert round.approved_on == timezone.localdate()
    government.refresh_from_db()
    assert government.is_key_account


def test_a_key_account_contact_records_a_visit(
    page: Any,  # noqa: F811
    company: Any,
    marketing_director: Any,
    leader: Any,
    csc_director: Any,
) -> None:
    """R-3.6.1: the account's contact records a visit on the account page."""
    customer = a_customer(company, name="中共大足縣委", is_government_body=True)
    designation_round_approve(
        round=submitted_round(company, marketing_director, csc_director), actor=leader
    )
    sign_in(page, "csc_director")
    page.goto(page.base_url + "/keyaccounts/")
    page.get_by_role("link", name="中共大足縣委").click()
    page.wait_for_url(f"**/keyaccounts/accounts/{customer.pk}/")
    form = page.locator("#gc-ka-record form")
    form.locator("[name=kind]").select_option("visit")
    form.locator("[name=participants]").fill("辦公室李主任")
    form.locator("[name=summary]").fill("走訪：春節保電安排")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert-success").is_visible()
    assert page.get_by_text("走訪：春節保電安排").is_visible()
    visit = Interaction.objects.get()
    assert (visit.customer_id, visit.kind, visit.contact) == (
        customer.pk,
        "visit",
        csc_director.staff,
    )
    assert visit.participants == "辦公室李主任"


def test_the_csc_director_imports_a_call_file_and_sees_the_result(
    page: Any,  # noqa: F811
    csc_director: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    """R-2.8: a Master.csv upload is imported (tasks run at once in tests) and the page
    shows the counts and the rejected line."""
    settings.MEDIA_ROOT = tmp_path
    master = tmp_path / "Master.csv"
    master.write_text(
        cdr("2025-03-03 09:00:00", "2025-03-03 09:00:03", end="2025-03-03 09:02:00", uniqueid="1.1")
        + cdr("2025-03-03 09:05:00", disposition="NO ANSWER", billsec="0", uniqueid="1.2")
        + '"bad"\n',
        encoding="utf-8",
    )
    sign_in(page, "csc_director")
    page.goto(page.base_url + "/frontoffice/calls/imports/")
    page.set_input_files("input[type=file][name=file]", str(master))
    with page.expect_navigation():
        page.locator("form:has(input[type=file]) button[type=submit]").click()
    batch = CallImport.objects.get()
    assert page.url.endswith(f"/calls/imports/{batch.pk}/")
    progress = page.locator("#gc-import-progress")
    assert progress.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
    assert page.locator("table").get_by_role("cell", name="3", exact=True).is_visible()
    assert (batch.status, batch.imported, batch.rejected) == ("done", 2, 1)
    assert CallRecord.objects.count() == 2
