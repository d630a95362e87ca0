"""R-3.7.1: half-yearly inspections of key accounts' equipment, findings with photos,
the written notice (PDF, numbered, Chinese rendered) followed to closure."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gridcare.core.errors import DomainError
from gridcare.field.models import WrittenNotice
from gridcare.field.pdf import written_notice_pdf
from gridcare.field.services import (
    inspection_plan_half_year,
    inspection_record,
    written_notice_advance,
    written_notice_issue,
)
from gridcare.field.services.inspections import FindingInput
from gridcare.field.tests.conftest import at
from gridcare.rules.selectors import clocks_of

pytestmark = pytest.mark.django_db


def _plan(customer, unit, half=date(2026, 7, 1), on=date(2026, 9, 10)):
    return inspection_plan_half_year(
        customer=customer, half=half, unit=unit, scheduled_for=on, actor=None
    )


def _record(inspection, when="2026-09-10 10:00", findings=()):
    return inspection_record(
        inspection=inspection,
        inspected_at=at(when),
        inspector=None,
        equipment="10kV配電室、變壓器",
        condition="fair",
        advice="定期清掃配電室",
        findings=list(findings),
        actor=None,
    )


@pytest.mark.parametrize(
    ("inspected", "state"),
    [("2026-12-31 16:00", "met"), ("2027-01-01 09:00", "breached")],
)
def test_half_year_inspection_clock_is_due_on_the_half_years_last_day(
    make_customer, departments, inspected, state
):
    with time_machine.travel(at("2027-01-02 09:00"), tick=False):
        inspection = _plan(make_customer(key=True), departments["line"])
        (clock,) = clocks_of(inspection)
        assert (clock.standard.code, clock.start_date, clock.due) == (
            "field.inspection",
            date(2026, 7, 1),
            date(2026, 12, 31),
        )
        _record(inspection, inspected)
    (clock,) = clocks_of(inspection)
    assert clock.state == state


def test_only_key_accounts_and_field_units(make_customer, departments):
    with pytest.raises(DomainError) as err:
        _plan(make_customer(), departments["line"])
    assert err.value.field == "customer"
    with pytest.raises(DomainError) as err:
        _plan(make_customer(key=True), departments["marketing"])
    assert err.value.field == "unit"


def test_one_plan_per_account_and_half_year(make_customer, departments):
    customer = make_customer(key=True)
    _plan(customer, departments["line"])
    with pytest.raises(DomainError):
        _plan(customer, departments["repair_test"], on=date(2026, 10, 1))


def _png(size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "green").save(out, "JPEG")
    return out.getvalue()


def test_several_findings_are_saved_each_with_its_own_photos(
    make_customer, departments, settings, tmp_path
):
    """R-3.7.1: an inspection record holds any number of findings, each with photos."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(at("2026-09-11 09:00")):
        inspection = _record(
            _plan(make_customer(key=True), departments["line"]),
            findings=[
                FindingInput(
                    "電纜頭發熱",
                    "major",
                    True,
                    photos=(
                        SimpleUploadedFile("a.png", _png()),
                        SimpleUploadedFile("b.jpg", _jpeg()),
                    ),
                ),
                FindingInput("門鎖損壞", "minor", False),
                FindingInput(
                    "避雷器瓷套裂紋",
                    "critical",
                    True,
                    photos=(SimpleUploadedFile("c.png", _png()),),
                ),
            ],
        )
    findings = list(inspection.findings.prefetch_related("photos"))
    assert [(f.description, f.severity, f.needs_customer_action) for f in findings] == [
        ("電纜頭發熱", "major", True),
        ("門鎖損壞", "minor", False),
        ("避雷器瓷套裂紋", "critical", True),
    ]
    assert [sorted(p.content_type for p in f.photos.all()) for f in findings] == [
        ["image/jpeg", "image/png"],
        [],
        ["image/png"],
    ]
    for finding in findings:
        for photo in finding.photos.all():
            assert (tmp_path / photo.file.name).exists()
    assert inspection.status == "done"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>"), "x.jpg"),
        (SimpleUploadedFile("b.png", b"\x89PNG" + b"0" * 3000), "b.png"),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_is_saved(
    make_customer, departments, settings, tmp_path, upload, message
):
    """A forged or oversized photo refuses the whole record: no finding, no file, the
    inspection still planned and its clock running."""
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_PHOTO_MAX_BYTES = 2000
    inspection = _plan(make_customer(key=True), departments["line"])
    with time_machine.travel(at("2026-09-11 09:00")), pytest.raises(DomainError) as err:
        _record(
            inspection,
            findings=[
                FindingInput(
                    "電纜頭發熱", "major", True, photos=(SimpleUploadedFile("a.png", _png()),)
                ),
                FindingInput("門鎖損壞", "minor", False, photos=(upload,)),
            ],
        )
    # The refusal names the file, so the unit knows which photo to take again.
    assert message in err.value.message and err.value.field == "photos"
    inspection.refresh_from_db()
    assert inspection.status == "planned" and not inspection.findings.exists()
    assert not list(tmp_path.rglob("*.*"))
    (clock,) = clocks_of(inspection)
    assert clock.stopped_at is None


