"""Background work of the front office (thin: each task calls a service)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gridcare.frontoffice.models import CallImport
from gridcare.frontoffice.services.cdr_import import (
    call_import_release_file,
    call_import_run,
    call_imports_reap,
)
from gridcare.frontoffice.services.halls import tickets_close_day


@db_task()
def import_calls(batch_id: int, user_id: int | None) -> None:
    """Import an uploaded Master.csv (the page shows its progress while this runs)."""
    batch = CallImport.objects.select_related("company").get(pk=batch_id)
    if batch.status != CallImport.Status.QUEUED:
        return  # already run: a retried task must not import twice
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        with default_storage.open(batch.file.name or "", "rb") as stored:
            call_import_run(batch=batch, stream=getattr(stored, "file", stored), actor=actor)
    finally:
        call_import_release_file(batch_id=batch_id)


@db_periodic_task(crontab(hour="2", minute="10"))
def close_hall_days() -> None:
    """Every night: tickets the halls closed with are closed as left open (unmeasured)."""
    tickets_close_day()


@db_periodic_task(crontab(minute="*"))
def reap_call_imports() -> None:
    """Every minute: an import whose worker ended mid-file is resumed or marked failed."""
    call_imports_reap()
