"""The customer register: who the company supplies, and the facts the measures read.

Key-account designation (R-3.3.1) reads the flags below; the keyaccounts module maintains
`is_key_account`, which every work queue sorts by (R-3.7.3).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridcare.customers.validators import validate_account_number, validate_name


class Category(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    NON_RESIDENTIAL = "non_residential", _("Non-residential")


class Voltage(models.TextChoices):
    LOW = "low", _("Low voltage")
    KV10 = "10kv", _("10 kV")
    HIGH = "high", _("High voltage")


class CreditRating(models.TextChoices):
    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class Customer(models.Model):
    # The register takes a million rows an import. The company needs no index of its own:
    # the (company, account number) unique index leads with it, as do the name and town
    # ones. Nor a database constraint: PostgreSQL checks a foreign key with one lookup per
    # inserted row, queued to the commit: about 15 % of a whole import. Rows are
    # written with a company the writer already holds (the import takes its own record's),
    # and PROTECT keeps a company with customers from being deleted.
    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    account_number = models.CharField(
        _("account number"), max_length=30, validators=[validate_account_number]
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_name])
    category = models.CharField(_("category"), max_length=20, choices=Category)
    voltage = models.CharField(_("voltage"), max_length=10, choices=Voltage)
    supply_sources = models.PositiveSmallIntegerField(_("supply sources"), default=1)
    town = models.CharField(_("town or street"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_alt = models.CharField(_("other phone"), max_length=30, blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=50, blank=True, validators=[validate_name]
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    annual_consumption_kwh = models.PositiveBigIntegerField(
        _("annual consumption (kWh)"), default=0
    )
    credit_rating = models.CharField(
        _("payment credit rating"), max_length=3, choices=CreditRating, blank=True
    )
    # the criteria of key-account designation.
    is_government_body = models.BooleanField(
        _("county party committee or government body"), default=False
    )
    is_key_project = models.BooleanField(
        _("key project with government-required supply guarantee"), default=False
    )
    special_guarantee_need = models.BooleanField(_("special guarantee need"), default=False)
    deposit_paid = models.BooleanField(_("deposit or collateral paid"), default=False)
    # Maintained by the keyaccounts module (designation rounds); read by every queue.
    is_key_account = models.BooleanField(_("key account"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "account_number"], name="customers_account_unique"
            ),
            models.CheckConstraint(
                condition=Q(supply_sources__in=[1, 2]), name="customers_supply_sources_1_or_2"
            ),
            models.CheckConstraint(
                condition=Q(category__in=["residential", "non_residential"]),
                name="customers_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(voltage__in=["low", "10kv", "high"]), name="customers_voltage_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["company", "name"], name="customers_name_idx"),
            models.Index(fields=["company", "town"], name="customers_town_idx"),
            models.Index(fields=["phone"], name="customers_phone_idx"),
            models.Index(
                fields=["company", "is_key_account"],
                name="customers_key_account_idx",
                condition=Q(is_key_account=True),
            ),
        ]
        permissions = [("import_customers", _("Can import customers from a file"))]

    def __str__(self) -> str:
        return f"{self.account_number} {self.name}"

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.phone_alt, self.contact_phone) if p]


class CustomerImport(models.Model):
    """One upload of the customer register (.xlsx or .csv) and its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", pgettext_lazy("an import at work", "running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    file_name = models.CharField(_("file"), max_length=200)
    path = models.CharField(max_length=400)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Liveness of a running import: written with the progress, read by the reaper
    # (services.customer_imports_reap), which resumes or fails a silent one.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    runs = models.PositiveSmallIntegerField(_("runs"), default=0)
    interruptions = models.PositiveSmallIntegerField(_("interruptions"), default=0)

    class Meta:
        verbose_name = _("customer import")
        verbose_name_plural = _("customer imports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def file_kept(self) -> bool:
        """The uploaded file is still on disk (it is deleted once done or given up)."""
        return bool(self.path) and Path(self.path).is_file()

    @property
    def resumable(self) -> bool:
        """Stopped by an interruption with its file still kept: it can go on."""
        return self.status == self.Status.FAILED and self.interruptions > 0 and self.file_kept


class CustomerImportRejection(models.Model):
    """A rejected line of an import, with its number and reason (DESIGN.md convention 11)."""

    customer_import = models.ForeignKey(
        CustomerImport, on_delete=models.CASCADE, related_name="rejections"
    )
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("rejected line")
        ordering = ["customer_import", "line"]
        indexes = [models.Index(fields=["customer_import", "line"], name="customers_reject_idx")]

    def __str__(self) -> str:
        return f"{self.line}: {self.reason}"
