"""What a call-record upload may be (docs/security.md, V5): text, within the size limit
(in the page and the API alike), and not kept once its import is done or has failed."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from gridcare.frontoffice.models import CallImport, CallRecord
from gridcare.frontoffice.services import cdr_import
from gridcare.frontoffice.tests.conftest import cdr

pytestmark = pytest.mark.django_db

LINES = [
    cdr(f"2025-03-03 09:{m:02d}:00", disposition="NO ANSWER", uniqueid=f"u{m}") for m in range(9)
]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def api(csc_director: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(csc_director)
    return client


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_png_is_not_a_call_file_in_the_page_or_the_api(
    client: Any, csc_director: Any, api: APIClient, media: Path
) -> None:
    client.force_login(csc_director)
    page = client.post(
        reverse("frontoffice:import_list"), {"file": SimpleUploadedFile("Master.csv", png())}
    )
    assert page.status_code == 200 and page.context["form"].errors["file"]
    answer = api.post(
        "/api/v1/calls/import/",
        {"file": SimpleUploadedFile("Master.csv", png())},
        format="multipart",
    )
    assert answer.status_code == 400 and "file" in answer.json()
    assert not CallImport.objects.exists() and not stored_files(media)


def test_a_call_file_over_the_size_limit_is_refused_in_the_page_and_the_api(
    client: Any, csc_director: Any, api: APIClient, media: Path, settings: Any
) -> None:
    content = "".join(LINES).encode()
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    client.force_login(csc_director)
    page = client.post(
        reverse("frontoffice:import_list"), {"file": SimpleUploadedFile("Master.csv", content)}
    )
    assert page.status_code == 200 and page.context["form"].errors["file"]
    answer = api.post(
        "/api/v1/calls/import/",
        {"file": SimpleUploadedFile("Master.csv", content)},
        format="multipart",
    )
    assert answer.status_code == 400
    assert not CallImport.objects.exists() and not CallRecord.objects.exists()
    settings.UPLOAD_MAX_BYTES = len(content)
    assert (
        api.post(
            "/api/v1/calls/import/",
            {"file": SimpleUploadedFile("Master.csv", content)},
            format="multipart",
        ).json()["imported"]
        == 9
    )


def test_the_file_of_a_done_or_a_failed_import_is_deleted(
    client: Any, csc_director: Any, media: Path, monkeypatch: Any
) -> None:
    client.force_login(csc_director)
    url = reverse("frontoffice:import_list")
    client.post(url, {"file": SimpleUploadedFile("Master.csv", "".join(LINES).encode())})
    done = CallImport.objects.get()
    assert (done.status, done.file.name) == ("done", "")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("the disk went away")

    monkeypatch.setattr(cdr_import.Parser, "batches", broken)
    # The immediate task queue of the tests may pass the error on.
    with contextlib.suppress(OSError):
        client.post(url, {"file": SimpleUploadedFile("Master.csv", b"x" * 300)})
    failed = CallImport.objects.exclude(pk=done.pk).get()
    assert (failed.status, failed.file.name) == ("failed", "")
    assert not stored_files(media)
