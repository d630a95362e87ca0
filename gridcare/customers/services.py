"""Writes of the customer register: create, change, key-account flag, imports.

Each call is one transaction and audits what it changed (DESIGN.md conventions 1 and 3).
An import is audited once, with its counts: the rows themselves are the file's.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core import import_reaper, uploads
from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.customers import imports
from gridcare.customers.models import Customer, CustomerImport, CustomerImportRejection
from gridcare.org.models import Company

Actor = User | AnonymousUser | None

#: Rejected lines are written to the database this many at a time.
REJECTIONS_BATCH = 1000

#: Sent (inside the transaction) when a customer becomes or stops being a key account, so
#: that open work of that customer re-sorts (R-3.7.3). Arguments: customer, value.
key_account_changed = Signal()

EDITABLE_FIELDS = (
    "name",
    "category",
    "voltage",
    "supply_sources",
    "town",
    "address",
    "phone",
    "phone_alt",
    "contact_name",
    "contact_phone",
    "annual_consumption_kwh",
    "credit_rating",
    "is_government_body",
    "is_key_project",
    "special_guarantee_need",
    "deposit_paid",
)


@transaction.atomic
def customer_create(
    *, company: Company, account_number: str, actor: Actor, **fields: Any
) -> Customer:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if Customer.objects.filter(company=company, account_number=account_number).exists():
        raise DomainError(
            _("A customer with this account number already exists."), field="account_number"
        )
    customer = Customer(company=company, account_number=account_number, **fields)
    customer.full_clean(exclude=["company"], validate_unique=False)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as error:
        # Two creations of one number at once: the database's constraint decides.
        raise DomainError(
            _("A customer with this account number already exists."), field="account_number"
        ) from error
    audit_log(
        action="customers.customer.created",
        actor=actor,
        obj=customer,
        payload={"account_number": account_number},
    )
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, actor: Actor, **fields: Any) -> Customer:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    changes = {
        name: [str(getattr(customer, name)), str(value)]
        for name, value in fields.items()
        if getattr(customer, name) != value
    }
    if not changes:
        return customer
    for name, value in fields.items():
        setattr(customer, name, value)
    customer.full_clean(exclude=["company"], validate_unique=False)
    customer.save()
    audit_log(action="customers.customer.changed", actor=actor, obj=customer, payload=changes)
    return customer


@transaction.atomic
def customer_set_key_account(
    *, customer: Customer, value: bool, actor: Actor, reason: str = ""
) -> Customer:
    """Mark or unmark a key account. Called by the keyaccounts module (R-3.3.4)."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.is_key_account == value:
        return customer
    customer.is_key_account = value
    customer.save(update_fields=["is_key_account", "updated_at"])
    verb = "key_account_set" if value else "key_account_unset"
    audit_log(
        action=f"customers.customer.{verb}", actor=actor, obj=customer, payload={"reason": reason}
    )
    key_account_changed.send(sender=Customer, customer=customer, value=value)
    return customer


# --- imports ------------------------------------------------------------------------------


def _import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "customers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def customer_import_start(*, company: Company, upload: UploadedFile, actor: User) -> CustomerImport:
    """Store the upload and queue the import; the page then follows its progress."""
    name = Path(upload.name or "upload").name[:200]
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError(_("Upload an .xlsx or a .csv file."), field="file")
    try:
        uploads.check_size(upload)
        if suffix == ".xlsx":
            uploads.check_archive(upload)
        else:
            uploads.check_text(upload)
    except uploads.UploadRejected as error:
        raise DomainError(error.message, field="file") from error
    finally:
        upload.seek(0)
    path = _import_dir() / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        customer_import = CustomerImport.objects.create(
            company=company,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
            file_name=name,
            path=str(path),
        )
        audit_log(
            action="customers.import.uploaded",
            actor=actor,
            obj=customer_import,
            company=company,
            payload={"file": name, "bytes": upload.size},
        )
    _queue(customer_import)
    return customer_import


def _progress(import_id: int, share: float, rows: int) -> None:
    # Outside the import's transaction so that the page polling it sees it at once.
    CustomerImport.objects.filter(pk=import_id).update(
        progress=min(95, int(share * 90)), rows_read=rows, heartbeat_at=timezone.now()
    )