def _notice(make_customer, departments) -> WrittenNotice:
    with time_machine.travel(at("2026-09-11 09:00")):
        inspection = _record(
            _plan(make_customer(key=True, name="重慶大足鑄造廠"), departments["line"]),
            findings=[
                FindingInput("變壓器油位偏低", "major", True),
                FindingInput("門鎖損壞", "minor", False),
                FindingInput("電纜溝積水", "minor", True),
                FindingInput("避雷器瓷套有裂紋", "critical", True),
            ],
        )
        return written_notice_issue(
            inspection=inspection, rectify_by=date(2026, 10, 11), actor=None
        )


def test_written_notice_is_numbered_and_followed_to_closure(make_customer, departments):
    notice = _notice(make_customer, departments)
    assert notice.number == f"SM{date.today().year}-0001" or notice.number.startswith("SM")
    with pytest.raises(DomainError):
        written_notice_advance(notice=notice, to="closed", at=at("2026-09-12 09:00"), actor=None)
    written_notice_advance(notice=notice, to="delivered", at=at("2026-09-12 09:00"), actor=None)
    with pytest.raises(DomainError) as err:
        written_notice_advance(
            notice=notice, to="acknowledged", at=at("2026-09-12 10:00"), actor=None
        )
    assert err.value.field == "by"
    written_notice_advance(
        notice=notice, to="acknowledged", at=at("2026-09-12 10:00"), by="李廠長", actor=None
    )
    written_notice_advance(notice=notice, to="rectified", at=at("2026-10-01 10:00"), actor=None)
    notice = written_notice_advance(
        notice=notice, to="closed", at=at("2026-10-02 10:00"), actor=None
    )
    assert (notice.status, notice.acknowledged_by) == ("closed", "李廠長")


def test_notice_without_a_finding_for_the_customer_is_refused(make_customer, departments):
    with time_machine.travel(at("2026-09-11 09:00")):
        inspection = _record(_plan(make_customer(key=True), departments["line"]))
        with pytest.raises(DomainError):
            written_notice_issue(inspection=inspection, rectify_by=date(2026, 10, 1), actor=None)


def test_written_notice_pdf_lists_every_finding_for_the_customer_in_chinese(
    make_customer, departments, tmp_path
):
    notice = _notice(make_customer, departments)
    data = written_notice_pdf(notice)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    source = tmp_path / "notice.pdf"
    source.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for expected in (
        "書面通知書",
        notice.number,
        "重慶大足鑄造廠",
        "變壓器油位偏低",
        "電纜溝積水",
        "避雷器瓷套有裂紋",
        "危急",
        "2026年10月11日",
    ):
        assert expected in text
    assert "門鎖損壞" not in text  # a finding for the company alone stays off the notice
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as page:
        # Glyphs were drawn: the page is not blank.
        assert page.convert("L").getextrema()[0] < 100


def test_the_dashboard_counts_key_accounts_inspected_this_half_year(make_customer, departments):
    """Issue 8 item 7 (key-account coverage: inspected): done routine inspections of the
    half year only; a planned one and last half year's do not count."""
    from gridcare.field.selectors import inspected_this_half

    unit = departments["line"]
    done, planned, earlier = (make_customer(key=True) for _ in range(3))
    with time_machine.travel(at("2026-09-11 09:00")):
        _record(_plan(done, unit))
        _plan(planned, unit)
        _record(
            _plan(earlier, unit, half=date(2026, 1, 1), on=date(2026, 3, 2)), "2026-03-02 10:00"
        )
    company = done.company
    assert inspected_this_half(company, date(2026, 7, 1), date(2026, 9, 11)) == 1
    assert inspected_this_half(company, date(2026, 1, 1), date(2026, 6, 30)) == 1
