"""A finding's photo is decoded and encoded again before it is stored (docs/security.md,
V5): no markup stored as an image, and a photo declaring too many pixels gets a clear
refusal on the photos field, never a server error."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gridcare.core.errors import DomainError
from gridcare.core.tests.test_uploads import HTML, SVG, jpeg_with_a_payload, png_declaring
from gridcare.field.services.inspections import FindingInput
from gridcare.field.tests.conftest import at
from gridcare.field.tests.test_inspections import _plan, _record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.svg", SVG), ("door.jpg", HTML), ("huge.png", png_declaring(30000, 30000))],
)
def test_markup_or_a_pixel_bomb_is_refused_on_the_photos_field(
    make_customer, departments, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    inspection = _plan(make_customer(key=True), departments["line"])
    upload = SimpleUploadedFile(name, content)
    with time_machine.travel(at("2026-09-11 09:00")), pytest.raises(DomainError) as refused:
        _record(inspection, findings=[FindingInput("門鎖損壞", "minor", photos=(upload,))])
    assert refused.value.field == "photos" and name in refused.value.message
    assert not list(tmp_path.rglob("*.*"))


def test_what_is_stored_is_the_photo_encoded_again(make_customer, departments, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inspection = _plan(make_customer(key=True), departments["line"])
    upload = SimpleUploadedFile("door.jpg", jpeg_with_a_payload())
    with time_machine.travel(at("2026-09-11 09:00")):
        _record(inspection, findings=[FindingInput("門鎖損壞", "minor", photos=(upload,))])
    stored = inspection.findings.get().photos.get()
    content = (tmp_path / stored.file.name).read_bytes()
    assert content.startswith(b"\xff\xd8\xff") and b"<script>" not in content
    assert stored.size == len(content)
