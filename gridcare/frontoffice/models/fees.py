"""The fee catalogue and the charges recorded against it (R-2.1).

Amounts are whole fen (分) so that the database compares them exactly. A charge can only be
recorded against an item of the same company in force on the charge's date, at the item's
amount times the quantity: triggers enforce this on both databases (migration 0002), so no
code path (a form, the admin, a script) can record a charge outside the catalogue.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def yuan(fen: int | None) -> str:
    """'12.50' for 1250 fen."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


class FeeItem(models.Model):
    """A fee the company may charge, citing the document that authorises it."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("item name"), max_length=120)
    unit = models.CharField(_("per"), max_length=30)
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))
    authority_number = models.CharField(_("authorising document number"), max_length=80)
    authority_title = models.CharField(_("authorising document"), max_length=200)
    authority_date = models.DateField(_("document date"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until (exclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee catalogue")
        ordering = ["company", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "code", "effective_from"], name="frontoffice_fee_version"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="frontoffice_fee_period",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__gte=F("authority_date")),
                name="frontoffice_fee_after_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{yuan(self.amount_fen)} / {self.unit}）"

    @property
    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class Charge(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    fee_item = models.ForeignKey(
        FeeItem, verbose_name=_("fee item"), on_delete=models.PROTECT, related_name="charges"
    )
    charged_on = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))
    customer_account = models.CharField(_("account number"), max_length=30, blank=True)
    customer_name = models.CharField(_("customer"), max_length=100)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    matter = models.ForeignKey(
        "frontoffice.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="frontoffice_charge_qty"),
            models.UniqueConstraint(
                fields=["company", "receipt_number"], name="frontoffice_charge_receipt"
            ),
        ]
        indexes = [models.Index(fields=["company", "charged_on"], name="frontoffice_charge_on")]

    def __str__(self) -> str:
        return f"{self.receipt_number} {yuan(self.amount_fen)}"

    @property
    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)
