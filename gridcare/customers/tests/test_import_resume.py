"""An import whose task consumer is killed part way does not stay "running" for ever: the
reaper resumes it from its kept file, or marks it failed so that the user can resume it
without sending the file again, or give it up; resumed, it writes each row once
(docs/security.md, V16)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gridcare.core.models import AuditEvent
from gridcare.customers import imports, services
from gridcare.customers.models import Customer, CustomerImport
from gridcare.customers.services import (
    customer_import_run,
    customer_import_start,
    customer_imports_reap,
)
from gridcare.customers.tasks import run_customer_import
from gridcare.customers.tests.test_import import as_csv, row

pytestmark = pytest.mark.django_db

# Eight good rows and one refused (a voltage that does not exist), which comes first.
ROWS = [row("0100000000", voltage="35kv")] + [row(f"01000000{n:02d}") for n in range(1, 9)]


class Killed(BaseException):
    """The consumer's process ending: nothing in the import gets to handle it."""


@pytest.fixture
def interrupted(
    marketing_director: Any, company: Any, settings: Any, tmp_path: Path, monkeypatch: Any
) -> CustomerImport:
    """An upload whose import was killed at its sixth good row, after its refused row had
    been written down."""
    settings.MEDIA_ROOT = tmp_path
    # The refused line is written down at once, as a long file's would be.
    monkeypatch.setattr(services, "REJECTIONS_BATCH", 1)
    started = customer_import_start(
        company=company,
        upload=SimpleUploadedFile("register.csv", as_csv(ROWS)),
        actor=marketing_director,
    )
    write = imports.Stage.write
    written = {"n": 0}

    def dying(self: Any, staged: Any) -> None:
        written["n"] += 1
        if written["n"] == 6:
            raise Killed
        write(self, staged)

    monkeypatch.setattr(imports.Stage, "write", dying)
    with pytest.raises(Killed):
        run_customer_import.call_local(started.pk)
    monkeypatch.setattr(imports.Stage, "write", write)
    started.refresh_from_db()
    assert started.status == "running" and started.file_kept
    assert started.rejections.count() == 1 and not Customer.objects.exists()
    return started


def later(minutes: int = 10) -> Any:
    return timezone.now() + timedelta(minutes=minutes)


def test_the_reaper_resumes_a_silent_import_which_writes_each_row_once(
    interrupted: CustomerImport,
    client: Any,
    marketing_director: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert customer_imports_reap() == []  # still within its heartbeat
    with django_capture_on_commit_callbacks(execute=True):
        assert customer_imports_reap(now=later()) == [interrupted]
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.interruptions, interrupted.runs) == ("done", 1, 2)
    assert (interrupted.created, interrupted.updated, interrupted.rejected) == (8, 0, 1)
    assert Customer.objects.count() == 8 and interrupted.rejections.count() == 1
    assert not interrupted.file_kept  # done: the file is not kept
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert AuditEvent.objects.filter(action="customers.import.resumed").exists()
    client.force_login(marketing_director)
    page = client.get(reverse("customers:import_detail", args=[interrupted.pk]))
    assert page.context["imp"].interruptions == 1 and b"alert-warning" in page.content


def test_past_the_automatic_resumes_it_fails_and_the_user_resumes_it_without_a_new_upload(
    interrupted: CustomerImport,
    client: Any,
    marketing_director: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    customer_imports_reap(now=later())
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", True)
    assert AuditEvent.objects.filter(action="customers.import.interrupted").exists()
    url = reverse("customers:import_detail", args=[interrupted.pk])
    client.force_login(marketing_director)
    assert b'value="resume"' in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "resume"}).status_code == 302
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.created, interrupted.rejected) == ("done", 8, 1)
    assert Customer.objects.count() == 8 and not interrupted.file_kept
    # Done, it can no longer be resumed: a message, nothing changed.
    client.post(url, {"action": "resume"})
    assert CustomerImport.objects.get().status == "done" and Customer.objects.count() == 8


def test_an_import_whose_file_is_gone_fails_and_cannot_be_resumed(
    interrupted: CustomerImport,
) -> None:
    Path(interrupted.path).unlink()
    customer_imports_reap(now=later())
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", False)
    assert interrupted.error


def test_an_interrupted_import_given_up_changes_nothing_and_loses_its_file(
    interrupted: CustomerImport, client: Any, marketing_director: Any, settings: Any
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    customer_imports_reap(now=later())
    client.force_login(marketing_director)
    url = reverse("customers:import_detail", args=[interrupted.pk])
    client.post(url, {"action": "give_up"})
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", False)
    assert not Customer.objects.exists() and not Path(interrupted.path).exists()
    assert AuditEvent.objects.filter(action="customers.import.given_up").exists()


def test_another_companys_staff_cannot_resume_or_give_it_up(
    interrupted: CustomerImport,
    client: Any,
    settings: Any,
    make_staff: Any,
    other_company: Any,
) -> None:
    settings.IMPORT_AUTO_RESUMES = 0
    customer_imports_reap(now=later())
    client.force_login(make_staff("marketing_director", company=other_company))
    url = reverse("customers:import_detail", args=[interrupted.pk])
    assert client.post(url, {"action": "resume"}).status_code == 404
    assert client.post(url, {"action": "give_up"}).status_code == 404
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.resumable) == ("failed", True)


def test_a_run_of_an_import_already_running_does_nothing(
    marketing_director: Any, company: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    started = customer_import_start(
        company=company,
        upload=SimpleUploadedFile("register.csv", as_csv(ROWS)),
        actor=marketing_director,
    )
    CustomerImport.objects.filter(pk=started.pk).update(status="running")
    assert customer_import_run(import_id=started.pk).status == "running"
    assert not Customer.objects.exists()
