"""The clerk's pages: receipt to energization, the queues, export, printing."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from gridcare.applications.models import Application
from gridcare.applications.services import application_end, application_record_event
from gridcare.applications.tests.conftest import local
from gridcare.rules.models import Clock

pytestmark = pytest.mark.django_db


def test_a_clerk_takes_an_application_from_receipt_to_energization(
    client, counter_clerk, make_customer
) -> None:
    customer = make_customer(voltage="low", category="residential")
    client.force_login(counter_clerk)
    form = client.get(f"/applications/new/?customer={customer.account_number}")
    assert form.status_code == 200 and customer.name in form.content.decode()
    response = client.post(
        "/applications/new/",
        {
            "customer": customer.account_number,
            "kind": "new_connection",
            "residential_lighting": "on",
            "received_at": "2025-09-30T10:00",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{application.pk}/")
    assert application.responsible_staff == counter_clerk.staff
    detail = client.get(response["Location"]).content.decode()
    assert "gc-clocks" in detail and "2.10" in detail
    for kind, when in [
        ("plan_replied", "2025-10-09T10:00"),
        ("acceptance_passed", "2025-10-10T10:00"),
        ("energized", "2025-10-11T09:00"),
    ]:
        step = client.post(f"/applications/{application.pk}/events/", {"type": kind, "at": when})
        assert step.status_code == 302
    application.refresh_from_db()
    assert application.status == "energized"
    states = set(Clock.objects.values_list("state", flat=True))
    assert states == {"met"}
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "2.11" in page
    assert client.post(f"/applications/{application.pk}/close/").status_code == 302
    application.refresh_from_db()
    assert application.status == "closed"


def test_an_out_of_order_step_in_the_ui_shows_a_message_and_changes_nothing(
    client, counter_clerk, make_customer, receive
) -> None:
    application = receive(make_customer(), "2025-09-30 10:00")
    client.force_login(counter_clerk)
    response = client.post(
        f"/applications/{application.pk}/events/",
        {"type": "energized", "at": "2025-10-01T10:00"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.status == "received"


def test_withdrawal_exempts_clocks_in_time_and_keeps_late_ones_breached(
    client, make_customer, receive, counter_clerk
) -> None:
    application = receive(make_customer(voltage="high"), "2025-09-01 10:00")
    application = application_record_event(
        application=application, event="plan_replied", at=local("2025-09-05 10:00"),
        actor=counter_clerk,
    )  # fmt: skip
    application = application_record_event(
        application=application, event="acceptance_passed", at=local("2025-09-29 10:00"),
        actor=counter_clerk,
    )  # fmt: skip
    application_end(
        application=application, outcome="withdrawn", at=local("2025-10-02 10:00"),
        reason="客戶撤回", actor=counter_clerk,
    )  # fmt: skip
    energize = Clock.objects.get(standard__code="application.energize")
    assert energize.state == "exempted"
    assert energize.exemptions.get().reason.endswith("客戶撤回")
    client.force_login(counter_clerk)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "客戶撤回" in page and "counter_clerk" in page  # the reason and who decided
    late = receive(make_customer(), "2025-09-01 10:00")
    application_end(
        application=late, outcome="rejected", at=local("2025-09-20 10:00"), reason="不符條件",
        actor=counter_clerk,
    )  # fmt: skip
    plan = Clock.objects.get(subject_id=late.pk)
    assert plan.state == "breached"
    late.refresh_from_db()
    assert late.status == "rejected" and late.has_breach


def test_queues_put_key_accounts_first_then_the_nearest_due_date(
    client, counter_clerk, make_customer, receive, django_assert_max_num_queries
) -> None:
    later = receive(make_customer(voltage="high"), "2025-09-30 10:00")  # due 10-24
    sooner = receive(make_customer(voltage="low"), "2025-09-30 11:00")  # due 10-11
    key = receive(make_customer(voltage="high", supply_sources=2, is_key_account=True),
                  "2025-09-30 12:00")  # fmt: skip
    client.force_login(counter_clerk)
    with django_assert_max_num_queries(14):
        page = client.get("/applications/")
    assert [a.pk for a in page.context["page"].items] == [key.pk, sooner.pk, later.pk]
    assert "badge text-bg-warning" in page.content.decode()
    second = client.get("/applications/?after=" + f"1.{key.next_due.isoformat()}.{key.pk}")
    assert [a.pk for a in second.context["page"].items] == [sooner.pk, later.pk]
    home = client.get("/").content.decode()
    assert home.index(key.number) < home.index(sooner.number) < home.index(later.number)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("queue=breached", {"low", "high"}),
        ("queue=open&voltage=low", {"low"}),
        ("queue=open&town=郵亭鎮", {"high"}),
        ("queue=all&key_account=true", set()),
        ("queue=at_risk", set()),
        ("queue=all&status=received", {"low", "high"}),
    ],
)
def test_lists_filter_by_step_voltage_town_and_key_account(
    client, counter_clerk, make_customer, receive, query, expected
) -> None:
    receive(make_customer(voltage="low"), "2025-09-30 10:00")
    receive(make_customer(voltage="high", town="郵亭鎮"), "2025-09-30 10:00")
    client.force_login(counter_clerk)
    page = client.get(f"/applications/?{query}")
    assert {a.voltage for a in page.context["page"].items} == expected


def test_a_refused_user_cannot_open_applications(client, field_unit, make_customer, receive):
    application = receive(make_customer(), "2025-09-30 10:00")
    client.force_login(field_unit)
    assert client.get("/applications/").status_code == 403
    assert client.get(f"/applications/{application.pk}/").status_code == 403
    step = {"type": "plan_replied", "at": "2025-10-01T10:00"}
    assert client.post(f"/applications/{application.pk}/events/", step).status_code == 403


def test_another_companys_application_is_not_found(
    client, make_staff, other_company, make_customer, receive
) -> None:
    application = receive(make_customer(), "2025-09-30 10:00")
    client.force_login(make_staff("counter_clerk", company=other_company))
    assert client.get(f"/applications/{application.pk}/").status_code == 404


def test_the_excel_export_neutralises_formulas(
    client, marketing_director, make_customer, receive
) -> None:
    receive(make_customer(name='=HYPERLINK("http://x")'), "2025-09-30 10:00")
    receive(make_customer(name="@SUM(A1)", town="-1+1"), "2025-09-30 10:00")
    client.force_login(marketing_director)
    response = client.get("/applications/export.xlsx?queue=all")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(A1)" in cells and "'-1+1" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert sheet.max_row == 3


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.parametrize(
    ("url", "title"), [("reply-sheet.pdf", "供電方案答覆單"), ("receipt.pdf", "業擴報裝受理回執")]
)
def test_printed_documents_render_chinese_and_cite_the_limits(
    client, counter_clerk, make_customer, receive, tmp_path, url, title
) -> None:
    application = receive(make_customer(voltage="10kv", name="龍水鎮五金廠"), "2025-09-30 10:00")
    client.force_login(counter_clerk)
    response = client.get(f"/applications/{application.pk}/{url}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and b"STSong-Light" in content
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: text not checked")
    text = _pdf_text(content, tmp_path)
    for expected in (title, application.number, "龍水鎮五金廠", "2.10", "2025-10-16"):
        assert expected in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed: image not checked")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1",
                    str(tmp_path / "doc.pdf"), str(tmp_path / "page")], check=True)  # fmt: skip
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 500  # text was drawn, not an empty page


def test_the_customer_page_shows_the_application_on_its_timeline(
    client, counter_clerk, make_customer, receive
) -> None:
    customer = make_customer()
    application = receive(customer, "2025-09-30 10:00")
    client.force_login(counter_clerk)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert application.number in page
    found = client.get(f"/customers/?q={customer.phone}")
    assert [c.pk for c in found.context["page"].items] == [customer.pk]


def test_keyset_pages_walk_the_whole_queue_in_order(make_customer, receive, rf) -> None:
    """Page after page (crossing from key accounts to the others) gives every application
    once, in queue order, whatever the page size."""
    from gridcare.applications.pagination import queue_page
    from gridcare.applications.selectors import queue_order

    for i, voltage in enumerate(["low", "high", "10kv", "low", "high", "low", "10kv"]):
        customer = make_customer(voltage=voltage, is_key_account=i % 3 == 0)
        receive(customer, f"2025-09-{10 + i} 10:00")
    expected = list(queue_order(Application.objects.all()).values_list("pk", flat=True))
    assert Application.objects.filter(is_key_account=True).count() == 3
    for size in (1, 2, 3, 50):
        seen, query = [], ""
        while True:
            page = queue_page(Application.objects.all(), rf.get(f"/?{query}"), size=size)
            seen += [a.pk for a in page.items]
            if not page.next_query:
                break
            query = page.next_query
        assert seen == expected, size