def customer_import_run(*, import_id: int) -> CustomerImport:
    """Read, check and stage the file in chunks, then upsert in one transaction.

    A file that cannot be read or has wrong columns fails whole and writes nothing; a bad
    row is listed and skipped. Running it twice for the same upload does nothing the
    second time.
    """
    customer_import = CustomerImport.objects.get(pk=import_id)
    # Claimed from the queue: a task run twice, or a run the reaper took for dead that
    # still works, finds the import no longer queued and leaves it alone.
    claimed = CustomerImport.objects.filter(
        pk=import_id, status=CustomerImport.Status.QUEUED
    ).update(status=CustomerImport.Status.RUNNING, heartbeat_at=timezone.now(), runs=F("runs") + 1)
    if not claimed:
        return customer_import
    # A resumed import reads its file again from the start; nothing of an earlier run
    # reached the register (it is written in one transaction at the end), only its
    # rejected lines, which are found again.
    CustomerImportRejection.objects.filter(customer_import_id=import_id).delete()
    outcome = imports.ImportOutcome()
    read = {"share": 0.0}
    stage = None
    try:
        rows = imports.read_rows(
            Path(customer_import.path),
            customer_import.file_name,
            lambda share: read.__setitem__("share", share),
        )
        stage = imports.Stage()
        check = None
        rejections: list[CustomerImportRejection] = []
        reported = time.monotonic()
        for line, cells in rows:
            if check is None:
                check = imports.row_checker(imports.header_map(cells))
                continue
            if not any(cells):
                continue
            outcome.rows_read += 1
            try:
                stage.write((line, *check(cells)))
            except ValueError as error:
                rejections.append(
                    CustomerImportRejection(
                        customer_import_id=import_id, line=line, reason=str(error)[:300]
                    )
                )
            if len(rejections) >= REJECTIONS_BATCH or time.monotonic() - reported >= 1.0:
                stage.pause()
                CustomerImportRejection.objects.bulk_create(rejections)
                outcome.rejected += len(rejections)
                rejections = []
                _progress(import_id, read["share"], outcome.rows_read)
                reported = time.monotonic()
        if check is None:
            raise imports.FileRejected(_("The file is empty: it needs a header row."))
        stage.pause()
        CustomerImportRejection.objects.bulk_create(rejections)
        outcome.rejected += len(rejections)
        _progress(import_id, 1.0, outcome.rows_read)
        with transaction.atomic():
            # Held until the register is written: the reaper passes over a locked import
            # however long the upsert takes.
            CustomerImport.objects.select_for_update().filter(pk=import_id).update(
                heartbeat_at=timezone.now()
            )
            imports.lock_company(customer_import.company_id)
            staged, distinct = imports._staged_counts()
            if staged != distinct:
                outcome.rejected += imports._reject_repeats(import_id)
            outcome.created, outcome.updated = imports._upsert(
                customer_import.company_id, timezone.now(), repeats=staged != distinct
            )
            outcome.unchanged = distinct - outcome.created - outcome.updated
            CustomerImport.objects.filter(pk=import_id).update(
                status=CustomerImport.Status.DONE,
                progress=100,
                rows_read=outcome.rows_read,
                created=outcome.created,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
                rejected=outcome.rejected,
                finished_at=timezone.now(),
            )
            audit_log(
                action="customers.import.completed",
                actor=customer_import.uploaded_by,
                obj=customer_import,
                company=customer_import.company,
                payload={
                    "file": customer_import.file_name,
                    "rows": outcome.rows_read,
                    "created": outcome.created,
                    "updated": outcome.updated,
                    "unchanged": outcome.unchanged,
                    "rejected": outcome.rejected,
                },
            )
    except (imports.FileRejected, IntegrityError) as error:
        # IntegrityError: a customer with one of the file's numbers was added through the
        # register between the update and the insert; the whole upsert was rolled back.
        message = (
            str(error)
            if isinstance(error, imports.FileRejected)
            else _(
                "A customer with one of these account numbers was added while the file was "
                "being imported, so nothing was written. Import the file again."
            )
        )
        CustomerImportRejection.objects.filter(customer_import_id=import_id).delete()
        CustomerImport.objects.filter(pk=import_id).update(
            status=CustomerImport.Status.FAILED,
            error=uploads.bounded(message),
            rows_read=outcome.rows_read,
            finished_at=timezone.now(),
        )
    finally:
        if stage is not None:
            stage.drop()
    customer_import.refresh_from_db()
    if customer_import.status in (CustomerImport.Status.DONE, CustomerImport.Status.FAILED):
        # Done or refused, the file is of no further use: it is not kept.
        _release_file(customer_import)
    return customer_import


def _release_file(customer_import: CustomerImport) -> None:
    if customer_import.path:
        Path(customer_import.path).unlink(missing_ok=True)


def _queue(customer_import: CustomerImport) -> None:
    from gridcare.customers.tasks import run_customer_import

    transaction.on_commit(lambda: run_customer_import(customer_import.pk))


def _stopped(kept: bool) -> str:
    return str(
        _("The import stopped part way (the background worker ended).")
        if kept
        else _("The import stopped part way and its file was not kept: upload it again.")
    )


def customer_imports_reap(*, now: datetime | None = None) -> list[CustomerImport]:
    """Running imports silent for IMPORT_STALE_SECONDS (their worker ended mid-file) are
    resumed from their kept file up to IMPORT_AUTO_RESUMES times, else marked failed and
    resumable by hand (docs/security.md, V16). Returns them."""
    return import_reaper.imports_reap(
        model=CustomerImport,
        now=now,
        kept=lambda item: item.file_kept,
        queue=_queue,
        stopped=_stopped,
        action="customers.import",
        payload=lambda item: {"rows": item.rows_read},
    )


@transaction.atomic
def customer_import_resume(*, customer_import: CustomerImport, actor: Actor) -> CustomerImport:
    """Go on with an interrupted import from its kept file, without a new upload. Its
    rows reach the register once: an interrupted run wrote none of them."""
    customer_import = CustomerImport.objects.select_for_update().get(pk=customer_import.pk)
    if not customer_import.resumable:
        raise DomainError(_("Only an interrupted import whose file is kept can be resumed."))
    customer_import.status = CustomerImport.Status.QUEUED
    customer_import.error, customer_import.finished_at = "", None
    customer_import.save(update_fields=["status", "error", "finished_at"])
    audit_log(
        action="customers.import.resumed",
        actor=actor,
        obj=customer_import,
        company=customer_import.company,
        payload={"interruptions": customer_import.interruptions, "by_hand": True},
    )
    _queue(customer_import)
    return customer_import


@transaction.atomic
def customer_import_give_up(*, customer_import: CustomerImport, actor: Actor) -> CustomerImport:
    """An interrupted import is left as it stands (it changed nothing); its file is
    deleted."""
    customer_import = CustomerImport.objects.select_for_update().get(pk=customer_import.pk)
    if not customer_import.resumable:
        raise DomainError(_("Only an interrupted import whose file is kept can be given up."))
    _release_file(customer_import)
    audit_log(
        action="customers.import.given_up",
        actor=actor,
        obj=customer_import,
        company=customer_import.company,
        payload={"rows": customer_import.rows_read},
    )
    return customer_import
