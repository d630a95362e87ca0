"""Designation of key accounts (R-3.3): the criteria's thresholds, designation rounds with
their drafted lists, and the list itself as periods of membership.

The list in force on any date D is the set of `Designation` rows with
valid_from ≤ D < valid_to (valid_to empty: still in force), so the list of any past date
can be shown and nothing is ever overwritten (R-3.3.4: adjustments are new rows ending old
ones, each with its reason).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridcare.customers.models import CreditRating

#: Payment credit ratings from best to worst (R-3.3.1 "high payment credit rating").
RATING_ORDER = ("AAA", "AA", "A", "B", "C")


class Criterion(models.TextChoices):
    """The designation criteria of R-3.3.1, each evaluated from the customer register."""

    GOVERNMENT = "government", _("County party committee or government")
    LARGE_CONSUMER = "large_consumer", _("Large consumption with a high credit rating")
    KEY_PROJECT = "key_project", _("Key project with a government-required supply guarantee")
    SPECIAL_GUARANTEE = "special_guarantee", _("Special guarantee need, deposit or collateral paid")


class DesignationSettings(models.Model):
    """The thresholds of R-3.3.1 ("thresholds are settings"), one row per company.

    A company without a row uses the defaults below. A change is audited; rounds already
    drafted keep the criteria each entry met when it was evaluated (R-4.1).
    """

    DEFAULT_MIN_CONSUMPTION_KWH = 1_000_000
    DEFAULT_MIN_RATING = "AA"

    company = models.OneToOneField(
        "org.Company", on_delete=models.PROTECT, related_name="keyaccount_settings"
    )
    min_annual_consumption_kwh = models.PositiveBigIntegerField(
        _("large consumption: at least (kWh a year)"), default=DEFAULT_MIN_CONSUMPTION_KWH
    )
    min_credit_rating = models.CharField(
        _("high credit rating: at least"),
        max_length=3,
        choices=CreditRating,
        default=DEFAULT_MIN_RATING,
    )
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("designation thresholds")
        verbose_name_plural = _("designation thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_credit_rating__in=RATING_ORDER),
                name="keyaccounts_settings_rating_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company}: ≥{self.min_annual_consumption_kwh} kWh, ≥{self.min_credit_rating}"

    @property
    def ratings(self) -> tuple[str, ...]:
        """The ratings that count as high: the minimum and every better one."""
        return RATING_ORDER[: RATING_ORDER.index(self.min_credit_rating) + 1]


class DesignationRound(models.Model):
    """A designation round (R-3.3.2): marketing drafts the list (R-3.3.3), leadership
    approves it (R-3.3.4) and it takes effect that day for two years (a clock of standard
    `keyaccount.designation_round`, whose reminder opens the next round).

    An interim round proposes special customers between regular rounds ("可臨時向公司申報"):
    approved, it adds them to the list in force without replacing it.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular round")
        INTERIM = "interim", _("Interim addition")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    # Allowed changes (DESIGN.md 4); submitted → draft is "returned for changes".
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED, Status.CANCELLED}),
        Status.SUBMITTED: frozenset({Status.APPROVED, Status.DRAFT, Status.CANCELLED}),
        Status.APPROVED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    OPEN = (Status.DRAFT, Status.SUBMITTED)

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.REGULAR)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=100)
    note = models.TextField(_("covering note"), blank=True)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    #: The local date the approved list took effect.
    approved_on = models.DateField(_("in force from"), null=True, blank=True)

    class Meta:
        verbose_name = _("designation round")
        verbose_name_plural = _("designation rounds")
        ordering = ["-opened_at", "-id"]
        permissions = [
            ("draft_round", _("Can draft key-account lists and propose interim additions")),
            ("approve_round", _("Can approve key-account lists and adjust the list")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(kind="regular", status__in=["draft", "submitted"]),
                name="keyaccounts_one_open_round",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "cancelled"]),
                name="keyaccounts_round_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_on__isnull=False, decided_at__isnull=False),
                name="keyaccounts_round_approved_dated",
            ),
        ]
        indexes = [models.Index(fields=["company", "status"], name="keyaccounts_round_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("keyaccounts:round_detail", args=[self.pk])


class RoundEntry(models.Model):
    """One customer on a round's drafted list.

    `is_candidate`: the customer met at least one criterion when evaluated (`criteria`
    lists which). The default proposal is: every candidate included, everyone else not;
    departing from it (adding a non-candidate, removing a candidate) needs a reason
    (R-3.3.3), which the database enforces.
    """

    round = models.ForeignKey(DesignationRound, on_delete=models.CASCADE, related_name="entries")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(_("on the list"), default=True)
    is_candidate = models.BooleanField(_("meets the criteria"), default=False)
    criteria = models.JSONField(_("criteria met"), default=list, blank=True)
    #: On the list in force when the round was drafted (so the diff can be shown).
    in_force = models.BooleanField(_("on the list in force"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    contact = models.ForeignKey(
        "org.Staff",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["round", "customer_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "customer"], name="keyaccounts_entry_once"),
            models.CheckConstraint(
                condition=Q(included=F("is_candidate")) | ~Q(reason=""),
                name="keyaccounts_entry_departure_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.customer_id} {'+' if self.included else '-'}"

    @property
    def departs(self) -> bool:
        """Departs from the default proposal (and so carries a reason)."""
        return self.included != self.is_candidate


class Designation(models.Model):
    """A period during which a customer is a key account (the list as history).

    Started by an approved round or an adjustment (`round` empty) and ended by a later round
    or an adjustment, each with who, when and why.
    """

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="keyaccount_designations"
    )
    valid_from = models.DateField(_("key account from"))
    valid_to = models.DateField(_("until (exclusive)"), null=True, blank=True)
    round = models.ForeignKey(
        DesignationRound,
        verbose_name=_("designated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designations",
    )
    criteria = models.JSONField(_("criteria met"), default=list, blank=True)
    start_reason = models.TextField(_("reason"), blank=True)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_round = models.ForeignKey(
        DesignationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(_("reason for leaving"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("key-account designation")
        verbose_name_plural = _("key-account designations")
        ordering = ["-valid_from", "-id"]
        permissions = [("view_all_keyaccounts", _("Can see every key account of the company"))]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(valid_to__isnull=True),
                name="keyaccounts_one_open_designation",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="keyaccounts_designation_period",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | ~Q(end_reason=""),
                name="keyaccounts_designation_end_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "valid_from"], name="keyaccounts_desig_from"),
            models.Index(
                fields=["company", "customer"],
                name="keyaccounts_desig_open",
                condition=Q(valid_to__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.valid_from}→{self.valid_to or '…'}"
