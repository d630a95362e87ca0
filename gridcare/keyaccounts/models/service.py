"""The service every key account is owed (R-3.5 … R-3.7): half-yearly visits and phone
contacts, needs and other service items tracked to completion, assessment proposals, and
the contacts' calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeyAccountHalfYear(models.Model):
    """One key account in one half year (Jan–Jun, Jul–Dec): the subject of the visit clock
    of standard `keyaccount.visit` (R-3.6.1), so that each account has one clock per half.

    `owes_visit` is false for an account designated too late in the half to owe its visit
    there (see services.visits.owes_visit); such a row has no clock. `first_visit` is the
    visit that stopped the clock, copied here so that lists read one table.
    """

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="keyaccount_half_years"
    )
    half_start = models.DateField(_("half year"))
    owes_visit = models.BooleanField(_("owes a visit"), default=True)
    designated_on = models.DateField(_("key account since"))
    contact = models.ForeignKey(
        "org.Staff",
        verbose_name=_("contact"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_visit = models.ForeignKey(
        "keyaccounts.Interaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    left_on = models.DateField(_("left the list on"), null=True, blank=True)

    class Meta:
        verbose_name = _("key account half year")
        verbose_name_plural = _("key account half years")
        ordering = ["-half_start", "customer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "half_start"], name="keyaccounts_half_year_once"
            ),
            models.CheckConstraint(
                condition=Q(first_visit__isnull=True) | Q(visited_on__isnull=False),
                name="keyaccounts_half_visit_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "half_start", "contact"], name="keyaccounts_half_idx")
        ]

    def __str__(self) -> str:
        half = 1 if self.half_start.month == 1 else 2
        return f"{self.customer} {self.half_start.year}H{half}"

    def get_absolute_url(self) -> str:
        return reverse("keyaccounts:account_detail", args=[self.customer_id])

    @property
    def half_label(self) -> str:
        return f"{self.half_start.year}H{1 if self.half_start.month == 1 else 2}"


class Interaction(models.Model):
    """A visit to a key account or a phone contact with it (R-3.6.1, R-3.2)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone contact")

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="keyaccount_interactions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    at = models.DateTimeField(_("when"))
    contact = models.ForeignKey(
        "org.Staff",
        verbose_name=pgettext_lazy("done by a person", "by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    summary = models.TextField(_("what was discussed"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("visit or phone contact")
        verbose_name_plural = _("visits and phone contacts")
        ordering = ["-at", "-id"]
        permissions = [
            ("record_service", _("Can record visits, phone contacts and service items")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["visit", "phone"]), name="keyaccounts_interaction_kind"
            ),
            models.CheckConstraint(
                condition=~Q(summary=""), name="keyaccounts_interaction_summary"
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-at"], name="keyaccounts_inter_customer"),
            models.Index(fields=["company", "at"], name="keyaccounts_inter_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.customer_id} {self.at:%Y-%m-%d}"


class ServiceItem(models.Model):
    """A service item for a key account, tracked to completion (R-3.5.1, R-3.6, R-3.7).

    Needs and power problems (R-3.6.2), business handled on the customer's behalf
    (R-3.6.4, linked to the application or matter it created) and other services (R-3.7.6)
    have a responsible department and a due date and move open → in progress → done.
    Consultations (R-3.6.5) and energy-efficiency advice (R-3.7.4) are recorded as done.
    Complaints (R-3.6.3) follow the front office's complaint flow, not this model.
    """

    class Kind(models.TextChoices):
        NEED = "need", _("Need or power problem")
        BUSINESS = "business", _("Business handled on the customer's behalf")
        CONSULTATION = "consultation", _("Consultation")
        ADVICE = "advice", _("Energy-efficiency advice")
        OTHER = "other", _("Other service")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("service item", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("service item", "In progress")
        DONE = "done", pgettext_lazy("service item", "Done")
        CANCELLED = "cancelled", pgettext_lazy("service item", "Cancelled")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.IN_PROGRESS, Status.DONE, Status.CANCELLED}),
        Status.IN_PROGRESS: frozenset({Status.DONE, Status.CANCELLED}),
        # Reopened when the customer says the problem is back.
        Status.DONE: frozenset({Status.IN_PROGRESS}),
        Status.CANCELLED: frozenset(),
    }
    #: Kinds followed by a responsible department up to a due date.
    TRACKED = (Kind.NEED, Kind.BUSINESS, Kind.OTHER)
    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLAUSES = {
        Kind.NEED: "3.6.2",
        Kind.BUSINESS: "3.6.4",
        Kind.CONSULTATION: "3.6.5",
        Kind.ADVICE: "3.7.4",
        Kind.OTHER: "3.7.6",
    }
    #: Kinds measured by a service standard (met by the due date, R-3.6.2, R-3.7.6).
    STANDARDS = {
        Kind.NEED: "keyaccount.need",
        Kind.OTHER: "keyaccount.other_service",
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="keyaccount_items"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    raised_at = models.DateTimeField(_("raised"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("raised during"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # The date the item counts on in compliance figures, as for clocks: the local date it
    # was completed, else its due date (else the day it was raised); kept on the row so a
    # period's figures read one index (services.items.period_date).
    period_date = models.DateField(_("counts on"))
    # The application or front-office matter this business created.
    linked_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["need", "business", "consultation", "advice", "other"]),
                name="keyaccounts_item_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["consultation", "advice"])
                | Q(department__isnull=False, due__isnull=False),
                name="keyaccounts_item_tracked",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="keyaccounts_item_done_dated",
            ),
            # An item not completed counts on its due date (the definition of period_date).
            models.CheckConstraint(
                condition=Q(completed_at__isnull=False)
                | Q(due__isnull=True)
                | Q(period_date=F("due")),
                name="keyaccounts_item_period_due",
            ),
            models.CheckConstraint(
                condition=Q(linked_type__isnull=True, linked_id__isnull=True)
                | Q(linked_type__isnull=False, linked_id__isnull=False),
                name="keyaccounts_item_link_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-raised_at"], name="keyaccounts_item_customer"),
            models.Index(
                fields=["company", "due"],
                name="keyaccounts_item_open_due",
                condition=Q(status__in=["open", "in_progress"]),
            ),
            # The compliance source of 3.6.2 / 3.7.6 and the clause figures read this
            # index alone over a period (index-only on PostgreSQL).
            models.Index(
                fields=["company", "period_date", "kind", "status", "due"],
                name="keyaccounts_item_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def clause(self) -> str:
        return self.CLAUSES[self.kind]  # type: ignore[index]


class ServiceItemNote(models.Model):
    """Progress of a service item: what was done, and the status it moved to, if any."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("progress"))
    status_to = models.CharField(_("new status"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["item", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.at:%Y-%m-%d}"

    @property
    def status_label(self) -> str:
        return str(ServiceItem.Status(self.status_to).label) if self.status_to else ""


class AssessmentProposal(models.Model):
    """A contact's proposal to assess a department that does not deliver a key-account
    service item (R-3.5.2, R-3.9.1).

    The assessment ledger (the `assessments` module) reads these rows: each proposal is
    recorded there as an item of kind `proposal` (see keyaccounts.ledger), which the
    marketing department reviews and scores (R-4.2); the item's review is the decision.
    This module creates proposals and lets the proposer withdraw one (withdrawing its
    item). `accepted` / `rejected` are for a ledger that reports its decision back here.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted into the ledger")
        REJECTED = "rejected", _("Rejected")

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department assessed"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("key account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    clause = models.ForeignKey(
        "rules.Clause", verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("what was not delivered"))
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(_("proposed"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment proposal")
        verbose_name_plural = _("assessment proposals")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="keyaccounts_proposal_reason"),
        ]
        indexes = [models.Index(fields=["company", "status"], name="keyaccounts_proposal_status")]

    def __str__(self) -> str:
        return f"{self.department} {self.clause.number}"


class CalendarFeed(models.Model):
    """A contact's private iCalendar feed address (RFC 5545). Only a hash of the secret in
    the address is stored; resetting or revoking it makes the old address answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keyaccount_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="keyaccounts_one_feed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
