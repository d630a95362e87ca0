"""What an uploaded register file may be (docs/security.md, V5): its size is capped, an
.xlsx is measured before it is unpacked and read whatever range it declares, a CSV must be
text, messages about a file are bounded and no file outlives its import."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gridcare.core.errors import DomainError
from gridcare.customers.models import Customer, CustomerImport
from gridcare.customers.tests.test_import import HEADER, as_csv, as_xlsx, row

pytestmark = pytest.mark.django_db

URL = "/customers/imports/"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    from gridcare.customers.services import customer_import_start

    def do(user, company, name: str, content: bytes) -> CustomerImport:
        upload = SimpleUploadedFile(name, content)
        with django_capture_on_commit_callbacks(execute=True):
            started = customer_import_start(company=company, upload=upload, actor=user)
        return CustomerImport.objects.get(pk=started.pk)

    return do


def sheet_rewritten(content: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its first sheet's XML."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new, 1)
            target.writestr(item.filename, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A real workbook whose first header cell holds 2 MB of one letter: it packs to a few
    kilobytes, a ratio of several hundred (openpyxl itself would cut such a cell)."""
    return sheet_rewritten(
        as_xlsx([]), b"<t>account_number</t>", b"<t>" + b"A" * 2_000_000 + b"</t>"
    )


def with_dimension(content: bytes, ref: str) -> bytes:
    """The workbook with its first sheet declaring `ref` as its used range."""
    declared = re.search(
        rb'<dimension ref="[^"]*"',
        zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml"),
    )
    assert declared is not None
    return sheet_rewritten(content, declared[0], f'<dimension ref="{ref}"'.encode())


def tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_a_zip_bomb_is_refused_at_upload_and_nothing_is_kept(
    client, marketing_director, django_capture_on_commit_callbacks
) -> None:
    client.force_login(marketing_director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile("r.xlsx", zip_bomb())})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not CustomerImport.objects.exists()


def test_an_xlsx_member_over_the_unpacked_limit_is_refused(
    run, marketing_director, company, settings
) -> None:
    settings.UPLOAD_ARCHIVE_MAX_MEMBER_BYTES = 2000
    content = as_xlsx([row(f"01{i:08d}") for i in range(200)])
    with pytest.raises(DomainError) as refused:
        run(marketing_director, company, "r.xlsx", content)
    assert refused.value.field == "file"
    settings.UPLOAD_ARCHIVE_MAX_MEMBER_BYTES = 10**9
    assert run(marketing_director, company, "r.xlsx", content).created == 200


def test_an_xlsx_that_under_declares_its_range_is_read_whole(
    run, marketing_director, company
) -> None:
    content = with_dimension(as_xlsx([row("0100000001"), row("0100000002")]), "A1:B1")
    result = run(marketing_director, company, "r.xlsx", content)
    assert (result.status, result.created) == ("done", 2)
    assert Customer.objects.get(account_number="0100000002").voltage == "low"


def test_a_file_over_the_size_limit_is_refused_by_the_form(
    client, marketing_director, settings, django_capture_on_commit_callbacks
) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(marketing_director)
    content = as_csv([row(f"01{i:08d}") for i in range(40)])
    assert len(content) > 1000
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile("r.csv", content)})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not CustomerImport.objects.exists()


def test_a_png_named_csv_is_refused_at_upload(run, marketing_director, company) -> None:
    with pytest.raises(DomainError) as refused:
        run(marketing_director, company, "register.csv", tiny_png())
    assert refused.value.field == "file"
    assert not CustomerImport.objects.exists()


def test_an_error_quoting_the_file_is_bounded(run, marketing_director, company) -> None:
    header = [*HEADER, "X" * 100_000]
    with translation.override("en"):
        result = run(marketing_director, company, "r.csv", as_csv([row("0100000001")], header))
    assert result.status == "failed" and "Unknown column" in result.error
    assert len(result.error) <= 500


def test_the_file_of_a_failed_or_a_finished_import_is_deleted(
    run, marketing_director, company
) -> None:
    failed = run(marketing_director, company, "r.csv", as_csv([row("1")], header=HEADER[1:]))
    done = run(marketing_director, company, "r.csv", as_csv([row("0100000001")]))
    assert (failed.status, done.status) == ("failed", "done")
    assert not Path(failed.path).exists() and not Path(done.path).exists()
