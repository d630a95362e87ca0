"""Import of the customer register (issue 4 item 2, DESIGN.md convention 11)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from gridcare.core.models import AuditEvent
from gridcare.customers.imports import COLUMNS, header_map
from gridcare.customers.models import Customer, CustomerImport
from gridcare.customers.services import customer_import_start

pytestmark = pytest.mark.django_db

HEADER = [c.code for c in COLUMNS]


def row(number: str, **values: str) -> list[str]:
    base = {
        "account_number": number, "name": f"客戶{number}", "category": "居民", "voltage": "低壓",
        "supply_sources": "1", "town": "龍水鎮", "address": "正街1號", "phone": "13900000000",
        "annual_consumption_kwh": "1200", "credit_rating": "A", "is_government_body": "否",
    }  # fmt: skip
    base.update(values)
    return [base.get(code, "") for code in HEADER]


def as_csv(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Upload a file; the import is queued when the upload commits and runs then (the
    queue is immediate in tests)."""

    def do(user, company, name: str, content: bytes) -> CustomerImport:
        upload = SimpleUploadedFile(name, content)
        with django_capture_on_commit_callbacks(execute=True):
            started = customer_import_start(company=company, upload=upload, actor=user)
        return CustomerImport.objects.get(pk=started.pk)

    return do


def rejected(customer_import: CustomerImport) -> list[tuple[int, str]]:
    return list(customer_import.rejections.order_by("line").values_list("line", "reason"))


def test_good_rows_are_imported_and_bad_rows_listed_with_line_and_reason(
    run, marketing_director, company
) -> None:
    rows = [
        row("0100000001"),
        row("0100000002", voltage="35kv"),
        row("0100000003", supply_sources="3"),
        row("0100000004", name=""),
        row("0100000005", category="非居民", voltage="10KV", is_key_project="是"),
        row("01 000", name="空格"),
        row("0100000007", annual_consumption_kwh="many"),
        row("0100000008", credit_rating="Z"),
    ]
    result = run(marketing_director, company, "register.csv", as_csv(rows))
    assert result.status == "done"
    assert (result.rows_read, result.created, result.updated, result.rejected) == (8, 2, 0, 6)
    lines = rejected(result)
    assert [line for line, _ in lines] == [3, 4, 5, 7, 8, 9]
    assert "voltage" in lines[0][1] and "supply_sources" in lines[1][1]
    assert "name" in lines[2][1] and "account_number" in lines[3][1]
    assert "annual_consumption_kwh" in lines[4][1] and "credit_rating" in lines[5][1]
    fifth = Customer.objects.get(account_number="0100000005")
    assert (fifth.category, fifth.voltage, fifth.is_key_project) == (
        "non_residential",
        "10kv",
        True,
    )
    assert result.progress == 100
    audit = AuditEvent.objects.get(action="customers.import.completed")
    assert audit.payload["created"] == 2


def test_reimporting_the_same_file_changes_nothing(run, marketing_director, company) -> None:
    content = as_xlsx([row("0100000001"), row("0100000002", phone="13800000002")])
    first = run(marketing_director, company, "register.xlsx", content)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    stamps = list(Customer.objects.order_by("pk").values_list("updated_at", flat=True))
    second = run(marketing_director, company, "register.xlsx", content)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    assert list(Customer.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_changed_row_updates_by_account_number(run, marketing_director, company) -> None:
    run(marketing_director, company, "a.csv", as_csv([row("0100000001"), row("0100000002")]))
    result = run(
        marketing_director, company, "b.csv", as_csv([row("0100000001", phone="13311112222")])
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert Customer.objects.get(account_number="0100000001").phone == "13311112222"
    assert Customer.objects.count() == 2


def test_a_number_repeated_in_the_file_takes_the_last_line_and_lists_the_others(
    run, marketing_director, company
) -> None:
    rows = [row("0100000001", name="舊"), row("0100000002"), row("0100000001", name="新")]
    result = run(marketing_director, company, "dup.csv", as_csv(rows))
    assert Customer.objects.get(account_number="0100000001").name == "新"
    assert [line for line, _ in rejected(result)] == [2]
    assert "4" in rejected(result)[0][1]


def test_a_gb18030_csv_with_chinese_headers_is_read(run, marketing_director, company) -> None:
    labels = [c.label for c in COLUMNS]
    content = as_csv([row("0100000001", name="龍水鎮五金廠")], header=labels, encoding="gb18030")
    result = run(marketing_director, company, "gbk.csv", content)
    assert result.status == "done" and result.created == 1
    assert Customer.objects.get().name == "龍水鎮五金廠"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.csv", b"", "header"),
        ("register.csv", as_csv([row("0100000001")], header=[*HEADER[:-1], "colour"]), "colour"),
        ("register.csv", as_csv([row("0100000001")], header=HEADER[1:]), "account_number"),
        ("register.csv", b"account_number,name\n\xff\xfegarbage" * 20000, ""),
    ],
)
def test_a_malformed_file_or_a_wrong_column_fails_whole_and_writes_nothing(
    run, marketing_director, company, name, content, message
) -> None:
    with translation.override("en"):
        result = run(marketing_director, company, name, content)
    assert result.status == "failed"
    assert message in result.error
    assert not Customer.objects.exists()
    assert not result.rejections.exists()


def test_only_xlsx_or_csv_is_accepted(run, marketing_director, company) -> None:
    from gridcare.core.errors import DomainError

    with pytest.raises(DomainError):
        run(marketing_director, company, "register.xls", b"whatever")


def test_the_import_page_uploads_and_shows_progress_and_rejections(
    client, marketing_director, counter_clerk, django_capture_on_commit_callbacks
) -> None:
    client.force_login(marketing_director)
    upload = SimpleUploadedFile("r.csv", as_csv([row("0100000001"), row("x", voltage="?")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/customers/imports/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"<progress" in page.content and "voltage" in page.content.decode()
    assert client.get("/customers/imports/template.xlsx").status_code == 200
    template = client.get("/customers/imports/template.csv").content.decode("utf-8-sig")
    # The template names its columns by their headings, which the import reads.
    header = template.splitlines()[0].split(",")
    assert header == [c.label for c in COLUMNS]
    assert None not in header_map(header)
    client.force_login(counter_clerk)
    assert client.get("/customers/imports/").status_code == 403


def test_many_rejected_lines_among_good_ones_are_all_listed(
    run, marketing_director, company
) -> None:
    """More rejections than one batch: the staging stream pauses to record them and goes on."""
    rows = [row(f"01{i:08d}") if i % 2 else row(f"01{i:08d}", voltage="35kv") for i in range(2500)]
    result = run(marketing_director, company, "big.csv", as_csv(rows))
    assert (result.created, result.rejected) == (1250, 1250)
    assert result.rejections.count() == 1250
    assert result.rejections.order_by("line").first().line == 2


def test_a_customer_added_meanwhile_fails_the_import_clearly_and_writes_nothing(
    run, marketing_director, company, monkeypatch
) -> None:
    """The insert finds a number that the register gained after the update ran (another
    clerk added it that instant): the import is failed with a message, not left running."""
    from django.db import IntegrityError

    from gridcare.customers import imports

    def upsert(*args, **kwargs):
        raise IntegrityError(
            'duplicate key value violates unique constraint "customers_account_unique"'
        )

    monkeypatch.setattr(imports, "_upsert", upsert)
    with translation.override("en"):
        result = run(marketing_director, company, "a.csv", as_csv([row("0100000001")]))
    assert result.status == CustomerImport.Status.FAILED
    assert "Import the file again" in result.error
    assert not Customer.objects.exists()
