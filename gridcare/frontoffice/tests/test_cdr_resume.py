"""An import whose task consumer is killed part way does not stay "running" for ever: the
reaper resumes it from its kept file, or marks it failed so that the user can resume it
without sending the file again; resumed, it imports each line once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gridcare.core.models import AuditEvent
from gridcare.frontoffice.models import CallImport, CallRecord
from gridcare.frontoffice.services import cdr_import
from gridcare.frontoffice.services.cdr_import import call_import_create, call_imports_reap
from gridcare.frontoffice.tasks import import_calls
from gridcare.frontoffice.tests.conftest import cdr
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db

LINES = [
    cdr(f"2025-03-03 09:{m:02d}:00", disposition="NO ANSWER", uniqueid=f"u{m}") for m in range(8)
] + ['"bad"\n']


class Killed(BaseException):
    """The consumer's process ending: nothing in the import gets to handle it."""


@pytest.fixture
def interrupted(csc_director: Any, settings: Any, tmp_path: Path, monkeypatch: Any) -> CallImport:
    """An upload whose import was killed after its first batch of three lines."""
    settings.MEDIA_ROOT = tmp_path
    content = "".join(LINES).encode()
    batch = call_import_create(
        company=staff_of(csc_director).company,
        source="upload",
        filename="Master.csv",
        size=len(content),
        actor=csc_director,
        file=SimpleUploadedFile("Master.csv", content),
    )
    batches = cdr_import.Parser.batches
    monkeypatch.setattr(cdr_import.Parser, "batches", lambda self, s: batches(self, s, size=3))
    monkeypatch.setattr(cdr_import, "COPY_LINES", 3)
    # The loader of the database under test (COPY on PostgreSQL, batched inserts on SQLite).
    loader = (
        cdr_import._PostgresLoader
        if connection.vendor == "postgresql"
        else cdr_import._SqliteLoader
    )
    load = loader.load
    calls = {"n": 0}

    def dying(self: Any, chunk: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        load(self, chunk)

    monkeypatch.setattr(loader, "load", dying)
    with pytest.raises(Killed):
        import_calls.call_local(batch.pk, csc_director.pk)
    monkeypatch.setattr(loader, "load", load)
    batch.refresh_from_db()
    assert batch.status == "running" and CallRecord.objects.count() == 3 and batch.file
    return batch


def later(minutes: int = 10) -> Any:
    return timezone.now() + timedelta(minutes=minutes)


def test_the_reaper_resumes_a_silent_import_which_imports_each_line_once(
    interrupted: CallImport, client: Any, csc_director: Any, django_capture_on_commit_callbacks
) -> None:
    assert call_imports_reap() == []  # still within its heartbeat
    with django_capture_on_commit_callbacks(execute=True):
        assert call_imports_reap(now=later()) == [interrupted]
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.interruptions) == ("done", 1)
    assert (interrupted.imported, interrupted.duplicates, interrupted.rejected) == (8, 0, 1)
    assert CallRecord.objects.count() == 8 and interrupted.rejections.count() == 1
    assert not interrupted.file  # done: the file is not kept
    assert AuditEvent.objects.filter(action="frontoffice.callimport.resumed").exists()
    client.force_login(csc_director)
    page = client.get(reverse("frontoffice:import_detail", args=[interrupted.pk]))
    assert page.context["batch"].interruptions == 1 and b"alert-warning" in page.content


def test_past_the_automatic_resumes_it_fails_and_the_user_resumes_it_without_a_new_upload(
    interrupted: CallImport,
    client: Any,
    csc_director: Any,
    settings: Any,
    django_capture_on_commit_callbacks,
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    call_imports_reap(now=later())
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", True)
    url = reverse("frontoffice:import_detail", args=[interrupted.pk])
    client.force_login(csc_director)
    assert b'value="resume"' in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "resume"}).status_code == 302
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.imported, interrupted.rejected) == ("done", 8, 1)
    assert CallRecord.objects.count() == 8 and not interrupted.file
    # Done, it can no longer be resumed.
    client.post(url, {"action": "resume"})
    assert CallImport.objects.get().status == "done"


def test_an_interrupted_import_given_up_keeps_its_calls_and_loses_its_file(
    interrupted: CallImport, client: Any, csc_director: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    call_imports_reap(now=later())
    client.force_login(csc_director)
    client.post(reverse("frontoffice:import_detail", args=[interrupted.pk]), {"action": "give_up"})
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", False)
    assert CallRecord.objects.count() == 3
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_another_companys_staff_cannot_resume_it(
    interrupted: CallImport, client: Any, settings: Any, make_staff: Any, other_company: Any
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    call_imports_reap(now=later())
    client.force_login(make_staff("csc_director", company=other_company))
    url = reverse("frontoffice:import_detail", args=[interrupted.pk])
    assert client.post(url, {"action": "resume"}).status_code == 404
    assert CallImport.objects.get().status == "failed"
