"""Writes of the customer register: create, change, key-account flag, imports.

Each call is one transaction and audits what it changed (DESIGN.md conventions 1 and 3).
An import is audited once, with its counts: the rows themselves are the file's.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core import uploads
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
    from gridcare.customers.tasks import run_customer_import

    transaction.on_commit(lambda: run_customer_import(customer_import.pk))
    return customer_import


def _progress(import_id: int, share: float, rows: int) -> None:
    # Outside the import's transaction so that the page polling it sees it at once.
    CustomerImport.objects.filter(pk=import_id).update(
        progress=min(95, int(share * 90)), rows_read=rows
    )


def customer_import_run(*, import_id: int) -> CustomerImport:
    """Read, check and stage the file in chunks, then upsert in one transaction.

    A file that cannot be read or has wrong columns fails whole and writes nothing; a bad
    row is listed and skipped. Running it twice for the same upload does nothing the
    second time.
    """
    customer_import = CustomerImport.objects.get(pk=import_id)
    if customer_import.status in (CustomerImport.Status.DONE, CustomerImport.Status.FAILED):
        return customer_import
    CustomerImport.objects.filter(pk=import_id).update(status=CustomerImport.Status.RUNNING)
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
        Path(customer_import.path).unlink(missing_ok=True)
    return customer_import
