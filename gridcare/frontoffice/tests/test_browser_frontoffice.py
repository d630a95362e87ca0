"""The front office's day in a real browser (issue 5): the CSC agent calls back the callers
nobody answered (R-2.8) and takes a complaint by phone through referral, relay and close
(R-2.5, R-2.7), the counter clerk serves a ticket from the hall queue screen on a tablet
(R-2.6, R-2.9), the supervision officer inspects a hall and turns a failed item into an
assessment item (R-2.3, R-2.4), and a form given bad input says what is wrong. Each test
drives the real pages by what a user sees (roles, labels, texts in Traditional Chinese)
and checks both the page and the database.
Screenshots of a failed flow land in test-artifacts/ (the `page` fixture)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from gridcare.assessments.models import AssessmentItem
from gridcare.core.tests.test_browser import (  # noqa: F401  (page: the fixture)
    BROWSER_TEST,
    console_errors,
    page,
)
from gridcare.core.tests.test_browser_flows import sign_in
from gridcare.frontoffice.models import (
    AssessmentProposal,
    CallBack,
    CallRecord,
    HallInspection,
    Matter,
    Referral,
    Relay,
    Ticket,
)
from gridcare.frontoffice.services.calls import call_record_manual

pytestmark = BROWSER_TEST

TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1280, "height": 900}
HALL_SCREEN = {"width": 1920, "height": 1080}


def another_desk(tab: Any, username: str) -> tuple[Any, list[str]]:
    """Someone else at another desk: a fresh browser context (its own session), signed in
    as `username`."""
    context = tab.context.browser.new_context(viewport=DESKTOP, locale="zh-TW")
    desk = context.new_page()
    errors = console_errors(desk)
    desk.base_url = tab.base_url
    sign_in(desk, username)
    return desk, errors


def unanswered_call(company: Any, caller: str, started_at: Any, actor: Any) -> CallRecord:
    return call_record_manual(
        company=company,
        caller=caller,
        started_at=started_at,
        answered=False,
        ring_seconds=None,
        agent=None,
        actor=actor,
    )


def test_a_csc_agent_calls_back_the_callers_nobody_answered(
    page: Any,  # noqa: F811
    company: Any,
    csc_agent: Any,
) -> None:
    """R-2.8: the unanswered callers wait on the agent's home and call-back list; a caller
    reached leaves the list, one not reached stays; each call back is stored with who and
    when."""
    rang = timezone.now() - timedelta(hours=1)
    first = unanswered_call(company, "13800000001", rang, csc_agent)
    second = unanswered_call(company, "13800000002", rang + timedelta(minutes=5), csc_agent)
    call_record_manual(
        company=company,
        caller="13800000003",
        started_at=rang,
        answered=True,
        ring_seconds=6,
        agent=csc_agent.staff,
        actor=csc_agent,
    )
    sign_in(page, "csc_agent")
    # Home: the callers to call back, without visiting a menu (ROLES.md).
    panel = page.locator("section", has=page.get_by_text("待回撥來電"))
    expect(panel.get_by_role("link", name="13800000001")).to_be_visible()
    expect(panel.get_by_role("link", name="13800000002")).to_be_visible()
    expect(panel.get_by_role("link", name="13800000003")).to_have_count(0)  # answered
    panel.get_by_role("link", name="全部").click()
    page.wait_for_url("**/frontoffice/calls/callbacks/")

    waiting = page.get_by_role("listitem")
    row = waiting.filter(has=page.get_by_role("link", name="13800000001"))
    expect(row.get_by_label("已聯繫上")).to_be_checked()
    row.get_by_label("意見").fill("已回撥，客戶查詢停電時間")
    before = timezone.now()
    row.get_by_role("button", name="記錄回撥").click()
    expect(page.get_by_role("alert").filter(has_text="已記錄回撥。")).to_be_visible()
    expect(page.get_by_role("link", name="13800000001")).to_have_count(0)
    # The second caller does not answer: the call back is recorded, the caller still waits.
    row = waiting.filter(has=page.get_by_role("link", name="13800000002"))
    row.get_by_label("已聯繫上").uncheck()
    row.get_by_label("意見").fill("無人接聽")
    row.get_by_role("button", name="記錄回撥").click()
    expect(page.get_by_role("alert").filter(has_text="已記錄回撥。")).to_be_visible()
    expect(page.get_by_role("link", name="13800000002")).to_be_visible()

    reached = CallBack.objects.get(call=first)
    assert (reached.by, reached.reached, reached.note) == (
        csc_agent.staff,
        True,
        "已回撥，客戶查詢停電時間",
    )
    assert before <= reached.at <= timezone.now()
    first.refresh_from_db()
    assert first.called_back_at == reached.at
    missed = CallBack.objects.get(call=second)
    assert (missed.by, missed.reached, missed.note) == (csc_agent.staff, False, "無人接聽")
    second.refresh_from_db()
    assert second.called_back_at is None


def test_a_csc_agent_takes_a_complaint_by_phone_through_to_its_close(
    page: Any,  # noqa: F811
    company: Any,
    csc_agent: Any,
    counter_clerk: Any,
    prodtech: Any,
) -> None:
    """R-2.2, R-2.5, R-2.7: the agent records a complaint about a clerk's conduct against a
    prohibition and owns it; refers it to a department by phone; it cannot close before
    the answer is relayed (the page says so, a stale close is refused); the department
    answers at its own desk; the agent relays the answer and closes the matter."""
    sign_in(page, "csc_agent")
    page.goto(page.base_url + "/frontoffice/matters/")
    page.get_by_role("link", name="登記事項").click()
    page.wait_for_url("**/frontoffice/matters/new/")
    page.get_by_label("類別", exact=True).select_option("complaint")
    page.get_by_label("受理渠道").select_option("phone")
    page.get_by_label("客戶", exact=True).fill("王先生")
    page.get_by_label("客戶電話").fill("13811112222")
    page.get_by_label("主題").fill("營業員收受禮品")
    page.get_by_label("客戶反映內容").fill("客戶反映營業員辦理業務時收受購物卡。")
    page.get_by_label("投訴類別").select_option("service")
    # The prohibition and the staff member are asked for only about staff conduct.
    prohibition = page.get_by_label("涉及的「十個不准」條目")
    expect(prohibition).to_be_hidden()
    page.get_by_label("涉及員工行為").check()
    expect(prohibition).to_be_visible()
    prohibition.select_option(label="7. 不准收受客戶禮品、禮金、有價證券。")
    page.get_by_label("涉及的員工").select_option(label=str(counter_clerk.staff))
    page.get_by_role("button", name="儲存").click()
    page.wait_for_url(re.compile(r".*/frontoffice/matters/\d+/$"))

    matter = Matter.objects.get()
    agent = csc_agent.staff
    expect(page.get_by_role("alert").filter(has_text="由您負責")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("營業員收受禮品"))).to_be_visible()
    expect(page.get_by_text(re.compile(f"首問.*負責人 {agent.name}"))).to_be_visible()
    assert (matter.kind, matter.channel, matter.status) == ("complaint", "phone", "open")
    assert matter.received_by == agent and matter.owner == agent  # first contact owns it
    complaint = matter.complaint
    assert (complaint.category, complaint.about_conduct) == ("service", True)
    assert complaint.prohibition.number == 7
    assert complaint.staff_concerned == counter_clerk.staff

    # Referred to production technology, by phone.
    page.get_by_label("轉辦部門").select_option(label=str(prodtech.staff.department))
    page.get_by_label("聯繫人").fill("李主任")
    page.get_by_label("聯繫電話").fill("023-4370-1234")
    page.get_by_label("轉辦內容").fill("請核實營業員收受購物卡一事並答覆。")
    due = page.get_by_label("答覆期限").input_value()
    page.get_by_role("button", name="轉辦", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已記錄轉辦。")).to_be_visible()
    expect(page.get_by_text("等待答覆")).to_be_visible()
    # Not closable yet: the page says why and offers no close.
    expect(page.get_by_text("事項必須在答覆客戶後才能結案（第 2.7 條）。")).to_be_visible()
    expect(page.get_by_role("button", name="結案")).to_have_count(0)
    # A close sent anyway (a stale tab) is refused with the same reason.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        f"{page.base_url}/frontoffice/matters/{matter.pk}/close/",
        form={"csrfmiddlewaretoken": token},
        max_redirects=0,  # the page shows the outcome, as after a real click
    )
    assert response.status == 302
    page.reload()
    expect(
        page.get_by_role("alert").filter(has_text="事項必須在答覆客戶後才能結案（第 2.7 條）。")
    ).to_be_visible()
    matter.refresh_from_db()
    assert (matter.status, matter.closed_at) == ("referred", None)
    referral = Referral.objects.get(matter=matter)
    assert (referral.department, referral.referred_by) == (prodtech.staff.department, agent)
    assert (referral.contact_person, referral.contact_phone) == ("李主任", "023-4370-1234")
    assert referral.due.isoformat() == due

    # The department answers at its own desk.
    desk, desk_errors = another_desk(page, "prodtech")
    desk.goto(desk.base_url + "/frontoffice/referrals/")
    desk.get_by_role("link", name="營業員收受禮品").click()
    desk.get_by_label("答覆").fill("經核實，營業員已退還購物卡並作檢討。")
    desk.get_by_role("button", name="送出答覆").click()
    expect(desk.get_by_role("alert").filter(has_text="答覆已送交事項負責人。")).to_be_visible()
    referral.refresh_from_db()
    assert referral.answered_by == prodtech.staff and referral.answered_at is not None
    assert desk_errors == []

    # The owner tells the customer, then closes.
    page.reload()
    expect(page.get_by_text("經核實，營業員已退還購物卡並作檢討。")).to_be_visible()
    page.get_by_label("方式").select_option("phone")
    page.get_by_label("告知客戶的內容").fill("已電話告知客戶核實結果及處理情況。")
    page.get_by_role("button", name="記錄答覆").click()
    expect(page.get_by_role("alert").filter(has_text="已記錄答覆客戶。")).to_be_visible()
    page.get_by_role("button", name="結案").click()
    expect(page.get_by_role("alert").filter(has_text="事項已結案。")).to_be_visible()
    expect(page.get_by_text("已結案", exact=True)).to_be_visible()

    matter.refresh_from_db()
    assert matter.status == "closed" and matter.closed_at is not None
    assert matter.owner == agent  # nobody else took it over
    relay = Relay.objects.get(matter=matter)
    assert (relay.relayed_by, relay.method, relay.referral) == (agent, "phone", referral)
    assert relay.relayed_at <= matter.closed_at
    assert matter.complaint.contacted_at == relay.relayed_at


def test_a_counter_clerk_serves_a_ticket_from_the_queue_screen_on_a_tablet(
    page: Any,  # noqa: F811
    company: Any,
    counter_clerk: Any,
    hall: Any,
) -> None:
    """R-2.6, R-2.9: a customer takes a ticket at the ticket machine; the clerk at counter 1
    calls, starts and finishes it with one tap each; the hall display shows the ticket
    being served; the wait and the handling time are stored on the ticket."""
    page.set_viewport_size(TABLET)
    sign_in(page, "counter_clerk")
    page.goto(page.base_url + "/frontoffice/halls/")
    page.get_by_role("link", name="取號機").click()
    page.get_by_role("button", name=re.compile("業務辦理")).click()
    expect(page.get_by_role("status").filter(has_text="您的號碼")).to_contain_text("A001")
    ticket = Ticket.objects.get()
    assert (ticket.status, ticket.kind, ticket.number) == ("waiting", "business", "A001")

    page.goto(page.base_url + "/frontoffice/halls/")
    board = page.get_by_role("link", name="門市叫號屏").get_attribute("href")
    page.get_by_role("link", name=re.compile("1號窗口")).click()
    page.wait_for_url(f"**/frontoffice/halls/{hall.pk}/counters/*/")
    counter_url = page.url
    expect(page.get_by_text("窗口空閒")).to_be_visible()

    page.get_by_role("button", name="叫下一號").click()
    expect(page.get_by_text("已叫號，等候客戶")).to_be_visible()
    expect(page.get_by_text("A001", exact=True)).to_be_visible()
    page.get_by_role("button", name="開始辦理").click()
    expect(page.get_by_text("辦理中", exact=True)).to_be_visible()
    assert page.url == counter_url  # one tap each, on the same screen
    ticket.refresh_from_db()
    assert ticket.status == "serving" and ticket.clerk == counter_clerk.staff

    # The screen in the hall is a device of its own, signed in as nobody.
    screen = page.context.browser.new_context(viewport=HALL_SCREEN, locale="zh-TW")
    display = screen.new_page()
    display_errors = console_errors(display)
    display.goto(page.base_url + board)
    serving = display.locator("section", has=display.get_by_role("heading", name="正在辦理"))
    expect(serving).to_contain_text("A001")
    expect(serving).to_contain_text("1號窗口")
    # Closed before the clerk goes on: the tests' SQLite database is one connection that
    # the live server's threads share, and the board asks for itself every 3 s.
    screen.close()
    assert display_errors == []

    page.get_by_role("button", name="辦理完畢").click()
    expect(page.get_by_text("窗口空閒")).to_be_visible()
    assert page.url == counter_url

    ticket.refresh_from_db()
    assert ticket.status == "done"
    assert ticket.counter.number == 1 and ticket.clerk == counter_clerk.staff
    assert ticket.called_at <= ticket.started_at <= ticket.finished_at
    assert ticket.wait_seconds == int((ticket.started_at - ticket.issued_at).total_seconds())
    assert ticket.handling_seconds == int((ticket.finished_at - ticket.started_at).total_seconds())
    assert (ticket.wait_outcome, ticket.handling_outcome) == ("met", "met")


def test_the_hall_supervisor_inspects_a_hall_and_proposes_an_assessment_item(
    page: Any,  # noqa: F811
    company: Any,
    counter_clerk: Any,
    supervision_officer: Any,
    hall: Any,
) -> None:
    """R-2.3, R-2.4, R-3.9.1: the supervision officer scores the hall on the checklist, fails
    the uniform item for the clerk with a note, and turns that failure into an assessment
    item against the clerk; the inspection, its scores and the item are stored."""
    page.set_viewport_size(TABLET)
    sign_in(page, "supervision_officer")
    page.goto(page.base_url + "/frontoffice/halls/")
    card = page.locator("section", has=page.get_by_text(hall.name, exact=True))
    card.get_by_role("link", name=re.compile("檢查$")).click()
    page.wait_for_url(f"**/frontoffice/inspections/new/{hall.pk}/")
    uniform = page.get_by_role("listitem").filter(has_text="穿著統一工作服")
    expect(uniform.get_by_label("穿著統一工作服")).to_have_value("10")
    uniform.get_by_label("穿著統一工作服").fill("6")
    uniform.get_by_label("問題所在（扣分時必填）").fill("未穿工作服")
    uniform.get_by_label("員工").select_option(label=str(counter_clerk.staff))
    page.get_by_label("總體意見").fill("整體良好")
    page.get_by_role("button", name="儲存門市檢查").click()
    page.wait_for_url(re.compile(r".*/frontoffice/inspections/\d+/$"))
    expect(page.get_by_role("alert").filter(has_text="已記錄檢查。")).to_be_visible()

    inspection = HallInspection.objects.get()
    items = inspection.results.count()
    assert (inspection.hall, inspection.inspector) == (hall, supervision_officer.staff)
    assert (inspection.max_score, inspection.score) == (10 * items, 10 * items - 4)
    assert inspection.failed_items == 1 and inspection.note == "整體良好"
    expect(page.get_by_text(f"{inspection.score} / {inspection.max_score}")).to_be_visible()
    failed = inspection.results.get(passed=False)
    assert (failed.item.code, failed.points, failed.note) == ("uniform", 6, "未穿工作服")
    assert failed.staff == counter_clerk.staff
    assert inspection.results.filter(passed=True).count() == items - 1

    row = page.get_by_role("listitem").filter(has_text="未穿工作服")
    row.get_by_text("提出考核建議").click()
    row.get_by_label("考核個人").select_option(label=str(counter_clerk.staff))
    row.get_by_label("理由").fill("檢查時未按規定穿著工作服")
    row.get_by_role("button", name="提出").click()
    expect(page.get_by_role("alert").filter(has_text="已提出考核建議。")).to_be_visible()
    expect(row).to_contain_text("已提出考核")

    proposal = AssessmentProposal.objects.get()
    assert proposal.inspection_result == failed
    assert (proposal.clause, proposal.staff, proposal.proposed_by) == (
        "2.4",
        counter_clerk.staff,
        supervision_officer,
    )
    item = AssessmentItem.objects.get()
    assert (item.kind, item.staff, item.department) == (
        "hall_inspection",
        counter_clerk.staff,
        counter_clerk.staff.department,
    )
    assert item.evidence == proposal


def test_bad_input_says_what_is_wrong_and_keeps_what_was_typed(
    page: Any,  # noqa: F811
    company: Any,
    csc_agent: Any,
    counter_clerk: Any,
    prodtech: Any,
) -> None:
    """R-2.2, R-2.7: a conduct complaint without the prohibition and the staff member is
    refused field by field, with everything typed still there and nothing saved; a
    referral without a due date is stopped by the browser, one due before today by the
    service, and the matter stays open with nothing referred."""
    sign_in(page, "csc_agent")
    page.goto(page.base_url + "/frontoffice/matters/new/")
    page.get_by_label("類別", exact=True).select_option("complaint")
    page.get_by_label("受理渠道").select_option("phone")
    page.get_by_label("客戶", exact=True).fill("張女士")
    page.get_by_label("主題").fill("營業員態度惡劣")
    page.get_by_label("客戶反映內容").fill("客戶反映窗口營業員說話不耐煩。")
    page.get_by_label("涉及員工行為").check()
    page.get_by_role("button", name="儲存").click()

    expect(page.get_by_text("請選擇投訴類別。")).to_be_visible()
    expect(page.get_by_text("請選擇涉及的「十個不准」條目。")).to_be_visible()
    expect(page.get_by_text("請選擇涉及的員工。")).to_be_visible()
    assert Matter.objects.count() == 0
    expect(page.get_by_label("類別", exact=True)).to_have_value("complaint")
    expect(page.get_by_label("客戶", exact=True)).to_have_value("張女士")
    expect(page.get_by_label("主題")).to_have_value("營業員態度惡劣")
    expect(page.get_by_label("客戶反映內容")).to_have_value("客戶反映窗口營業員說話不耐煩。")
    expect(page.get_by_label("涉及員工行為")).to_be_checked()

    page.get_by_label("投訴類別").select_option("service")
    page.get_by_label("涉及的「十個不准」條目").select_option(
        label="4. 不准對客戶投訴、諮詢推諉塞責。"
    )
    page.get_by_label("涉及的員工").select_option(label=str(counter_clerk.staff))
    page.get_by_role("button", name="儲存").click()
    page.wait_for_url(re.compile(r".*/frontoffice/matters/\d+/$"))
    matter = Matter.objects.get()
    assert matter.complaint.prohibition.number == 4

    # A referral without a due date: the browser stops it and keeps what was typed.
    page.get_by_label("轉辦部門").select_option(label=str(prodtech.staff.department))
    page.get_by_label("聯繫人").fill("李主任")
    page.get_by_label("轉辦內容").fill("請核實並答覆。")
    due = page.get_by_label("答覆期限")
    due.fill("")
    page.get_by_role("button", name="轉辦", exact=True).click()
    assert due.evaluate("field => field.validity.valueMissing")
    expect(page.get_by_label("聯繫人")).to_have_value("李主任")
    # Due before today: refused by the service, with the reason.
    due.fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="轉辦", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="未記錄任何內容")).to_be_visible()
    expect(page.locator(".invalid-feedback")).to_have_text("答覆期限不能早於轉辦日期。")
    # The page came back with the referral as it was typed.
    expect(page.get_by_label("聯繫人")).to_have_value("李主任")
    expect(page.get_by_label("轉辦內容")).to_have_value("請核實並答覆。")
    assert Referral.objects.count() == 0
    matter.refresh_from_db()
    assert matter.status == "open"
