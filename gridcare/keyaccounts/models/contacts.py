"""Key-account contacts (R-3.4): who serves each key account, every change approved by the
company and kept as history (R-3.4.2).

Who may be a contact (R-3.4.1) depends on the staff member's department and position, in
other tables, which a portable check constraint cannot read: the services check it on
every assignment and on every approval (see services.contacts.contact_check).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ContactChange(models.Model):
    """A change of a key account's contact, submitted by marketing and decided by the
    company (R-3.4.2)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("key account"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_contact = models.ForeignKey(
        "org.Staff",
        verbose_name=_("current contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_contact = models.ForeignKey(
        "org.Staff", verbose_name=_("new contact"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    proposed_at = models.DateTimeField(_("submitted"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("propose_contact_change", _("Can propose a change of key-account contact")),
            ("approve_contact_change", _("Can approve a change of key-account contact")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status="pending"),
                name="keyaccounts_one_pending_change",
            ),
            models.CheckConstraint(
                condition=Q(current_contact__isnull=True) | ~Q(new_contact=F("current_contact")),
                name="keyaccounts_change_changes",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="keyaccounts_change_reason"),
        ]
        indexes = [models.Index(fields=["company", "status"], name="keyaccounts_change_status")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.current_contact_id} → {self.new_contact_id}"


class ContactAssignment(models.Model):
    """A period during which `contact` serves `customer`. Each key account has at most one
    open assignment (R-3.4); a change ends it and starts the next (`replaces`), so the
    history and the stability report (R-3.4.2) read these rows."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="keyaccount_contacts"
    )
    contact = models.ForeignKey(
        "org.Staff",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="keyaccount_assignments",
    )
    valid_from = models.DateTimeField(_("from"))
    valid_to = models.DateTimeField(_("until"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    change = models.ForeignKey(
        ContactChange, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        "keyaccounts.DesignationRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("contact assignment")
        verbose_name_plural = _("contact assignments")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(valid_to__isnull=True),
                name="keyaccounts_one_contact",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="keyaccounts_assignment_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["contact", "customer"],
                name="keyaccounts_assign_open",
                condition=Q(valid_to__isnull=True),
            ),
            models.Index(fields=["company", "valid_from"], name="keyaccounts_assign_from"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} ← {self.contact_id} ({self.valid_from:%Y-%m-%d})"
